"""Sessions: the coordinator schedules, edits, cancels and marks them held; the coordinator,
and a partner lead at the sessions their organisation hosts, book people, add a new person,
record who attended (each attendance is a completion of the course on the session's date)
or a briefing's head-count, and the confidence answers before and after, as counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.access import Viewer
from audit.log import changes_between, created, record, snapshot
from lib.errors import Refused
from partners import access as partner_access
from partners.models import Contact, Organisation, StaffGroup
from training import access, compliance
from training.models import (
    Completion,
    CompletionSource,
    ConfidenceQuestion,
    ConfidenceTally,
    Course,
    Moment,
    PlaceStatus,
    Session,
    SessionPlace,
    SessionStatus,
)

__all__ = [
    "SESSION_FIELDS",
    "NewPerson",
    "add_people",
    "book",
    "cancel_session",
    "mark_held",
    "record_attendance",
    "record_confidence",
    "record_headcount",
    "schedule_session",
    "update_session",
]

SESSION_FIELDS = [
    "course",
    "starts_at",
    "venue",
    "host",
    "trainer",
    "trainer_accreditation",
    "trainer_accreditation_expires",
    "capacity",
    "headcount_only",
]
MAX_PLACES = 100_000
MAX_ANSWERS = 100_000
SCORES = range(1, 6)


def _audit(viewer: Viewer, verb: str, target: Any, changes: Mapping[str, Any], label: str = "") -> None:
    record(
        verb=verb,
        actor=viewer.user,
        partnership=viewer.partnership,
        target=target,
        label=label,
        changes=changes,
    )


def _require_editor(viewer: Viewer) -> None:
    if not access.can_edit(viewer):
        raise Refused("Only the partnership's Prevent coordinator can schedule and change sessions.")


def _locked(viewer: Viewer, session: Session) -> Session:
    """The session re-read under a row lock, refused unless the viewer may record
    attendance at it (the coordinator; a partner lead at a session their organisation
    hosts)."""
    locked = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    if not access.can_record_attendance(viewer, locked):
        raise Refused("Only the coordinator or the host organisation's partner lead can record this.")
    return locked


def _check(viewer: Viewer, session: Session, kept_course: int | None = None) -> None:
    """`kept_course`: the course the session had, which may stay although deactivated."""
    offered = access.courses(viewer).filter(pk=session.course_id)
    if session.course_id != kept_course:
        offered = offered.filter(active=True)
    if not offered.exists():
        raise Refused("Select a course from the list", field="course")
    if session.host_id is not None and not (
        Organisation.objects.filter(pk=session.host_id, partnership=viewer.partnership).exists()
    ):
        raise Refused("Select a host organisation from the register", field="host")
    if session.capacity is not None and not 1 <= session.capacity <= MAX_PLACES:
        raise Refused(f"The number of places must be between 1 and {MAX_PLACES:,}", field="capacity")
    if session.trainer_accreditation_expires is not None and not session.trainer_accreditation:
        raise Refused(
            "Enter the trainer's facilitator accreditation, or leave its expiry empty",
            field="trainer_accreditation",
        )
    if session.pk is not None:
        booked = session.places.count()
        if session.capacity is not None and booked > session.capacity:
            raise Refused(
                f"{booked} people are booked: the number of places cannot be fewer", field="capacity"
            )
        if session.headcount_only and booked:
            raise Refused(
                "People are booked on this session, so it cannot count heads only", field="headcount_only"
            )
        if not session.headcount_only and session.headcount is not None:
            raise Refused(
                "A head-count was recorded, so this session counts heads only", field="headcount_only"
            )


@transaction.atomic
def schedule_session(
    *,
    viewer: Viewer,
    course: Course,
    starts_at: dt.datetime,
    venue: str = "",
    host: Organisation | None = None,
    trainer: str = "",
    trainer_accreditation: str = "",
    trainer_accreditation_expires: dt.date | None = None,
    capacity: int | None = None,
    headcount_only: bool = False,
) -> Session:
    _require_editor(viewer)
    session = Session(
        partnership=viewer.partnership,
        course=course,
        starts_at=starts_at,
        venue=venue.strip(),
        host=host,
        trainer=trainer.strip(),
        trainer_accreditation=trainer_accreditation.strip(),
        trainer_accreditation_expires=trainer_accreditation_expires,
        capacity=capacity,
        headcount_only=headcount_only,
    )
    _check(viewer, session)
    session.save()
    _audit(viewer, "training.session.scheduled", session, created(snapshot(session, SESSION_FIELDS)))
    return session


@transaction.atomic
def update_session(*, viewer: Viewer, session: Session, **values: Any) -> Session:
    _require_editor(viewer)
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Not session fields: {', '.join(sorted(unknown))}")
    session = _locked(viewer, session)
    if session.status == SessionStatus.CANCELLED:
        raise Refused("The session was cancelled, so it cannot be changed.")
    before = snapshot(session, SESSION_FIELDS)
    course_id, day = session.course_id, timezone.localdate(session.starts_at)
    for name, value in values.items():
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    _check(viewer, session, kept_course=course_id)
    moved = session.course_id != course_id or timezone.localdate(session.starts_at) != day
    if moved and session.completions.exists():
        raise Refused("Attendance is recorded, so the course and the date cannot change", field="course")
    changes = changes_between(before, snapshot(session, SESSION_FIELDS))
    if changes:
        session.save()
        _audit(viewer, "training.session.updated", session, changes)
    return session


@transaction.atomic
def cancel_session(*, viewer: Viewer, session: Session) -> Session:
    _require_editor(viewer)
    session = _locked(viewer, session)
    if session.status != SessionStatus.PLANNED:
        raise Refused(f"The session is {session.get_status_display().lower()}, so it cannot be cancelled.")
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    _audit(
        viewer,
        "training.session.cancelled",
        session,
        changes_between({"status": "planned"}, {"status": "cancelled"}),
    )
    return session


def _has_begun(session: Session) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise Refused("The session was cancelled.")
    if session.starts_at > timezone.now():
        raise Refused(
            f"The session starts on {timezone.localtime(session.starts_at):%-d %B %Y at %H:%M}: "
            "record it once it has begun."
        )


def _held(viewer: Viewer, session: Session) -> dict[str, Any]:
    if session.status == SessionStatus.PLANNED:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status"])
        return {"status": {"from": "planned", "to": "held"}}
    return {}


@transaction.atomic
def mark_held(*, viewer: Viewer, session: Session) -> Session:
    _require_editor(viewer)
    session = _locked(viewer, session)
    _has_begun(session)
    if session.status == SessionStatus.HELD:
        raise Refused("The session is already marked held.")
    _audit(viewer, "training.session.held", session, _held(viewer, session))
    return session


@dataclass(frozen=True)
class NewPerson:
    """Someone not yet among the partnership's contacts: work details only."""

    name: str
    email: str
    organisation: Organisation
    staff_group: StaffGroup | None = None
    job_title: str = ""


