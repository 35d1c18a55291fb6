"""Indicators: the RAG and direction rules, the Channel figures behind them, the stored
summary (a write marks it stale, the task recomputes it, the page reads only it), the
dashboard's access, chart, table and XLSX, and hostile input to the coordinator's forms."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Membership, Role, User
from cases.tests import builders as b
from govuk.testing import Table, page
from lib.errors import Refused
from performance import indicator_actions as actions
from performance import indicators, summaries
from performance.indicators import Rag, periods_for, rag, travel
from performance.models import Direction, Indicator, IndicatorValue, PeriodKind, StaleFigures

D = Decimal

# --- the rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (D(95), Direction.HIGHER, Rag.GREEN),
        (D(100), Direction.HIGHER, Rag.GREEN),
        (D(90), Direction.HIGHER, Rag.AMBER),  # 5 short, margin 5
        (D("89.9"), Direction.HIGHER, Rag.RED),
        (D(95), Direction.LOWER, Rag.GREEN),
        (D(80), Direction.LOWER, Rag.GREEN),
        (D(100), Direction.LOWER, Rag.AMBER),
        (D("100.1"), Direction.LOWER, Rag.RED),
        (None, Direction.HIGHER, Rag.NONE),
    ],
)
def test_rag_against_the_target_and_margin(value: Decimal | None, direction: str, expected: Rag) -> None:
    assert rag(value, target=D(95), direction=direction, margin=D(5)) == expected


def test_no_margin_means_short_is_red() -> None:
    assert rag(D("94.9"), target=D(95), direction=Direction.HIGHER, margin=D(0)) == Rag.RED


def test_direction_of_travel_in_words() -> None:
    assert travel(D(10), D(8), Direction.HIGHER).words == "Up on the previous period: better"
    assert travel(D(10), D(8), Direction.LOWER).words == "Up on the previous period: worse"
    assert travel(D(6), D(8), Direction.LOWER).words == "Down on the previous period: better"
    assert travel(D(6), D(8), Direction.HIGHER).words == "Down on the previous period: worse"
    assert travel(D(8), D(8), Direction.HIGHER).words == "No change from the previous period"
    assert travel(D(8), None, Direction.HIGHER).words == "No previous figure to compare"
    assert travel(None, D(8), Direction.HIGHER).words == "No previous figure to compare"


def test_periods_shown_are_eight_quarters_and_the_present_one() -> None:
    quarters = periods_for(PeriodKind.QUARTER, dt.date(2026, 12, 6))
    assert len(quarters) == 9
    assert quarters[0] == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert quarters[-1] == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    years = periods_for(PeriodKind.YEAR, dt.date(2026, 2, 1))
    assert years[0] == (dt.date(2022, 4, 1), dt.date(2023, 3, 31))
    assert years[-1] == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


# --- Channel figures and the summary ----------------------------------------------------------


def _indicator(team: b.Team, source: str, **values: Any) -> Indicator:
    fields: dict[str, Any] = {
        "name": source,
        "source": source,
        "params": {},
        "period": PeriodKind.QUARTER,
        "target": D(5),
        "direction": Direction.HIGHER,
        "amber_margin": D(1),
    }
    return actions.create_indicator(viewer=team.coordinator, **(fields | values))


@pytest.fixture
def team(db: Any) -> b.Team:
    return b.make_team("Testborough", "TB")


def test_channel_figures_from_the_statistical_record(team: b.Team) -> None:
    today = b.today()
    quarter = periods_for(PeriodKind.QUARTER, today)[-1]
    on = quarter[0]
    first = b.adopted(team, on=on)  # received, gateway and panel the same day
    b.refer(team, received_on=on)
    from cases.measures import adopted_at_panel, days_to_panel, gateway_within_target, referrals_received

    p = team.partnership
    assert referrals_received(p, {}, *quarter).value == 2
    within = gateway_within_target(p, {}, *quarter)
    assert (within.numerator, within.denominator, within.value) == (1, 1, D(100))
    assert adopted_at_panel(p, {}, *quarter).value == D(100)
    assert days_to_panel(p, {}, *quarter).value == D(0)
    assert first.statistics.received_on == on


def test_a_write_marks_stale_and_the_task_recomputes(
    team: b.Team, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _indicator(team, "cases.referrals_received")
        b.refer(team)  # a second write in another transaction queues nothing more
    assert StaleFigures.objects.filter(partnership=team.partnership).exists()
    assert len(queued) == 1
    summaries.refresh_partnership.call(team.partnership.pk)
    assert not StaleFigures.objects.exists()
    values = IndicatorValue.objects.filter(indicator__partnership=team.partnership)
    assert values.count() == 9
    assert values.order_by("-period_start").first().value == 1  # type: ignore[union-attr]


def test_page_views_do_not_mark_stale(team: b.Team) -> None:
    from audit.log import record_outside_action

    record_outside_action(verb="page.viewed", actor=team.coordinator.user, partnership=team.partnership)
    assert not StaleFigures.objects.exists()


# --- the dashboard ---------------------------------------------------------------------------


def _member(team: b.Team, role: Role) -> User:
    user = User.objects.create_user(
        f"{role}-x@tb.example.gov.uk", "a long test password", full_name=str(role)
    )
    Membership.objects.create(user=user, partnership=team.partnership, role=role)
    return user


@pytest.mark.parametrize(
    ("role", "opens"),
    [
        (Role.COORDINATOR, True),
        (Role.CHAIR, True),
        (Role.POLICE, True),
        (Role.STEERING, True),
        (Role.FUNDER, True),
        (Role.REFERRER, False),
        (Role.PANEL_MEMBER, False),
        (Role.ACTION_OWNER, False),
    ],
)
def test_who_opens_the_dashboard(team: b.Team, sign_in: Any, role: Role, opens: bool) -> None:
    client = sign_in(_member(team, role))
    assert client.get(reverse("performance:dashboard")).status_code == (200 if opens else 404)
    assert client.get(reverse("performance:dashboard_xlsx")).status_code == (200 if opens else 404)


def test_another_partnerships_indicator_answers_404(team: b.Team, sign_in: Any) -> None:
    indicator = _indicator(team, "cases.referrals_received")
    other = b.make_team("Otherborough", "OB")
    client = sign_in(other.coordinator.user)
    assert client.get(reverse("performance:indicator_edit", args=[indicator.uuid])).status_code == 404
    assert client.post(reverse("performance:indicator_retire", args=[indicator.uuid])).status_code == 404
    assert Indicator.objects.get(pk=indicator.pk).active


def _history(team: b.Team, quarters: int) -> None:
    for start, _ in periods_for(PeriodKind.QUARTER, b.today())[-quarters:]:
        b.refer(team, received_on=start)


def test_the_page_reads_only_the_summary(team: b.Team, sign_in: Any) -> None:
    _indicator(team, "cases.referrals_received")
    _indicator(team, "cases.gateway_within_target", target=D(90))
    client = sign_in(team.coordinator.user)
    summaries.refresh(team.partnership)
    client.get(reverse("performance:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("performance:dashboard"))
    _history(team, 9)
    summaries.refresh(team.partnership)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("performance:dashboard"))
    assert len(many) == len(few)
    assert "statistical" not in " ".join(q["sql"] for q in many.captured_queries).lower()
    assert b"Figures as of" in response.content


def test_chart_and_table_agree(team: b.Team, sign_in: Any) -> None:
    indicator = _indicator(team, "cases.referrals_received", target=D(1), amber_margin=D(0))
    _history(team, 9)
    summaries.refresh(team.partnership)
    html = sign_in(team.coordinator.user).get(reverse("performance:dashboard")).content.decode()
    assert f'<title id="chart-{indicator.uuid}-title">' in html
    assert f'id="chart-{indicator.uuid}-desc"' in html
    table = Table.read(page(html).by_id(f"table-{indicator.uuid}"))
    rows = table.rows
    assert len(rows) == 8
    assert all(row["Value"] == "1" for row in rows)
    description = html.split(f'id="chart-{indicator.uuid}-desc">')[1].split("</desc>")[0]
    for row in rows:
        assert f"{row['Period']}: {row['Value']}" in description
    assert "Green" in html
    assert "No change from the previous period" in html
    assert 'href="/cases/"' in html or reverse("cases:case_list") in html


def test_steering_sees_small_counts_suppressed_and_no_case_links(team: b.Team, sign_in: Any) -> None:
    _indicator(team, "cases.referrals_received", target=D(1))
    _history(team, 9)
    summaries.refresh(team.partnership)
    html = sign_in(_member(team, Role.STEERING)).get(reverse("performance:dashboard")).content.decode()
    assert "Suppressed" in html
    assert reverse("cases:case_list") not in html
    assert "too few people" in html
    coordinator_html = sign_in(team.coordinator.user).get(reverse("performance:dashboard")).content.decode()
    assert "Suppressed" not in coordinator_html


def test_xlsx_holds_the_figures_and_is_formula_safe(team: b.Team, sign_in: Any) -> None:
    _indicator(team, "cases.referrals_received", name="=HYPERLINK(1)")
    _history(team, 2)
    summaries.refresh(team.partnership)
    response = sign_in(team.coordinator.user).get(reverse("performance:dashboard_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Indicators"].iter_rows(values_only=True))
    assert list(rows[0]) == indicators.HEADINGS
    assert len(rows) == 1 + 9
    assert all(not str(row[0]).startswith("=") for row in rows[1:])
    assert rows[-2][4] == 1  # the last complete quarter


# --- the coordinator's pages --------------------------------------------------------------------


def test_coordinator_adds_edits_and_retires(team: b.Team, sign_in: Any) -> None:
    client = sign_in(team.coordinator.user)
    chosen = client.get(reverse("performance:indicator_source"), {"source": "cases.referrals_received"})
    assert chosen.status_code == 302
    url = reverse("performance:indicator_create", args=["cases.referrals_received"])
    response = client.post(
        url,
        {"name": "Referrals", "period": "quarter", "direction": "higher", "target": "6", "amber_margin": "2"},
    )
    assert response.status_code == 302, response.content
    indicator = Indicator.objects.get(partnership=team.partnership)
    edit = reverse("performance:indicator_edit", args=[indicator.uuid])
    client.post(edit, {"name": "Referrals received", "period": "year", "direction": "lower", "target": "20"})
    indicator.refresh_from_db()
    assert (indicator.name, indicator.period, indicator.target) == ("Referrals received", "year", D(20))
    client.post(reverse("performance:indicator_retire", args=[indicator.uuid]))
    indicator.refresh_from_db()
    assert not indicator.active
    from audit.models import AuditEvent

    assert {"indicator.created", "indicator.updated", "indicator.retired"} <= set(
        AuditEvent.objects.values_list("verb", flat=True)
    )


@pytest.mark.parametrize(
    "posted",
    [
        {},
        {"name": "x" * 500, "period": "quarter", "direction": "higher", "target": "1"},
        {"name": "A", "period": "week", "direction": "higher", "target": "1"},
        {"name": "A", "period": "quarter", "direction": "sideways", "target": "1"},
        {"name": "A", "period": "quarter", "direction": "higher", "target": "-1"},
        {"name": "A", "period": "quarter", "direction": "higher", "target": "1e400"},
        {"name": "A", "period": "quarter", "direction": "higher", "target": "NaN"},
        {"name": "A", "period": "quarter", "direction": "higher", "target": "1", "order": "99999999999999"},
        {"name": ["A", "B"], "period": "quarter", "direction": "higher", "target": "1", "rule": "999999"},
    ],
)
def test_hostile_input_writes_nothing(team: b.Team, sign_in: Any, posted: dict[str, Any]) -> None:
    client = sign_in(team.coordinator.user)
    response = client.post(reverse("performance:indicator_create", args=["training.rule_compliance"]), posted)
    assert response.status_code == 200
    assert not Indicator.objects.exists()
    assert client.get(reverse("performance:indicator_create", args=["no.such"])).status_code == 404


def test_a_percentage_target_over_100_is_refused(team: b.Team) -> None:
    with pytest.raises(Refused):
        _indicator(team, "cases.gateway_within_target", target=D(101))
    with pytest.raises(Refused):
        actions.create_indicator(
            viewer=team.referrer,
            name="A",
            source="cases.referrals_received",
            params={},
            period="quarter",
            target=D(1),
            direction="higher",
            amber_margin=D(0),
        )


@pytest.mark.parametrize("query", [{"chosen": "1"}, {"chosen": "1", "source": "no.such"}, {"source": ""}])
def test_continue_with_no_figure_chosen_says_so(team: b.Team, sign_in: Any, query: dict[str, str]) -> None:
    client = sign_in(team.coordinator.user)
    response = client.get(reverse("performance:indicator_source"), query)
    assert response.status_code == 200
    shown = page(response.content)
    summary = [e for e in shown.iter("div") if "govuk-error-summary" in e.attrs.get("class", "")]
    assert summary and summary[0].text, "no error summary"
    assert shown.iter("title")[0].text.startswith("Error:")
    assert not Indicator.objects.exists()
