"""The equality tally (cases.equality): counts by ethnic group and religion kept by every
refresh of a referral's statistics, without anyone's answers in clear; erasure keeps the
counts and takes the sealed groups with the key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from cases import actions, equality
from cases.models import EqualityCount, Person, StatisticalRecord
from cases.tests.builders import Team, decide, gateway, make_team, refer, today, years_ago
from lib.quarters import quarter_start


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def tally(team: Team, dimension: str = equality.ETHNICITY, measure: str = "referrals") -> dict[str, int]:
    return {
        row.group: getattr(row, measure)
        for row in EqualityCount.objects.filter(partnership=team.partnership, dimension=dimension)
        if getattr(row, measure)
    }


def recorded(value: str) -> tuple[str, str]:
    return ("recorded", value)


def test_groups_follow_the_census_headings_and_keep_missing_answers_visible() -> None:
    assert equality.ethnic_group("recorded", "Bangladeshi") == "Asian"
    assert equality.ethnic_group("recorded", "Any other White background: Polish") == "White"
    assert equality.ethnic_group("recorded", "White and Black Caribbean") == "Mixed"
    assert equality.ethnic_group("recorded", "Arab") == "Other"
    assert equality.ethnic_group("recorded", "black") == "Black"
    assert equality.ethnic_group("recorded", "something written before the list") == "Not recorded"
    assert equality.ethnic_group("declined", "") == "Prefer not to say"
    assert equality.ethnic_group("not_known", "") == "Not recorded"
    assert equality.ethnic_group("", "") == "Not recorded"
    assert equality.religion_group("recorded", "Roman Catholic") == "Christian"
    assert equality.religion_group("recorded", "Islam") == "Muslim"
    assert equality.religion_group("recorded", "None") == "No religion"
    assert equality.religion_group("recorded", "Jain") == "Other religion"
    assert equality.religion_group("declined", "") == "Prefer not to say"


def test_a_referral_is_counted_as_referred_then_as_its_person_answers(team: Team) -> None:
    referral = refer(team, special_categories={"ethnicity": recorded("Pakistani")})
    assert tally(team) == {"Asian": 1}
    assert tally(team, equality.RELIGION) == {"Not recorded": 1}
    record = StatisticalRecord.objects.get(referral=referral)
    # Nothing in clear: the groups counted are sealed.
    assert "Asian" not in record.equality_counted_as_sealed
    assert EqualityCount.objects.get(group="Asian").quarter_start == quarter_start(today())

    referral = gateway(team, referral)
    person = referral.person
    assert person is not None
    actions.update_special_categories(
        viewer=team.coordinator,
        person=person,
        values={"ethnicity": recorded("Irish"), "religion": recorded("Church of England")},
    )
    assert tally(team) == {"White": 1}
    assert tally(team, equality.RELIGION) == {"Christian": 1}
    actions.update_special_categories(
        viewer=team.coordinator, person=person, values={"ethnicity": ("declined", "")}
    )
    assert tally(team) == {"Prefer not to say": 1}


def test_discussed_and_adopted_follow_the_panel(team: Team) -> None:
    referral = gateway(team, refer(team, special_categories={"ethnicity": recorded("African")}))
    refer(team)
    assert tally(team) == {"Black": 1, "Not recorded": 1}
    decide(team, referral, "adopt")
    assert tally(team, measure="discussed") == {"Black": 1}
    assert tally(team, measure="adopted") == {"Black": 1}


def test_erasure_keeps_the_counts_and_the_sealed_groups_go(team: Team) -> None:
    referral = gateway(
        team,
        refer(team, received_on=years_ago(4, days=10), special_categories={"ethnicity": recorded("Chinese")}),
        "no_further_action",
        on=years_ago(4),
    )
    assert tally(team) == {"Asian": 1}
    actions.erase_case(viewer=team.coordinator, referral=referral)
    record = StatisticalRecord.objects.get()
    assert record.referral is None
    assert record.equality_counted and record.equality_counted_as_sealed == ""
    assert tally(team) == {"Asian": 1}


def test_the_tally_never_goes_negative_and_the_command_counts_each_record_once(team: Team) -> None:
    referral = refer(team, special_categories={"ethnicity": recorded("Indian")})
    EqualityCount.objects.all().delete()  # a tally out of step: taking away never goes below zero

    gateway(team, referral)
    person = Person.objects.get()
    actions.update_special_categories(
        viewer=team.coordinator, person=person, values={"ethnicity": recorded("Roma")}
    )
    assert tally(team) == {"White": 1}
    assert not EqualityCount.objects.filter(referrals__lt=0).exists()

    # Records from before the tally: the command counts them, an erased one as "Not recorded".
    EqualityCount.objects.all().delete()
    StatisticalRecord.objects.update(equality_counted=False, equality_counted_as_sealed="")
    gone = StatisticalRecord.objects.create(
        partnership=team.partnership,
        financial_year=2021,
        sector=referral.sector,
        concern_type=referral.concern_type,
        age_band="15-20",
        gender="male",
        state="closed",
    )
    call_command("count_equality", stdout=None)
    call_command("count_equality", stdout=None)
    assert tally(team) == {"White": 1, "Not recorded": 1}
    assert EqualityCount.objects.get(group="Not recorded", dimension="ethnicity").quarter_start == dt.date(
        2021, 4, 1
    )
    gone.refresh_from_db()
    assert gone.equality_counted
