"""Equality monitoring: referrals per 10,000 residents by ethnic group, age band, sex and
religion for a financial year, and each group's rate against the rest of the population's,
after disclosure control.

Counts come from tallies kept as records change: ethnic group and religion from
cases.EqualityCount (no one's answers in clear), age band and gender from the statistical
records. The population is the partnership's imported Census 2021 tables
(PopulationFigure) or, until there are some, the England and Wales shares below scaled to
its residents (EqualityArea), and the page says which.

The ratio of a group's rate to the rest's is the rate ratio (a / Pa) / (b / Pb), where a
referrals come from a group of Pa residents and b from the Pb residents of every other
group with a population figure; its 95% confidence interval is exp(ln RR +/- 1.96 *
sqrt(1/a + 1/b)), treating the counts as Poisson and the population as known."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from accounts.models import Partnership
from cases import equality as tally
from cases.models import AgeBand, EqualityCount, Gender, StatisticalRecord
from performance.disclosure import TOTAL, Table
from performance.models import EqualityArea, PopulationDimension, PopulationFigure
from performance.releases import Contribution, Published

# --- the population shipped: Census 2021, England and Wales -------------------------------

# Usual residents of England and Wales on Census Day, 21 March 2021 (ONS, "Population and
# household estimates, England and Wales: Census 2021").
ENGLAND_AND_WALES_RESIDENTS = 59_597_542
# ONS, "Ethnic group, England and Wales: Census 2021" (29 November 2022), percent of usual
# residents.
ENGLAND_AND_WALES_ETHNICITY = {"Asian": 9.3, "Black": 4.0, "Mixed": 2.9, "White": 81.7, "Other": 2.1}
# ONS, "Population and household estimates, England and Wales: Census 2021, unrounded
# data" (2 November 2022): 30,420,202 women and 29,177,340 men (as in table TS008, sex).
ENGLAND_AND_WALES_SEX = {"Female": 30_420_202, "Male": 29_177_340}
# ONS, "Religion, England and Wales: Census 2021" (29 November 2022), percent of usual
# residents; 6.0% did not answer the voluntary question (94.0% answered it).
ENGLAND_AND_WALES_RELIGION = {
    "No religion": 37.2,
    "Christian": 46.2,
    "Buddhist": 0.5,
    "Hindu": 1.7,
    "Jewish": 0.5,
    "Muslim": 6.5,
    "Sikh": 0.9,
    "Other religion": 0.6,
    "Not answered": 6.0,
}

REFERRALS = "Referrals"
DISCUSSED = "Discussed at a Channel panel"
ADOPTED = "Adopted as a Channel case"
STAGES = {REFERRALS: "referrals", DISCUSSED: "discussed", ADOPTED: "adopted"}
COUNT = "Count"
PER = 10_000
Z_95 = 1.959964

DIMENSIONS = (
    PopulationDimension.ETHNICITY,
    PopulationDimension.AGE,
    PopulationDimension.SEX,
    PopulationDimension.RELIGION,
)
DIMENSION_TITLES = {
    PopulationDimension.ETHNICITY: "Referrals by ethnic group",
    PopulationDimension.AGE: "Referrals by age band",
    PopulationDimension.SEX: "Referrals by gender",
    PopulationDimension.RELIGION: "Referrals by religion",
}
# Groups with no population to compare with: every other group has one.
UNCOMPARED = {
    tally.NOT_RECORDED,
    tally.PREFER_NOT_TO_SAY,
    AgeBand.UNKNOWN.label,
    "Another gender",
    "Not known",
}


def groups(dimension: str) -> list[str]:
    if dimension == PopulationDimension.ETHNICITY:
        return list(tally.GROUPS[tally.ETHNICITY])
    if dimension == PopulationDimension.RELIGION:
        return list(tally.GROUPS[tally.RELIGION])
    if dimension == PopulationDimension.AGE:
        return [label for _, label in AgeBand.choices]
    return ["Female", "Male", "Another gender", "Not known"]


def year_label(financial_year: int) -> str:
    return f"{financial_year}/{(financial_year + 1) % 100:02d}"


def _quarters(financial_year: int) -> Q:
    return Q(
        quarter_start__gte=dt.date(financial_year, 4, 1), quarter_start__lt=dt.date(financial_year + 1, 4, 1)
    )


# --- counts ---------------------------------------------------------------------------------


def _tallied(partnership: Partnership, financial_year: int, dimension: str) -> dict[str, dict[str, int]]:
    """{stage: {group: count}} from the equality tally."""
    rows = (
        EqualityCount.objects.filter(_quarters(financial_year), partnership=partnership, dimension=dimension)
        .values("group")
        .annotate(referrals=Sum("referrals"), discussed=Sum("discussed"), adopted=Sum("adopted"))
    )
    found: dict[str, dict[str, int]] = {stage: {} for stage in STAGES}
    for row in rows:
        values: dict[str, Any] = dict(row)
        for stage, name in STAGES.items():
            found[stage][values["group"]] = values[name] or 0
    return found


def _recorded(partnership: Partnership, financial_year: int, field: str) -> dict[str, int]:
    labels = dict(AgeBand.choices) if field == "age_band" else dict(Gender.choices)
    rows = (
        StatisticalRecord.objects.filter(partnership=partnership, financial_year=financial_year)
        .values(field)
        .annotate(n=Count("id"))
    )
    return {labels.get(row[field], row[field]): row["n"] for row in rows}


def _journey(partnership: Partnership, financial_year: int) -> dict[str, int]:
    row = StatisticalRecord.objects.filter(partnership=partnership, financial_year=financial_year).aggregate(
        referrals=Count("id"),
        discussed=Count("id", filter=Q(discussed_at_panel=True)),
        adopted=Count("id", filter=Q(adopted=True)),
    )
    return {stage: row[name] for stage, name in STAGES.items()}


def _reconciled(counted: dict[str, dict[str, int]], journey: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """Referrals not in the tally (received before it was kept, until `manage.py
    count_equality` has run) are counted as "Not recorded", so every breakdown adds up to the
    year's referrals."""
    for stage, groups_counted in counted.items():
        missing = journey[stage] - sum(groups_counted.values())
        if missing > 0:
            groups_counted[tally.NOT_RECORDED] = groups_counted.get(tally.NOT_RECORDED, 0) + missing
        elif missing < 0:
            # More counted than there are records (a tally out of step): take the excess from
            # the largest groups, so the published total is the year's.
            for group in sorted(groups_counted, key=lambda g: -groups_counted[g]):
                taken = min(groups_counted[group], -missing)
                groups_counted[group] -= taken
                missing += taken
                if not missing:
                    break
    return counted


