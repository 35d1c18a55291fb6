"""Equality monitoring: rates per 10,000 residents, rate ratios with their confidence
intervals, disclosure control, the population shipped and imported, and who may see it."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import Membership, Partnership, Role, User
from govuk.testing import Table, page
from performance import equality, releases
from performance.disclosure import TOTAL
from performance.tests.builders_equality import area, referrals

YEAR = 2024


@pytest.fixture
def partnership(db: Any) -> Partnership:
    return Partnership.objects.create(name="Tower Hamlets", slug="th", code="TH")


def member(partnership: Partnership, role: str) -> User:
    user = User.objects.create_user(f"{role}@th.example.gov.uk", "a long test password", full_name=role)
    Membership.objects.create(user=user, partnership=partnership, role=role)
    return user


def table(client: Client, table_id: str, year: int = YEAR) -> dict[str, dict[str, str]]:
    response = client.get(f"/performance/equality/?year={year}")
    assert response.status_code == 200
    read = Table.read(page(response.content).by_id(table_id))
    return {row["Group"]: row for row in read.rows}


def test_the_rate_ratio_and_its_interval_a_worked_example() -> None:
    # 20 referrals from 10,000 residents against 30 from the other 90,000: rates 20 and 3.33
    # per 10,000, a ratio of 6; ln(6) +/- 1.96 * sqrt(1/20 + 1/30) gives 3.41 to 10.57.
    assert equality.rate(20, 10_000) == 20
    assert equality.rate(30, 90_000) == pytest.approx(3.333, abs=0.001)
    ratio = equality.rate_ratio(20, 10_000, 30, 90_000)
    assert ratio is not None
    assert ratio.value == pytest.approx(6.0)
    assert ratio.low == pytest.approx(6 * math.exp(-1.959964 * math.sqrt(1 / 20 + 1 / 30)))
    assert (round(ratio.low, 2), round(ratio.high, 2)) == (3.41, 10.57)
    assert equality.rate_ratio(0, 10_000, 30, 90_000) is None


def test_the_england_and_wales_shares_scale_to_the_partnership(partnership: Partnership) -> None:
    assert equality.ENGLAND_AND_WALES_RESIDENTS == 59_597_542
    assert sum(equality.ENGLAND_AND_WALES_ETHNICITY.values()) == pytest.approx(100)
    assert sum(equality.ENGLAND_AND_WALES_SEX.values()) == equality.ENGLAND_AND_WALES_RESIDENTS
    area(partnership, 100_000)
    people = equality.population(partnership)
    assert people.residents["ethnicity"] == {
        "Asian": 9_300,
        "Black": 4_000,
        "Mixed": 2_900,
        "White": 81_700,
        "Other": 2_100,
    }
    assert not people.imported


def test_the_page_shows_rates_and_ratios_where_the_counts_are_published(
    partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    area(partnership, 100_000)
    referrals(partnership, YEAR, ethnicity={"Asian": 20, "White": 30, "Black": 2, "Not recorded": 8})
    client = sign_in(member(partnership, Role.STEERING))
    rows = table(client, "ethnicity")
    assert rows["Asian"]["Referrals"] == "20"
    assert rows["Asian"]["Residents"] == "9300"
    assert rows["Asian"]["Per 10,000 residents"] == "21.51"
    # Black has 2 referrals: suppressed, and with it a second cell; no ratio uses a hidden count.
    assert rows["Black"]["Referrals"] == "[c]"
    assert rows["Black"]["Per 10,000 residents"] == "Not shown"
    assert {row["Rate ratio to the rest (95% CI)"] for group, row in rows.items() if group != "Total"} == {
        "Not shown"
    }
    assert rows["Not recorded"]["Residents"] == "Not known"
    assert rows["Total"]["Referrals"] == "60"


def test_ratios_are_shown_when_every_count_is_published(
    partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    area(partnership, 100_000)
    referrals(
        partnership,
        YEAR,
        ethnicity={"Asian": 20, "White": 30, "Black": 0, "Mixed": 0, "Other": 0, "Not recorded": 6},
    )
    protected = releases.protected(partnership, YEAR)
    assert protected.value(equality.all_key(YEAR), equality.REFERRALS, equality.COUNT) == 56
    assert protected.value(equality.table_key("ethnicity", YEAR), TOTAL, equality.REFERRALS) == 56
    rows = table(sign_in(member(partnership, Role.COORDINATOR)), "ethnicity")
    # Asian: 20 of 9,300 against White 30 of 81,700 (the other groups have none).
    expected = equality.rate_ratio(20, 9_300, 30, 81_700 + 4_000 + 2_900 + 2_100)
    assert expected is not None
    assert rows["Asian"]["Rate ratio to the rest (95% CI)"] == (
        f"{expected.value:.2f} ({expected.low:.2f} to {expected.high:.2f})"
    )
    assert rows["Black"]["Rate ratio to the rest (95% CI)"] == "Not shown"  # no referrals: no ratio
    notes = page(client_get(sign_in, partnership)).by_id("notes").text
    assert "England and Wales" in notes and "59,597,542" in notes


def client_get(sign_in: Callable[..., Client], partnership: Partnership) -> bytes:
    user = User.objects.get(email="coordinator@th.example.gov.uk")
    return sign_in(user).get(f"/performance/equality/?year={YEAR}").content


def test_the_downloads_carry_the_suppression_and_the_notes(
    partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    area(partnership, 100_000)
    referrals(partnership, YEAR, ethnicity={"Asian": 20, "White": 30, "Black": 2, "Not recorded": 8})
    client = sign_in(member(partnership, Role.FUNDER))
    response = client.get(f"/performance/equality/download.csv?year={YEAR}")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == f'attachment; filename="equality-th-{YEAR}.csv"'
    lines = list(csv.reader(io.StringIO(text)))
    assert ["Referrals by ethnic group, 2024/25", "Black", "[c]", "4000", "", "", "", ""] in lines
    assert "Counts from 1 to 4 are suppressed" in text
    assert client.get(f"/performance/equality/download.xlsx?year={YEAR}").status_code == 200
    assert client.get("/performance/equality/download.pdf").status_code == 404


@pytest.mark.parametrize(
    "role", [Role.CHAIR, Role.POLICE, Role.REFERRER, Role.PANEL_MEMBER, Role.ACTION_OWNER]
)
def test_only_the_coordinator_steering_and_funder_see_it(
    partnership: Partnership, sign_in: Callable[..., Client], role: str
) -> None:
    client = sign_in(member(partnership, role))
    assert client.get("/performance/equality/").status_code == 404
    assert client.get("/performance/equality/download.csv").status_code == 404
    assert client.get("/performance/equality/population/").status_code == 404


def test_the_population_page_is_the_coordinators(
    partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    assert (
        sign_in(member(partnership, Role.STEERING)).get("/performance/equality/population/").status_code
        == 404
    )
    assert (
        sign_in(member(partnership, Role.FUNDER)).get("/performance/equality/population/").status_code == 404
    )


def test_the_statistics_tables_name_tables_of_the_release(partnership: Partnership) -> None:
    referrals(partnership, YEAR, ethnicity={"Asian": 6})
    protected = releases.protected(partnership, YEAR)
    for _, _, keys in equality.statistics_tables(YEAR):
        for key in keys.values():
            assert key in protected.tables
