"""Channel statistics: the page and downloads for each reader, and disclosure control in use:
every suppressed cell a steering member can download stays unrecoverable by the attacker of
test_disclosure, and a region of one partnership reveals nothing its partnership does not."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts.models import Partnership, Role, User
from govuk.testing import page
from performance import equality, releases, summaries
from performance.disclosure import SUPPRESSED_MARK, TOTAL, CellRef
from performance.statistics_export import ALL_REFERRALS, DISCUSSED
from performance.tests.builders_equality import referrals
from performance.tests.builders_statistics import records, region
from performance.tests.test_disclosure import recoverable

pytestmark = pytest.mark.django_db

YEAR = 2025
URL = "/performance/statistics/"


def _parse(rows: list[list[str]]) -> dict[CellRef, str]:
    """Every published cell of a download, by (table key, row, column), as printed."""
    found: dict[CellRef, str] = {}
    key = None
    columns: list[str] = []
    for row in rows:
        if not row or not row[0] or (len([c for c in row if c]) == 1 and not row[0].startswith("Table ")):
            key = None  # a blank line (CSV) or a period's heading (XLSX keeps no blank rows)
            continue
        if row[0].startswith("Table "):
            key = row[0].removeprefix("Table ")
            columns = []
            continue
        if key and not columns:
            columns = [TOTAL if c == ALL_REFERRALS else c for c in row[1:]]
            continue
        if key and key in STAGE_TABLES:
            # Ethnic group: one printed table, a column for each stage's table of the release.
            for stage_key, value in zip(STAGE_TABLES[key], row[1:], strict=False):
                found[(stage_key, row[0], equality.REFERRALS)] = str(value)
                found[(stage_key, row[0], TOTAL)] = str(value)
        elif key:
            for column, value in zip(columns, row[1:], strict=False):
                if column and column != DISCUSSED:
                    found[(key, row[0], column)] = str(value)
            if len([c for c in columns if c]) == 1:  # one column: its total is itself, not printed
                found[(key, row[0], TOTAL)] = str(row[1])
    return found


# The printed ethnic group table's key -> the keys of its columns' tables in the release.
STAGE_TABLES = {
    keys[equality.REFERRALS]: list(keys.values()) for _, _, keys in equality.statistics_tables(YEAR)
}


def _csv(response: object) -> dict[CellRef, str]:
    text = response.content.decode("utf-8-sig")  # type: ignore[attr-defined]
    return _parse(list(csv.reader(io.StringIO(text))))


def _xlsx(response: object) -> dict[CellRef, str]:
    workbook = load_workbook(io.BytesIO(response.content))  # type: ignore[attr-defined]
    rows = [
        ["" if value is None else str(value) for value in row]
        for sheet in workbook.worksheets
        if sheet.title != "Notes"
        for row in sheet.iter_rows(values_only=True)
    ]
    return _parse(rows)


class _Published:
    def __init__(self, suppressed: set[CellRef]) -> None:
        self._suppressed = frozenset(suppressed)

    def suppressed_cells(self) -> frozenset[CellRef]:
        return self._suppressed


def test_the_coordinator_sees_exact_figures_and_the_steering_group_protected_ones(
    partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    records(partnership, YEAR, 40)
    exact = sign_in(person(partnership, Role.COORDINATOR)).get(URL, {"year": str(YEAR)})
    assert exact.status_code == 200
    assert SUPPRESSED_MARK not in exact.content.decode()
    steering = sign_in(person(partnership, Role.STEERING)).get(URL, {"year": str(YEAR), "period": "q2"})
    assert steering.status_code == 200
    page = steering.content.decode()
    assert SUPPRESSED_MARK in page and "Counts from 1 to 4 are suppressed" in page
    assert "Quarter 2 2025/26" in page


def test_no_suppressed_cell_a_steering_member_downloads_can_be_worked_out(
    partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    records(partnership, YEAR, 60)
    client = sign_in(person(partnership, Role.STEERING))
    published = _csv(client.get(URL + "download.csv", {"year": YEAR}))
    assert published == _xlsx(client.get(URL + "download.xlsx", {"year": YEAR}))
    built = releases.scope_release(releases.scope_of(partnership=partnership), YEAR)
    values = built.values()
    # The statistics downloads hold every statistics cell of the release and every cell of
    # its ethnic group tables, as it is shown.
    ethnicity = {key for keys in STAGE_TABLES.values() for key in keys}
    assert set(published) == {
        ref for ref in values if ref[0].startswith("statistics-") or ref[0] in ethnicity
    }
    for ref, shown in published.items():
        if shown != SUPPRESSED_MARK:
            assert int(shown) == values[ref]
    # The steering member also downloads the dashboard, the equality tables and the return:
    # the attacker is given every cell of the release as the steering member is shown it.
    everything = releases.protected(partnership, YEAR)
    suppressed = set(everything.suppressed_cells())
    assert {ref for ref, shown in published.items() if shown == SUPPRESSED_MARK} == {
        ref for ref in suppressed if ref[0].startswith("statistics-") or ref[0] in ethnicity
    }
    assert suppressed
    assert not recoverable(built, _Published(suppressed))  # type: ignore[arg-type]
    notes = client.get(URL + "download.csv", {"year": YEAR}).content.decode("utf-8-sig")
    assert "Counts from 1 to 4 are suppressed" in notes and "Category list:" in notes


def test_a_region_of_one_partnership_reveals_nothing_its_partnership_does_not(
    partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    records(partnership, YEAR, 40, seed=3)
    adviser = person(partnership, Role.REGIONAL)
    alone = region("Alone", [partnership], [adviser])
    steering = _csv(sign_in(person(partnership, Role.STEERING)).get(URL + "download.csv", {"year": YEAR}))
    regional = _csv(sign_in(adviser).get(f"{URL}regions/{alone.uuid}/download.csv", {"year": YEAR}))
    assert regional == steering


def test_a_regional_adviser_reads_only_the_regions_they_are_appointed_to(
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    adviser = person(partnership, Role.REGIONAL)
    theirs = region("Theirs", [partnership, other_partnership], [adviser])
    other = region("Other", [other_partnership], [])
    client = sign_in(adviser)
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}regions/{theirs.uuid}/").status_code == 200
    assert client.get(f"{URL}regions/{other.uuid}/").status_code == 404
    assert "Theirs" in client.get(f"{URL}regions/").content.decode()
    outsider = sign_in(person(partnership, Role.STEERING))
    assert outsider.get(f"{URL}regions/{theirs.uuid}/").status_code == 404


@pytest.mark.parametrize(
    "query", [{"year": "x"}, {"year": "99999999999999"}, {"period": "q9"}, {"year": "-1", "period": ""}]
)
def test_bad_year_or_period_shows_the_latest_year(
    query: dict[str, str],
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(person(partnership, Role.STEERING))
    assert client.get(URL, query).status_code == 200
    assert client.get(URL + "download.csv", query).status_code == 200


def test_the_coordinator_sets_the_rules_and_they_are_audited(
    partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    from audit.models import AuditEvent

    client = sign_in(person(partnership, Role.COORDINATOR))
    response = client.post(URL + "rules/", {"threshold": "10", "round_to": ""})
    assert response.status_code == 302
    assert releases.rules_for(partnership).threshold == 10
    assert AuditEvent.objects.filter(verb="performance.disclosure_rules.changed").exists()
    assert client.post(URL + "rules/", {"threshold": "0"}).status_code == 200
    assert releases.rules_for(partnership).threshold == 10


def _ethnicity_table(response: object) -> dict[str, dict[str, str]]:
    """The page's ethnic group table, row heading -> {column heading: cell}."""
    tables = [t for t in page(response.content).tables() if "by ethnic group" in t.caption]  # type: ignore[attr-defined]
    assert len(tables) == 1
    return {row["Ethnic group"]: row for row in tables[0].rows}


