"""Venues, lettings policies and checks for tests, written through the actions. The
speakers and organisers are plainly made-up names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role
from venues import actions
from venues.models import CheckItem, Decision, LettingsPolicy, Outcome, Venue, VenueCheck, VenueKind


def officer(viewer: Viewer) -> Viewer:
    """The same person acting as a venue officer."""
    return Viewer(viewer.user, viewer.partnership, frozenset({Role.VENUE_OFFICER}))


def kind(code: str = "council-hall") -> VenueKind:
    return VenueKind.objects.get(partnership=None, code=code)


def item(code: str) -> CheckItem:
    return CheckItem.objects.get(partnership=None, code=code)


def venue(
    viewer: Viewer, name: str = "Brick Lane Hall", code: str = "council-hall", **values: object
) -> Venue:
    return actions.save_venue(viewer=viewer, name=name, kind=kind(code), **values)  # type: ignore[arg-type]


def check(
    viewer: Viewer,
    at: Venue,
    *,
    title: str = "Community iftar talk",
    days_from_today: int = 14,
    speakers: tuple[str, ...] = ("Zed Placeholder",),
    organiser: str = "Example Community Forum",
    contact: str = "Quinn Sample",
) -> VenueCheck:
    return actions.create_check(
        viewer=viewer,
        venue=at,
        organiser=organiser,
        contact=contact,
        event_title=title,
        event_description="A talk and a shared meal.",
        event_date=timezone.localdate() + dt.timedelta(days=days_from_today),
        audience=80,
        speakers=list(speakers),
    )


def checked(viewer: Viewer, record: VenueCheck) -> VenueCheck:
    return actions.record_findings(
        viewer=viewer, check=record, notes={item("open-source"): "Nothing of concern found in open sources."}
    )


def decided(
    viewer: Viewer, record: VenueCheck, decision: str = Decision.APPROVED, conditions: str = ""
) -> VenueCheck:
    checked(viewer, record)
    return actions.decide(
        viewer=viewer,
        check=record,
        decision=decision,
        conditions=conditions,
        reasons="Checks made; see notes.",
    )


def due_for_review(viewer: Viewer, record: VenueCheck) -> VenueCheck:
    """A check that went ahead, closed, and whose review date has come."""
    decided(viewer, record)
    actions.record_outcome(viewer=viewer, check=record, outcome=Outcome.AS_PLANNED)
    actions.close_check(viewer=viewer, check=record)
    VenueCheck.objects.filter(pk=record.pk).update(review_on=timezone.localdate() - dt.timedelta(days=1))
    record.refresh_from_db()
    return record


@dataclass(frozen=True)
class VenueRecords:
    venue: Venue
    policy: LettingsPolicy
    own_kind: VenueKind
    requested: VenueCheck  # still editable
    under_check: VenueCheck  # ready for a decision
    decided: VenueCheck  # event passed, outcome to record
    recorded: VenueCheck  # outcome recorded, ready to close
    due: VenueCheck  # closed and due for review


def venues_for_walks(viewer: Viewer) -> VenueRecords:
    policy = actions.save_policy(
        viewer=viewer,
        title="Hall hire procedures",
        version="2",
        summary="Conditions.",
        document=SimpleUploadedFile("hall-hire.txt", b"Hall hire procedures: conditions of let."),
    )
    hall = venue(viewer, policy=policy, postcode="e1 6an")
    requested = check(viewer, hall)
    under = checked(viewer, check(viewer, hall, title="Youth debate"))
    past = decided(viewer, check(viewer, hall, title="Book launch", days_from_today=-3))
    recorded = decided(viewer, check(viewer, hall, title="Open meeting", days_from_today=-10))
    actions.record_outcome(viewer=viewer, check=recorded, outcome=Outcome.AS_PLANNED)
    due = due_for_review(viewer, check(viewer, hall, title="Old lecture", days_from_today=-800))
    own_kind = actions.add_list_entry(viewer=viewer, which="kinds", label="Sports centre")
    assert isinstance(own_kind, VenueKind)
    return VenueRecords(hall, policy, own_kind, requested, under, past, recorded, due)