def _bookable(session: Session, adding: int) -> None:
    if session.headcount_only:
        raise Refused("This session counts heads only: no one is booked on it.")
    if session.status == SessionStatus.CANCELLED:
        raise Refused("The session was cancelled, so no one can be booked on it.")
    if session.capacity is not None:
        booked = session.places.count()
        if booked + adding > session.capacity:
            free = max(session.capacity - booked, 0)
            raise Refused(
                f"The session has {free} place{'s' if free != 1 else ''} left: {adding} cannot be booked.",
                field="people",
            )


def _book(viewer: Viewer, session: Session, people: list[Contact], verb: str) -> list[SessionPlace]:
    places = SessionPlace.objects.bulk_create([SessionPlace(session=session, person=p) for p in people])
    _audit(
        viewer,
        verb,
        session,
        {"booked": {"from": None, "to": sorted(person.name for person in people)}},
    )
    return places


@transaction.atomic
def book(*, viewer: Viewer, session: Session, people: Iterable[Contact]) -> list[SessionPlace]:
    """Book people the viewer may see on the session; someone already booked is refused."""
    session = _locked(viewer, session)
    people = list({person.pk: person for person in people}.values())
    if not people:
        raise Refused("Select at least one person to book", field="people")
    visible = set(access.people(viewer).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    if any(person.pk not in visible for person in people):
        raise Refused("Select people from the list", field="people")
    already = list(
        SessionPlace.objects.filter(session=session, person__in=people).values_list("person__name", flat=True)
    )
    if already:
        raise Refused(f"Already booked: {', '.join(sorted(already))}", field="people")
    _bookable(session, len(people))
    return _book(viewer, session, people, "training.session.booked")


@transaction.atomic
def unbook(*, viewer: Viewer, session: Session, place: SessionPlace) -> None:
    """Remove a booking made by mistake, or for someone who will not come. Someone marked
    attended keeps their place: un-marking them first removes the completion it made."""
    session = _locked(viewer, session)
    place = SessionPlace.objects.select_related("person").get(pk=place.pk, session=session)
    if place.status == PlaceStatus.ATTENDED:
        raise Refused(
            f"{place.person.name} is recorded as attending: record them as not attending first, "
            "which removes the completion, then remove the booking."
        )
    place.delete()
    _audit(
        viewer,
        "training.session.unbooked",
        session,
        {"booked": {"from": [place.person.name], "to": None}},
    )


@transaction.atomic
def add_people(*, viewer: Viewer, session: Session, people: Iterable[NewPerson]) -> list[Contact]:
    """Add people who are not yet contacts (at organisations the viewer may see: a partner
    lead's own) and book them on the session, many at once. A work e-mail names one person
    in a partnership: one already recorded is refused, so the person is booked instead."""
    session = _locked(viewer, session)
    people = list(people)
    if not people:
        raise Refused("Enter the person's details", field="name")
    organisations = set(access.organisations(viewer).values_list("pk", flat=True))
    if not access.sees_everyone(viewer):
        organisations &= set(access.led_organisation_ids(viewer))
    groups = set(partner_access.staff_groups(viewer).values_list("pk", flat=True))
    emails: set[str] = set()
    for person in people:
        if not person.name.strip():
            raise Refused("Enter the person's name", field="name")
        if person.organisation.pk not in organisations:
            raise Refused("Select an organisation from the list", field="organisation")
        if person.staff_group is not None and person.staff_group.pk not in groups:
            raise Refused("Select a staff group from the list", field="staff_group")
        email = person.email.strip().lower()
        if email:
            if email in emails:
                raise Refused(f"{person.email} is entered twice", field="email")
            emails.add(email)
    if emails:
        taken = list(
            Contact.objects.annotate(lower=Lower("email"))
            .filter(partnership=viewer.partnership, lower__in=emails)
            .values_list("email", flat=True)[:5]
        )
        if taken:
            raise Refused(
                f"Someone with the work email {taken[0]} is already recorded: book them from the list",
                field="email",
            )
    _bookable(session, len(people))
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                partnership=viewer.partnership,
                organisation=person.organisation,
                name=person.name.strip(),
                email=person.email.strip(),
                staff_group=person.staff_group,
                job_title=person.job_title.strip(),
            )
            for person in people
        ]
    )
    if contacts and contacts[0].pk is None:  # a database that does not return keys
        contacts = list(
            Contact.objects.filter(partnership=viewer.partnership, uuid__in=[c.uuid for c in contacts])
        )
    _book(viewer, session, contacts, "training.session.people_added")
    # New people join the audiences of the rules they fall under, as never trained.
    compliance.refresh_people([contact.pk for contact in contacts])
    return contacts


