"""Training in the demo: Westminster's committee report of 15 November 2017 says "Since
April 2016 the Prevent Team delivered training to over 1800 staff in 53 institutions". The
demo builds that as records: 53 fictional educational institutions, each hosting sessions
between April 2016 and the report, at which 1,812 fictional staff attended and completed the
course; some sessions are WRAP workshops with confidence counts before and after, and a few
briefings counted by head. Nearer today: a session a partner lead's school hosted two days
ago whose attendance is still to record, and sessions in the coming weeks (one with a
trainer whose accreditation lapses first). Every institution and person is fictional and
labelled demo data; everything is written through the action functions."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from partners import actions as partner_actions
from partners.importing import ImportedOrganisation
from partners.models import Organisation, PartnerLead, Sector, StaffGroup
from training.actions import courses as course_actions
from training.actions import sessions as session_actions
from training.models import ConfidenceQuestion, Course, Moment, PlaceStatus, Session

TRAINING_REPORT = (
    "Since April 2016 the Prevent Team delivered training to over 1800 staff in 53 institutions."
)
STAFF_TRAINED = 1812
INSTITUTIONS = 53
PERIOD = (dt.date(2016, 4, 4), dt.date(2017, 11, 10))
DEMO_ADDRESS = "Demo data: a fictional institution"
PARTNER_LEAD_EMAIL = "partnerlead@westminster.demo"
PLACES = 40

# (sector code, kind of institution, how many, fewest and most staff trained)
KINDS = (
    ("school-maintained", "Primary School", 18, 22, 38),
    ("school-academy", "Academy", 12, 35, 55),
    ("school-independent", "School", 6, 25, 45),
    ("early-years", "Nursery", 6, 8, 16),
    ("further-education", "College", 4, 55, 80),
    ("higher-education", "Institute", 3, 45, 70),
    ("supplementary-school", "Saturday School", 4, 6, 12),
)
PLACE_NAMES = (
    "Ashbridge", "Bellfield", "Carrow Lane", "Dunmore", "Elmsworth", "Fairholme", "Greyfriars Walk",
    "Hartwell", "Ivybridge Row", "Juniper Hill", "Kestrel", "Lindenmere", "Marchmont Green",
    "Northgate", "Oakhanger", "Pelham Vale", "Queensmead", "Rosebank", "Saltley Park", "Thornbury",
    "Upton Fields", "Vale Royal", "Willowdene", "Yewcroft", "Alder Mews", "Birchington",
    "Calder Rise", "Dovecote", "Eastwick", "Foxley", "Glenmore", "Hazelmere", "Inglewood",
    "Kingsmead", "Larkhill", "Meadowcroft", "Netherby", "Orchard Gate", "Primrose Court",
    "Redcliffe Square", "Sandpiper", "Tamarind", "Underwood", "Verity", "Westmoor", "Amberley",
    "Brookvale", "Cherrytree", "Dellfield", "Edgecombe", "Fernleigh", "Goldcrest", "Holloway Park",
)  # fmt: skip
GIVEN = (
    "Anika", "Ben", "Chloe", "Daniel", "Esther", "Farid", "Grace", "Hassan", "Isla", "Jonah",
    "Kemi", "Liam", "Maya", "Nikhil", "Olivia", "Priya", "Quentin", "Rosa", "Samir", "Tara",
    "Usman", "Vera", "Wes", "Yasmin", "Zak",
)  # fmt: skip
FAMILY = (
    "Adeyemi", "Bennett", "Chowdhury", "Doyle", "Evans", "Fischer", "Gallagher", "Hughes",
    "Iqbal", "Jones", "Kowalski", "Lewis", "Mensah", "Nowak", "O'Brien", "Patel", "Quinn",
    "Rahman", "Silva", "Turner", "Usher", "Vaughan", "Walsh", "Young", "Zielinski",
)  # fmt: skip
TIMES = (dt.time(9, 30), dt.time(13, 30), dt.time(15, 45))
TRAINER = "Demo trainer, Westminster Prevent Team"
WRAP_ACCREDITATION = "Home Office accredited WRAP facilitator"


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    if partnership.slug != "westminster":
        return
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    _Westminster(coordinator, people[Role.COORDINATOR]).load()


class _Westminster:
    def __init__(self, coordinator: Viewer, coordinator_user: User) -> None:
        self.coordinator = coordinator
        self.random = random.Random(15)  # noqa: S311 - demo data, not security
        self.people_made = 0
        self.teaching = StaffGroup.objects.get(partnership=None, code="teaching-staff")
        self.support = StaffGroup.objects.get(partnership=None, code="support-staff")
        self.wrap = Course.objects.get(partnership=None, code="wrap")
        self.briefing = Course.objects.get(partnership=None, code="briefing")
        self.questions = list(ConfidenceQuestion.objects.filter(partnership=None).order_by("position"))

    def load(self) -> None:
        education = course_actions.create_course(
            viewer=self.coordinator,
            title="Prevent in educational settings",
            kind="face_to_face",
            provider="Westminster Prevent Team",
            description=(
                "Westminster's training package for educational institutions, from early years to "
                "universities: an overview of Prevent and the safeguarding measures available."
            ),
            validity_months=36,
        )
        council = partner_actions.create_organisation(
            viewer=self.coordinator,
            name="Westminster City Council",
            sector=Sector.objects.get(partnership=None, code="local-authority"),
            address="Demo data: the council's Prevent Team",
        )
        institutions = self._institutions()
        sizes = self._sizes(institutions)
        days = self._days(sum(-(-size // PLACES) for size in sizes))
        for index, (institution, size) in enumerate(zip(institutions, sizes, strict=True)):
            course = self.wrap if index % 6 == 0 else education
            while size:
                part = min(size, PLACES)
                self._held_session(institution, course, next(days), part)
                size -= part
        for on, heads in (
            (dt.date(2016, 9, 14), 140),
            (dt.date(2017, 2, 8), 85),
            (dt.date(2017, 6, 21), 210),
        ):
            briefing = session_actions.schedule_session(
                viewer=self.coordinator,
                course=self.briefing,
                starts_at=self._at(on, dt.time(18, 0)),
                venue="Council House, Marylebone Road (demo)",
                host=council,
                trainer=TRAINER,
                capacity=250,
                headcount_only=True,
            )
            session_actions.record_headcount(viewer=self.coordinator, session=briefing, headcount=heads)
        # The school the partnership's demo partner lead leads (demo/partners.py).
        led = PartnerLead.objects.get(user__email=PARTNER_LEAD_EMAIL).organisation
        self._now(led, education)

    def _institutions(self) -> list[Organisation]:
        """The 53 institutions, added to the register in one import (one audit batch)."""
        names = iter(PLACE_NAMES)
        rows: list[ImportedOrganisation] = []
        for code, kind, count, _, _ in KINDS:
            sector = Sector.objects.get(partnership=None, code=code)
            for _ in range(count):
                rows.append(
                    ImportedOrganisation(
                        line=len(rows) + 2, name=f"{next(names)} {kind}", sector=sector, address=DEMO_ADDRESS
                    )
                )
        partner_actions.import_organisations(
            viewer=self.coordinator, rows=rows, file_name="demo institutions"
        )
        by_name = {
            organisation.name: organisation
            for organisation in Organisation.objects.filter(
                partnership=self.coordinator.partnership, name__in=[row.name for row in rows]
            )
        }
        made = [by_name[row.name] for row in rows]
        assert len(made) == INSTITUTIONS
        return made

    def _sizes(self, institutions: list[Organisation]) -> list[int]:
        """How many staff each institution had trained, adding up to STAFF_TRAINED."""
        sizes = [self.random.randint(low, high) for _, _, count, low, high in KINDS for _ in range(count)]
        step = 1 if sum(sizes) < STAFF_TRAINED else -1
        index = 0
        while sum(sizes) != STAFF_TRAINED:
            if sizes[index % len(sizes)] + step >= 5:
                sizes[index % len(sizes)] += step
            index += 1
        return sizes

    def _days(self, count: int) -> Iterator[dt.datetime]:
        """`count` weekdays spread over the report's period, in order."""
        start, end = PERIOD
        span = (end - start).days
        for number in range(count):
            day = start + dt.timedelta(days=span * number // max(count - 1, 1))
            while day.weekday() >= 5:
                day -= dt.timedelta(days=1)
            yield self._at(day, TIMES[number % len(TIMES)])

    @staticmethod
    def _at(day: dt.date, time: dt.time) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, time))

    def _new_people(self, institution: Organisation, count: int) -> list[session_actions.NewPerson]:
        made = []
        domain = "".join(ch for ch in institution.name.lower() if ch.isalnum())
        for _ in range(count):
            self.people_made += 1
            number = self.people_made
            given, family = GIVEN[number % len(GIVEN)], FAMILY[(number // len(GIVEN)) % len(FAMILY)]
            made.append(
                session_actions.NewPerson(
                    name=f"{given} {family}",
                    email=f"{given}.{family}.{number}@{domain}.demo".lower().replace("'", ""),
                    organisation=institution,
                    staff_group=self.teaching if number % 3 else self.support,
                    job_title="Demo data: fictional member of staff",
                )
            )
        return made

    def _held_session(
        self, institution: Organisation, course: Course, starts_at: dt.datetime, attended: int
    ) -> None:
        wrap = course == self.wrap
        absent = 1 if self.random.random() < 0.3 else 0
        session = session_actions.schedule_session(
            viewer=self.coordinator,
            course=course,
            starts_at=starts_at,
            venue=f"{institution.name} (demo)",
            host=institution,
            trainer=TRAINER,
            trainer_accreditation=WRAP_ACCREDITATION if wrap else "",
            trainer_accreditation_expires=dt.date(2018, 3, 31) if wrap else None,
            capacity=PLACES + 2,
        )
        booked = session_actions.add_people(
            viewer=self.coordinator, session=session, people=self._new_people(institution, attended + absent)
        )
        came = {person.pk for person in booked[:attended]}
        session_actions.record_attendance(
            viewer=self.coordinator,
            session=session,
            marks={
                place: PlaceStatus.ATTENDED if place.person_id in came else PlaceStatus.ABSENT
                for place in session.places.all()
            },
        )
        if wrap:
            self._confidence(session, attended)

    def _confidence(self, session: Session, attended: int) -> None:
        """Counts of the scores given before and after: most answer, and confidence rises."""
        for moment, weights in ((Moment.BEFORE, (3, 5, 6, 3, 1)), (Moment.AFTER, (0, 1, 3, 8, 6))):
            counts: dict[tuple[ConfidenceQuestion, int], int] = {}
            for question in self.questions:
                answered = max(attended - self.random.randint(0, 3), 0)
                scores = self.random.choices(range(1, 6), weights=weights, k=answered)
                counts |= {(question, score): scores.count(score) for score in range(1, 6)}
            session_actions.record_confidence(
                viewer=self.coordinator, session=session, moment=moment, counts=counts
            )

    def _now(self, school: Organisation, course: Course) -> None:
        """Sessions around today: one the partner lead's school hosted two days ago, its
        attendance still to record; two in the coming weeks."""
        today = timezone.localdate()
        hosted = session_actions.schedule_session(
            viewer=self.coordinator,
            course=course,
            starts_at=self._at(today - dt.timedelta(days=2), dt.time(15, 45)),
            venue=f"{school.name} staff room (demo)",
            host=school,
            trainer=TRAINER,
            capacity=30,
        )
        session_actions.add_people(
            viewer=self.coordinator, session=hosted, people=self._new_people(school, 6)
        )
        session_actions.schedule_session(
            viewer=self.coordinator,
            course=self.wrap,
            starts_at=self._at(today + dt.timedelta(days=12), dt.time(9, 30)),
            venue="Council House, Marylebone Road (demo)",
            trainer=TRAINER,
            trainer_accreditation=WRAP_ACCREDITATION,
            trainer_accreditation_expires=today + dt.timedelta(days=5),
            capacity=25,
        )
        session_actions.schedule_session(
            viewer=self.coordinator,
            course=course,
            starts_at=self._at(today + dt.timedelta(days=40), dt.time(13, 30)),
            venue="Council House, Marylebone Road (demo)",
            trainer=TRAINER,
            capacity=40,
        )
