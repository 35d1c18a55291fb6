"""Indicators' rules and the dashboard's rows: the periods an indicator is shown for, its
RAG status against the target and its direction of travel against the previous period,
read from the stored summary (IndicatorValue, kept by performance/summaries.py), never
computed on a page. Also the Channel series as disclosure tables (`release_tables`) for
readers without access to the cases, and the dashboard as XLSX."""

from __future__ import annotations

import datetime as dt
import enum
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from accounts.models import Role
from govuk import measures as registry
from govuk.measures import MeasureSource, Unit
from lib import charts
from lib.bands import financial_year
from lib.quarters import quarter_start
from lib.text import clean, spreadsheet_safe
from performance.models import Direction, Indicator, IndicatorValue, PeriodKind
from projects.quarters import previous_quarter, quarter_end, short_label

# Who reads the dashboard: the coordinator, the panel's chair and the police (who hold the
# cases), and the steering group and funders, who see the Channel figures only after
# disclosure control.
READERS = (Role.COORDINATOR, Role.CHAIR, Role.POLICE, Role.STEERING, Role.FUNDER)
CASE_HOLDERS = (Role.COORDINATOR, Role.CHAIR, Role.POLICE)

# The complete periods the dashboard shows before the present one.
QUARTERS_SHOWN = 8
YEARS_SHOWN = 3


# --- periods --------------------------------------------------------------------------------