@transaction.atomic
def record_attendance(
    *, viewer: Viewer, session: Session, marks: Mapping[SessionPlace, str]
) -> tuple[int, int]:
    """Mark each booked place attended, did not attend, or booked again. Attending records
    a completion of the course on the session's date (one per person, course and date, so
    marking twice changes nothing); un-marking removes this session's completion. Returns
    how many completions were added and removed. A planned session becomes held."""
    session = _locked(viewer, session)
    _has_begun(session)
    if session.headcount_only:
        raise Refused("This session counts heads only: record its head-count.")
    places = {
        place.pk: place for place in SessionPlace.objects.filter(session=session).select_related("person")
    }
    changed: dict[SessionPlace, str] = {}
    for given, status in marks.items():
        place = places.get(given.pk)
        if place is None:
            raise Refused("Record attendance of the people booked on this session")
        if status not in PlaceStatus.values:
            raise Refused(f"Select whether {place.person.name} attended")
        if place.status != status:
            changed[place] = status
    if not changed:
        return 0, 0
    day = timezone.localdate(session.starts_at)
    attending = [place.person_id for place, status in changed.items() if status == PlaceStatus.ATTENDED]
    leaving = [
        place.person_id
        for place, status in changed.items()
        if place.status == PlaceStatus.ATTENDED and status != PlaceStatus.ATTENDED
    ]
    existing = set(
        Completion.objects.filter(
            person_id__in=attending, course=session.course, completed_on=day
        ).values_list("person_id", flat=True)
    )
    added = Completion.objects.bulk_create(
        [
            Completion(
                partnership=session.partnership,
                person_id=person_id,
                course=session.course,
                completed_on=day,
                session=session,
                source=CompletionSource.SESSION,
            )
            for person_id in attending
            if person_id not in existing
        ]
    )
    removed, _ = Completion.objects.filter(session=session, person_id__in=leaving).delete()
    compliance.refresh_people([*attending, *leaving])
    by_status: dict[str, list[int]] = {}
    for place, status in changed.items():
        by_status.setdefault(status, []).append(place.pk)
    for status, pks in by_status.items():
        SessionPlace.objects.filter(pk__in=pks).update(status=status)
    changes: dict[str, Any] = {
        f"{place.person.name} ({place.uuid.hex[:8]})": {
            "from": place_label(place.status),
            "to": place_label(status),
        }
        for place, status in changed.items()
    }
    changes.update(_held(viewer, session))
    _audit(
        viewer,
        "training.session.attendance_recorded",
        session,
        {**changes, "completions": {"from": None, "to": f"{len(added)} added, {removed} removed"}},
    )
    return len(added), removed