def test_the_year_shows_referrals_discussed_and_adopted_by_ethnic_group(
    partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    referrals(partnership, YEAR, ethnicity={"Asian": 7, "White": 12, "Not recorded": 2})
    coordinator = sign_in(person(partnership, Role.COORDINATOR))
    exact = _ethnicity_table(coordinator.get(URL, {"year": str(YEAR)}))
    assert exact["Asian"]["All referrals"] == "7"
    assert exact["White"]["All referrals"] == "12"
    assert exact["Not recorded"]["All referrals"] == "2"
    assert exact["Total"]["All referrals"] == "21"
    assert set(exact["Asian"]) == {"Ethnic group", "All referrals", DISCUSSED, "Adopted as a Channel case"}
    # The steering group's copy is protected: the two "Not recorded" are not shown.
    steering = _ethnicity_table(sign_in(person(partnership, Role.STEERING)).get(URL, {"year": str(YEAR)}))
    assert steering["Not recorded"]["All referrals"] == SUPPRESSED_MARK
    assert steering["White"]["All referrals"] == "12"
    # A quarter's page has no ethnic group table: the groups are counted for the year.
    quarter = page(coordinator.get(URL, {"year": str(YEAR), "period": "q1"}).content)
    assert not [t for t in quarter.tables() if "by ethnic group" in t.caption]
    notes = coordinator.get(URL + "download.csv", {"year": YEAR}).content.decode("utf-8-sig")
    assert "Ethnic group: the five high-level groups" in notes


def test_a_region_publishes_only_the_tables_its_advisers_read(
    partnership: Partnership, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    """Summing the dashboard's, the return's or equality monitoring's other tables for a
    region would publish (and protect) cells no reader is shown."""
    records(partnership, YEAR, 30, seed=5)
    records(other_partnership, YEAR, 30, seed=6)
    both = region("Both", [partnership, other_partnership], [person(partnership, Role.REGIONAL)])
    built = releases.scope_release(releases.scope_of(region=both), YEAR)
    prefix = releases.region_prefix(both)
    regional = {key.removeprefix(prefix) for key in built.tables if key.startswith(prefix)}
    ethnicity = {key for keys in STAGE_TABLES.values() for key in keys}
    assert regional
    assert all(key.startswith("statistics-") or key in ethnicity for key in regional)
    assert ethnicity <= regional


def test_a_scopes_release_is_stored_in_parts_and_each_page_reads_its_own(
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    from performance.models import StoredRelease

    records(partnership, YEAR, 30, seed=7)
    records(other_partnership, YEAR, 30, seed=8)
    both = region("Both", [partnership, other_partnership], [person(partnership, Role.REGIONAL)])
    steering = sign_in(person(partnership, Role.STEERING))
    before = _csv(steering.get(URL + "download.csv", {"year": YEAR}))
    scope = releases.scope_of(region=both)
    parts = {row.part: row for row in StoredRelease.objects.filter(scope=scope.key, financial_year=YEAR)}
    mine, theirs = releases.partnership_prefix(partnership), releases.partnership_prefix(other_partnership)
    assert set(parts) == {mine, theirs, releases.region_prefix(both)}
    for prefix, row in parts.items():
        assert row.cells["tables"] and all(key.startswith(prefix) for key in row.cells["tables"])
    # Read again from the stored part, the page is the same.
    assert _csv(steering.get(URL + "download.csv", {"year": YEAR})) == before
    # Together the parts are the scope's protected release: with every cell the parts
    # suppress unknown, none can be worked out from everything the parts publish.
    whole = releases.scope_release(scope, YEAR)
    suppressed = {
        (key, row, column)
        for part in parts.values()
        for key, row, column, value in part.cells["cells"]
        if value is None
    }
    assert {ref for ref in suppressed if ref[0].startswith(mine)}
    assert set(whole.values()) == {
        (key, row, column) for part in parts.values() for key, row, column, _ in part.cells["cells"]
    }
    assert not recoverable(whole, _Published(suppressed))  # type: ignore[arg-type]


def test_a_regions_page_shows_the_last_release_while_the_new_one_is_worked_out(
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    import datetime as dt

    from performance.models import StoredRelease

    records(partnership, YEAR, 30, seed=9)
    records(other_partnership, YEAR, 30, seed=10)
    region("Both", [partnership, other_partnership], [person(partnership, Role.REGIONAL)])
    steering = sign_in(person(partnership, Role.STEERING))
    first = steering.get(URL, {"year": YEAR})
    assert "These figures were worked out at" not in first.content.decode()
    total = _csv(steering.get(URL + "download.csv", {"year": YEAR}))[("statistics-sector-year", TOTAL, TOTAL)]
    # Ten more referrals: the figures move, and the task has not yet worked the region out.
    records(partnership, YEAR, 10, seed=11)
    behind = steering.get(URL, {"year": YEAR}).content.decode()
    assert "These figures were worked out at" in behind
    download = steering.get(URL + "download.csv", {"year": YEAR}).content.decode("utf-8-sig")
    assert "newer records are being counted" in download
    assert (
        _csv(steering.get(URL + "download.csv", {"year": YEAR}))[("statistics-sector-year", TOTAL, TOTAL)]
        == total
    )
    # The task (performance.summaries.warm) waits for the new release and stores it.
    summaries.warm(partnership, today=dt.date(YEAR + 1, 1, 15))
    fresh = steering.get(URL, {"year": YEAR}).content.decode()
    assert "These figures were worked out at" not in fresh
    assert _csv(steering.get(URL + "download.csv", {"year": YEAR}))[
        ("statistics-sector-year", TOTAL, TOTAL)
    ] == str(int(total) + 10)
    # A stored release older than BEHIND_FOR is not shown: the page works it out itself.
    records(partnership, YEAR, 10, seed=12)
    StoredRelease.objects.update(worked_out_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    late = steering.get(URL, {"year": YEAR}).content.decode()
    assert "These figures were worked out at" not in late


def test_a_regions_partnership_dashboard_does_not_wait_for_the_new_release(
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    """The dashboard of a partnership in a region shows the last stored release while the
    task works out the new one, and a figure it does not hold is suppressed, not an error."""
    from decimal import Decimal

    from accounts.access import Viewer
    from performance import indicator_actions
    from performance.models import StoredRelease

    coordinator = person(partnership, Role.COORDINATOR)
    indicator_actions.create_indicator(
        viewer=Viewer(coordinator, partnership, frozenset({Role.COORDINATOR})),
        name="Referrals received",
        description="",
        source="cases.referrals_received",
        params={},
        period="quarter",
        target=Decimal(6),
        direction="higher",
        amber_margin=Decimal(2),
        order=0,
    )
    records(partnership, YEAR, 30, seed=13)
    records(other_partnership, YEAR, 30, seed=14)
    region("Both", [partnership, other_partnership], [person(partnership, Role.REGIONAL)])
    summaries.refresh(partnership)
    steering = sign_in(person(partnership, Role.STEERING))
    assert steering.get("/performance/").status_code == 200
    stored = {(row.scope, row.financial_year): row.version for row in StoredRelease.objects.all()}
    assert stored
    # The figures move (the task has not run): the page answers from the stored release.
    records(partnership, YEAR, 10, seed=15)
    summaries.refresh(partnership)
    assert steering.get("/performance/").status_code == 200
    assert {(row.scope, row.financial_year): row.version for row in StoredRelease.objects.all()} == stored
    # A period the stored release does not hold is shown suppressed.
    StoredRelease.objects.filter(part=releases.partnership_prefix(partnership)).update(
        cells={"tables": {}, "cells": [], "notes": []}
    )
    page = steering.get("/performance/").content.decode()
    assert "Suppressed" in page
