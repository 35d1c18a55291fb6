"""The write path for venue checks: each function checks the viewer may make the change,
writes it in one transaction and records the audit event. An audit event names the record
and the fields that changed, never their values: an organiser's or speaker's name, and
what was written about them, stay out of the log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from accounts.access import Viewer
from audit.log import record
from lib import uploads
from lib.dates import add_months
from lib.errors import Refused
from partners.models import Organisation
from venues import access, names
from venues.models import (
    DEFAULT_RETENTION_MONTHS,
    MAX_AUDIENCE,
    MAX_RETENTION_MONTHS,
    MAX_SPEAKERS,
    CheckItem,
    CheckState,
    Decision,
    Finding,
    LettingsPolicy,
    NameKey,
    Outcome,
    Venue,
    VenueCheck,
    VenueKind,
    VenueSettings,
)

NAME_LIMIT = 200
LISTS: dict[str, type[VenueKind] | type[CheckItem]] = {"kinds": VenueKind, "items": CheckItem}
EDITABLE_STATES = (CheckState.REQUESTED, CheckState.UNDER_CHECK)


def _require_reader(viewer: Viewer) -> None:
    if not viewer.has_any(*access.VENUE_READERS):
        raise Refused("Only the Prevent coordinator and venue officers record venue checks.")


def _require_admin(viewer: Viewer) -> None:
    if not access.can_administer(viewer):
        raise Refused("Only the partnership's Prevent coordinator can change this.")


def _mine(viewer: Viewer, partnership_id: int) -> None:
    if partnership_id != viewer.partnership.pk:
        raise Refused("This record belongs to another partnership.")


def _text(value: str, limit: int, field: str, what: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Refused(f"Enter {what}", field=field)
    if len(value) > limit:
        raise Refused(f"{what[0].upper()}{what[1:]} must be {limit:,} characters or fewer", field=field)
    return value


# --- lists and settings -------------------------------------------------------------------


def retention_months(partnership_id: int) -> int:
    months = VenueSettings.objects.filter(partnership_id=partnership_id).values_list(
        "retention_months", flat=True
    )
    return next(iter(months), DEFAULT_RETENTION_MONTHS)


@transaction.atomic
def set_retention(*, viewer: Viewer, months: int) -> None:
    _require_admin(viewer)
    if not 1 <= months <= MAX_RETENTION_MONTHS:
        raise Refused(f"Enter a number of months from 1 to {MAX_RETENTION_MONTHS}", field="months")
    before = retention_months(viewer.partnership.pk)
    VenueSettings.objects.update_or_create(
        partnership=viewer.partnership, defaults={"retention_months": months}
    )
    record(
        verb="venues.retention.changed",
        actor=viewer.user,
        partnership=viewer.partnership,
        label="Venue checks' retention period",
        changes={"retention_months": {"from": before, "to": months}},
    )


@transaction.atomic
def add_list_entry(*, viewer: Viewer, which: str, label: str) -> VenueKind | CheckItem:
    _require_admin(viewer)
    model = LISTS.get(which)
    if model is None:
        raise Refused("There is no such list.")
    label = _text(label, 120, "label", "the entry's name", required=True)
    listed = model.objects.filter(Q(partnership=None) | Q(partnership=viewer.partnership))
    if any(existing.casefold() == label.casefold() for existing in listed.values_list("label", flat=True)):
        raise Refused("The list already has this entry", field="label")
    code = (slugify(label) or "entry")[:50]
    taken = set(model.objects.filter(partnership=viewer.partnership).values_list("code", flat=True))
    base, number = code, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    entry = model.objects.create(partnership=viewer.partnership, code=code, label=label, position=200)
    record(
        verb=f"venues.{which}.added",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=entry,
        changes={"label": {"from": None, "to": label}},
    )
    return entry


@transaction.atomic
def set_entry_active(*, viewer: Viewer, entry: VenueKind | CheckItem, active: bool) -> None:
    """Retire or bring back one of the partnership's own entries; the seeded ones serve
    every partnership and stay."""
    _require_admin(viewer)
    if entry.partnership_id != viewer.partnership.pk:
        raise Refused("Only the partnership's own entries can be retired.")
    if entry.active == active:
        return
    entry.active = active
    entry.save(update_fields=["active"])
    record(
        verb="venues.list_entry.changed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=entry,
        changes={"active": {"from": not active, "to": active}},
    )


# --- lettings policies and venues ---------------------------------------------------------

POLICY_FIELDS = ("title", "version", "adopted_on", "summary", "active")


def _clean_policy(policy: LettingsPolicy) -> None:
    policy.title = _text(policy.title, 200, "title", "the policy's title", required=True)
    policy.version = _text(policy.version, 40, "version", "the version")
    policy.summary = _text(policy.summary, 5000, "summary", "the summary")


@transaction.atomic
def save_policy(
    *,
    viewer: Viewer,
    policy: LettingsPolicy | None = None,
    title: str,
    version: str = "",
    adopted_on: dt.date | None = None,
    summary: str = "",
    active: bool = True,
    document: Any = None,
) -> LettingsPolicy:
    """`document`, an uploaded file, replaces the policy's document when given."""
    _require_reader(viewer)
    adding = policy is None
    if policy is None:
        policy = LettingsPolicy(partnership=viewer.partnership)
    _mine(viewer, policy.partnership_id)
    before = {name: getattr(policy, name) for name in POLICY_FIELDS}
    policy.title, policy.version, policy.adopted_on, policy.summary, policy.active = (
        title,
        version,
        adopted_on,
        summary,
        active,
    )
    _clean_policy(policy)
    changed = [name for name in POLICY_FIELDS if adding or getattr(policy, name) != before[name]]
    checked = None
    if document is not None:
        try:
            checked = uploads.check(document)
        except Refused as refused:
            raise Refused(refused.message, field="document") from refused
    saved = ""
    try:
        if checked is not None:
            policy.document_name = checked.name
            policy.document_type = checked.content_type
            policy.document_size = checked.size
            policy.document_sha256 = checked.sha256
            stored_as = policy.document.field.generate_filename(policy, checked.name)
            policy.document = uploads.store(
                policy.document.storage, stored_as, checked.upload, field="document"
            )
            saved = str(policy.document.name)
            changed.append("document")
        policy.save()
        record(
            verb="venues.policy.created" if adding else "venues.policy.changed",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=policy,
            changes={"fields": changed, **({"document_sha256": checked.sha256} if checked else {})},
        )
    except Exception:
        if saved:
            default_storage.delete(saved)
        raise
    return policy


