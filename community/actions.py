"""The write path of engagement and communications: each function checks the viewer may
make the change and that everything it names belongs to the partnership, writes it in one
transaction and records the audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from accounts.access import Viewer
from audit.log import changes_between, created, plain, record, snapshot
from community import access
from community.lists import LISTS
from community.models import (
    MAX_HEADCOUNT,
    MAX_REACH,
    TEXT_LIMIT,
    Campaign,
    CampaignKind,
    Channel,
    EngagementEvent,
    EventType,
    FollowUp,
    FollowUpStatus,
    ListEntry,
    ReachEntry,
    ReachMetric,
    Theme,
)
from lib.errors import Refused
from partners.models import Network, Organisation, Sector
from plans.models import Action

# Engagement is recorded from this date (the source plans go back to 2016), and planned up
# to two years ahead.
EARLIEST = dt.date(2010, 1, 1)
YEARS_AHEAD = 2

EVENT_FIELDS = ["title", "held_on", "ends_on", "starts_at", "event_type", "venue", "headcount", "feedback"]
EVENT_LINKS = ["organisations", "networks", "sectors", "themes", "actions"]
CAMPAIGN_FIELDS = ["title", "kind", "audience", "starts_on", "ends_on", "notes"]
CAMPAIGN_LINKS = ["channels", "sectors", "actions"]


def latest_date() -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=28 if today.day == 29 else today.day)


def _require_recorder(viewer: Viewer) -> None:
    if not viewer.has_any(*access.RECORDERS):
        raise Refused("Only the Prevent coordinator and action owners record engagement.")


def _require_coordinator(viewer: Viewer) -> None:
    if not access.is_coordinator(viewer):
        raise Refused("Only the partnership's Prevent coordinator can change this.")


def _text(value: str, *, field: str, label: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Refused(f"Enter the {label}", field=field)
    if len(value) > limit:
        raise Refused(f"The {label} must be {limit:,} characters or fewer", field=field)
    return value


def _date(value: dt.date | None, *, field: str, label: str, required: bool = False) -> dt.date | None:
    if value is None:
        if required:
            raise Refused(f"Enter the {label}", field=field)
        return None
    if not EARLIEST <= value <= latest_date():
        raise Refused(
            f"The {label} must be between {EARLIEST:%-d %B %Y} and {latest_date():%-d %B %Y}", field=field
        )
    return value


def _within(
    chosen: Iterable[models.Model], allowed: models.QuerySet[Any], *, field: str, noun: str
) -> list[Any]:
    """`chosen`, each of which must be among `allowed` (the partnership's own)."""
    items = list(dict.fromkeys(chosen))
    if len(items) > 500:
        raise Refused(f"Choose at most 500 {noun}", field=field)
    wanted = {item.pk for item in items}
    if wanted and allowed.filter(pk__in=wanted).count() != len(wanted):
        raise Refused(f"Choose {noun} from the list", field=field)
    return items


def _labels(items: Iterable[models.Model]) -> list[str]:
    return sorted(str(item) for item in items)


def _event_links(viewer: Viewer, values: dict[str, Any], kept: Sequence[Theme] = ()) -> dict[str, list[Any]]:
    # A retired theme an event already names stays with it.
    themes = access.themes(viewer) | Theme.objects.filter(pk__in=[theme.pk for theme in kept])
    return {
        "organisations": _within(
            values.get("organisations", ()),
            access.organisations(viewer),
            field="organisations",
            noun="organisations",
        ),
        "networks": _within(
            values.get("networks", ()), access.networks(viewer), field="networks", noun="networks"
        ),
        "sectors": _within(
            values.get("sectors", ()), access.sectors(viewer), field="sectors", noun="sectors"
        ),
        "themes": _within(values.get("themes", ()), themes, field="themes", noun="themes"),
        "actions": _within(
            values.get("actions", ()), access.plan_actions(viewer), field="actions", noun="actions"
        ),
    }


def _check_event(viewer: Viewer, event: EngagementEvent, *, type_kept: bool) -> None:
    event.title = _text(event.title, field="title", label="title", limit=200, required=True)
    event.venue = _text(event.venue, field="venue", label="venue or place", limit=300)
    event.feedback = _text(event.feedback, field="feedback", label="feedback summary", limit=TEXT_LIMIT)
    _date(event.held_on, field="held_on", label="date", required=True)
    _date(event.ends_on, field="ends_on", label="end date")
    if event.ends_on is not None and event.ends_on < event.held_on:
        raise Refused("The end date must be the same as or after the date", field="ends_on")
    if event.headcount is not None and not 0 <= event.headcount <= MAX_HEADCOUNT:
        raise Refused(f"The head-count must be a whole number from 0 to {MAX_HEADCOUNT:,}", field="headcount")
    types = EventType.objects.filter(partnership=viewer.partnership)
    if not type_kept:
        types = types.filter(active=True)
    if not types.filter(pk=event.event_type_id).exists():
        raise Refused("Select the type of event from the list", field="event_type")


def _event_snapshot(event: EngagementEvent, links: dict[str, list[Any]]) -> dict[str, Any]:
    return snapshot(event, EVENT_FIELDS) | {name: _labels(items) for name, items in links.items()}


@transaction.atomic
def record_event(
    *,
    viewer: Viewer,
    title: str,
    held_on: dt.date,
    event_type: EventType,
    ends_on: dt.date | None = None,
    starts_at: dt.time | None = None,
    venue: str = "",
    headcount: int | None = None,
    feedback: str = "",
    organisations: Sequence[Organisation] = (),
    networks: Sequence[Network] = (),
    sectors: Sequence[Sector] = (),
    themes: Sequence[Theme] = (),
    actions: Sequence[Action] = (),
) -> EngagementEvent:
    _require_recorder(viewer)
    event = EngagementEvent(
        partnership=viewer.partnership,
        title=title,
        held_on=held_on,
        ends_on=ends_on,
        starts_at=starts_at,
        event_type=event_type,
        venue=venue,
        headcount=headcount,
        feedback=feedback,
        recorded_by=viewer.user,
    )
    _check_event(viewer, event, type_kept=False)
    links = _event_links(
        viewer,
        {
            "organisations": organisations,
            "networks": networks,
            "sectors": sectors,
            "themes": themes,
            "actions": actions,
        },
    )
    event.save()
    for name, items in links.items():
        getattr(event, name).set(items)
    record(
        verb="community.event.recorded",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=event,
        changes=created(_event_snapshot(event, links)),
    )
    return event


@transaction.atomic
def update_event(*, viewer: Viewer, event: EngagementEvent, **values: Any) -> EngagementEvent:
    if not access.can_edit_event(viewer, event):
        raise Refused("You cannot change this event.")
    unknown = set(values) - set(EVENT_FIELDS) - set(EVENT_LINKS)
    if unknown:
        raise TypeError(f"Not event fields: {', '.join(sorted(unknown))}")
    before_links = {name: list(getattr(event, name).all()) for name in EVENT_LINKS}
    before = _event_snapshot(event, before_links)
    kept_type = event.event_type_id
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    _check_event(viewer, event, type_kept=event.event_type_id == kept_type)
    links = _event_links(
        viewer, {name: values.get(name, before_links[name]) for name in EVENT_LINKS}, before_links["themes"]
    )
    changes = changes_between(before, _event_snapshot(event, links))
    if changes:
        event.save()
        for name, items in links.items():
            getattr(event, name).set(items)
        record(
            verb="community.event.updated",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=event,
            changes=changes,
        )
    return event


@transaction.atomic
def delete_event(*, viewer: Viewer, event: EngagementEvent) -> None:
    """Delete an event recorded by mistake, with its follow-ups; the audit keeps what it said."""
    if not access.can_edit_event(viewer, event) or event.partnership_id != viewer.partnership.pk:
        raise Refused("You cannot delete this event.")
    links = {name: list(getattr(event, name).all()) for name in EVENT_LINKS}
    record(
        verb="community.event.deleted",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=event,
        label=event.title,
        changes={name: {"from": value, "to": None} for name, value in _event_snapshot(event, links).items()},
    )
    event.delete()


@transaction.atomic
def add_follow_up(
    *,
    viewer: Viewer,
    event: EngagementEvent,
    text: str,
    due_on: dt.date | None = None,
    action: Action | None = None,
) -> FollowUp:
    if not access.can_edit_event(viewer, event):
        raise Refused("You cannot add follow-ups to this event.")
    follow_up = FollowUp(
        event=event,
        text=_text(text, field="text", label="follow-up", limit=1000, required=True),
        due_on=_date(due_on, field="due_on", label="due date"),
        action=action,
    )
    if action is not None:
        _within([action], access.plan_actions(viewer), field="action", noun="a plan action")
    follow_up.save()
    record(
        verb="community.follow_up.added",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=event,
        changes=created(snapshot(follow_up, ["text", "due_on", "action"])),
    )
    return follow_up


@transaction.atomic
def complete_follow_up(*, viewer: Viewer, follow_up: FollowUp) -> FollowUp:
    if not access.can_edit_event(viewer, follow_up.event):
        raise Refused("You cannot change this event's follow-ups.")
    if follow_up.status == FollowUpStatus.DONE:
        raise Refused("This follow-up is already done.")
    follow_up.status = FollowUpStatus.DONE
    follow_up.done_on = timezone.localdate()
    follow_up.save(update_fields=["status", "done_on"])
    record(
        verb="community.follow_up.done",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=follow_up.event,
        label=follow_up.text[:200],
        changes={"status": {"from": FollowUpStatus.OPEN.value, "to": FollowUpStatus.DONE.value}},
    )
    return follow_up


# --- campaigns ---------------------------------------------------------------------------


def _check_campaign(campaign: Campaign) -> None:
    campaign.title = _text(campaign.title, field="title", label="title", limit=200, required=True)
    campaign.audience = _text(campaign.audience, field="audience", label="audience", limit=500)
    campaign.notes = _text(campaign.notes, field="notes", label="notes", limit=TEXT_LIMIT)
    if campaign.kind not in CampaignKind.values:
        raise Refused("Select the kind of activity", field="kind")
    _date(campaign.starts_on, field="starts_on", label="start date", required=True)
    _date(campaign.ends_on, field="ends_on", label="end date")
    if campaign.ends_on is not None and campaign.ends_on < campaign.starts_on:
        raise Refused("The end date must be the same as or after the start date", field="ends_on")


def _campaign_links(
    viewer: Viewer, values: dict[str, Any], kept: Sequence[Channel] = ()
) -> dict[str, list[Any]]:
    # A retired channel a campaign already names stays with it.
    channels = access.channels(viewer) | Channel.objects.filter(pk__in=[c.pk for c in kept])
    return {
        "channels": _within(values.get("channels", ()), channels, field="channels", noun="channels"),
        "sectors": _within(
            values.get("sectors", ()), access.sectors(viewer), field="sectors", noun="sectors"
        ),
        "actions": _within(
            values.get("actions", ()), access.plan_actions(viewer), field="actions", noun="actions"
        ),
    }


def _campaign_snapshot(campaign: Campaign, links: dict[str, list[Any]]) -> dict[str, Any]:
    return snapshot(campaign, CAMPAIGN_FIELDS) | {name: _labels(items) for name, items in links.items()}


@transaction.atomic
def create_campaign(
    *,
    viewer: Viewer,
    title: str,
    starts_on: dt.date,
    kind: str = CampaignKind.CAMPAIGN,
    ends_on: dt.date | None = None,
    audience: str = "",
    notes: str = "",
    channels: Sequence[Channel] = (),
    sectors: Sequence[Sector] = (),
    actions: Sequence[Action] = (),
) -> Campaign:
    _require_recorder(viewer)
    campaign = Campaign(
        partnership=viewer.partnership,
        title=title,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        audience=audience,
        notes=notes,
        recorded_by=viewer.user,
    )
    _check_campaign(campaign)
    links = _campaign_links(viewer, {"channels": channels, "sectors": sectors, "actions": actions})
    campaign.save()
    for name, items in links.items():
        getattr(campaign, name).set(items)
    record(
        verb="community.campaign.created",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=campaign,
        changes=created(_campaign_snapshot(campaign, links)),
    )
    return campaign


@transaction.atomic
def update_campaign(*, viewer: Viewer, campaign: Campaign, **values: Any) -> Campaign:
    if not access.can_edit_campaign(viewer, campaign):
        raise Refused("You cannot change this campaign.")
    unknown = set(values) - set(CAMPAIGN_FIELDS) - set(CAMPAIGN_LINKS)
    if unknown:
        raise TypeError(f"Not campaign fields: {', '.join(sorted(unknown))}")
    before_links = {name: list(getattr(campaign, name).all()) for name in CAMPAIGN_LINKS}
    before = _campaign_snapshot(campaign, before_links)
    for name in CAMPAIGN_FIELDS:
        if name in values:
            setattr(campaign, name, values[name])
    _check_campaign(campaign)
    links = _campaign_links(
        viewer,
        {name: values.get(name, before_links[name]) for name in CAMPAIGN_LINKS},
        before_links["channels"],
    )
    changes = changes_between(before, _campaign_snapshot(campaign, links))
    if changes:
        campaign.save()
        for name, items in links.items():
            getattr(campaign, name).set(items)
        record(
            verb="community.campaign.updated",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=campaign,
            changes=changes,
        )
    return campaign


@transaction.atomic
def add_reach(
    *, viewer: Viewer, campaign: Campaign, recorded_on: dt.date, metric: str, number: int
) -> ReachEntry:
    if not access.can_edit_campaign(viewer, campaign):
        raise Refused("You cannot add reach figures to this campaign.")
    if metric not in ReachMetric.values:
        raise Refused("Select what was counted", field="metric")
    if not isinstance(number, int) or not 0 <= number <= MAX_REACH:
        raise Refused(f"The number must be a whole number from 0 to {MAX_REACH:,}", field="number")
    _date(recorded_on, field="recorded_on", label="date", required=True)
    entry = ReachEntry(
        campaign=campaign,
        recorded_on=recorded_on,
        metric=metric,
        number=number,
    )
    entry.save()
    record(
        verb="community.reach.added",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=campaign,
        changes=created(snapshot(entry, ["recorded_on", "metric", "number"])),
    )
    return entry


# --- the partnership's lists -------------------------------------------------------------


def _list_model(kind: str) -> type[ListEntry]:
    if kind not in LISTS:
        raise Refused("There is no such list")
    return LISTS[kind][1]


@transaction.atomic
def add_list_entry(*, viewer: Viewer, kind: str, label: str) -> ListEntry:
    """A new entry of an event type, theme or channel list; adding a retired entry's name
    brings it back."""
    _require_coordinator(viewer)
    model = _list_model(kind)
    label = _text(label, field="label", label="name", limit=100, required=True)
    entries = model._default_manager.filter(partnership=viewer.partnership)
    entry = entries.filter(label__iexact=label).first()
    if entry is not None and entry.active:
        raise Refused("The list already has this entry", field="label")
    if entry is not None:
        entry.active = True
        entry.save(update_fields=["active"])
        changes = {"active": {"from": False, "to": True}}
    else:
        entry = model._default_manager.create(
            partnership=viewer.partnership, label=label, position=100 + entries.count()
        )
        changes = created({"label": label})
    record(
        verb=f"community.{model._meta.model_name}.added",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=entry,
        changes=changes,
    )
    return entry


@transaction.atomic
def retire_list_entry(*, viewer: Viewer, kind: str, entry_id: int) -> ListEntry:
    """No longer offered for new records; records that use it keep it."""
    _require_coordinator(viewer)
    model = _list_model(kind)
    entry = model._default_manager.filter(partnership=viewer.partnership, pk=entry_id, active=True).first()
    if entry is None:
        raise Refused("Only entries in use can be retired")
    if (
        not model._default_manager.filter(partnership=viewer.partnership, active=True)
        .exclude(pk=entry.pk)
        .exists()
    ):
        raise Refused("Keep at least one entry in the list")
    entry.active = False
    entry.save(update_fields=["active"])
    record(
        verb=f"community.{model._meta.model_name}.retired",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=entry,
        changes={"active": {"from": True, "to": False}, "label": plain(entry.label)},
    )
    return entry
