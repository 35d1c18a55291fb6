"""Two years of training for each demo partnership, so the dashboard's training indicators,
the quarterly return and the training pages show trends rather than empty past quarters.

What is invented, in each of the eight complete quarters the dashboard shows
(demo.performance_history.quarters): face-to-face sessions (WRAP workshops and Prevent
briefings) held at the partnership's demo organisations, each attended by staff added to
the register at the session (one or two booked did not come); and the quarter's export of
Home Office e-learning completions, imported: new staff completing the Awareness course,
and some of those trained earlier going on to the Referrals or Channel awareness course.
Both grow over the two years, with a seeded draw per partnership so that no two
partnerships' figures are alike.

Everything goes through training's actions with their dates, as a coordinator catching up
on two years of records would: each session scheduled on its past date and its attendance
recorded (an attendance is a completion dated the session's day), each export uploaded
and imported with its completion dates. And everything is finished: every session is held
with its attendance recorded, every import has landed and its file is removed, no column
layout is saved (the browser test of imports saves its own).

Left alone: the organisations a requirement rule counts (Tower Hamlets' councillors and
Youth Services), so that today's compliance is what demo/training_rules.py sets. The past
quarters' compliance rises toward it from those people's own start and completion dates
(training.measures.rule_compliance counts a quarter already over from the records).

The people's names are invented from the lists below, which share no family name with
the demo's referred people: a referred person's name must never be held in clear
(cases/tests/test_keys_and_dumps.py reads a dump of the demo for them).

Loaded after demo.training and demo.training_rules, and before demo.measures and
demo.performance_returns. The plans' measures count training only in 2016-17 (Westminster's
report) and in the present financial year (Tower Hamlets' requirement, counted today), so
they would not change; but the returns submitted for the last two quarters keep those
quarters' sessions and completions, which must include these."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from demo.performance_history import quarters
from partners.models import Organisation, OrganisationStatus
from projects.quarters import quarter_end, short_label
from training import compliance
from training.actions import imports as import_actions
from training.actions import sessions as session_actions
from training.models import AudienceKind, Course, ImportStatus, PlaceStatus, RequirementRule

# Face-to-face sessions and e-learning completions by new staff in each complete quarter,
# oldest first, before the partnership's scale and its own variation.
SESSIONS = (1, 1, 2, 1, 2, 2, 3, 2)
ELEARNING = (4, 6, 5, 8, 9, 8, 12, 14)
# Westminster trains the most staff (its report counts 1,800 in eighteen months).
SCALE = {"westminster": 2}
ATTENDEES = (6, 14)
GIVEN = (
    "Abigail", "Bernard", "Chidi", "Delphine", "Eamon", "Fatima", "Gareth", "Hana", "Ibrahim",
    "Joanna", "Kwame", "Lucy", "Marcus", "Nadia", "Owen", "Parveen", "Rebecca", "Simon", "Tomasz",
    "Ursula", "Victor", "Wendy", "Xavier", "Yvonne",
)  # fmt: skip
FAMILY = (
    "Abernethy", "Blackwood", "Corrigan", "Dunleavy", "Ellwood", "Fenwick", "Gillespie", "Hartigan",
    "Inchbald", "Jardine", "Kilbride", "Lockhart", "Macready", "Norcott", "Oldroyd", "Pennington",
    "Radcliffe", "Sherwood", "Trelawney", "Underhill", "Venables", "Wetherby", "Yardley", "Ashworth",
    "Beresford",
)  # fmt: skip
JOB_TITLE = "Demo data: fictional member of staff"
ACCREDITATION = "Home Office accredited WRAP facilitator"
COLUMNS = {
    "email": "Email address",
    "name": "Full name",
    "organisation": "Organisation",
    "course": "Course",
    "completed_on": "Completion date",
}
# What someone trained earlier goes on to, by e-learning.
FOLLOW_ON = ("prevent-referrals", "channel-awareness")


class _Learner:
    """Someone trained in person or by e-learning: how the export names them, when they
    first completed a course and which courses they have done."""

    def __init__(self, name: str, email: str, organisation: Organisation) -> None:
        self.name, self.email, self.organisation = name, email, organisation
        self.first: dt.date | None = None
        self.courses: set[str] = set()

    def completed(self, code: str, on: dt.date) -> None:
        self.first = min(self.first or on, on)
        self.courses.add(code)


class _Training:
    def __init__(self, partnership: Partnership, people: dict[Role, User]) -> None:
        self.coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
        self.random = random.Random(f"training-{partnership.slug}")  # noqa: S311 - demo data, not security
        self.scale = SCALE.get(partnership.slug, 1)
        self.made = sum(map(ord, partnership.slug))  # where the names start, per partnership
        self.courses = {c.code: c for c in Course.objects.filter(partnership=None)}
        self.hosts = _hosts(partnership)
        self.trainer = f"Demo trainer, {partnership.name} Prevent team"
        self.learners: list[_Learner] = []

    def load(self) -> None:
        if not self.hosts:
            return
        for index, start in enumerate(quarters(timezone.localdate())):
            number = max(SESSIONS[index] * self.scale + self.random.randint(-1, 1), 1)
            for k in range(number):
                self.session(self._weekday(start, k, number))
            self.elearning(start, max(ELEARNING[index] * self.scale + self.random.randint(-2, 2), 1))

    def _weekday(self, start: dt.date, k: int, number: int) -> dt.date:
        """The k-th of `number` weekdays spread over the quarter."""
        end = quarter_end(start)
        day = min(start + dt.timedelta(days=5 + (k * 80) // number + self.random.randint(0, 6)), end)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    def _new(self, organisation: Organisation) -> _Learner:
        self.made += 1
        given = GIVEN[self.made % len(GIVEN)]
        family = FAMILY[(self.made // len(GIVEN)) % len(FAMILY)]
        domain = "".join(ch for ch in organisation.name.lower() if ch.isalnum())
        email = f"{given}.{family}.{self.made}@{domain}.demo".lower()
        return _Learner(f"{given} {family}", email, organisation)

    def session(self, day: dt.date) -> None:
        """A session at one of the organisations, its staff added and booked there; all
        but one or two came."""
        host = self.random.choice(self.hosts)
        code = "wrap" if self.random.random() < 0.6 else "briefing"
        wrap = code == "wrap"
        attending = self.random.randint(*ATTENDEES)
        absent = self.random.choice((0, 0, 1, 2))
        hour = self.random.choice((dt.time(9, 30), dt.time(13, 30), dt.time(15, 45)))
        session = session_actions.schedule_session(
            viewer=self.coordinator,
            course=self.courses[code],
            starts_at=timezone.make_aware(dt.datetime.combine(day, hour)),
            venue=f"{host.name} (demo)",
            host=host,
            trainer=self.trainer,
            trainer_accreditation=ACCREDITATION if wrap else "",
            # Accredited for three years: still current, so no page warns about it.
            trainer_accreditation_expires=day + dt.timedelta(days=3 * 365) if wrap else None,
            capacity=attending + absent + 4,
        )
        learners = [self._new(host) for _ in range(attending + absent)]
        booked = session_actions.add_people(
            viewer=self.coordinator,
            session=session,
            people=[
                session_actions.NewPerson(
                    name=learner.name, email=learner.email, organisation=host, job_title=JOB_TITLE
                )
                for learner in learners
            ],
        )
        came = {contact.pk for contact in booked[:attending]}
        session_actions.record_attendance(
            viewer=self.coordinator,
            session=session,
            marks={
                place: PlaceStatus.ATTENDED if place.person_id in came else PlaceStatus.ABSENT
                for place in session.places.all()
            },
        )
        # Those who did not come stay on the register, booked and marked absent.
        for learner in learners[:attending]:
            learner.completed(code, day)
            self.learners.append(learner)

    def elearning(self, start: dt.date, new: int) -> None:
        """The quarter's export, imported: `new` staff completing the Awareness course, and
        about a third as many of those trained in an earlier quarter going on to another
        course."""
        end = quarter_end(start)
        earlier = [
            learner
            for learner in self.learners
            if learner.first is not None and learner.first < start and not set(FOLLOW_ON) <= learner.courses
        ]
        rows = [
            (learner, next(code for code in FOLLOW_ON if code not in learner.courses))
            for learner in self.random.sample(earlier, k=min(len(earlier), max(new // 3, 1)))
        ]
        joining = [self._new(self.random.choice(self.hosts)) for _ in range(new)]
        self.learners += joining
        rows += [(learner, "prevent-awareness") for learner in joining]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS.values())
        for learner, code in rows:
            day = start + dt.timedelta(days=self.random.randint(0, (end - start).days))
            learner.completed(code, day)
            writer.writerow(
                [learner.email, learner.name, learner.organisation.name, code, day.strftime("%d/%m/%Y")]
            )
        name = f"home-office-elearning-{short_label(start).replace(' ', '-').lower()}.csv"
        upload = SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")
        batch = import_actions.start_import(viewer=self.coordinator, upload=upload)
        batch = import_actions.choose_columns(viewer=self.coordinator, batch=batch, columns=COLUMNS)
        batch = import_actions.run_import(batch=batch)
        if batch.status != ImportStatus.DONE or batch.completions_added != len(rows):
            raise RuntimeError(f"The demo's e-learning export {name} did not land whole: {batch.errors}")


def _hosts(partnership: Partnership) -> list[Organisation]:
    """The partnership's active organisations that no requirement rule counts (with those
    under them), in a fixed order; one whose name another shares is left out, since the
    export names the organisation (Westminster's demo registers its council twice)."""
    rules = RequirementRule.objects.filter(partnership=partnership, active=True)
    counted = compliance.descendants(
        rules.filter(audience=AudienceKind.ORGANISATION)
        .exclude(organisation=None)
        .values_list("organisation_id", flat=True)
    )
    sectors = (
        rules.filter(audience=AudienceKind.SECTOR).exclude(sector=None).values_list("sector_id", flat=True)
    )
    names = Counter(
        name.casefold()
        for name in Organisation.objects.filter(partnership=partnership).values_list("name", flat=True)
    )
    return [
        organisation
        for organisation in Organisation.objects.filter(
            partnership=partnership, status=OrganisationStatus.ACTIVE
        )
        .exclude(pk__in=counted)
        .exclude(sector_id__in=sectors)
        .order_by("name", "pk")
        if names[organisation.name.casefold()] == 1
    ]


def load_training(partnership: Partnership, people: dict[Role, User]) -> None:
    _Training(partnership, people).load()