VENUE_FIELDS = ("name", "kind", "address", "postcode", "organisation", "policy", "active")


@transaction.atomic
def save_venue(
    *,
    viewer: Viewer,
    venue: Venue | None = None,
    name: str,
    kind: VenueKind,
    address: str = "",
    postcode: str = "",
    organisation: Organisation | None = None,
    policy: LettingsPolicy | None = None,
    active: bool = True,
) -> Venue:
    _require_reader(viewer)
    adding = venue is None
    if venue is None:
        venue = Venue(partnership=viewer.partnership)
    _mine(viewer, venue.partnership_id)
    if not access.kinds(viewer).filter(pk=kind.pk).exists():
        raise Refused("Select a kind of venue from the list", field="kind")
    if organisation is not None and organisation.partnership_id != viewer.partnership.pk:
        raise Refused("Select an organisation from the register", field="organisation")
    if policy is not None and policy.partnership_id != viewer.partnership.pk:
        raise Refused("Select a lettings policy from the list", field="policy")
    before = {
        field: getattr(venue, f"{field}_id" if field in ("kind", "organisation", "policy") else field, None)
        for field in VENUE_FIELDS
    }
    venue.name = _text(name, 200, "name", "the venue's name", required=True)
    venue.kind = kind
    venue.address = _text(address, 500, "address", "the address")
    venue.postcode = " ".join(_text(postcode, 10, "postcode", "the postcode").upper().split())
    venue.organisation, venue.policy, venue.active = organisation, policy, active
    after = {
        field: getattr(venue, f"{field}_id" if field in ("kind", "organisation", "policy") else field)
        for field in VENUE_FIELDS
    }
    venue.save()
    record(
        verb="venues.venue.created" if adding else "venues.venue.changed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=venue,
        changes={"fields": [field for field in VENUE_FIELDS if adding or before[field] != after[field]]},
    )
    return venue