def all_key(financial_year: int) -> str:
    return f"equality-all-{financial_year}"


def table_key(dimension: str, financial_year: int, stage: str = REFERRALS) -> str:
    suffix = "" if stage == REFERRALS else f"-{STAGES[stage]}"
    return f"equality-{dimension.replace('_', '-')}{suffix}-{financial_year}"


def _table(key: str, title: str, rows: Sequence[str], counts: Mapping[str, int]) -> Table:
    known = [group for group in rows]
    extra = sorted(group for group in counts if group not in known)  # a value outside the list
    every = [*known, *extra]
    return Table(
        key=key,
        title=title,
        rows=every,
        columns=[REFERRALS],
        cells={(group, REFERRALS): counts.get(group, 0) for group in every},
    )


def contribution(partnership: Partnership, financial_year: int) -> Contribution:
    """The equality tables of one year for performance.releases: the year's referrals,
    discussed and adopted (table equality-all-YYYY, rows REFERRALS, DISCUSSED, ADOPTED,
    column "Count"), referrals by each dimension, and discussed and adopted by ethnic
    group and religion; each breakdown's total is related to its cell of the first."""
    journey = _journey(partnership, financial_year)
    tables = [
        Table(
            key=all_key(financial_year),
            title=f"Referrals, discussed and adopted, {year_label(financial_year)}",
            rows=list(STAGES),
            columns=[COUNT],
            cells={(stage, COUNT): journey[stage] for stage in STAGES},
            totals=False,
        )
    ]
    relations = []
    for dimension in DIMENSIONS:
        if dimension in (PopulationDimension.ETHNICITY, PopulationDimension.RELIGION):
            counted = _reconciled(_tallied(partnership, financial_year, dimension), journey)
            stages = list(STAGES)
        else:
            counted = {REFERRALS: _recorded(partnership, financial_year, dimension)}
            stages = [REFERRALS]
        for stage in stages:
            key = table_key(dimension, financial_year, stage)
            title = DIMENSION_TITLES[dimension].replace(
                "Referrals", stage if stage != REFERRALS else "Referrals"
            )
            tables.append(
                _table(key, f"{title}, {year_label(financial_year)}", groups(dimension), counted[stage])
            )
            relations.append(((all_key(financial_year), stage, COUNT), [(key, TOTAL, REFERRALS)]))
    # The ethnicity tables are also on the statistics pages, a region's included.
    regional = frozenset(key for _, _, keys in statistics_tables(financial_year) for key in keys.values())
    return Contribution(tables=tables, relations=relations, regional=regional)


