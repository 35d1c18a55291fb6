from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncQuarter
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from community import access, actions, exports
from community.access import EDITORS, READERS, RECORDERS, SUMMARY_READERS
from community.forms import (
    CampaignForm,
    EventFilter,
    EventForm,
    FollowUpForm,
    ListEntryForm,
    ReachForm,
)
from community.lists import LISTS
from community.models import (
    Campaign,
    Channel,
    EngagementEvent,
    EventType,
    FollowUp,
    FollowUpStatus,
    ReachEntry,
    ReachMetric,
)
from govuk.pages import Done, button, form_page, posted
from govuk.paging import keyset_page

PAGE_SIZE = 50


def sections(request: HttpRequest, viewer: Viewer) -> list[dict[str, Any]]:
    """The parts of engagement this viewer opens, for the sub-navigation."""
    current = getattr(request.resolver_match, "url_name", "")
    parts = [
        ("Events", "event_list", READERS),
        ("Campaigns", "campaign_list", READERS),
        ("Summary", "summary", SUMMARY_READERS),
        ("Lists", "lists", EDITORS),
    ]
    return [
        {
            "label": label,
            "url": reverse(f"community:{name}"),
            "current": current.startswith(name.split("_")[0]),
        }
        for label, name, roles in parts
        if viewer.has_any(*roles)
    ]


# --- engagement events -------------------------------------------------------------------


def filtered_events(viewer: Viewer, filters: EventFilter) -> tuple[QuerySet[EngagementEvent], bool]:
    listed = access.events(viewer)
    if not filters.is_valid():
        return listed, False
    data = filters.cleaned_data
    through = EngagementEvent
    filtered = False
    if data["start"]:
        listed, filtered = listed.filter(held_on__gte=data["start"]), True
    if data["end"]:
        listed, filtered = listed.filter(held_on__lte=data["end"]), True
    if data["event_type"]:
        listed, filtered = listed.filter(event_type_id=int(data["event_type"])), True
    # Each link is a semi-join (EXISTS), so an event is listed once and the date order
    # stays on the list's index. The values were checked against the partnership's lists.
    links = {
        "theme": (through.themes.through, "theme_id"),
        "organisation": (through.organisations.through, "organisation__uuid"),
        "network": (through.networks.through, "network__uuid"),
        "sector": (through.sectors.through, "sector_id"),
    }
    for name, (model, column) in links.items():
        if data[name]:
            match = model._default_manager.filter(engagementevent_id=OuterRef("pk"), **{column: data[name]})
            listed, filtered = listed.filter(Exists(match)), True
    if data["action"]:
        match = through.actions.through.objects.filter(
            engagementevent_id=OuterRef("pk"), action__uuid=data["action"]
        )
        listed, filtered = listed.filter(Exists(match)), True
    return listed, filtered


@partnership_view(*READERS)
def event_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    filters = EventFilter(request.GET, viewer=viewer)
    listed, filtered = filtered_events(viewer, filters)
    page = keyset_page(
        request,
        listed.select_related("event_type"),
        keys=("-held_on", "-id"),
        size=PAGE_SIZE,
        noun="events",
    )
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("before", None)
    return render(
        request,
        "community/event_list.html",
        {
            "sections": sections(request, viewer),
            "filter_form": filters,
            "filtered": filtered,
            "total": listed.count(),
            "page": page,
            "can_record": viewer.has_any(*RECORDERS),
            "export_query": query.urlencode(),
            "export_limit": exports.EXPORT_LIMIT,
        },
    )