def periods_for(kind: str, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The complete periods shown, oldest first, then the present one (counted to today)."""
    if kind == PeriodKind.YEAR:
        first = financial_year(today) - YEARS_SHOWN
        return [
            (dt.date(year, 4, 1), dt.date(year + 1, 3, 31)) for year in range(first, first + YEARS_SHOWN + 1)
        ]
    quarter = quarter_start(today)
    quarters = [quarter]
    for _ in range(QUARTERS_SHOWN):
        quarters.insert(0, previous_quarter(quarters[0]))
    return [(start, quarter_end(start)) for start in quarters]


def period_label(kind: str, start: dt.date) -> str:
    if kind == PeriodKind.YEAR:
        return f"{start.year}-{str(start.year + 1)[-2:]}"
    return short_label(start)


# --- RAG and direction of travel --------------------------------------------------------------


class Rag(enum.StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"green": "Green", "amber": "Amber", "red": "Red", "none": "No figure"}[self.value]

    @property
    def tag_class(self) -> str:
        return {"green": "govuk-tag--green", "amber": "govuk-tag--yellow", "red": "govuk-tag--red"}.get(
            self.value, "govuk-tag--grey"
        )

    @property
    def words(self) -> str:
        return {
            "green": "Green: at or better than the target",
            "amber": "Amber: short of the target, within the margin",
            "red": "Red: short of the target by more than the margin",
            "none": "No figure for the period",
        }[self.value]


def rag(value: Decimal | None, *, target: Decimal, direction: str, margin: Decimal) -> Rag:
    """Green at or better than the target; amber short of it by no more than the margin;
    red beyond that. Lower-is-better reverses "short"."""
    if value is None:
        return Rag.NONE
    shortfall = target - value if direction == Direction.HIGHER else value - target
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= margin:
        return Rag.AMBER
    return Rag.RED


@dataclass(frozen=True)
class Travel:
    movement: str  # "up", "down", "same", "" (no previous figure)
    better: bool | None  # None when the same or not comparable

    @property
    def words(self) -> str:
        if not self.movement:
            return "No previous figure to compare"
        if self.movement == "same":
            return "No change from the previous period"
        way = "Up" if self.movement == "up" else "Down"
        return f"{way} on the previous period: {'better' if self.better else 'worse'}"


def travel(latest: Decimal | None, previous: Decimal | None, direction: str) -> Travel:
    if latest is None or previous is None:
        return Travel("", None)
    if latest == previous:
        return Travel("same", None)
    up = latest > previous
    return Travel("up" if up else "down", up == (direction == Direction.HIGHER))


# --- the dashboard's rows, from the summary -----------------------------------------------------


def number(value: Decimal | int | None, unit: str) -> str:
    if value is None:
        return "No figure"
    text = f"{value:,.1f}".removesuffix(".0") if isinstance(value, Decimal) else f"{value:,}"
    if unit == Unit.PERCENTAGE:
        return f"{text}%"
    if unit == Unit.DAYS:
        return f"{text} days"
    return text


@dataclass
class Point:
    start: dt.date
    end: dt.date
    label: str
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    description: str = ""
    suppressed: str = ""  # the reason in words, when disclosure control withheld the value

    def shown(self, unit: str) -> str:
        return "Suppressed" if self.suppressed else number(self.value, unit)


@dataclass
class Row:
    indicator: Indicator
    source: MeasureSource | None
    points: list[Point]  # the complete periods, oldest first
    current: Point | None  # the present period so far
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.source.unit if self.source else Unit.COUNT

    @property
    def disclosive(self) -> bool:
        return bool(self.source and self.source.disclosive)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def previous(self) -> Point | None:
        return self.points[-2] if len(self.points) > 1 else None

    def _value(self, point: Point | None) -> Decimal | None:
        return None if point is None or point.suppressed else point.value

    @property
    def rag(self) -> Rag:
        i = self.indicator
        return rag(self._value(self.latest), target=i.target, direction=i.direction, margin=i.amber_margin)

    @property
    def travel(self) -> Travel:
        return travel(self._value(self.latest), self._value(self.previous), self.indicator.direction)

    @property
    def latest_shown(self) -> str:
        return self.latest.shown(self.unit) if self.latest else "No figure"

    @property
    def current_shown(self) -> str:
        return self.current.shown(self.unit) if self.current else ""

    @property
    def table(self) -> list[tuple[Point, str]]:
        """The periods of the chart with each value as shown, for the table beside it."""
        return [(point, point.shown(self.unit)) for point in self.points]

    @property
    def target_text(self) -> str:
        i = self.indicator
        way = "or more" if i.direction == Direction.HIGHER else "or less"
        return f"{number(i.target, self.unit)} {way}"


# What the dashboard reads of a stored value: no more (the best raw SQL reads the same).
VALUE_COLUMNS = (
    "indicator_id",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "description",
)


def stored_values(indicator_ids: list[int]) -> Any:
    """The indicators' stored values, as tuples of VALUE_COLUMNS in period order."""
    return (
        IndicatorValue.objects.filter(indicator__in=indicator_ids)
        .order_by("indicator_id", "period_start")
        .values_list(*VALUE_COLUMNS)
    )


def rows_for(partnership: Any, *, today: dt.date) -> list[Row]:
    """The active indicators with their stored values: two queries, whatever the history."""
    indicators = list(
        Indicator.objects.filter(partnership=partnership, active=True).order_by("order", "name", "id")
    )
    periods = {indicator.pk: indicator.period for indicator in indicators}
    points_of: dict[int, list[Point]] = {}
    for indicator_id, start, end, value, numerator, denominator, description in stored_values(list(periods)):
        points_of.setdefault(indicator_id, []).append(
            Point(
                start,
                end,
                period_label(periods[indicator_id], start),
                value,
                numerator,
                denominator,
                description,
            )
        )
    rows = []
    for indicator in indicators:
        points = points_of.get(indicator.pk, [])
        current = points.pop() if points and points[-1].end >= today else None
        rows.append(Row(indicator, registry.source(indicator.source), points, current))
    return rows


def chart(row: Row) -> str:
    """The row's trend as SVG (lib.charts), the same drawing on the dashboard and in the
    board pack; suppressed periods are gaps, said in the description."""
    periods = [
        charts.Period(
            point.label,
            None if point.suppressed or point.value is None else float(point.value),
            point.shown(row.unit),
        )
        for point in row.points
    ]
    return charts.trend(
        periods,
        title=f"{row.indicator.name}: the last {len(periods)} periods",
        chart_id=f"chart-{row.indicator.uuid}",
        target=float(row.indicator.target),
        target_shown=number(row.indicator.target, row.unit),
    )


# --- disclosure control -----------------------------------------------------------------------

# A percentage's cells: the part counted and the rest of the denominator, so that the row
# total is the denominator and the published figures add up.
COUNTED, REST, NUMBER = "counted", "rest", "number"


def table_key(indicator: Indicator, year: int) -> str:
    return f"indicator-{indicator.uuid}-{year}"


def release_tables(partnership: Any, financial_year: int) -> Any:
    """The Channel indicators' series for one financial year, as a disclosure release's
    Contribution (performance.releases): a Table per indicator whose source is disclosive,
    a row a period; a count in one column, a percentage as the part counted and the rest
    (its denominator is the row's total), a median by the number it was taken over. Two
    indicators counting the same thing are related cell by cell (they publish the same
    numbers). Read from the stored summary."""
    from performance.disclosure import Table
    from performance.releases import Contribution

    start, end = dt.date(financial_year, 4, 1), dt.date(financial_year + 1, 3, 31)
    indicators = [
        i
        for i in Indicator.objects.filter(partnership=partnership, active=True).order_by("order", "id")
        if (source := registry.source(i.source)) is not None and source.disclosive
    ]
    stored = IndicatorValue.objects.filter(
        indicator__in=indicators, period_start__range=(start, end)
    ).order_by("indicator_id", "period_start")
    by_indicator: dict[int, list[IndicatorValue]] = {}
    for value in stored:
        by_indicator.setdefault(value.indicator_id, []).append(value)
    tables = []
    relations = []
    first_of: dict[tuple[str, str, str], Any] = {}
    for indicator in indicators:
        source = registry.source(indicator.source)
        assert source is not None
        cells: dict[tuple[str, str], int] = {}
        rows = []
        for value in by_indicator.get(indicator.pk, []):
            row = value.period_start.isoformat()
            rows.append(row)
            if source.unit == Unit.PERCENTAGE:
                counted, whole = value.numerator or 0, value.denominator or 0
                cells[(row, COUNTED)] = counted
                cells[(row, REST)] = max(whole - counted, 0)
            elif source.unit == Unit.DAYS:
                cells[(row, NUMBER)] = value.denominator or 0
            else:
                cells[(row, NUMBER)] = int(value.value or 0)
        columns = [COUNTED, REST] if source.unit == Unit.PERCENTAGE else [NUMBER]
        table = Table(
            key=table_key(indicator, financial_year),
            title=f"{indicator.name}, {financial_year}-{str(financial_year + 1)[-2:]}",
            rows=rows,
            columns=columns,
            cells=cells,
            # A quarter indicator's rows add up to its year; a year indicator has one row.
            totals=indicator.period == PeriodKind.QUARTER,
        )
        tables.append(table)
        same = (indicator.source, repr(sorted((indicator.params or {}).items())), indicator.period)
        if same in first_of:
            earlier = first_of[same]
            relations += [(ref, [(earlier.key, *ref[1:])]) for ref in table.values()]
        else:
            first_of[same] = table
    return Contribution(tables=tables, relations=relations)


SUPPRESSED_WHY = (
    "Suppressed: too few people are counted to publish this figure safely "
    "(or it would let a suppressed figure be worked out)"
)


def protect(partnership: Any, rows: Sequence[Row], *, wait: bool = True) -> None:
    """For a reader without access to the cases: replace each disclosive indicator's
    values by what disclosure control publishes (performance.releases), marking the
    withheld ones suppressed with the reason in words. With `wait=False` (the dashboard) a
    partnership in a region may be given the last stored release while the task works out
    the new one; a figure that release does not hold yet (a period begun since) is shown
    suppressed until it does."""
    from performance import releases

    disclosive = [row for row in rows if row.disclosive]
    if not disclosive:
        return
    years = sorted(
        {financial_year(p.start) for row in disclosive for p in [*row.points, *filter(None, [row.current])]}
    )
    published = {year: releases.protected(partnership, year, wait=wait) for year in years}
    for row in disclosive:
        for point in [*row.points, *filter(None, [row.current])]:
            year = financial_year(point.start)
            key, period = table_key(row.indicator, year), point.start.isoformat()
            protected = published[year]
            if not all(
                (protected.prefix + key, period, column) in protected.release.cells
                for column in ((COUNTED, REST) if row.unit == Unit.PERCENTAGE else (NUMBER,))
            ):
                _suppress(point)
            elif row.unit == Unit.PERCENTAGE:
                counted = protected.value(key, period, COUNTED)
                rest = protected.value(key, period, REST)
                if counted is None or rest is None:
                    _suppress(point)
                else:
                    point.numerator, point.denominator = counted, counted + rest
                    point.value = (
                        registry.Figure.percentage(counted, counted + rest, "").value
                        if counted + rest
                        else None
                    )
            else:
                shown = protected.value(key, period, NUMBER)
                if shown is None:
                    _suppress(point)
                elif row.unit == Unit.COUNT:
                    point.value = Decimal(shown)
            point.description = ""


def _suppress(point: Point) -> None:
    point.value, point.numerator, point.denominator = None, None, None
    point.suppressed = SUPPRESSED_WHY


# --- XLSX ---------------------------------------------------------------------------------

HEADINGS = [
    "Indicator",
    "Period",
    "From",
    "To",
    "Value",
    "Numerator",
    "Denominator",
    "Target",
    "RAG",
    "Notes",
]


def _safe(value: Any) -> Any:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def xlsx(partnership: Any, rows: Iterable[Row], notes: Sequence[str]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Indicators")
    sheet.freeze_panes = "A2"
    sheet.append(HEADINGS)
    for row in rows:
        for point in [*row.points, *filter(None, [row.current])]:
            latest = point is row.latest
            sheet.append(
                [
                    _safe(row.indicator.name),
                    _safe(point.label + (" (so far)" if point is row.current else "")),
                    point.start,
                    point.end,
                    "Suppressed"
                    if point.suppressed
                    else (float(point.value) if point.value is not None else None),
                    point.numerator,
                    point.denominator,
                    _safe(row.target_text),
                    row.rag.label if latest else "",
                    _safe(point.suppressed or point.description),
                ]
            )
    notes_sheet = workbook.create_sheet("Notes")
    for line in notes:
        notes_sheet.append([_safe(line)])
    workbook.properties.title = clean(f"Performance indicators: {partnership.name}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