# --- checks -------------------------------------------------------------------------------


def clean_speakers(speakers: Sequence[str]) -> list[str]:
    cleaned = [" ".join(speaker.split()) for speaker in speakers if speaker.strip()]
    if len(cleaned) > MAX_SPEAKERS:
        raise Refused(f"Name {MAX_SPEAKERS} speakers or fewer", field="speakers")
    if any(len(speaker) > NAME_LIMIT for speaker in cleaned):
        raise Refused(f"Each speaker's name must be {NAME_LIMIT} characters or fewer", field="speakers")
    return cleaned


def _set_details(
    viewer: Viewer,
    check: VenueCheck,
    *,
    venue: Venue,
    organiser: str,
    contact: str,
    event_title: str,
    event_description: str,
    event_date: dt.date,
    audience: int | None,
    speakers: Sequence[str],
) -> list[str]:
    """Set the details and return the names of the fields that changed."""
    if venue.partnership_id != viewer.partnership.pk:
        raise Refused("Select a venue from the register", field="venue")
    organiser = _text(organiser, NAME_LIMIT, "organiser", "the organiser")
    contact = _text(contact, NAME_LIMIT, "contact", "the contact person")
    if not organiser and not contact:
        raise Refused("Enter the organising organisation, the contact person, or both", field="organiser")
    if audience is not None and not 0 <= audience <= MAX_AUDIENCE:
        raise Refused(f"Enter an audience from 0 to {MAX_AUDIENCE:,}", field="audience")
    cleaned_speakers = clean_speakers(speakers)
    changed: list[str] = []
    clear = {
        "venue": venue,
        "event_title": _text(event_title, 200, "event_title", "the event's title", required=True),
        "event_description": _text(event_description, 5000, "event_description", "the description"),
        "event_date": event_date,
        "audience": audience,
    }
    for field, value in clear.items():
        if check.pk is None or getattr(check, field) != value:
            changed.append(field)
            setattr(check, field, value)
    sealed = {"organiser": organiser, "contact": contact, "speakers": cleaned_speakers}
    if check.pk is None or check.organiser != organiser:
        check.sealed_organiser = check.seal("organiser", organiser)
        changed.append("organiser")
    if check.pk is None or check.contact != contact:
        check.sealed_contact = check.seal("contact", contact)
        changed.append("contact")
    if check.pk is None or check.speakers != cleaned_speakers:
        check.sealed_speakers = (
            check.seal("speakers", json.dumps(cleaned_speakers)) if cleaned_speakers else ""
        )
        changed.append("speakers")
    check.save()
    names.index(check, sealed["organiser"], sealed["contact"], cleaned_speakers)  # type: ignore[arg-type]
    return changed


@transaction.atomic
def create_check(
    *,
    viewer: Viewer,
    venue: Venue,
    organiser: str = "",
    contact: str = "",
    event_title: str,
    event_description: str = "",
    event_date: dt.date,
    audience: int | None = None,
    speakers: Sequence[str] = (),
) -> VenueCheck:
    _require_reader(viewer)
    check = VenueCheck(partnership=viewer.partnership, created_by=viewer.user)
    changed = _set_details(
        viewer,
        check,
        venue=venue,
        organiser=organiser,
        contact=contact,
        event_title=event_title,
        event_description=event_description,
        event_date=event_date,
        audience=audience,
        speakers=speakers,
    )
    record(
        verb="venues.check.requested",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=check,
        changes={"fields": changed},
    )
    return check


