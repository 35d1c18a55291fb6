from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from govuk.testing import Table, page
from lib.dates import add_months
from partners import actions as partner_actions
from partners.models import Contact
from training import compliance
from training.actions import rules as rule_actions
from training.compliance import Dates, Status, dates_for, status_of
from training.models import Completion, ComplianceEntry, RequirementRule
from training.tests.builders_compliance import (
    complete,
    course,
    lead,
    organisation,
    person,
    rule,
    sector,
    staff_group,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


# --- statuses -----------------------------------------------------------------------------------


def _rule(due: int = 3, refresher: int | None = 24) -> RequirementRule:
    return RequirementRule(
        due_within_months=due, refresher_months=refresher, created_at=timezone.now(), target_percent=95
    )


def test_a_completion_counts_until_its_refresher_is_due() -> None:
    rule = _rule()
    dates = dates_for(rule, dt.date(2020, 1, 6), dt.date(2022, 1, 10))
    assert dates == Dates(dt.date(2022, 1, 10), dt.date(2024, 1, 10), dt.date(2024, 1, 10))
    assert status_of(dates, dt.date(2023, 11, 10)) == Status.COMPLIANT  # 61 days before
    assert status_of(dates, dt.date(2023, 11, 11)) == Status.DUE_SOON  # 60 days before
    assert status_of(dates, dt.date(2024, 1, 9)) == Status.DUE_SOON
    assert status_of(dates, dt.date(2024, 1, 10)) == Status.OVERDUE  # the day it stops counting


def test_without_a_refresher_a_completion_never_expires() -> None:
    dates = dates_for(_rule(refresher=None), dt.date(2020, 1, 6), dt.date(2020, 2, 1))
    assert dates == Dates(dt.date(2020, 2, 1), None, None)
    assert status_of(dates, dt.date(2040, 1, 1)) == Status.COMPLIANT


def test_someone_not_yet_trained_is_due_soon_then_overdue() -> None:
    dates = dates_for(_rule(due=3), dt.date(2024, 1, 31), None)
    assert dates.due_on == dt.date(2024, 4, 30)  # three months on, the month's last day
    assert status_of(dates, dt.date(2024, 2, 1)) == Status.NOT_YET_TRAINED
    assert status_of(dates, dt.date(2024, 3, 1)) == Status.DUE_SOON
    assert status_of(dates, dt.date(2024, 4, 30)) == Status.OVERDUE


def test_without_a_start_date_the_due_date_counts_from_the_rule() -> None:
    rule = _rule(due=3)
    rule.created_at = dt.datetime(2024, 5, 20, 12, tzinfo=dt.UTC)
    assert dates_for(rule, None, None).due_on == dt.date(2024, 8, 20)


def test_a_refresher_is_not_due_before_the_first_due_date() -> None:
    # Trained long ago elsewhere, started recently: due again on the later date.
    dates = dates_for(_rule(due=6, refresher=12), dt.date(2024, 3, 1), dt.date(2022, 1, 1))
    assert dates.due_on == dt.date(2024, 9, 1)


# --- the summary kept in step -----------------------------------------------------------------


@pytest.fixture
def setting(coordinator_viewer: Viewer) -> dict[str, Any]:
    council = organisation(coordinator_viewer, "Tower Hamlets Council")
    youth = organisation(coordinator_viewer, "Youth Service", parent=council)
    school = organisation(coordinator_viewer, "Bow School", code="school-maintained")
    people = {
        "ana": person(coordinator_viewer, youth, "Ana Able", group="frontline-staff", started_on=days(-400)),
        "ben": person(coordinator_viewer, youth, "Ben Bright", group="frontline-staff", started_on=days(-45)),
        "cal": person(coordinator_viewer, council, "Cal Cope", group="managers"),
        "dee": person(coordinator_viewer, school, "Dee Dale", group="teaching-staff", started_on=days(-800)),
        "eli": person(
            coordinator_viewer,
            youth,
            "Eli Gone",
            group="frontline-staff",
            started_on=days(-900),
            left_on=days(-5),
        ),
    }
    complete(people["ana"], "wrap", days(-100))
    complete(people["dee"], "prevent-awareness", days(-700))
    return {"council": council, "youth": youth, "school": school, **people}


def _in_step(partnership: Partnership) -> None:
    assert compliance.stored(partnership) == compliance.computed_from_scratch(partnership)


def test_the_summary_stays_in_step_with_every_kind_of_change(
    coordinator_viewer: Viewer, setting: dict[str, Any], partnership: Partnership
) -> None:
    s = setting
    network = partner_actions.create_network(viewer=coordinator_viewer, name="Faith Network")
    member = partner_actions.add_member(
        viewer=coordinator_viewer, network=network, contact=s["cal"], joined=days(-50)
    )
    compliance.refresh_people([s["cal"].pk])
    by_org = rule(coordinator_viewer, "Council WRAP", organisation=s["council"])
    rule(
        coordinator_viewer,
        "Schools awareness",
        sector=sector("school-maintained"),
        courses=("prevent-awareness",),
    )
    rule(coordinator_viewer, "Frontline", staff_group=staff_group("frontline-staff"), refresher_months=None)
    rule(coordinator_viewer, "Faith network", network=network, courses=("briefing", "wrap"))
    _in_step(partnership)
    assert ComplianceEntry.objects.filter(rule=by_org).count() == 4  # council and youth service

    # A completion added, then removed.
    done = complete(s["ben"], "wrap", days(-1))
    _in_step(partnership)
    done.delete()
    assert compliance.stored(partnership) != compliance.computed_from_scratch(partnership)
    compliance.refresh_people([s["ben"].pk])
    _in_step(partnership)

    # A person's organisation, staff group, start and leaving dates.
    Contact.objects.filter(pk=s["ben"].pk).update(organisation=s["school"])
    Contact.objects.filter(pk=s["ana"].pk).update(staff_group=staff_group("managers"), started_on=days(-10))
    Contact.objects.filter(pk=s["dee"].pk).update(left_on=days(10))
    compliance.refresh_people([s["ben"].pk, s["ana"].pk, s["dee"].pk])
    _in_step(partnership)

    # An organisation's sector and parent.
    partner_actions.update_organisation(
        viewer=coordinator_viewer, organisation=s["school"], sector=sector("fire")
    )
    compliance.refresh_organisations([s["school"].pk])
    _in_step(partnership)
    partner_actions.update_organisation(viewer=coordinator_viewer, organisation=s["youth"], parent=None)
    compliance.refresh_organisations([s["youth"].pk])
    _in_step(partnership)
    assert ComplianceEntry.objects.filter(rule=by_org).count() == 1  # the council's own

    # A network member leaves.
    partner_actions.record_leaving(viewer=coordinator_viewer, member=member, left=TODAY)
    compliance.refresh_people([s["cal"].pk])
    _in_step(partnership)

    # The rule itself: courses, refresher, audience; deactivated and back.
    rule_actions.update_rule(
        viewer=coordinator_viewer,
        rule=by_org,
        courses=[course("prevent-awareness"), course("wrap")],
        refresher_months=12,
        organisation=s["youth"],
    )
    _in_step(partnership)
    rule_actions.set_rule_active(viewer=coordinator_viewer, rule=by_org, active=False)
    assert not ComplianceEntry.objects.filter(rule=by_org).exists()
    _in_step(partnership)
    rule_actions.set_rule_active(viewer=coordinator_viewer, rule=by_org, active=True)
    _in_step(partnership)

    # From scratch gives the same again.
    before = compliance.stored(partnership)
    compliance.rebuild(partnership)
    assert compliance.stored(partnership) == before


def test_the_migration_puts_the_summarys_sectors_in_step_with_the_organisations(
    coordinator_viewer: Viewer, setting: dict[str, Any], partnership: Partnership
) -> None:
    """training 0006: partners 0005 moved organisations between sectors without the
    summary's refresh; the migration leaves the summary as a refresh would."""
    import importlib

    from django.apps import apps as django_apps

    from partners.models import Organisation

    rule(coordinator_viewer, "Everyone at the council", organisation=setting["council"])
    # As a data migration leaves it: the organisation moved, its people's rows not.
    Organisation.objects.filter(pk=setting["youth"].pk).update(sector=sector("school-academy"))
    assert compliance.stored(partnership) != compliance.computed_from_scratch(partnership)
    importlib.import_module("training.migrations.0006_compliance_sectors").resync(django_apps, None)
    _in_step(partnership)


def test_refreshing_many_people_takes_the_same_queries_as_refreshing_one(
    coordinator_viewer: Viewer, setting: dict[str, Any]
) -> None:
    rule(coordinator_viewer, "Frontline", staff_group=staff_group("frontline-staff"))
    rule(coordinator_viewer, "Council WRAP", organisation=setting["council"])
    youth = setting["youth"]
    many = [person(coordinator_viewer, youth, f"Extra {n}", group="frontline-staff").pk for n in range(30)]

    def queries(ids: list[int]) -> int:
        with CaptureQueriesContext(connection) as captured:
            compliance.refresh_people(ids)
        return len(captured)

    assert queries(many) == queries(many[:1])


# --- figures ------------------------------------------------------------------------------------


def test_a_rules_organisations_are_made_once_as_they_are_read(
    coordinator_viewer: Viewer, setting: dict[str, Any]
) -> None:
    """The rows of a rule's organisations are made when read (a page reads 50 of a
    thousand); each is made once, so what `with_declared` fills in on a page's slice is
    what any later read finds, and the order is by name whatever the reads."""
    s = setting
    council_rule = rule(coordinator_viewer, "Council WRAP", organisation=s["council"], target_percent=50)
    partner_actions.record_staff_count(
        viewer=coordinator_viewer,
        organisation=s["youth"],
        staff_group=staff_group("all-staff"),
        number=12,
        counted_on=days(-20),
    )
    figures = compliance.rule_compliance(council_rule, on=TODAY)
    rows = figures.organisations
    names = [row.organisation.name for row in rows]
    assert names == sorted(names, key=str.lower) and len(rows) == len(names) >= 2
    youth_at = names.index("Youth Service")
    shown = rows[youth_at : youth_at + 1]
    compliance.with_declared(shown, figures.staff_group)
    assert rows[youth_at] is shown[0] and rows[-len(rows) + youth_at] is shown[0]
    assert rows[youth_at].declared == compliance.Declared(12, days(-20))
    assert rows[youth_at].organisation.href.endswith(f"/{s['youth'].uuid}/")
    assert rows[:100] == list(rows)
    with pytest.raises(IndexError):
        rows[len(rows)]


def test_figures_by_organisation_sector_and_service(
    coordinator_viewer: Viewer, setting: dict[str, Any]
) -> None:
    s = setting
    council_rule = rule(coordinator_viewer, "Council WRAP", organisation=s["council"], target_percent=50)
    partner_actions.record_staff_count(
        viewer=coordinator_viewer,
        organisation=s["youth"],
        staff_group=staff_group("all-staff"),
        number=12,
        counted_on=days(-20),
    )
    figures = compliance.rule_compliance(council_rule, on=TODAY)
    compliance.with_declared(figures.organisations, figures.staff_group)
    rows = {row.organisation.name: row for row in figures.organisations}
    youth = rows["Youth Service"]
    # Ana trained 100 days ago; Ben started 45 days ago and is due in 2 months; Eli left.
    assert (youth.figures.audience, youth.figures.trained, youth.figures.due_soon) == (2, 1, 1)
    # The Youth Service declared 12 staff and 2 are recorded: the 10 others count as not
    # trained, so 1 of 12, not 1 of 2.
    assert youth.declared is not None and youth.declared.number == 12
    assert youth.figures.unrecorded == 10 and youth.figures.denominator == 12
    assert youth.percent_text == "8.3%" and youth.against_target == "Below target by 41.7 points"
    council = rows["Tower Hamlets Council"]
    # Cal has no start date: due three months after the rule was made.
    assert council.figures.audience == 1 and council.figures.not_yet_trained == 1
    assert council.figures.unrecorded == 0  # the council declared no staff
    cal = ComplianceEntry.objects.get(rule=council_rule, person=s["cal"])
    assert cal.due_on == add_months(timezone.localdate(council_rule.created_at), 3)
    assert council.against_target == "Below target by 50 points"
    assert figures.total.audience == 3 and figures.total.unrecorded == 10 and figures.percent_text == "7.6%"
    assert figures.against_target == "Below target by 42.4 points"
    [service] = figures.services
    assert service.organisation.name == "Tower Hamlets Council" and service.children == 1
    assert service.figures.audience == 3 and service.figures.denominator == 13
    [local_authority] = figures.sectors
    assert local_authority.figures.trained == 1 and local_authority.figures.denominator == 13


def test_declared_staff_beyond_the_register_count_as_not_trained(
    coordinator_viewer: Viewer,
    setting: dict[str, Any],
    coordinator: User,
    sign_in: Callable[..., Client],
) -> None:
    """The staff numbers are the denominators where they are larger than the register: an
    organisation in the audience with staff declared and no one recorded shows 0%, a count
    dated after the day is not used, a count of another staff group is not used, and a
    network's rule has no declared staff."""
    s = setting
    council_rule = rule(coordinator_viewer, "Council WRAP", organisation=s["council"], target_percent=50)
    network = partner_actions.create_network(viewer=coordinator_viewer, name="Faith Network")
    partner_actions.add_member(viewer=coordinator_viewer, network=network, contact=s["cal"], joined=days(-50))
    network_rule = rule(coordinator_viewer, "Network", network=network, target_percent=50)
    empty = organisation(coordinator_viewer, "Parks Service", parent=s["council"])

    def declare(organisation: Any, number: int, days_ago: int, group: str = "all-staff") -> None:
        partner_actions.record_staff_count(
            viewer=coordinator_viewer,
            organisation=organisation,
            staff_group=staff_group(group),
            number=number,
            counted_on=days(-days_ago),
        )

    declare(empty, 40, 30)
    declare(empty, 4, 10)  # the latest count on or before the day is the one used
    declare(empty, 400, -5)  # counted after the day: not used
    declare(empty, 900, 10, group="frontline-staff")  # another group: not this rule's
    figures = compliance.rule_compliance(council_rule, on=TODAY)
    rows = {row.organisation.name: row for row in figures.organisations}
    parks = rows["Parks Service"]
    assert (parks.figures.audience, parks.figures.unrecorded, parks.percent_text) == (0, 4, "0%")
    # The rule list, the organisation page's rows and the digest count them the same way.
    [row] = compliance.by_rule([council_rule], on=TODAY)
    assert row.figures.denominator == figures.total.denominator == figures.total.audience + 4
    assert compliance.due_counts(council_rule.partnership_id, on=TODAY)[council_rule.pk].unrecorded == 4
    [own] = compliance.by_rule([council_rule], on=TODAY, organisation_ids=[empty.pk])
    assert (own.figures.audience, own.figures.unrecorded, own.percent_text) == (0, 4, "0%")
    summary = compliance.sector_summary([council_rule], on=TODAY)
    assert sum(cell.figures.unrecorded for line in summary for cell in line.cells) == 4
    # A network's members are not an organisation's staff.
    assert compliance.by_rule([network_rule], on=TODAY)[0].figures.unrecorded == 0
    # A rule's page works the shortfall out from what it has read; it agrees with
    # `unrecorded`, for each kind of audience, and for a partner lead's organisations.
    declare(s["school"], 30, 5)
    declare(s["youth"], 9, 5, group="frontline-staff")
    kinds = [
        council_rule,
        network_rule,
        rule(coordinator_viewer, "Frontline", staff_group=staff_group("frontline-staff")),
        rule(coordinator_viewer, "Schools", sector=sector("school-maintained")),
    ]
    for each in kinds:
        for within in (None, [empty.pk, s["school"].pk]):
            page_rows = compliance.rule_compliance(each, on=TODAY, organisation_ids=within).organisations
            shown = {
                row.organisation.pk: row.figures.unrecorded for row in page_rows if row.figures.unrecorded
            }
            beyond = compliance.unrecorded([each], on=TODAY, organisation_ids=within)
            assert shown == {pk: number for (_, pk), (number, _) in beyond.items()}, each.name
    assert compliance.unrecorded([kinds[3]], on=TODAY)  # the school's 30 against its one person
    # The page and the export say so.
    client = sign_in(coordinator)
    table = {
        row["Organisation"]: row
        for row in _table(client.get(council_rule.get_absolute_url()), "organisations").rows
    }
    assert table["Parks Service"]["Trained"] == "0% (0)"
    assert table["Parks Service"]["Declared staff"].endswith(": 4 not on the register")
    export = client.get(
        reverse("training:compliance_export", kwargs={"uuid": council_rule.uuid, "extension": "csv"})
    )
    exported = {
        line["Organisation"]: line for line in csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")))
    }
    assert (
        exported["Parks Service"]["People recorded"],
        exported["Parks Service"]["Declared staff not on the register"],
    ) == (
        "0",
        "4",
    )


def test_a_percentage_is_rounded_down_so_it_never_meets_a_target_it_misses() -> None:
    figures = compliance.Figures(audience=2000, trained=1899)  # 94.95%
    assert figures.percent == 94.9
    assert compliance.against_target(figures.percent, 95) == "Below target by 0.1 points"


def test_the_rule_in_words(coordinator_viewer: Viewer, setting: dict[str, Any]) -> None:
    members = organisation(coordinator_viewer, "Elected members", parent=setting["council"])
    elected = rule(coordinator_viewer, "Elected members", organisation=members, target_percent=100)
    assert compliance.summary(elected) == (
        "Everyone at Elected members: Workshop to Raise Awareness of Prevent (WRAP) within 3 months of "
        "starting, refresher every 2 years, target 100%"
    )


# --- pages --------------------------------------------------------------------------------------


@pytest.fixture
def walk(coordinator_viewer: Viewer, setting: dict[str, Any]) -> RequirementRule:
    return rule(
        coordinator_viewer, "Frontline WRAP", staff_group=staff_group("frontline-staff"), target_percent=90
    )


def _table(response: object, id_: str) -> Table:
    return Table.read(page(response.content).by_id(id_))  # type: ignore[attr-defined]


def test_the_coordinator_reads_the_rule_page_by_organisation(
    walk: RequirementRule, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).get(walk.get_absolute_url())
    assert response.status_code == 200
    table = _table(response, "organisations")
    [row] = table.rows
    assert row["Organisation"] == "Youth Service"
    assert row["Trained"] == "50% (1)"
    assert row["People recorded"] == "2"
    assert row["Due soon"] == "1"
    assert row["Against target"] == "Below target by 40 points"
    assert row["Declared staff"] == "Not recorded"
    text = page(response.content).text
    assert "Frontline staff: Workshop to Raise Awareness of Prevent (WRAP) within 3 months" in text
    assert "Never trained" in text


def test_filters_narrow_the_organisations(
    walk: RequirementRule, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    response = client.get(walk.get_absolute_url(), {"status": "overdue"})
    assert "No organisation matches the filters." in page(response.content).text
    response = client.get(walk.get_absolute_url(), {"name": "youth", "status": "due_soon"})
    assert [row["Organisation"] for row in _table(response, "organisations").rows] == ["Youth Service"]
    # Careless input is ignored, never an error.
    for query in ({"sector": "999999"}, {"status": "<script>"}, {"name": "x" * 5000}, {"page": "-4"}):
        assert client.get(walk.get_absolute_url(), query).status_code == 200


def test_the_steering_group_sees_figures_and_no_names(
    walk: RequirementRule, steering: User, sign_in: Callable[..., Client], setting: dict[str, Any]
) -> None:
    client = sign_in(steering)
    response = client.get(walk.get_absolute_url())
    assert response.status_code == 200
    text = page(response.content).text
    assert "Ana Able" not in text and "People:" not in text
    assert client.get(reverse("training:compliance_people", kwargs={"uuid": walk.uuid})).status_code == 404
    assert client.get(walk.get_absolute_url().rstrip("/") + "/export.csv?people=1").status_code == 404
    organisation_page = client.get(
        reverse("training:compliance_organisation", kwargs={"uuid": setting["youth"].uuid})
    )
    assert organisation_page.status_code == 200
    assert "Ana Able" not in page(organisation_page.content).text


def test_a_partner_lead_sees_their_organisation_only(
    walk: RequirementRule,
    setting: dict[str, Any],
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    partner = person(partnership, Role.PARTNER_LEAD)
    lead(partner, setting["school"])
    client = sign_in(partner)
    Contact.objects.filter(pk=setting["dee"].pk).update(staff_group=staff_group("frontline-staff"))
    compliance.refresh_people([setting["dee"].pk])
    rows = _table(client.get(walk.get_absolute_url()), "organisations").rows
    assert [row["Organisation"] for row in rows] == ["Bow School"]
    people = client.get(reverse("training:compliance_people", kwargs={"uuid": walk.uuid}))
    names = [row["Name"] for row in _table(people, "people").rows]
    assert names == ["Dee Dale"]
    youth = reverse("training:compliance_organisation", kwargs={"uuid": setting["youth"].uuid})
    assert client.get(youth).status_code == 404
    school = reverse("training:compliance_organisation", kwargs={"uuid": setting["school"].uuid})
    assert client.get(school).status_code == 200


def test_people_by_status_for_the_coordinator_are_audited(
    walk: RequirementRule, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    url = reverse("training:compliance_people", kwargs={"uuid": walk.uuid})
    rows = _table(client.get(url, {"status": "due_soon"}), "people").rows
    assert [(row["Name"], row["Status"]) for row in rows] == [("Ben Bright", "Due soon")]
    rows = _table(client.get(url), "people").rows
    assert {row["Name"]: row["Status"] for row in rows} == {"Ana Able": "Compliant", "Ben Bright": "Due soon"}
    assert AuditEvent.objects.filter(verb="training.people.viewed").count() == 2


def test_another_partnership_gets_404(
    walk: RequirementRule,
    setting: dict[str, Any],
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(person(other_partnership, *Role))
    for url in (
        walk.get_absolute_url(),
        reverse("training:compliance_people", kwargs={"uuid": walk.uuid}),
        reverse("training:compliance_export", kwargs={"uuid": walk.uuid, "extension": "csv"}),
        reverse("training:compliance_organisation", kwargs={"uuid": setting["youth"].uuid}),
    ):
        assert client.get(url).status_code == 404, url


def test_the_pages_queries_do_not_grow_with_the_data(
    walk: RequirementRule,
    coordinator: User,
    coordinator_viewer: Viewer,
    setting: dict[str, Any],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(coordinator)
    urls = [
        walk.get_absolute_url(),
        reverse("training:compliance_sectors"),
        reverse("training:compliance_organisation", kwargs={"uuid": setting["council"].uuid}),
        reverse("training:rule_list"),
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    # Staff numbers declared (the denominators beyond the register) before and after: once
    # a rule shown has any, its pages take one query more to count the people recorded
    # where staff are declared, however many organisations declare them.
    partner_actions.record_staff_count(
        viewer=coordinator_viewer,
        organisation=setting["youth"],
        staff_group=staff_group("frontline-staff"),
        number=50,
        counted_on=days(-10),
    )
    counts()  # the first request also reads the session and the second factor
    before = counts()
    for n in range(12):
        at = organisation(coordinator_viewer, f"School {n}", code="school-academy", parent=setting["council"])
        for m in range(3):
            who = person(
                coordinator_viewer, at, f"Teacher {n} {m}", group="frontline-staff", started_on=days(-90)
            )
            if m:
                complete(who, "wrap", days(-m * 200))
        partner_actions.record_staff_count(
            viewer=coordinator_viewer,
            organisation=at,
            staff_group=staff_group("all-staff"),
            number=9,
            counted_on=days(-1),
        )
    rule(coordinator_viewer, "Second rule", sector=sector("school-academy"))
    assert counts() == before


def test_the_sector_summary(walk: RequirementRule, coordinator: User, sign_in: Callable[..., Client]) -> None:
    response = sign_in(coordinator).get(reverse("training:compliance_sectors"))
    rows = _table(response, "sector-summary").rows
    assert rows == [
        {"Sector": "Local authority service", "Frontline WRAP": "50% of 2: below target by 40 points"}
    ]


# --- exports -------------------------------------------------------------------------------------


def test_exports_read_by_heading_and_neutralise_formulas(
    walk: RequirementRule,
    coordinator: User,
    coordinator_viewer: Viewer,
    setting: dict[str, Any],
    sign_in: Callable[..., Client],
) -> None:
    hostile = organisation(coordinator_viewer, '=HYPERLINK("http://bad.example")')
    person(coordinator_viewer, hostile, "@SUM(A1)", group="frontline-staff", started_on=days(-10))
    client = sign_in(coordinator)
    base = reverse("training:compliance_export", kwargs={"uuid": walk.uuid, "extension": "csv"})
    response = client.get(base)
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row["Organisation"]: row for row in rows}
    assert by_name["Youth Service"]["Percentage trained"] == "50.0"
    assert by_name["Youth Service"]["People recorded"] == "2"
    assert '\'=HYPERLINK("http://bad.example")' in by_name
    people = list(csv.DictReader(io.StringIO(client.get(base + "?people=1").content.decode("utf-8-sig"))))
    assert {row["Name"] for row in people} == {"Ana Able", "Ben Bright", "'@SUM(A1)"}
    workbook = load_workbook(
        io.BytesIO(client.get(base.replace(".csv", ".xlsx") + "?people=1").content), read_only=True
    )
    assert workbook.sheetnames == ["Organisations", "Sectors", "Services", "People"]
    cells = _sheet(workbook, "Organisations")
    assert {row["Organisation"] for row in cells} == {"Youth Service", '\'=HYPERLINK("http://bad.example")'}
    assert client.get(base.replace(".csv", ".pdf")).status_code == 404
    assert AuditEvent.objects.filter(verb="training.compliance.exported").count() == 3


def _sheet(workbook: Any, name: str) -> list[dict[str, Any]]:
    rows = list(workbook[name].iter_rows(values_only=True))
    headings = list(rows[0])
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]


def _csv_rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def everyone(walk: RequirementRule, setting: dict[str, Any]) -> RequirementRule:
    """The frontline rule with Dee, at the school, counted too: two sectors."""
    Contact.objects.filter(pk=setting["dee"].pk).update(staff_group=staff_group("frontline-staff"))
    compliance.refresh_people([setting["dee"].pk])
    return walk


def test_the_xlsx_export_holds_the_sectors_and_services(
    everyone: RequirementRule, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    url = reverse("training:compliance_export", kwargs={"uuid": everyone.uuid, "extension": "xlsx"})
    workbook = load_workbook(io.BytesIO(sign_in(coordinator).get(url).content), read_only=True)
    assert workbook.sheetnames == ["Organisations", "Sectors", "Services"]
    figures = compliance.rule_compliance(everyone, on=TODAY)
    sectors = {row["Sector"]: row for row in _sheet(workbook, "Sectors")}
    assert set(sectors) == {row.sector.label for row in figures.sectors}
    for row in figures.sectors:
        assert sectors[row.sector.label]["People recorded"] == row.figures.audience
        assert sectors[row.sector.label]["Trained"] == row.figures.trained
        assert sectors[row.sector.label]["Against target"] == row.against_target
    [service] = _sheet(workbook, "Services")
    [expected] = figures.services
    assert service["Service"] == "Tower Hamlets Council"
    assert service["Organisations under it"] == expected.children
    assert service["People recorded"] == expected.figures.audience


def test_an_export_holds_only_the_organisations_the_filters_show(
    everyone: RequirementRule, coordinator: User, setting: dict[str, Any], sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    school_sector = setting["school"].sector
    response = client.get(everyone.get_absolute_url(), {"sector": school_sector.pk, "name": "bow"})
    shown = [row["Organisation"] for row in _table(response, "organisations").rows]
    assert shown == ["Bow School"]
    links = dict(page(response.content).links())
    csv_link = next(
        href for text, href in links.items() if text.startswith("Download the organisations (CSV)")
    )
    xlsx_link = next(href for text, href in links.items() if text.startswith("Download the figures (XLSX)"))
    people_link = next(href for text, href in links.items() if text.startswith("Download the people (CSV)"))
    assert [row["Organisation"] for row in _csv_rows(client.get(csv_link))] == shown
    workbook = load_workbook(io.BytesIO(client.get(xlsx_link).content), read_only=True)
    assert [row["Organisation"] for row in _sheet(workbook, "Organisations")] == shown
    assert [row["Sector"] for row in _sheet(workbook, "Sectors")] == [school_sector.label]
    assert {row["Organisation"] for row in _csv_rows(client.get(people_link))} == {"Bow School"}
    # By status: only the organisations with someone overdue or due soon.
    base = reverse("training:compliance_export", kwargs={"uuid": everyone.uuid, "extension": "csv"})
    page_rows = _table(client.get(everyone.get_absolute_url(), {"status": "due_soon"}), "organisations").rows
    exported = _csv_rows(client.get(base, {"status": "due_soon"}))
    assert [row["Organisation"] for row in exported] == [row["Organisation"] for row in page_rows]
    event = AuditEvent.objects.filter(verb="training.compliance.exported").first()
    assert event is not None and event.changes["filters"]["to"]["status"] == "due_soon"


def test_hostile_export_filters_are_ignored_never_an_error(
    walk: RequirementRule, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    for extension in ("csv", "xlsx"):
        base = reverse("training:compliance_export", kwargs={"uuid": walk.uuid, "extension": extension})
        for query in (
            {"sector": "999999"},
            {"sector": "'; drop table"},
            {"status": "<script>"},
            {"name": "x" * 5000},
            {"name": "\x00"},
            {"people": "1", "sector": "-1", "status": "overdue"},
        ):
            assert client.get(base, query).status_code == 200


def test_completions_deleted_with_a_person_leave_no_rows(
    walk: RequirementRule, setting: dict[str, Any], partnership: Partnership
) -> None:
    ana = setting["ana"]
    pk = ana.pk
    Completion.objects.filter(person=ana).delete()
    ana.delete()
    assert not ComplianceEntry.objects.filter(person_id=pk).exists()
    _in_step(partnership)


def test_figures_narrowed_to_no_organisation_are_empty_not_an_error() -> None:
    # A partner lead who leads no organisation yet: the filter is an empty list, which
    # Django refuses to turn into SQL.
    entries = ComplianceEntry.objects.filter(organisation_id__in=[])
    assert compliance.grouped(entries, "organisation_id", compliance.today()) == {}
