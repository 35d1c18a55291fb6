"""Disclosure control (performance.disclosure): small counts are suppressed, and enough
others that no suppressed count can be worked out, checked by an attacker written here
independently of the module (which looks for the null space instead): for each suppressed
cell, whether "this cell" is a combination of the published equations."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from performance.disclosure import SUPPRESSED_MARK, TOTAL, CellRef, Protected, Release, Rules, Table

SECTORS = ["Education", "Police", "Health", "Local authority", "Other"]
STAGES = ["Referred", "Discussed", "Adopted"]


def _echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """The rows brought to echelon form: (pivot column, row) for each independent row."""
    rows = [list(row) for row in rows if any(row)]
    found: list[tuple[int, list[Fraction]]] = []
    columns = len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((r for r in range(len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        lead = rows.pop(pivot)
        for r, row in enumerate(rows):
            if row[column]:
                factor = row[column] / lead[column]
                rows[r] = [a - factor * b for a, b in zip(row, lead, strict=True)]
        found.append((column, lead))
    return found


def _in_row_space(vector: list[Fraction], echelon: list[tuple[int, list[Fraction]]]) -> bool:
    vector = list(vector)
    for column, row in echelon:
        if vector[column]:
            factor = vector[column] / row[column]
            vector = [a - factor * b for a, b in zip(vector, row, strict=True)]
    return not any(vector)


def recoverable(release: Release, protected: Protected) -> set[CellRef]:
    """Every suppressed cell an attacker can work out exactly from everything published:
    the release's equations, with the published cells moved to the right-hand side; a cell
    is known when "this cell" is a combination of those equations (in their row space)."""
    hidden = sorted(protected.suppressed_cells())
    position = {ref: i for i, ref in enumerate(hidden)}
    rows: list[list[Fraction]] = []
    for total, parts in release.equations():
        row = [Fraction(0)] * len(hidden)
        for ref, sign in [(total, -1), *((part, 1) for part in parts)]:
            if ref in position:
                row[position[ref]] += sign
        rows.append(row)
    echelon = _echelon(rows)
    found = set()
    for ref in hidden:
        unit = [Fraction(0)] * len(hidden)
        unit[position[ref]] = Fraction(1)
        if _in_row_space(unit, echelon):
            found.add(ref)
    return found


def _table(key: str, counts: dict[tuple[str, str], int]) -> Table:
    return Table(key=key, title=key, rows=SECTORS, columns=STAGES, cells=counts)


def test_a_small_count_is_suppressed_and_its_row_and_column_protected() -> None:
    counts = {(sector, stage): 20 for sector in SECTORS for stage in STAGES}
    counts[("Health", "Adopted")] = 3
    release = Release([_table("t", counts)])
    protected = release.protect(Rules())
    assert protected.value("t", "Health", "Adopted") is None
    assert protected.shown("t", "Health", "Adopted") == SUPPRESSED_MARK
    # Alone, its row total and column total would give it away: three more cells go.
    assert len(protected.suppressed_cells()) == 4
    assert protected.primary_cells() == {("t", "Health", "Adopted")}
    assert not recoverable(release, protected)
    assert protected.value("t", TOTAL, TOTAL) == 20 * 15 - 17


def test_zeros_and_counts_at_the_threshold_are_shown() -> None:
    counts = {(sector, stage): 5 for sector in SECTORS for stage in STAGES}
    counts[("Other", "Adopted")] = 0
    protected = Release([_table("t", counts)]).protect(Rules())
    assert not protected.suppressed_cells()
    assert protected.value("t", "Other", "Adopted") == 0


def test_a_quarter_cannot_be_had_by_subtracting_the_others_from_the_year() -> None:
    quarters = ["Q1", "Q2", "Q3", "Q4"]
    release = Release()
    for quarter in quarters:
        counts = {(sector, stage): 12 for sector in SECTORS for stage in STAGES}
        if quarter == "Q2":
            counts[("Police", "Referred")] = 2
        release.add(_table(quarter, counts))
    year = {
        (sector, stage): sum(
            12 if not (q == "Q2" and sector == "Police" and stage == "Referred") else 2 for q in quarters
        )
        for sector in SECTORS
        for stage in STAGES
    }
    release.add(_table("year", year))
    for sector in [*SECTORS, TOTAL]:
        for stage in [*STAGES, TOTAL]:
            release.relate(("year", sector, stage), [(q, sector, stage) for q in quarters])
    protected = release.protect(Rules())
    assert protected.value("Q2", "Police", "Referred") is None
    assert not recoverable(release, protected)
    # The quarter's own table alone would have needed 3 more; the year needs another quarter.
    assert any(ref[0] != "Q2" for ref in protected.suppressed_cells())


def test_a_region_of_one_partnership_says_no_more_than_the_partnership() -> None:
    counts = {(sector, stage): 9 for sector in SECTORS for stage in STAGES}
    counts[("Education", "Adopted")] = 1
    counts[("Health", "Discussed")] = 4
    release = Release([_table("partnership", counts), _table("region", counts)])
    for sector in [*SECTORS, TOTAL]:
        for stage in [*STAGES, TOTAL]:
            release.relate(("region", sector, stage), [("partnership", sector, stage)])
    protected = release.protect(Rules())
    assert not recoverable(release, protected)
    for sector in [*SECTORS, TOTAL]:
        for stage in [*STAGES, TOTAL]:
            assert protected.value("region", sector, stage) == protected.value("partnership", sector, stage)


@pytest.mark.parametrize("seed", range(40))
def test_random_releases_leave_nothing_recoverable(seed: int) -> None:
    """Tables of small counts, related by quarters and by a second breakdown of the same
    referrals (the same totals), whatever the counts: nothing suppressed can be recovered."""
    chance = random.Random(seed)
    release = Release()
    quarters = ["Q1", "Q2", "Q3"]
    year: dict[tuple[str, str], int] = {}
    for quarter in quarters:
        counts = {(s, t): chance.choice([0, 1, 2, 3, 4, 5, 7, 11, 30]) for s in SECTORS for t in STAGES}
        for cell, value in counts.items():
            year[cell] = year.get(cell, 0) + value
        release.add(_table(quarter, counts))
    release.add(_table("year", year))
    for sector in [*SECTORS, TOTAL]:
        for stage in [*STAGES, TOTAL]:
            release.relate(("year", sector, stage), [(q, sector, stage) for q in quarters])
    # The same year's referrals by gender: its total is the year's.
    referred = sum(year[(s, "Referred")] for s in SECTORS)
    first = chance.randint(0, referred)
    release.add(
        Table(
            "gender",
            "gender",
            ["Female", "Male"],
            ["Referred"],
            {("Female", "Referred"): first, ("Male", "Referred"): referred - first},
        )
    )
    release.relate(("year", TOTAL, "Referred"), [("gender", TOTAL, "Referred")])
    rules = Rules(threshold=chance.choice([3, 5, 10]))
    protected = release.protect(rules)
    values = release.values()
    assert {ref for ref, value in values.items() if rules.is_primary(value)} <= protected.suppressed_cells()
    assert not recoverable(release, protected)


def test_rounding_and_the_notes_say_what_was_done() -> None:
    rules = Rules(threshold=10, round_to=5)
    assert [rules.shown(n) for n in (0, 2, 3, 12, 13)] == [0, 0, 5, 10, 15]
    notes = " ".join(rules.notes())
    assert "Counts from 1 to 9 are suppressed" in notes
    assert "rounded to the nearest 5" in notes
    with pytest.raises(ValueError, match="threshold"):
        Rules(threshold=0)


def test_a_relation_that_does_not_add_up_is_refused() -> None:
    release = Release([_table("a", {("Police", "Referred"): 6}), _table("b", {("Police", "Referred"): 7})])
    release.relate(("a", TOTAL, TOTAL), [("b", TOTAL, TOTAL)])
    with pytest.raises(ValueError, match="not the sum"):
        release.protect(Rules())


def test_the_attacker_recovers_what_primary_suppression_alone_leaves() -> None:
    """The check above is not vacuous: suppressing only the small counts gives them away."""
    counts = {(sector, stage): 20 for sector in SECTORS for stage in STAGES}
    counts[("Health", "Adopted")] = 3
    release = Release([_table("t", counts)])
    values = release.values()
    primary = frozenset({("t", "Health", "Adopted")})
    naive = Protected(dict(release.tables), Rules(), values, primary, primary)
    assert recoverable(release, naive) == {("t", "Health", "Adopted")}


@pytest.mark.parametrize("seed", range(10))
def test_a_search_started_from_other_cells_still_leaves_nothing_recoverable(seed: int) -> None:
    """`start` (a scope's search begins with each partnership's own protection) adds to
    what is suppressed; the search still completes it until nothing can be worked out."""
    chance = random.Random(seed)
    release = Release()
    quarters = ["Q1", "Q2"]
    year: dict[tuple[str, str], int] = {}
    for quarter in quarters:
        counts = {(s, t): chance.choice([0, 2, 6, 9, 30]) for s in SECTORS for t in STAGES}
        for cell, value in counts.items():
            year[cell] = year.get(cell, 0) + value
        release.add(_table(quarter, counts))
    release.add(_table("year", year))
    for sector in [*SECTORS, TOTAL]:
        for stage in [*STAGES, TOTAL]:
            release.relate(("year", sector, stage), [(q, sector, stage) for q in quarters])
    start = {("Q1", chance.choice(SECTORS), chance.choice(STAGES)), ("no such table", "x", "y")}
    protected = release.protect(Rules(), start=start)
    assert {ref for ref in start if ref[0] != "no such table"} <= protected.suppressed_cells()
    assert not recoverable(release, protected)


@pytest.mark.parametrize("seed", range(12))
def test_regions_of_partnerships_with_two_breakdowns_leave_nothing_recoverable(seed: int) -> None:
    """A region's tables are the sums of its partnerships', and each partnership counts the
    same referrals by sector and by age (the same column totals): a region's total by sector
    is then given away by its total by age through a chain of tables even when every
    equation holding it is suppressed. The search hides such a cell by suppressing one of the
    published cells it is worked out from."""
    chance = random.Random(seed)
    release = Release()
    partnerships = [f"p{n}" for n in range(chance.randint(3, 5))]
    ages = ["Under 15", "15 to 17", "18 or over"]
    # Counts of referrals, one column, as the Channel statistics publish them.
    columns = chance.choice([["Referrals"], ["Referrals", "Adopted"]])
    region: dict[str, dict[tuple[str, str], int]] = {"sector": {}, "age": {}}
    for partnership in partnerships:
        by_sector = {(s, t): chance.choice([0, 1, 1, 2, 3]) for s in SECTORS for t in columns}
        by_age: dict[tuple[str, str], int] = {}
        for stage in columns:
            left = sum(by_sector[(s, stage)] for s in SECTORS)
            for age in ages[:-1]:
                by_age[(age, stage)] = chance.randint(0, left)
                left -= by_age[(age, stage)]
            by_age[(ages[-1], stage)] = left
        release.add(Table(f"{partnership}/sector", "sector", SECTORS, columns, by_sector))
        release.add(Table(f"{partnership}/age", "age", ages, columns, by_age))
        for stage in [*columns, TOTAL]:
            release.relate((f"{partnership}/sector", TOTAL, stage), [(f"{partnership}/age", TOTAL, stage)])
        for key, counts in (("sector", by_sector), ("age", by_age)):
            for cell, value in counts.items():
                region[key][cell] = region[key].get(cell, 0) + value
    release.add(Table("region/sector", "sector", SECTORS, columns, region["sector"]))
    release.add(Table("region/age", "age", ages, columns, region["age"]))
    for key, rows in (("sector", SECTORS), ("age", ages)):
        for row in [*rows, TOTAL]:
            for stage in [*columns, TOTAL]:
                release.relate(
                    (f"region/{key}", row, stage), [(f"{p}/{key}", row, stage) for p in partnerships]
                )
    rules = Rules(threshold=chance.choice([3, 5]))
    protected = release.protect(rules)
    values = release.values()
    assert {ref for ref, value in values.items() if rules.is_primary(value)} <= protected.suppressed_cells()
    assert not recoverable(release, protected)
    # Not everything is hidden: the search leaves most of a region's figures to be read.
    assert len(protected.suppressed_cells()) < len(values)


def test_a_region_total_given_away_by_its_other_breakdown_through_the_partnerships_is_hidden() -> None:
    """Each partnership counts its referrals by sector and by age (the same total); the
    region sums both. With the region's total by sector suppressed (from the outset, as a
    scope's search starts from each partnership's own protection), every equation holding it
    is suppressed too, yet it equals the region's total by age through the partnerships'
    tables: that published total is what has to be hidden."""
    release = Release()
    ages = ["Under 18", "18 or over"]
    sectors = ["Education", "Police"]
    columns = ["Referrals"]
    for key, by_sector, by_age in (("p1", (1, 2), (2, 1)), ("p2", (2, 1), (1, 2))):
        release.add(
            Table(
                f"{key}/sector",
                "sector",
                sectors,
                columns,
                dict(zip([(s, "Referrals") for s in sectors], by_sector, strict=True)),
            )
        )
        release.add(
            Table(
                f"{key}/age",
                "age",
                ages,
                columns,
                dict(zip([(a, "Referrals") for a in ages], by_age, strict=True)),
            )
        )
        for column in [*columns, TOTAL]:
            release.relate((f"{key}/sector", TOTAL, column), [(f"{key}/age", TOTAL, column)])
    release.add(Table("region/sector", "sector", sectors, columns, {(s, "Referrals"): 3 for s in sectors}))
    release.add(Table("region/age", "age", ages, columns, {(a, "Referrals"): 3 for a in ages}))
    for key, rows in (("sector", sectors), ("age", ages)):
        for row in [*rows, TOTAL]:
            for column in [*columns, TOTAL]:
                release.relate(
                    (f"region/{key}", row, column), [(f"{p}/{key}", row, column) for p in ("p1", "p2")]
                )
    protected = release.protect(Rules(), start={("region/sector", TOTAL, "Referrals")})
    assert not recoverable(release, protected)
    assert protected.value("region/age", TOTAL, TOTAL) is None
