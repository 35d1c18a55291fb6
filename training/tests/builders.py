"""Courses, sessions, people and completions for tests, written through the actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from conftest import add_person
from partners.models import Contact, Organisation, PartnerLead
from partners.tests.builders import organisation
from training.actions import courses as course_actions
from training.actions import sessions as session_actions
from training.models import Completion, Course, PlaceStatus, Session, SessionPlace


def national(code: str) -> Course:
    return Course.objects.get(partnership=None, code=code)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def days_ago(days: int, hour: int = 10) -> dt.datetime:
    return at(timezone.localdate() - dt.timedelta(days=days), hour)


def session(viewer: Viewer, course: Course | str = "wrap", **values: object) -> Session:
    values.setdefault("starts_at", days_ago(7))
    return session_actions.schedule_session(
        viewer=viewer,
        course=national(course) if isinstance(course, str) else course,
        **values,  # type: ignore[arg-type]
    )


def people(
    viewer: Viewer, session: Session, at_organisation: Organisation, *names: str, domain: str = "example.org"
) -> list[Contact]:
    """New people at an organisation, booked on the session."""
    return session_actions.add_people(
        viewer=viewer,
        session=session,
        people=[
            session_actions.NewPerson(
                name=name,
                email=f"{name.lower().replace(' ', '.')}@{domain}",
                organisation=at_organisation,
            )
            for name in names
        ],
    )


def attend(viewer: Viewer, session: Session, *attending: Contact) -> None:
    wanted = {person.pk for person in attending}
    session_actions.record_attendance(
        viewer=viewer,
        session=session,
        marks={place: PlaceStatus.ATTENDED for place in session.places.all() if place.person_id in wanted},
    )


def partner_lead(partnership: Partnership, *organisations: Organisation, email: str) -> User:
    """A user holding the partner lead role who leads `organisations`."""
    user = add_person(partnership, Role.PARTNER_LEAD, email=email, full_name="Pat Lead")
    for led in organisations:
        PartnerLead.objects.create(user=user, organisation=led)
    return user


@dataclass(frozen=True)
class TrainingRecords:
    organisation: Organisation
    course: Course  # the partnership's own
    session: Session  # by person, held, one person attended
    briefing: Session  # head-count only, begun, planned
    person: Contact
    completion: Completion
    booked: SessionPlace  # on `session`, not marked: its booking can be removed


def training_for_walks(viewer: Viewer) -> TrainingRecords:
    """One of each training record, for the walks of every route."""
    school = organisation(viewer, "Westbourne Park School", "school-maintained")
    course = course_actions.create_course(
        viewer=viewer, title="Prevent for governors", kind="face_to_face", validity_months=24
    )
    held = session(
        viewer,
        "wrap",
        host=school,
        trainer="Sam Trainer",
        trainer_accreditation="Home Office accredited WRAP facilitator",
        trainer_accreditation_expires=timezone.localdate() + dt.timedelta(days=365),
        capacity=30,
    )
    [person, waiting] = people(viewer, held, school, "Ada Teacher", "Ben Waiting")
    attend(viewer, held, person)
    briefing = session(viewer, "briefing", headcount_only=True, starts_at=days_ago(1))
    return TrainingRecords(
        school,
        course,
        held,
        briefing,
        person,
        Completion.objects.get(person=person, session=held),
        held.places.get(person=waiting),
    )
