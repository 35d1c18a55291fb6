"""Measures on plan actions (plans/measures.py, govuk/measures.py): the sources are found in
the apps that offer them, the parameters are checked against the partnership's own lists,
the coordinator and an action's owner change them through audited actions, and the value
with when it was computed is read on the strategy and action pages, in the exports and in
the committee report."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from accounts.access import Viewer
from accounts.models import Partnership, User
from audit.models import AuditEvent
from config.tests.test_architecture import ROOT, imports
from conftest import action_titled, add_coordinator, viewer
from govuk import measures as registry
from govuk.testing import page
from lib.errors import Refused
from partners import actions as partner_actions
from partners.models import Network
from partners.tests.builders import organisation
from plans import measures
from plans.models import ActionMeasure, MeasurePeriod, Strategy
from plans.report import report_context

pytestmark = pytest.mark.django_db

WRAP_ACTION = "Deliver WRAP training in colleges"  # owned by the `owner` fixture
FAITH_ACTION = "Support the faith network"  # owned by nobody


def _network(coordinator_viewer: Viewer, members: int = 3) -> Network:
    council = organisation(coordinator_viewer, "Tower Hamlets Council", "local-authority")
    network = partner_actions.create_network(viewer=coordinator_viewer, name="Faith Network")
    for number in range(members):
        contact = partner_actions.add_contact(
            viewer=coordinator_viewer, organisation=council, name=f"Faith representative {number}"
        )
        partner_actions.add_member(
            viewer=coordinator_viewer, network=network, contact=contact, joined=dt.date(2018, 5, 1)
        )
    return network


@pytest.fixture
def network(coordinator_viewer: Viewer) -> Network:
    return _network(coordinator_viewer)


@pytest.fixture
def measured(plan: Strategy, coordinator_viewer: Viewer, network: Network) -> ActionMeasure:
    return measures.add_measure(
        viewer=coordinator_viewer,
        action=action_titled(FAITH_ACTION),
        source="partners.network_members",
        params={"network": str(network.pk)},
        label="Members of the Faith Network",
        target=Decimal(12),
    )


# --- discovery ----------------------------------------------------------------------------


def test_sources_are_found_in_the_apps_that_offer_them() -> None:
    found = registry.sources()
    assert {
        "partners.network_members",
        "partners.organisations",
        "training.completions",
        "training.trained_percentage",
        "training.sessions_held",
    } <= set(found)
    # Every source comes from an app's own measures.py: cases offers the Channel figures
    # (disclosive), plans its RAG mix; the base apps offer none.
    for code in found:
        assert (ROOT / code.split(".")[0] / "measures.py").exists()
    assert {"cases.referrals_received", "plans.rag_mix"} <= set(found)
    assert all(found[code].disclosive for code in found if code.startswith("cases."))
    assert not any(found[code].disclosive for code in found if not code.startswith("cases."))
    assert not {code for code in found if code.split(".")[0] in ("govuk", "accounts")}


def test_two_sources_with_one_code_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    twice = registry.sources()["partners.organisations"]

    class Doubled:
        MEASURES = (twice,)

    # Two apps' measures modules offering a source of the same code.
    monkeypatch.setattr(registry, "app_modules", lambda name: (Doubled, Doubled))
    registry.sources.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="Two measure sources"):
            registry.sources()
    finally:
        monkeypatch.undo()
        registry.sources.cache_clear()


def test_plans_names_no_app_that_offers_figures() -> None:
    for path in (ROOT / "plans").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        named = {name.split(".")[0] for name in imports(path.relative_to(ROOT))}
        assert not named & {"training", "partners"}, path


# --- the parameters, and bad input --------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "params", "field"),
    [
        ("nothing.here", {}, "source"),
        ("", {}, "source"),
        ("partners.network_members", {}, "network"),
        ("partners.network_members", {"network": ""}, "network"),
        ("partners.network_members", ["network"], "params"),
        ("partners.network_members", "network=1", "params"),
        ("partners.network_members", {"network": "999999"}, "network"),
        ("partners.network_members", {"network": 1}, "network"),
        ("partners.network_members", {"network": ["1"]}, "network"),
        ("partners.network_members", {"network": "1' OR 1=1 --"}, "network"),
        ("partners.network_members", {"network": "x" * 100_000}, "network"),
        ("partners.network_members", {"net\x00work": "1"}, "params"),
        ("partners.network_members", {str(n): "1" for n in range(50)}, "params"),
        ("partners.organisations", {"status": "demolished"}, "status"),
        ("training.completions", {"course": "-1"}, "course"),
    ],
)
def test_bad_parameters_are_refused_and_nothing_is_written(
    plan: Strategy, coordinator_viewer: Viewer, network: Network, source: str, params: Any, field: str
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(Refused) as refused:
        measures.add_measure(
            viewer=coordinator_viewer, action=action_titled(FAITH_ACTION), source=source, params=params
        )
    assert refused.value.field == field
    assert not ActionMeasure.objects.exists()
    assert AuditEvent.objects.count() == before


def test_another_partnerships_network_is_not_a_choice(
    plan: Strategy, coordinator_viewer: Viewer, other_partnership: Partnership
) -> None:
    theirs = _network(viewer(add_coordinator(other_partnership), other_partnership), members=1)
    with pytest.raises(Refused) as refused:
        measures.add_measure(
            viewer=coordinator_viewer,
            action=action_titled(FAITH_ACTION),
            source="partners.network_members",
            params={"network": str(theirs.pk)},
        )
    assert refused.value.field == "network"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"target": Decimal(-1)}, "target"),
        ({"target": Decimal("NaN")}, "target"),
        ({"target": Decimal("1e20")}, "target"),
        ({"period": "fortnight"}, "period"),
        ({"period": "dates"}, "period_start"),
        ({"period": "dates", "period_start": dt.date(2019, 1, 1)}, "period_end"),
        (
            {"period": "dates", "period_start": dt.date(2019, 1, 1), "period_end": dt.date(2018, 1, 1)},
            "period_end",
        ),
        ({"label": "x" * 201}, "label"),
    ],
)
def test_bad_targets_periods_and_wording_are_refused(
    plan: Strategy, coordinator_viewer: Viewer, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(Refused) as refused:
        measures.add_measure(
            viewer=coordinator_viewer,
            action=action_titled(FAITH_ACTION),
            source="partners.organisations",
            **values,
        )
    assert refused.value.field == field
    assert not ActionMeasure.objects.exists()


def test_a_percentage_target_is_at_most_100(plan: Strategy, coordinator_viewer: Viewer) -> None:
    council = organisation(coordinator_viewer, "Tower Hamlets Council", "local-authority")
    with pytest.raises(Refused, match="100 or less"):
        measures.add_measure(
            viewer=coordinator_viewer,
            action=action_titled(WRAP_ACTION),
            source="training.trained_percentage",
            params={"organisation": str(council.pk)},
            target=Decimal(101),
        )


# --- the write path -----------------------------------------------------------------------


def test_adding_changing_recalculating_and_removing_a_measure_are_audited(
    measured: ActionMeasure, coordinator_viewer: Viewer, network: Network
) -> None:
    assert (measured.value, measured.description) == (
        Decimal(3),
        "3 members of Faith Network on 31 March 2019",
    )
    assert measured.computed_at is not None
    measures.update_measure(viewer=coordinator_viewer, measure=measured, target=Decimal(15))
    measures.update_measure(viewer=coordinator_viewer, measure=measured, target=Decimal(15))  # no change
    contact = partner_actions.add_contact(
        viewer=coordinator_viewer,
        organisation=network.members.earliest("id").contact.organisation,
        name="Newcomer",
    )
    partner_actions.add_member(
        viewer=coordinator_viewer, network=network, contact=contact, joined=dt.date(2018, 6, 1)
    )
    again = measures.recalculate_measure(viewer=coordinator_viewer, measure=measured)
    assert again.value == Decimal(4)
    measures.remove_measure(viewer=coordinator_viewer, measure=again)
    assert not ActionMeasure.objects.exists()
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="plans.measure")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "plans.measure.added",
        "plans.measure.updated",
        "plans.measure.recalculated",
        "plans.measure.removed",
    ]


def test_an_action_owner_changes_the_measures_of_their_own_action_only(
    plan: Strategy, owner: User, partnership: Partnership
) -> None:
    own = viewer(owner, partnership)
    measure = measures.add_measure(
        viewer=own, action=action_titled(WRAP_ACTION), source="partners.organisations"
    )
    assert measure.action.title == WRAP_ACTION
    with pytest.raises(Refused):
        measures.add_measure(viewer=own, action=action_titled(FAITH_ACTION), source="partners.organisations")


def test_the_steering_group_cannot_change_measures(
    measured: ActionMeasure, steering: User, partnership: Partnership
) -> None:
    with pytest.raises(Refused):
        measures.recalculate_measure(viewer=viewer(steering, partnership), measure=measured)
    with pytest.raises(Refused):
        measures.remove_measure(viewer=viewer(steering, partnership), measure=measured)


def test_the_daily_command_recalculates_every_measure(
    measured: ActionMeasure, coordinator_viewer: Viewer, network: Network
) -> None:
    ActionMeasure.objects.filter(pk=measured.pk).update(value=None, computed_at=None)
    out = io.StringIO()
    call_command("recalculate_measures", stdout=out)
    assert out.getvalue().strip() == "Recalculated 1 measure"
    measured.refresh_from_db()
    assert measured.value == Decimal(3)
    assert measured.computed_at is not None
    assert AuditEvent.objects.filter(verb="plans.measures.recalculated").count() == 1


def test_periods(plan: Strategy) -> None:
    on = dt.date(2026, 12, 5)
    measure = ActionMeasure(source="partners.organisations")
    expected = {
        MeasurePeriod.PLAN: (dt.date(2018, 4, 1), dt.date(2019, 3, 31)),
        MeasurePeriod.QUARTER: (dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        MeasurePeriod.TERM: (dt.date(2026, 9, 1), dt.date(2026, 12, 31)),
        MeasurePeriod.YEAR: (dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
    }
    for period, dates in expected.items():
        measure.period = period
        assert measures.period_of(measure, plan, on) == dates
    measure.period = MeasurePeriod.TERM
    assert measures.period_of(measure, plan, dt.date(2027, 2, 1)) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 3, 31),
    )
    assert measures.period_of(measure, plan, dt.date(2027, 5, 1)) == (
        dt.date(2027, 4, 1),
        dt.date(2027, 8, 31),
    )
    measure.period = MeasurePeriod.QUARTER
    # A period not over counts to today.
    assert measures.counted_period(measure, plan, on) == (dt.date(2026, 10, 1), on)


# --- pages --------------------------------------------------------------------------------


def _computed(measure: ActionMeasure) -> str:
    local = timezone.localtime(measure.computed_at)
    return f"Computed {local.day} {local:%B %Y %H:%M}"


def _strategy_row(client: Client, plan: Strategy, title: str) -> dict[str, str]:
    body = client.get(f"/plans/{plan.uuid}/").content
    element = page(body).by_id("strategy-detail-table")
    while element.tag != "table":
        assert element.parent is not None
        element = element.parent
    from govuk.testing import Table

    rows = Table.read(element).rows
    return next(row for row in rows if row["Action"].startswith(title))


def test_the_strategy_page_shows_the_value_target_and_time_under_measures(
    measured: ActionMeasure, steering: User, sign_in: Callable[..., Client], plan: Strategy
) -> None:
    row = _strategy_row(sign_in(steering), plan, FAITH_ACTION)
    assert row["Measures"] == f"3 Members of the Faith Network Target 12 · {_computed(measured)}"
    assert row["RAG"] == "Not rated"
    assert _strategy_row(sign_in(steering), plan, WRAP_ACTION)["Measures"] == "None"


def test_the_action_page_shows_the_measure_and_only_editors_get_its_buttons(
    measured: ActionMeasure,
    steering: User,
    coordinator: User,
    owner: User,
    sign_in: Callable[..., Client],
) -> None:
    url = f"/plans/actions/{measured.action.uuid}/"
    read = page(sign_in(steering).get(url).content)
    card = read.by_id("measures").parent
    assert card is not None
    text = card.text
    assert "3 members of Faith Network on 31 March 2019" in text
    assert "Target 12 (not met)" in text
    assert _computed(measured) in text
    assert not [href for _, href in read.links() if "/measures/" in href]
    assert "Recalculate" not in text
    # The action's owner is someone else: they read, as the steering group does.
    assert "Recalculate" not in page(sign_in(owner).get(url).content).by_id("measures").parent.text  # type: ignore[union-attr]
    edited = page(sign_in(coordinator).get(url).content)
    assert f"/plans/measures/{measured.uuid}/edit/" in [href for _, href in edited.links()]
    assert "Recalculate" in edited.text


def test_adding_a_measure_through_the_pages(
    plan: Strategy, network: Network, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    action = action_titled(FAITH_ACTION)
    start = client.get(f"/plans/actions/{action.uuid}/measures/new/")
    assert "Members of a network" in start.content.decode()
    nothing = client.get(f"/plans/actions/{action.uuid}/measures/new/?chosen=1")
    assert "Choose a figure" in nothing.content.decode()
    form = client.get(f"/plans/actions/{action.uuid}/measures/new/?source=partners.network_members")
    assert "Faith Network" in form.content.decode()
    refused = client.post(
        f"/plans/actions/{action.uuid}/measures/new/",
        {"source": "partners.network_members", "network": "", "period": "plan"},
    )
    assert refused.status_code == 200
    assert "Choose a network" in refused.content.decode()
    response = client.post(
        f"/plans/actions/{action.uuid}/measures/new/",
        {
            "source": "partners.network_members",
            "network": str(network.pk),
            "label": "Faith Network members",
            "target": "10",
            "period": "plan",
        },
    )
    assert response.status_code == 302
    measure = ActionMeasure.objects.get()
    assert (measure.value, measure.target, measure.params) == (
        Decimal(3),
        Decimal(10),
        {"network": str(network.pk)},
    )


def test_measure_pages_answer_404_to_other_partnerships_steering_and_other_owners(
    measured: ActionMeasure,
    plan: Strategy,
    steering: User,
    owner: User,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    from accounts.models import Role

    outsider = sign_in(person(other_partnership, *Role))
    urls = [
        f"/plans/actions/{measured.action.uuid}/measures/new/",
        f"/plans/measures/{measured.uuid}/edit/",
        f"/plans/measures/{measured.uuid}/remove/",
        f"/plans/measures/{measured.uuid}/recalculate/",
    ]
    for client in (outsider, sign_in(steering), sign_in(owner)):
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url
    assert ActionMeasure.objects.filter(pk=measured.pk).exists()
    # The owner may add to the action they lead.
    wrap = action_titled(WRAP_ACTION)
    assert sign_in(owner).get(f"/plans/actions/{wrap.uuid}/measures/new/").status_code == 200


def test_the_exports_carry_each_actions_measures(
    measured: ActionMeasure, steering: User, sign_in: Callable[..., Client], plan: Strategy
) -> None:
    client = sign_in(steering)
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/plans/{plan.uuid}/export.csv").content.decode("utf-8-sig")))
    )
    faith = next(row for row in rows if row["Action"] == FAITH_ACTION)
    local = timezone.localtime(measured.computed_at)
    expected = f"3: Members of the Faith Network (computed {local.day} {local:%B %Y %H:%M}, target 12)"
    assert faith["Measures"] == expected
    assert next(row for row in rows if row["Action"] == WRAP_ACTION)["Measures"] == ""
    workbook = load_workbook(io.BytesIO(client.get(f"/plans/{plan.uuid}/export.xlsx").content))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.values)
    headings = list(values[0])
    found = {row[headings.index("Action")]: row[headings.index("Measures")] for row in values[1:]}
    assert found[FAITH_ACTION] == expected


def test_the_committee_report_shows_the_measures(measured: ActionMeasure, plan: Strategy) -> None:
    tables = page(render_to_string("plans/report.html", report_context(plan))).tables()
    rows = [row for table in tables if table.headers[:1] == ["Action"] for row in table.rows]
    faith = next(row for row in rows if row["Action"] == FAITH_ACTION)
    assert faith["Measures"] == f"3 Members of the Faith Network Target 12 · {_computed(measured)}"


def test_a_measure_whose_source_is_gone_says_so(measured: ActionMeasure) -> None:
    ActionMeasure.objects.filter(pk=measured.pk).update(source="retired.figure")
    measured.refresh_from_db()
    figure = measures.compute(measured, measured.action.strategy, dt.date(2019, 1, 1))
    assert figure.value is None
    assert "no longer offered" in figure.description
    assert measures.shown(measured).what == "Members of the Faith Network"
    assert not Path(ROOT / "retired").exists()


def test_pages_read_measures_in_a_fixed_number_of_queries(
    measured: ActionMeasure,
    plan: Strategy,
    coordinator_viewer: Viewer,
    coordinator: User,
    sign_in: Callable[..., Client],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = sign_in(coordinator)
    urls = [
        f"/plans/{plan.uuid}/",
        f"/plans/{plan.uuid}/export.csv",
        f"/plans/actions/{measured.action.uuid}/",
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    client.get("/")
    before = counts()
    for action in plan.actions.all():
        for _ in range(3):
            measures.add_measure(viewer=coordinator_viewer, action=action, source="partners.organisations")
    assert counts() == before


def test_a_failing_figure_keeps_its_last_value_and_the_others_are_recalculated(
    measured: ActionMeasure, plan: Strategy, coordinator_viewer: Viewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    other = measures.add_measure(
        viewer=coordinator_viewer, action=action_titled(WRAP_ACTION), source="partners.organisations"
    )
    before = other.computed_at

    def broken(*args: Any) -> Any:
        raise RuntimeError("the figure's tables are being rebuilt")

    found = registry.sources()
    monkeypatch.setitem(
        found, "partners.organisations", dataclasses.replace(found["partners.organisations"], compute=broken)
    )
    ActionMeasure.objects.filter(pk=measured.pk).update(value=None)
    assert measures.recalculate_all() == 1
    measured.refresh_from_db()
    other.refresh_from_db()
    assert measured.value == Decimal(3)
    assert (other.value, other.computed_at) == (Decimal(1), before)


def test_the_coordinator_recalculates_a_whole_plan(
    measured: ActionMeasure,
    plan: Strategy,
    coordinator: User,
    steering: User,
    network: Network,
    coordinator_viewer: Viewer,
    sign_in: Callable[..., Client],
) -> None:
    ActionMeasure.objects.filter(pk=measured.pk).update(value=None)
    url = f"/plans/{plan.uuid}/measures/recalculate/"
    assert (
        "Recalculate this plan's measures now"
        not in sign_in(steering).get(f"/plans/{plan.uuid}/").content.decode()
    )
    assert sign_in(steering).post(url).status_code == 404
    client = sign_in(coordinator)
    assert "Recalculate this plan's measures now" in client.get(f"/plans/{plan.uuid}/").content.decode()
    response = client.post(url, follow=True)
    assert "1 measure recalculated" in response.content.decode()
    measured.refresh_from_db()
    assert measured.value == Decimal(3)
    event = AuditEvent.objects.filter(verb="plans.measures.recalculated").get()
    assert event.changes == {"measures": {"from": None, "to": 1}}