@partnership_view(*READERS)
def event_export(request: HttpRequest, viewer: Viewer, extension: str) -> HttpResponse:
    if extension not in ("csv", "xlsx"):
        raise Http404
    listed, _ = filtered_events(viewer, EventFilter(request.GET, viewer=viewer))
    rows = exports.event_rows(listed)
    name = f"engagement-{viewer.partnership.slug}-{timezone.localdate():%Y-%m-%d}"
    if extension == "csv":
        response = HttpResponse(
            exports.as_csv(exports.EVENT_HEADINGS, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.as_xlsx(
                "Engagement events", exports.EVENT_HEADINGS, rows, f"Engagement: {viewer.partnership.name}"
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@partnership_view(*RECORDERS)
def event_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = EventForm(posted(request), viewer=viewer)

    def save(data: dict[str, Any]) -> Done:
        event = actions.record_event(viewer=viewer, **form.values())
        return Done(event.get_absolute_url(), "Event recorded")

    return form_page(request, form, save=save, template="community/event_form.html", context={"event": None})


@partnership_view(*RECORDERS)
def event_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    event = access.get_editable_event(viewer, uuid)
    form = EventForm(posted(request), viewer=viewer, event=event, initial=EventForm.initial_for(event))

    def save(data: dict[str, Any]) -> Done:
        actions.update_event(viewer=viewer, event=event, **form.values())
        return Done(event.get_absolute_url(), "Event saved")

    return form_page(request, form, save=save, template="community/event_form.html", context={"event": event})


@partnership_view(*READERS)
def event_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    event = access.get_event(viewer, uuid)
    can_edit = access.can_edit_event(viewer, event)
    return render(
        request,
        "community/event_detail.html",
        {
            "sections": sections(request, viewer),
            "event": event,
            "themes": list(event.themes.all()),
            "organisations": list(event.organisations.all()),
            "networks": list(event.networks.all()),
            "sectors": list(event.sectors.all()),
            "actions": list(event.actions.select_related("strategy")),
            "follow_ups": list(event.follow_ups.select_related("action")),
            "today": timezone.localdate(),
            "can_edit": can_edit,
        },
    )


@partnership_view(*RECORDERS)
def event_delete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    event = access.get_editable_event(viewer, uuid)
    if request.method != "POST":
        return render(request, "community/event_delete.html", {"event": event})

    def press() -> Done:
        actions.delete_event(viewer=viewer, event=event)
        return Done(reverse("community:event_list"), f"Event deleted: {event.title}")

    return button(request, press=press, back=event.get_absolute_url())


@partnership_view(*RECORDERS)
def follow_up_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    event = access.get_editable_event(viewer, uuid)
    form = FollowUpForm(posted(request), viewer=viewer)

    def save(data: dict[str, Any]) -> Done:
        actions.add_follow_up(viewer=viewer, event=event, **form.values())
        return Done(event.get_absolute_url() + "#follow-ups", "Follow-up added")

    return form_page(
        request, form, save=save, template="community/follow_up_form.html", context={"event": event}
    )


@partnership_view(*RECORDERS)
def follow_up_done(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    follow_up = access.get_follow_up(viewer, uuid)
    back = follow_up.event.get_absolute_url() + "#follow-ups"

    def press() -> Done:
        actions.complete_follow_up(viewer=viewer, follow_up=follow_up)
        return Done(back, "Follow-up marked done")

    return button(request, press=press, back=back)


@partnership_view(*READERS)
def follow_up_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Open follow-ups, the overdue first: what the coordinator's home panel counts."""
    rows = (
        FollowUp.objects.filter(event__in=access.events(viewer), status=FollowUpStatus.OPEN)
        .select_related("event", "action")
        .order_by("due_on", "id")
    )
    overdue = request.GET.get("due") == "overdue"
    today = timezone.localdate()
    if overdue:
        rows = rows.filter(due_on__lt=today)
    return render(
        request,
        "community/follow_up_list.html",
        {
            "sections": sections(request, viewer),
            "follow_ups": list(rows[:200]),
            "total": rows.count(),
            "overdue": overdue,
            "today": today,
        },
    )


# --- the summary for the steering group ----------------------------------------------------


def financial_year(day: dt.date) -> int:
    """The year a financial year (April to March) starts in."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_label(first_day: dt.date) -> str:
    year = financial_year(first_day)
    number = (first_day.month - 4) % 12 // 3 + 1
    return f"Q{number} {year}-{(year + 1) % 100:02d}"


def campaign_reach(
    viewer: Viewer, start: dt.date, end: dt.date
) -> tuple[list[str], list[dict[str, Any]], dict[str, Any]]:
    """Campaigns by channel with the reach recorded between `start` and `end`: figures only,
    naming no campaign. A campaign counts when it ran in the period or has reach recorded
    in it; a campaign on several channels counts under each (its reach cannot be split by
    channel), so the row for all campaigns counts each once. Returns the labels of the
    metrics with a figure in the period, a row per channel (and one for campaigns with no
    channel), and the row for all campaigns; each row holds "campaigns" and "reach" (a
    figure per metric, in the order of the labels). Five queries, however many campaigns."""
    in_period = ReachEntry.objects.filter(
        campaign__partnership=viewer.partnership, recorded_on__range=(start, end)
    )
    counted = Campaign.objects.filter(partnership=viewer.partnership).filter(
        Q(starts_on__lte=end, ends_on__gte=start)
        | Q(starts_on__lte=end, ends_on__isnull=True)
        | Q(Exists(in_period.filter(campaign=OuterRef("pk"))))
    )
    by_channel: dict[int | None, dict[str, Any]] = {}
    for channel_id, number in (
        counted.values_list("channels").annotate(number=Count("pk", distinct=True)).order_by()
    ):
        by_channel[channel_id] = {"campaigns": number, "reach": {}}
    for channel_id, metric, total in (
        in_period.values_list("campaign__channels", "metric").annotate(total=Sum("number")).order_by()
    ):
        by_channel.setdefault(channel_id, {"campaigns": 0, "reach": {}})["reach"][metric] = total
    totals = dict(in_period.values_list("metric").annotate(total=Sum("number")).order_by())
    shown = [metric for metric in ReachMetric.values if metric in totals]
    labels = dict(ReachMetric.choices)
    rows = []
    for channel in Channel.objects.filter(
        partnership=viewer.partnership, pk__in=[k for k in by_channel if k]
    ):
        row = by_channel[channel.pk]
        rows.append({"label": channel.label, **row, "figures": [row["reach"].get(m, 0) for m in shown]})
    if None in by_channel:
        row = by_channel[None]
        rows.append(
            {"label": "No channel recorded", **row, "figures": [row["reach"].get(m, 0) for m in shown]}
        )
    every = {"campaigns": counted.count(), "figures": [totals[m] for m in shown]}
    return [labels[m] for m in shown], rows, every


@partnership_view(*SUMMARY_READERS)
def summary(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Counts of events and head-counts by type and by quarter, and campaigns by channel
    with their reach, for a financial year: aggregates only, naming no organisation or
    campaign and quoting no feedback."""
    this_year = financial_year(timezone.localdate())
    # Without a year chosen: the latest year with events, so the page opens on figures.
    latest = (
        EngagementEvent.objects.filter(partnership=viewer.partnership, held_on__lte=timezone.localdate())
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    default = financial_year(latest) if latest else this_year
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        year = default
    if not 2010 <= year <= this_year + 1:
        year = default
    start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    events = EngagementEvent.objects.filter(partnership=viewer.partnership, held_on__range=(start, end))
    by_type = {
        row["event_type"]: row
        for row in events.values("event_type").annotate(events=Count("pk"), people=Sum("headcount"))
    }
    types = [
        {
            "label": entry.label,
            "events": by_type[entry.pk]["events"],
            "people": by_type[entry.pk]["people"] or 0,
        }
        for entry in EventType.objects.filter(partnership=viewer.partnership, pk__in=by_type)
    ]
    by_quarter = {
        row["quarter"]: row
        for row in events.annotate(quarter=TruncQuarter("held_on"))
        .values("quarter")
        .annotate(events=Count("pk"), people=Sum("headcount"))
    }
    quarters = []
    for number in range(4):
        first = dt.date(year + (1 if number == 3 else 0), (4 + 3 * number - 1) % 12 + 1, 1)
        row = by_quarter.get(first, {"events": 0, "people": 0})
        quarters.append(
            {"label": quarter_label(first), "events": row["events"], "people": row["people"] or 0}
        )
    metrics, channels, all_campaigns = campaign_reach(viewer, start, end)
    return render(
        request,
        "community/summary.html",
        {
            "sections": sections(request, viewer),
            "metrics": metrics,
            "channels": channels,
            "all_campaigns": all_campaigns,
            "year": year,
            "year_label": f"{year}-{(year + 1) % 100:02d}",
            "years": [(y, f"{y}-{(y + 1) % 100:02d}") for y in range(this_year + 1, 2009, -1)],
            "types": types,
            "quarters": quarters,
            "total_events": sum(q["events"] for q in quarters),
            "total_people": sum(q["people"] for q in quarters),
        },
    )


# --- the lists ----------------------------------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in LISTS:
        raise Http404
    return kind


@partnership_view(*EDITORS)
def lists(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    shown = []
    for kind, (heading, model, _) in LISTS.items():
        entries = model._default_manager.filter(partnership=viewer.partnership).order_by(
            "-active", "position", "label"
        )
        shown.append((kind, heading, list(entries[:500])))
    return render(request, "community/lists.html", {"sections": sections(request, viewer), "lists": shown})


@partnership_view(*EDITORS)
def list_entry_create(request: HttpRequest, viewer: Viewer, kind: str) -> HttpResponse:
    heading = LISTS[_kind(kind)][0]
    form = ListEntryForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        entry = actions.add_list_entry(viewer=viewer, kind=kind, label=data["label"])
        return Done(reverse("community:lists") + f"#{kind}", f"{entry.label} added to {heading.lower()}")

    return form_page(
        request, form, save=save, template="community/list_entry_form.html", context={"heading": heading}
    )


@partnership_view(*EDITORS)
def list_entry_retire(request: HttpRequest, viewer: Viewer, kind: str, pk: int) -> HttpResponse:
    model = LISTS[_kind(kind)][1]
    entry = model._default_manager.filter(partnership=viewer.partnership, pk=pk).first()
    if entry is None:
        raise Http404

    def press() -> Done:
        actions.retire_list_entry(viewer=viewer, kind=kind, entry_id=entry.pk)
        return Done(reverse("community:lists") + f"#{kind}", f"{entry.label} is no longer offered")

    return button(request, press=press, back=reverse("community:lists") + f"#{kind}")


# --- campaigns ------------------------------------------------------------------------------


@partnership_view(*READERS)
def campaign_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    listed = access.campaigns(viewer)
    page = keyset_page(request, listed, keys=("-starts_on", "-id"), size=PAGE_SIZE, noun="campaigns")
    return render(
        request,
        "community/campaign_list.html",
        {
            "sections": sections(request, viewer),
            "page": page,
            "total": listed.count(),
            "can_record": viewer.has_any(*RECORDERS),
            "export_limit": exports.EXPORT_LIMIT,
        },
    )


@partnership_view(*READERS)
def campaign_export(request: HttpRequest, viewer: Viewer, extension: str) -> HttpResponse:
    if extension not in ("csv", "xlsx"):
        raise Http404
    rows = exports.campaign_rows(access.campaigns(viewer))
    name = f"campaigns-{viewer.partnership.slug}-{timezone.localdate():%Y-%m-%d}"
    if extension == "csv":
        response = HttpResponse(
            exports.as_csv(exports.CAMPAIGN_HEADINGS, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.as_xlsx(
                "Campaigns", exports.CAMPAIGN_HEADINGS, rows, f"Campaigns: {viewer.partnership.name}"
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@partnership_view(*RECORDERS)
def campaign_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = CampaignForm(posted(request), viewer=viewer, initial={"kind": "campaign"})

    def save(data: dict[str, Any]) -> Done:
        campaign = actions.create_campaign(viewer=viewer, **form.values())
        return Done(campaign.get_absolute_url(), "Campaign recorded")

    return form_page(
        request, form, save=save, template="community/campaign_form.html", context={"campaign": None}
    )


@partnership_view(*RECORDERS)
def campaign_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    campaign = access.get_editable_campaign(viewer, uuid)
    form = CampaignForm(
        posted(request), viewer=viewer, campaign=campaign, initial=CampaignForm.initial_for(campaign)
    )

    def save(data: dict[str, Any]) -> Done:
        actions.update_campaign(viewer=viewer, campaign=campaign, **form.values())
        return Done(campaign.get_absolute_url(), "Campaign saved")

    return form_page(
        request, form, save=save, template="community/campaign_form.html", context={"campaign": campaign}
    )


@partnership_view(*READERS)
def campaign_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    campaign = access.get_campaign(viewer, uuid)
    reach = list(campaign.reach.all())
    totals = (
        ReachEntry.objects.filter(campaign=campaign)
        .values("metric")
        .annotate(total=Sum("number"))
        .order_by("metric")
    )
    labels = dict(ReachEntry._meta.get_field("metric").choices or [])
    return render(
        request,
        "community/campaign_detail.html",
        {
            "sections": sections(request, viewer),
            "campaign": campaign,
            "channels": list(campaign.channels.all()),
            "sectors": list(campaign.sectors.all()),
            "actions": list(campaign.actions.select_related("strategy")),
            "reach": reach,
            "totals": [(labels.get(row["metric"], row["metric"]), row["total"]) for row in totals],
            "can_edit": access.can_edit_campaign(viewer, campaign),
        },
    )


@partnership_view(*RECORDERS)
def reach_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    campaign = access.get_editable_campaign(viewer, uuid)
    form = ReachForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        actions.add_reach(viewer=viewer, campaign=campaign, **data)
        return Done(campaign.get_absolute_url() + "#reach", "Reach figure added")

    return form_page(
        request, form, save=save, template="community/reach_form.html", context={"campaign": campaign}
    )