def place_label(status: str) -> str:
    return PlaceStatus(status).label


@transaction.atomic
def record_headcount(*, viewer: Viewer, session: Session, headcount: int) -> Session:
    """A briefing to a large audience counts heads and names no one."""
    session = _locked(viewer, session)
    _has_begun(session)
    if not session.headcount_only:
        raise Refused("This session records attendance by person.")
    if not 0 <= headcount <= MAX_PLACES:
        raise Refused(f"The head-count must be between 0 and {MAX_PLACES:,}", field="headcount")
    if session.capacity is not None and headcount > session.capacity:
        raise Refused(f"The session had {session.capacity:,} places", field="headcount")
    before = session.headcount
    session.headcount = headcount
    session.save(update_fields=["headcount"])
    changes = changes_between({"headcount": before}, {"headcount": headcount})
    changes.update(_held(viewer, session))
    _audit(viewer, "training.session.headcount_recorded", session, changes)
    return session


@transaction.atomic
def record_confidence(
    *,
    viewer: Viewer,
    session: Session,
    moment: str,
    counts: Mapping[tuple[ConfidenceQuestion, int], int],
) -> int:
    """How many answered each confidence question with each score, before or after the
    session: counts only, replacing what was recorded for that moment. Returns how many
    answers were recorded in all."""
    session = _locked(viewer, session)
    if session.status == SessionStatus.CANCELLED:
        raise Refused("The session was cancelled.")
    if moment not in Moment.values:
        raise Refused("Say whether these answers were given before or after the session")
    if moment == Moment.AFTER:
        _has_begun(session)
    questions = set(
        ConfidenceQuestion.objects.filter(partnership__isnull=True, active=True).values_list("pk", flat=True)
    ) | set(
        ConfidenceQuestion.objects.filter(partnership=viewer.partnership, active=True).values_list(
            "pk", flat=True
        )
    )
    rows = []
    for (question, score), count in counts.items():
        if question.pk not in questions:
            raise Refused("Answer the questions on the form")
        if score not in SCORES:
            raise Refused("Scores run from 1 to 5")
        if not 0 <= count <= MAX_ANSWERS:
            raise Refused(f"Each count must be between 0 and {MAX_ANSWERS:,}")
        if count:
            rows.append(
                ConfidenceTally(session=session, question=question, moment=moment, score=score, count=count)
            )
    ConfidenceTally.objects.filter(session=session, moment=moment).delete()
    ConfidenceTally.objects.bulk_create(rows)
    total = sum(row.count for row in rows)
    _audit(
        viewer,
        "training.session.confidence_recorded",
        session,
        {"answers": {"from": None, "to": f"{total} {Moment(moment).label.lower()}"}},
    )
    return total