def statistics_tables(financial_year: int) -> list[tuple[str, str, dict[str, str]]]:
    """For the Channel statistics page and its downloads (issue 17 part 3: "ethnicity
    (where recorded)"): (slug, title, {column heading: key of its table in the release})
    for referrals, discussed and adopted by ethnic group, each a column of groups with the
    column REFERRALS. Read the cells from the release the reader is shown."""
    return [
        (
            "ethnicity",
            f"Referrals, discussed and adopted by ethnic group, {year_label(financial_year)}",
            {stage: table_key(PopulationDimension.ETHNICITY, financial_year, stage) for stage in STAGES},
        )
    ]


# --- population -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    residents: dict[str, dict[str, int]]  # dimension -> group -> residents
    imported: frozenset[str]  # dimensions from the partnership's imported tables
    scaled_from: int  # the residents the England and Wales shares were scaled to (0: none)
    area: EqualityArea | None


def _scaled(total: int, shares: Mapping[str, float]) -> dict[str, int]:
    return {group: round(total * share / 100) for group, share in shares.items()}


def population(partnership: Partnership) -> Population:
    area = EqualityArea.objects.filter(partnership=partnership).first()
    residents: dict[str, dict[str, int]] = {}
    imported: set[str] = set()
    codes = area.codes() if area else []
    if codes:
        rows = (
            PopulationFigure.objects.filter(partnership=partnership, area_code__in=codes)
            .values("dimension", "group")
            .annotate(n=Sum("residents"))
        )
        for row in rows:
            residents.setdefault(row["dimension"], {})[row["group"]] = row["n"]
        imported = set(residents)
    total = area.residents if area else 0
    if total:
        shipped = {
            PopulationDimension.ETHNICITY: _scaled(total, ENGLAND_AND_WALES_ETHNICITY),
            PopulationDimension.RELIGION: _scaled(total, ENGLAND_AND_WALES_RELIGION),
            PopulationDimension.SEX: {
                group: round(total * n / ENGLAND_AND_WALES_RESIDENTS)
                for group, n in ENGLAND_AND_WALES_SEX.items()
            },
        }
        for dimension, figures in shipped.items():
            residents.setdefault(dimension, figures)
    return Population(residents, frozenset(imported), total, area)


# --- rates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    value: float
    low: float
    high: float


def rate(count: int, residents: int) -> float:
    return count * PER / residents


def rate_ratio(a: int, pa: int, b: int, pb: int) -> Ratio | None:
    """The rate ratio of a referrals among pa residents to b among pb, with its 95%
    confidence interval (log rate ratio, Poisson counts); None where it is not defined."""
    if a <= 0 or b <= 0 or pa <= 0 or pb <= 0:
        return None
    ratio = (a / pa) / (b / pb)
    spread = Z_95 * math.sqrt(1 / a + 1 / b)
    return Ratio(ratio, math.exp(math.log(ratio) - spread), math.exp(math.log(ratio) + spread))


