"""Channel statistics in the layout of the Home Office's "Individuals referred to and
supported through the Prevent Programme": for each quarter of a financial year and the
year, referrals by how far they went (not discussed at a panel; discussed, not adopted;
adopted as a Channel case) by referral sector, age band, gender and type of concern, and by
outcome. Counted from cases.models.StatisticalRecord in one aggregate query.

The tables are built by TABLE_BUILDERS, a list the equality part extends (its ethnicity
table), and contributed to the partnership's release (performance.releases) by
`contribution`, with the relations readers can see: each cell of the year is the sum of its
quarters, the tables of one period share their totals."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from accounts.models import Partnership
from cases.models import StatisticalRecord
from performance import categories
from performance.categories import CategoryList
from performance.disclosure import TOTAL, CellRef, Table
from performance.releases import Contribution

PREFIX = "statistics"
STAGES = ("Not discussed at a panel", "Discussed, not adopted", "Adopted as a Channel case")
REFERRALS = "Referrals"
YEAR = "year"
QUARTERS = ("q1", "q2", "q3", "q4")
UNKNOWN_QUARTER = "qx"
QUARTER_MONTHS = {
    "q1": "April to June",
    "q2": "July to September",
    "q3": "October to December",
    "q4": "January to March",
}


def year_label(financial_year: int) -> str:
    return f"{financial_year}/{(financial_year + 1) % 100:02d}"


def period_label(period: str, financial_year: int) -> str:
    if period == YEAR:
        months = f"April {financial_year} to March {financial_year + 1}"
        return f"Financial year {year_label(financial_year)} ({months})"
    if period == UNKNOWN_QUARTER:
        return f"{year_label(financial_year)}, quarter not known"
    calendar_year = financial_year + 1 if period == "q4" else financial_year
    return f"Quarter {period[1]} {year_label(financial_year)} ({QUARTER_MONTHS[period]} {calendar_year})"


@dataclass
class Source:
    """What a table builder counts from: one partnership's records of one financial year,
    fetched once (grouped), and the category list in force for the year."""

    partnership: Partnership
    financial_year: int
    categories: CategoryList = field(init=False)

    def __post_init__(self) -> None:
        self.categories = categories.category_list(self.financial_year)

    @functools.cached_property
    def groups(self) -> list[dict[str, Any]]:
        records = StatisticalRecord.objects.filter(
            partnership=self.partnership, financial_year=self.financial_year
        )
        return [
            dict(group)
            for group in records.values(
                "quarter",
                "sector__code",
                "sector__partnership_id",
                "concern_type__code",
                "concern_type__partnership_id",
                "age_band",
                "gender",
                "state",
                "discussed_at_panel",
                "adopted",
            )
            .annotate(n=Count("id"))
            .order_by()
        ]

    def periods(self) -> list[str]:
        known = [*QUARTERS, YEAR]
        if any(group["quarter"] is None for group in self.groups):
            return [*QUARTERS, UNKNOWN_QUARTER, YEAR]
        return known


def _period_of(group: dict[str, Any]) -> str:
    quarter = group["quarter"]
    return f"q{quarter}" if quarter else UNKNOWN_QUARTER


def _stage(group: dict[str, Any]) -> str:
    if group["adopted"]:
        return STAGES[2]
    return STAGES[1] if group["discussed_at_panel"] else STAGES[0]


# A builder's tables: period -> (rows, columns, cells).
PeriodTables = dict[str, tuple[list[str], list[str], dict[tuple[str, str], int]]]


@dataclass(frozen=True)
class TableBuilder:
    slug: str
    title: str  # "Referrals by referral sector": the period follows
    build: Callable[[Source], PeriodTables]
    # Whether the table's columns are the journey stages (so its column totals are shared
    # with the other such tables of the period).
    by_stage: bool = True


def _by_stage(
    rows: list[str], classify: Callable[[dict[str, Any], CategoryList], str]
) -> Callable[[Source], PeriodTables]:
    """The year's table by journey stage; each quarter's by referrals only (split three ways
    a quarter's counts would be almost all suppressed, and every cell costs protection)."""

    def build(source: Source) -> PeriodTables:
        tables: PeriodTables = {}
        for period in source.periods():
            tables[period] = (list(rows), list(STAGES) if period == YEAR else [REFERRALS], {})
        for group in source.groups:
            row = classify(group, source.categories)
            year_cells = tables[YEAR][2]
            year_cells[(row, _stage(group))] = year_cells.get((row, _stage(group)), 0) + group["n"]
            cells = tables[_period_of(group)][2]
            cells[(row, REFERRALS)] = cells.get((row, REFERRALS), 0) + group["n"]
        return tables

    return build


def _concern_rows(source: Source) -> PeriodTables:
    return _by_stage(list(source.categories.concern_order), _concern)(source)


def _sector(group: dict[str, Any], _: CategoryList) -> str:
    if group["sector__partnership_id"] is not None:
        return categories.OTHER
    return categories.SECTORS.get(group["sector__code"], categories.OTHER)


def _concern(group: dict[str, Any], found: CategoryList) -> str:
    if group["concern_type__partnership_id"] is not None:
        return categories.OTHER
    return found.concern_category(group["concern_type__code"])


def _age(group: dict[str, Any], _: CategoryList) -> str:
    return categories.AGE_BANDS.get(group["age_band"], categories.AGE_BANDS["unknown"])


def _gender(group: dict[str, Any], _: CategoryList) -> str:
    return categories.GENDERS.get(group["gender"], categories.GENDER_UNKNOWN)


def outcome_of(group: dict[str, Any]) -> str:
    if group["adopted"]:
        return categories.OUTCOME_ADOPTED
    return categories.OUTCOMES.get(group["state"], categories.OUTCOME_OTHER)


def _outcomes(source: Source) -> PeriodTables:
    tables: PeriodTables = {
        period: (list(categories.OUTCOME_ORDER), [REFERRALS], {}) for period in source.periods()
    }
    for group in source.groups:
        row = outcome_of(group)
        for period in (_period_of(group), YEAR):
            cells = tables[period][2]
            cells[(row, REFERRALS)] = cells.get((row, REFERRALS), 0) + group["n"]
    return tables


TABLE_BUILDERS: list[TableBuilder] = [
    TableBuilder(
        "sector",
        "Referrals by referral sector",
        _by_stage([*categories.SECTORS.values(), categories.OTHER], _sector),
    ),
    TableBuilder("age", "Referrals by age band", _by_stage(list(categories.AGE_BANDS.values()), _age)),
    TableBuilder(
        "gender",
        "Referrals by gender",
        _by_stage([*categories.GENDERS.values(), categories.GENDER_UNKNOWN], _gender),
    ),
    TableBuilder("concern", "Referrals by type of concern", _concern_rows),
    TableBuilder("outcome", "Referrals by outcome", _outcomes, by_stage=False),
]


def table_key(slug: str, period: str) -> str:
    return f"{PREFIX}-{slug}-{period}"


def parse_key(key: str) -> tuple[str, str] | None:
    """(slug, period) of one of this part's table keys (after any scope prefix)."""
    name = key.rsplit("/", 1)[-1]
    parts = name.split("-")
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    return parts[1], parts[2]


def contribution(partnership: Partnership, financial_year: int) -> Contribution:
    """This part's tables for one partnership's year, and the relations between them."""
    source = Source(partnership, financial_year)
    periods = source.periods()
    tables: list[Table] = []
    relations: list[tuple[CellRef, list[CellRef]]] = []
    for builder in TABLE_BUILDERS:
        built = builder.build(source)
        for period in periods:
            rows, columns, cells = built[period]
            tables.append(
                Table(
                    key=table_key(builder.slug, period),
                    title=f"{builder.title}, {period_label(period, financial_year)}",
                    rows=rows,
                    columns=columns,
                    cells=cells,
                )
            )
        year = tables[-1]
        quarters = [p for p in periods if p != YEAR]
        for row in year.all_rows():
            if builder.by_stage:
                relations.append(
                    (
                        (table_key(builder.slug, YEAR), row, TOTAL),
                        [(table_key(builder.slug, p), row, REFERRALS) for p in quarters],
                    )
                )
            else:
                for column in year.all_columns():
                    relations.append(
                        (
                            (table_key(builder.slug, YEAR), row, column),
                            [(table_key(builder.slug, p), row, column) for p in quarters],
                        )
                    )
    # The tables of one period count the same referrals: their totals agree.
    staged = [builder.slug for builder in TABLE_BUILDERS if builder.by_stage]
    has_outcome = any(builder.slug == "outcome" for builder in TABLE_BUILDERS)
    for period in periods:
        if not staged:
            break
        anchor = table_key(staged[0], period)
        columns = [*STAGES, TOTAL] if period == YEAR else [REFERRALS]
        for slug in staged[1:]:
            for column in columns:
                relations.append(((table_key(slug, period), TOTAL, column), [(anchor, TOTAL, column)]))
        if has_outcome:
            outcome = table_key("outcome", period)
            relations.append(((outcome, TOTAL, TOTAL), [(anchor, TOTAL, TOTAL)]))
            if period == YEAR:
                relations.append(((outcome, categories.OUTCOME_ADOPTED, TOTAL), [(anchor, TOTAL, STAGES[2])]))
    return Contribution(tables=tables, relations=relations, regional=frozenset(t.key for t in tables))