@transaction.atomic
def update_check(
    *,
    viewer: Viewer,
    check: VenueCheck,
    venue: Venue,
    organiser: str = "",
    contact: str = "",
    event_title: str,
    event_description: str = "",
    event_date: dt.date,
    audience: int | None = None,
    speakers: Sequence[str] = (),
) -> VenueCheck:
    _require_reader(viewer)
    _mine(viewer, check.partnership_id)
    if check.state not in EDITABLE_STATES:
        raise Refused("A decided check's details are kept as they were when it was decided.")
    changed = _set_details(
        viewer,
        check,
        venue=venue,
        organiser=organiser,
        contact=contact,
        event_title=event_title,
        event_description=event_description,
        event_date=event_date,
        audience=audience,
        speakers=speakers,
    )
    if changed:
        record(
            verb="venues.check.changed",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=check,
            changes={"fields": changed},
        )
    return check


@transaction.atomic
def record_findings(*, viewer: Viewer, check: VenueCheck, notes: Mapping[CheckItem, str]) -> VenueCheck:
    """What each item checked found; an empty note removes that item's finding. The check
    is then under check."""
    _require_reader(viewer)
    _mine(viewer, check.partnership_id)
    if check.state not in EDITABLE_STATES:
        raise Refused("This check has been decided: what was checked is kept as it was.")
    allowed = set(access.items(viewer).values_list("pk", flat=True))
    existing = {finding.item_id: finding for finding in check.findings.all()}
    changed: list[str] = []
    for item, raw in notes.items():
        if item.pk not in allowed:
            raise Refused("Select checks from the list")
        note = _text(raw, 5000, f"item_{item.uuid}", f"what {item.label.lower()} found")
        finding = existing.get(item.pk)
        if not note:
            if finding is not None:
                finding.delete()
                changed.append(item.code)
            continue
        if finding is None:
            Finding.objects.create(check_record=check, item=item, note=note)
            changed.append(item.code)
        elif finding.note != note:
            finding.note = note
            finding.save(update_fields=["note"])
            changed.append(item.code)
    if not check.findings.exists():
        raise Refused("Record what at least one check found")
    if check.state == CheckState.REQUESTED:
        check.state = CheckState.UNDER_CHECK
        check.save(update_fields=["state"])
        changed.append("state")
    record(
        verb="venues.check.checked",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=check,
        changes={"fields": changed},
    )
    return check


@transaction.atomic
def decide(
    *, viewer: Viewer, check: VenueCheck, decision: str, conditions: str = "", reasons: str
) -> VenueCheck:
    _require_reader(viewer)
    _mine(viewer, check.partnership_id)
    if check.state != CheckState.UNDER_CHECK:
        raise Refused("Record what was checked before deciding; a decided check is not decided again.")
    if decision not in Decision.values:
        raise Refused("Select the decision", field="decision")
    conditions = _text(conditions, 5000, "conditions", "the conditions")
    if decision == Decision.CONDITIONS and not conditions:
        raise Refused("Enter the conditions the booking is approved with", field="conditions")
    if decision != Decision.CONDITIONS:
        conditions = ""
    check.decision = decision
    check.conditions = conditions
    check.reasons = _text(reasons, 5000, "reasons", "the reasons for the decision", required=True)
    check.decided_by = viewer.user
    check.decided_at = timezone.now()
    check.state = CheckState.DECIDED
    check.save()
    record(
        verb="venues.check.decided",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=check,
        changes={"decision": {"from": None, "to": decision}, "fields": ["conditions", "reasons"]},
    )
    return check


