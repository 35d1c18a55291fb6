"""The anonymous statistical record follows each referral as the Home Office statistics
count it, and stays with the partnership that received it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cases import actions, statistics
from cases.models import AgeBand, StatisticalRecord
from cases.tests.builders import Team, consent, decide, gateway, make_team, refer, today, withdraw
from lib.dates import add_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def _record(referral: Any) -> StatisticalRecord:
    return StatisticalRecord.objects.get(referral=referral)


@pytest.mark.parametrize(
    ("received_on", "year"),
    [(dt.date(2025, 3, 31), 2024), (dt.date(2025, 4, 1), 2025), (dt.date(2026, 1, 15), 2025)],
)
def test_a_referral_counts_in_the_financial_year_april_to_march_it_was_received(
    team: Team, received_on: dt.date, year: int
) -> None:
    assert _record(refer(team, received_on=received_on)).financial_year == year


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (10, AgeBand.UNDER_11),
        (11, AgeBand.AGE_11_15),
        (17, AgeBand.AGE_16_17),
        (18, AgeBand.AGE_18_20),
        (50, AgeBand.AGE_41_50),
        (51, AgeBand.OVER_50),
    ],
)
def test_the_age_band_is_the_age_on_the_day_of_the_referral(team: Team, age: int, band: str) -> None:
    received_on = dt.date(2024, 6, 1)
    # Their birthday is the day after the referral: they are older now, and were `age` then.
    born = add_months(received_on, -12 * (age + 1)) + dt.timedelta(days=1)
    referral = gateway(team, refer(team, received_on=received_on, date_of_birth=born), on=received_on)
    assert _record(referral).age_band == band


def test_an_unknown_date_of_birth_counts_as_an_unknown_age(team: Team) -> None:
    assert _record(refer(team, date_of_birth=None)).age_band == AgeBand.UNKNOWN


def test_the_record_follows_the_referral_through_channel(team: Team) -> None:
    day = today() - dt.timedelta(days=10)
    referral = refer(team, received_on=day, date_of_birth=add_months(day, -12 * 15), gender="female")
    record = _record(referral)
    assert (record.state, record.gateway_outcome, record.discussed_at_panel, record.adopted) == (
        "received",
        "",
        False,
        False,
    )
    assert (record.gender, record.sector.code, record.concern_type.code) == (
        "female",
        "education",
        "extreme_right_wing",
    )
    gateway(team, referral, on=day)
    record = _record(referral)
    assert (record.state, record.gateway_outcome, record.discussed_at_panel) == (
        "progressed",
        "progress",
        False,
    )
    decide(team, referral, "defer", on=day)
    record = _record(referral)
    assert (record.state, record.discussed_at_panel, record.adopted) == ("at_panel", True, False)
    decide(team, referral, "adopt", on=day)
    record = _record(referral)
    assert (record.state, record.discussed_at_panel, record.adopted, record.consent_given_by) == (
        "adopted",
        True,
        True,
        "",
    )
    consent(team, referral, on=day)
    record = _record(referral)
    assert (record.state, record.consent_given_by, record.age_band) == (
        "in_support",
        "parent",
        AgeBand.AGE_11_15,
    )
    decide(team, referral, "exit", on=day)
    assert _record(referral).state == "exited"
    assert StatisticalRecord.objects.count() == 1


def test_refused_consent_is_not_counted_as_consent_given(team: Team) -> None:
    referral = gateway(team, refer(team, date_of_birth=dt.date(1990, 1, 1)))
    decide(team, referral, "adopt")
    consent(team, referral, decision="refused")
    record = _record(referral)
    assert (record.state, record.adopted, record.consent_given_by) == ("consent_under_review", True, "")
    refused_on = today()
    decide(team, referral, "close_not_given", on=refused_on, closure_reason="no_further_concern")
    record = _record(referral)
    assert (record.state, record.consent_given_by, record.closure_reason) == (
        "declined",
        "",
        "no_further_concern",
    )


def test_a_transferred_case_still_counts_where_it_was_received(team: Team) -> None:
    camden = make_team("Camden", "CA")
    referral = gateway(team, refer(team, date_of_birth=dt.date(1990, 1, 1)))
    decide(team, referral, "adopt")
    consent(team, referral)
    transfer = actions.request_transfer(
        viewer=team.coordinator, referral=referral, to_partnership=camden.partnership, reason="Moved."
    )
    actions.accept_transfer(viewer=camden.coordinator, transfer=transfer)
    withdraw(camden, referral, reason="No.", close=True)
    record = _record(referral)
    assert (record.partnership, record.state) == (team.partnership, "withdrew")
    year = statistics.financial_year(today())
    assert [
        (j.financial_year, j.referrals, j.discussed, j.adopted) for j in statistics.journeys(team.partnership)
    ] == [(year, 1, 1, 1)]
    assert statistics.journeys(camden.partnership) == []
    assert statistics.breakdown(team.partnership, year, "state") == {"withdrew": 1}


def test_journeys_and_breakdowns_count_each_year(team: Team) -> None:
    gateway(team, refer(team, received_on=dt.date(2024, 5, 1)), "no_further_action", on=dt.date(2024, 5, 2))
    adopted = gateway(team, refer(team, received_on=dt.date(2025, 5, 1)), on=dt.date(2025, 5, 1))
    decide(team, adopted, "adopt", on=dt.date(2025, 5, 20))
    refer(team, received_on=dt.date(2025, 6, 1), date_of_birth=None)
    journeys = statistics.journeys(team.partnership)
    assert [(j.label, j.referrals, j.discussed, j.adopted) for j in journeys] == [
        ("2025/26", 2, 1, 1),
        ("2024/25", 1, 0, 0),
    ]
    assert statistics.breakdown(team.partnership, 2025, "gateway_outcome") == {"": 1, "progress": 1}
    assert statistics.breakdown(team.partnership, 2025, "sector") == {"Education": 2}
    assert statistics.breakdown(team.partnership, 2025, "age_band") == {"11-15": 1, "unknown": 1}
