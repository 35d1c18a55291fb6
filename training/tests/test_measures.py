"""The figures training and partners offer to plan measures (training/measures.py,
partners/measures.py), against data built by hand: each figure counts what it says, in the
partnership asked about and nowhere else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Partnership
from conftest import add_coordinator, tower_hamlets, viewer, westminster
from govuk.measures import source
from lib.dates import add_months
from lib.errors import Refused
from partners import actions as partner_actions
from partners.models import Contact, Organisation, OrganisationStatus, StaffCount, StaffGroup
from partners.tests.builders import organisation, sector
from training import compliance
from training.models import Completion, CompletionSource, Course, Session, SessionStatus

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 9, 30)
START = dt.date(2026, 4, 1)


@dataclass(frozen=True)
class Data:
    partnership: Partnership
    other: Partnership
    council: Organisation
    youth: Organisation
    school: Organisation
    wrap: Course
    awareness: Course
    frontline: StaffGroup
    network: Any


def _course(code: str) -> Course:
    return Course.objects.get(partnership=None, code=code)


def _group(code: str) -> StaffGroup:
    return StaffGroup.objects.get(partnership=None, code=code)


def _person(org: Organisation, name: str, group: StaffGroup, **dates: Any) -> Contact:
    return Contact.objects.create(
        partnership=org.partnership, organisation=org, name=name, staff_group=group, **dates
    )


def _completed(person: Contact, course: Course, on: dt.date) -> None:
    Completion.objects.create(
        partnership=person.partnership,
        person=person,
        course=course,
        completed_on=on,
        source=CompletionSource.RECORDED,
    )


def _session(partnership: Partnership, course: Course, on: dt.date, status: str, host: Any = None) -> None:
    Session.objects.create(
        partnership=partnership,
        course=course,
        starts_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10))),
        status=status,
        host=host,
    )


@pytest.fixture(scope="module")
def data(module_db: None) -> Data:
    partnership, other = tower_hamlets(), westminster()
    coordinator = viewer(add_coordinator(partnership), partnership)
    council = organisation(coordinator, "Tower Hamlets Council", "local-authority")
    youth = organisation(coordinator, "Youth Service", "local-authority", parent=council)
    school = organisation(coordinator, "Riverside Academy", "school-academy")
    organisation(coordinator, "Old Mill School", "school-academy", status=OrganisationStatus.CLOSED)
    wrap, awareness = _course("wrap"), _course("prevent-awareness")
    frontline, teaching = _group("frontline-staff"), _group("teaching-staff")
    staff = [
        _person(youth, f"Youth worker {n}", frontline, started_on=dt.date(2020, 1, 1)) for n in range(10)
    ]
    for person in staff[:7]:
        _completed(person, wrap, dt.date(2026, 5, 10))
    _completed(staff[7], wrap, dt.date(2023, 5, 1))  # expired on 1 May 2026 (36 months)
    _completed(staff[8], awareness, dt.date(2026, 1, 15))  # another course, still valid
    leaver = _person(youth, "Leaver", frontline, left_on=dt.date(2026, 6, 30))
    _completed(leaver, wrap, dt.date(2026, 5, 10))
    _person(youth, "Starter", frontline, started_on=dt.date(2026, 10, 15))
    teacher = _person(school, "Teacher", teaching)
    _completed(teacher, wrap, dt.date(2026, 6, 1))
    _completed(teacher, wrap, dt.date(2026, 3, 31))  # the day before the period
    # Another partnership's records are never counted.
    elsewhere = Organisation.objects.create(
        partnership=other, name="Elsewhere", sector=sector("local-authority")
    )
    stranger = _person(elsewhere, "Stranger", frontline)
    _completed(stranger, wrap, dt.date(2026, 6, 1))
    _session(other, wrap, dt.date(2026, 6, 1), SessionStatus.HELD)
    for number, counted_on in (
        (20, dt.date(2026, 1, 1)),
        (14, dt.date(2026, 6, 1)),
        (99, dt.date(2026, 12, 1)),
    ):
        StaffCount.objects.create(
            organisation=youth, staff_group=frontline, number=number, counted_on=counted_on
        )
    _session(partnership, wrap, dt.date(2026, 5, 1), SessionStatus.HELD, youth)
    _session(partnership, wrap, dt.date(2026, 9, 30), SessionStatus.HELD, school)
    _session(partnership, wrap, dt.date(2026, 7, 1), SessionStatus.CANCELLED, youth)
    _session(partnership, wrap, dt.date(2026, 8, 1), SessionStatus.PLANNED, youth)
    _session(partnership, wrap, dt.date(2026, 3, 31), SessionStatus.HELD, youth)
    _session(partnership, awareness, dt.date(2026, 6, 1), SessionStatus.HELD, youth)
    network = partner_actions.create_network(viewer=coordinator, name="Faith Network")
    members = [
        partner_actions.add_contact(viewer=coordinator, organisation=council, name=f"Faith lead {n}")
        for n in range(4)
    ]
    partner_actions.add_member(
        viewer=coordinator, network=network, contact=members[0], joined=dt.date(2026, 1, 1)
    )
    partner_actions.add_member(viewer=coordinator, network=network, contact=members[1], joined=ON)
    partner_actions.add_member(
        viewer=coordinator, network=network, contact=members[2], joined=dt.date(2026, 10, 1)
    )
    gone = partner_actions.add_member(
        viewer=coordinator, network=network, contact=members[3], joined=dt.date(2026, 1, 1)
    )
    partner_actions.record_leaving(viewer=coordinator, member=gone, left=ON)
    return Data(partnership, other, council, youth, school, wrap, awareness, frontline, network)


def _figure(code: str, data: Data, start: dt.date = START, end: dt.date = ON, **params: Any) -> Any:
    found = source(code)
    assert found is not None
    cleaned = found.clean(data.partnership, {name: str(value) for name, value in params.items()})
    return found.compute(data.partnership, cleaned, start, end)


def test_completions_of_a_course_in_the_period(data: Data) -> None:
    figure = _figure("training.completions", data, course=data.wrap.pk)
    # Seven youth workers, the leaver (completed while in post) and the teacher; not the
    # teacher's earlier completion, the expired one from 2023 or the other partnership's.
    assert figure.value == 9
    assert "9 completions of Workshop to Raise Awareness of Prevent (WRAP)" in figure.description
    assert "between 1 April 2026 and 30 September 2026" in figure.description


def test_completions_narrowed_by_organisation_sector_and_staff_group(data: Data) -> None:
    assert _figure("training.completions", data, course=data.wrap.pk, organisation=data.council.pk).value == 8
    assert _figure("training.completions", data, course=data.wrap.pk, organisation=data.school.pk).value == 1
    assert _figure("training.completions", data, sector=sector("school-academy").pk).value == 1
    assert _figure("training.completions", data, staff_group=data.frontline.pk).value == 8
    # Any course: the awareness completion in January is before the period.
    assert _figure("training.completions", data).value == 9
    assert _figure("training.completions", data, start=dt.date(2026, 1, 1)).value == 11


def test_percentage_trained_of_the_people_known_in_the_group(data: Data) -> None:
    figure = _figure(
        "training.trained_percentage",
        data,
        course=data.wrap.pk,
        organisation=data.council.pk,
        staff_group=data.frontline.pk,
    )
    # Ten youth workers in post on 30 September (not the leaver, not the starter); seven
    # hold a valid WRAP completion (the 2023 one has expired).
    assert (figure.value, figure.numerator, figure.denominator) == (Decimal("70.0"), 7, 10)
    assert "of 10 people known in the register in post on 30 September 2026" in figure.description


def test_percentage_trained_with_any_course(data: Data) -> None:
    figure = _figure("training.trained_percentage", data, organisation=data.youth.pk)
    assert (figure.numerator, figure.denominator) == (8, 10)
    assert figure.value == Decimal("80.0")


def test_percentage_trained_of_the_staff_numbers_recorded(data: Data) -> None:
    figure = _figure(
        "training.trained_percentage",
        data,
        course=data.wrap.pk,
        organisation=data.council.pk,
        staff_group=data.frontline.pk,
        denominator="staff_count",
    )
    # The latest count on or before 30 September is 14 (1 June), not 20 (January) or 99 (December).
    assert (figure.numerator, figure.denominator, figure.value) == (7, 14, Decimal("50.0"))
    assert "of 14 staff recorded in the staff numbers" in figure.description


def test_a_percentage_with_nobody_to_count_has_no_value(data: Data) -> None:
    figure = _figure("training.trained_percentage", data, staff_group=_group("volunteers").pk)
    assert (figure.value, figure.numerator, figure.denominator) == (None, 0, 0)


def test_the_percentage_needs_a_group_and_the_staff_numbers_need_a_staff_group(data: Data) -> None:
    found = source("training.trained_percentage")
    assert found is not None
    with pytest.raises(Exception, match="Select an organisation"):
        found.clean(data.partnership, {"course": str(data.wrap.pk)})
    with pytest.raises(Exception, match="Select a staff group"):
        found.clean(data.partnership, {"organisation": str(data.youth.pk), "denominator": "staff_count"})


def test_organisations_reached_in_the_period(data: Data) -> None:
    # The Youth Service (seven youth workers and the leaver) and the academy.
    figure = _figure("training.organisations_reached", data, course=data.wrap.pk)
    assert figure.value == 2
    assert figure.description.startswith("2 organisations with a completion of Workshop")
    assert _figure("training.organisations_reached", data, sector=sector("school-academy").pk).value == 1


def test_sessions_held_in_the_period(data: Data) -> None:
    # Held in the period: 1 May and 30 September; not cancelled, planned, before the
    # period, another course's, or another partnership's.
    assert _figure("training.sessions_held", data, course=data.wrap.pk).value == 2
    assert (
        _figure("training.sessions_held", data, course=data.wrap.pk, organisation=data.council.pk).value == 1
    )
    assert _figure("training.sessions_held", data).value == 3


def test_members_of_a_network_on_the_last_day(data: Data) -> None:
    figure = _figure("partners.network_members", data, network=data.network.pk)
    # Joined in January and still there; joined on the day; not the one joining in October,
    # nor the one who left on the day.
    assert figure.value == 2
    assert figure.description == "2 members of Faith Network on 30 September 2026"
    assert (
        _figure("partners.network_members", data, end=dt.date(2026, 9, 29), network=data.network.pk).value
        == 2
    )


def test_organisations_by_sector_and_status(data: Data) -> None:
    academy = sector("school-academy").pk
    assert _figure("partners.organisations", data).value == 4
    assert _figure("partners.organisations", data, sector=academy).value == 2
    figure = _figure("partners.organisations", data, sector=academy, status="active")
    assert figure.value == 1
    assert figure.description == "1 active organisations in the sector School: academy in the register"


@pytest.mark.parametrize(
    ("code", "params"),
    [
        ("training.completions", {"course": "wrap"}),
        ("training.trained_percentage", {"organisation": "youth", "course": "wrap"}),
        ("training.sessions_held", {"course": "wrap"}),
        ("training.organisations_reached", {"course": "wrap"}),
        ("partners.network_members", {"network": "network"}),
        ("partners.organisations", {"sector": "sector"}),
    ],
)
def test_each_figure_is_a_fixed_number_of_queries(code: str, params: dict[str, str], data: Data) -> None:
    values = {
        "wrap": data.wrap.pk,
        "youth": data.youth.pk,
        "network": data.network.pk,
        "sector": sector("school-academy").pk,
    }
    concrete = {name: values[value] for name, value in params.items()}
    with CaptureQueriesContext(connection) as queries:
        _figure(code, data, **concrete)
    # Checking the choices, the aggregate, and the names for the words: never a query a row.
    assert len(queries) <= 8, [q["sql"] for q in queries]


def test_compliance_with_a_requirement_reads_the_figure_its_page_shows(
    coordinator_viewer: Any, partnership: Partnership
) -> None:
    from training.tests.builders_compliance import complete, person, rule
    from training.tests.builders_compliance import organisation as org

    youth = org(coordinator_viewer, "Youth Service")
    staff = [person(coordinator_viewer, youth, f"Worker {n}", group="frontline-staff") for n in range(3)]
    complete(staff[0], "wrap", timezone.localdate() - dt.timedelta(days=10))
    wrap = rule(coordinator_viewer, "Youth WRAP", organisation=youth)
    found = source("training.rule_compliance")
    assert found is not None
    cleaned = found.clean(partnership, {"rule": str(wrap.pk)})
    figure = found.compute(partnership, cleaned, START, timezone.localdate())
    page = compliance.rule_compliance(wrap, on=timezone.localdate()).total
    assert (figure.numerator, figure.denominator) == (page.trained, page.denominator) == (1, 3)
    assert figure.value == Decimal(str(page.percent)) == Decimal("33.3")
    assert "Youth WRAP" in figure.description
    # Another partnership's rule is not among the choices, so it is refused.
    other = Partnership.objects.exclude(pk=partnership.pk).first() or westminster()
    with pytest.raises(Refused, match="from the list"):
        found.clean(other, {"rule": str(wrap.pk)})


def test_compliance_with_a_requirement_in_an_earlier_quarter_counts_who_was_in_post_and_trained_then(
    coordinator_viewer: Any, partnership: Partnership
) -> None:
    from training.tests.builders_compliance import complete, person, rule
    from training.tests.builders_compliance import organisation as org

    youth = org(coordinator_viewer, "Youth Service")
    early = person(coordinator_viewer, youth, "Early", started_on=dt.date(2025, 1, 6))
    later = person(coordinator_viewer, youth, "Later", started_on=dt.date(2025, 1, 6))
    person(coordinator_viewer, youth, "Joined in August", started_on=dt.date(2025, 8, 1))
    joined = person(coordinator_viewer, youth, "Joined next year", started_on=dt.date(2026, 1, 5))
    gone = person(
        coordinator_viewer, youth, "Gone", started_on=dt.date(2024, 1, 8), left_on=dt.date(2025, 5, 1)
    )
    complete(early, "wrap", dt.date(2025, 3, 10))  # due again six months later, 10 September
    complete(later, "wrap", dt.date(2025, 8, 20))
    complete(joined, "wrap", dt.date(2026, 1, 15))
    complete(gone, "wrap", dt.date(2024, 6, 3))
    wrap = rule(coordinator_viewer, "Youth WRAP", organisation=youth, refresher_months=6)
    found = source("training.rule_compliance")
    assert found is not None
    params = found.clean(partnership, {"rule": str(wrap.pk)})

    def figure(start: dt.date, end: dt.date) -> tuple[Any, ...]:
        computed = found.compute(partnership, params, start, end)
        return computed.value, computed.numerator, computed.denominator

    # 30 June 2025: Early and Later in post, Early trained; the leaver and the later
    # starters are not counted, nor Later's August completion.
    assert figure(dt.date(2025, 4, 1), dt.date(2025, 6, 30)) == (Decimal(50), 1, 2)
    # 30 September 2025: Early's refresher fell due on 10 September; Later is trained.
    assert figure(dt.date(2025, 7, 1), dt.date(2025, 9, 30)) == (Decimal("33.3"), 1, 3)
    # The present quarter reads the page's figure, from the summary.
    page = compliance.rule_compliance(wrap, on=timezone.localdate()).total
    today = figure(START, timezone.localdate() + dt.timedelta(days=90))
    assert today[1:] == (page.trained, page.audience)
    # Staff declared beyond the register count in the denominator from the day they were
    # counted: 5 declared on 1 September 2025 against 3 recorded then.
    from partners import actions as partner_actions
    from training.tests.builders_compliance import staff_group

    partner_actions.record_staff_count(
        viewer=coordinator_viewer,
        organisation=youth,
        staff_group=staff_group("all-staff"),
        number=5,
        counted_on=dt.date(2025, 9, 1),
    )
    assert figure(dt.date(2025, 4, 1), dt.date(2025, 6, 30)) == (Decimal(50), 1, 2)
    assert figure(dt.date(2025, 7, 1), dt.date(2025, 9, 30)) == (Decimal(20), 1, 5)
    page = compliance.rule_compliance(wrap, on=timezone.localdate()).total
    today = figure(START, timezone.localdate() + dt.timedelta(days=90))
    assert today[1:] == (page.trained, page.denominator) and page.denominator == max(5, page.audience)


@pytest.mark.parametrize("months", [1, 6, 24])
def test_an_earlier_quarters_refresher_falls_due_on_the_day_the_compliance_page_says(months: int) -> None:
    """Month ends: a completion on 31 August under a six-month refresher is due again on
    28 February, as training.compliance.dates_for counts it."""
    from training.measures import _lapsed_by

    day = dt.date(2023, 1, 1)
    while day <= dt.date(2025, 12, 31):
        for on in (dt.date(2025, 2, 28), dt.date(2025, 6, 30), dt.date(2025, 9, 30), dt.date(2025, 12, 31)):
            expires = add_months(day, months)
            assert (day > _lapsed_by(on, months)) == (expires > on), (day, on)
        day += dt.timedelta(days=1)