@transaction.atomic
def record_outcome(*, viewer: Viewer, check: VenueCheck, outcome: str, notes: str = "") -> VenueCheck:
    _require_reader(viewer)
    _mine(viewer, check.partnership_id)
    if check.state != CheckState.DECIDED:
        raise Refused("What happened is recorded once, after the check is decided.")
    if check.event_date > timezone.localdate():
        raise Refused("What happened at the event is recorded after its date.")
    if outcome not in Outcome.values:
        raise Refused("Select what happened", field="outcome")
    check.outcome = outcome
    check.outcome_notes = _text(notes, 5000, "notes", "the notes")
    check.outcome_by = viewer.user
    check.outcome_at = timezone.now()
    check.state = CheckState.EVENT_RECORDED
    check.save()
    record(
        verb="venues.check.outcome_recorded",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=check,
        changes={"outcome": {"from": None, "to": outcome}, "fields": ["outcome_notes"]},
    )
    return check


def can_close(check: VenueCheck) -> bool:
    """A check closes once what happened is recorded, or once declined (there may be no
    event to record)."""
    return check.state == CheckState.EVENT_RECORDED or (
        check.state == CheckState.DECIDED and check.decision == Decision.DECLINED
    )


@transaction.atomic
def close_check(*, viewer: Viewer, check: VenueCheck) -> VenueCheck:
    """Closes the check and starts its retention clock: it is reviewed for deletion the
    partnership's retention period after the event (at once, if that has passed)."""
    _require_reader(viewer)
    _mine(viewer, check.partnership_id)
    if not can_close(check):
        raise Refused("Record what happened at the event before closing the check.")
    today = timezone.localdate()
    check.state = CheckState.CLOSED
    check.closed_on = today
    check.review_on = add_months(check.event_date, retention_months(check.partnership_id))
    check.save(update_fields=["state", "closed_on", "review_on"])
    record(
        verb="venues.check.closed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=check,
        changes={"review_on": {"from": None, "to": check.review_on.isoformat()}},
    )
    return check


# --- review for deletion ------------------------------------------------------------------


def is_due(check: VenueCheck) -> bool:
    return (
        check.state == CheckState.CLOSED
        and check.review_on is not None
        and check.review_on <= timezone.localdate()
    )


@transaction.atomic
def delete_at_review(*, viewer: Viewer, check: VenueCheck) -> None:
    """Removes the check, its findings and its name keys, sealed values with them. The
    audit event names only the check's UUID."""
    _require_admin(viewer)
    _mine(viewer, check.partnership_id)
    if not is_due(check):
        raise Refused("Only a closed check due for review can be deleted.")
    check_uuid = check.uuid
    Finding.objects.filter(check_record=check).delete()
    NameKey.objects.filter(check_record=check).delete()
    VenueCheck.objects.filter(pk=check.pk).delete()
    record(
        verb="venues.check.deleted_at_review",
        actor=viewer.user,
        partnership=viewer.partnership,
        label=f"Venue check {check_uuid}",
        changes={"check": str(check_uuid), "deleted": "at review for deletion"},
    )


@transaction.atomic
def keep_at_review(*, viewer: Viewer, check: VenueCheck, months: int, reason: str) -> VenueCheck:
    _require_admin(viewer)
    _mine(viewer, check.partnership_id)
    if not is_due(check):
        raise Refused("Only a closed check due for review can be kept for longer.")
    if not 1 <= months <= MAX_RETENTION_MONTHS:
        raise Refused(f"Enter a number of months from 1 to {MAX_RETENTION_MONTHS}", field="months")
    before = check.review_on
    check.kept_reason = _text(reason, 2000, "reason", "the reason for keeping the check", required=True)
    check.review_on = add_months(timezone.localdate(), months)
    check.save(update_fields=["kept_reason", "review_on"])
    record(
        verb="venues.check.kept_at_review",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=check,
        changes={
            "review_on": {"from": before.isoformat() if before else None, "to": check.review_on.isoformat()},
            "fields": ["kept_reason"],
        },
    )
    return check