@dataclass(frozen=True)
class Row:
    group: str
    referrals: int | None  # None: suppressed
    residents: int | None
    rate: float | None
    ratio: Ratio | None


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    title: str
    key: str
    rows: list[Row]
    total: int | None
    imported: bool
    has_population: bool


def breakdowns(partnership: Partnership, financial_year: int, protected: Published) -> list[Breakdown]:
    """Each dimension's rows as published: counts after disclosure control, a rate where
    the count and the population are known, and a ratio where the group's count and every
    count of the rest of the population are published (so none of them can be worked out)."""
    people = population(partnership)
    found = []
    for dimension in DIMENSIONS:
        key = table_key(dimension, financial_year)
        table = protected.tables[key]
        figures = people.residents.get(dimension, {})
        shown = {group: protected.value(key, group, REFERRALS) for group in table.rows}
        compared = [group for group in table.rows if group not in UNCOMPARED and figures.get(group)]
        rows = []
        for group in table.rows:
            count, residents = shown[group], figures.get(group)
            ratio = None
            rest = [other for other in compared if other != group]
            if group in compared and count is not None and all(shown[other] is not None for other in rest):
                ratio = rate_ratio(
                    count,
                    residents or 0,
                    sum(shown[other] or 0 for other in rest),
                    sum(figures[other] for other in rest),
                )
            rows.append(
                Row(
                    group,
                    count,
                    residents,
                    rate(count, residents)
                    if count is not None and residents and group not in UNCOMPARED
                    else None,
                    ratio,
                )
            )
        found.append(
            Breakdown(
                dimension,
                f"{DIMENSION_TITLES[dimension]}, {year_label(financial_year)}",
                key,
                rows,
                protected.value(key, TOTAL, REFERRALS),
                dimension in people.imported,
                bool(figures),
            )
        )
    return found


def notes(partnership: Partnership, people: Population, protected: Published) -> list[str]:
    found = [
        "Referrals are counted in the financial year (April to March) they were received. Ethnic group "
        "and religion are counted from the person's answers at the time, kept as counts only; "
        "'Not recorded' and 'Prefer not to say' are shown as groups of their own so that missing "
        "answers are visible. Age band and gender are as the Home Office statistics count them.",
        f"Rates are referrals per {PER:,} residents. The ratio compares a group's rate with the rate "
        "of the rest of the population (every other group with a population figure): 1 means the "
        "same rate, 2 twice the rate. Its 95% confidence interval is exp(ln(ratio) ± 1.96 × √(1/a + 1/b)), "
        "a and b being the referrals of the group and of the rest, counted as Poisson events.",
        "A rate or ratio is shown only where the counts it is worked out from are published "
        "after disclosure control.",
    ]
    scaled = [d for d in DIMENSIONS if d in people.residents and d not in people.imported]
    if people.imported:
        codes = ", ".join(people.area.codes()) if people.area else ""
        found.append(
            "Population: Census 2021 tables from the Office for National Statistics, imported for "
            f"the local authorities {codes}."
        )
    if scaled:
        labels = ", ".join(PopulationDimension(d).label.lower() for d in scaled)
        found.append(
            f"Population by {labels}: England and Wales shares from Census 2021 (59,597,542 residents; "
            "White 81.7%, Asian 9.3%, Black 4.0%, Mixed 2.9%, Other 2.1%; religion and sex from the "
            f"Census tables TS030 and TS008) scaled to the partnership's {people.scaled_from:,} residents, "
            "until its local tables are imported. The local mix can differ widely from the national one."
        )
    missing = [d for d in DIMENSIONS if d not in people.residents]
    if missing:
        labels = ", ".join(PopulationDimension(d).label.lower() for d in missing)
        found.append(f"No population figures by {labels}: import the Census 2021 table to see rates.")
    return [*found, *protected.rules.notes()]
