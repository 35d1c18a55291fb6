"""The board pack: one tagged PDF (PDF/UA, WeasyPrint, as the plans report and the funder
return are) for a safeguarding board or scrutiny committee, reporting on one quarter.

It leaves to readers without access to the cases, so every Channel figure in it is the one
disclosure control publishes (performance.releases): the dashboard's charts as a steering
member sees them, the Channel statistics tables of the year (the release's tables whose key
starts with STATISTICS_PREFIX) with the rules in words. Plan actions and their commentary
are the plans' own records, as at the quarter's last day (the progress updates dated on or
before it), compared with the quarter before."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML

from accounts.models import Role
from lib.bands import financial_quarter, financial_year
from lib.quarters import quarter_start
from lib.text import clean
from performance import indicators, releases
from performance.disclosure import SUPPRESSED_MARK
from performance.indicators import Rag, Row
from performance.models import IndicatorValue, PeriodKind
from performance.releases import Published
from plans.models import Action, ProgressUpdate, Strategy, StrategyStatus
from plans.models import Rag as ActionRag
from projects.quarters import previous_quarter, quarter_end, short_label

# Who reads the packs produced (they hold only protected figures), and who produces them.
READERS = (Role.COORDINATOR, Role.STEERING, Role.FUNDER)
PRODUCERS = (Role.COORDINATOR,)
# The release's tables that are Channel statistics (performance/statistics, issue 17 part 3).
STATISTICS_PREFIX = "statistics-"
# The quarters a pack may report on: the complete ones, most recent first.
QUARTERS_OFFERED = 8
EXCEPTIONAL = (Rag.RED, Rag.AMBER)
ACTION_RAGS = (ActionRag.RED, ActionRag.AMBER, ActionRag.GREEN, ActionRag.COMPLETE)


def quarters_offered(today: dt.date) -> list[dt.date]:
    """The complete quarters before today's, most recent first."""
    quarters = [previous_quarter(quarter_start(today))]
    while len(quarters) < QUARTERS_OFFERED:
        quarters.append(previous_quarter(quarters[-1]))
    return quarters


def title_for(period_start: dt.date) -> str:
    return f"Prevent performance board pack, {short_label(period_start)}"


# --- the dashboard's indicators, protected --------------------------------------------------


def indicator_rows(partnership: Any, period_start: dt.date) -> list[Row]:
    """The active indicators as the dashboard shows them to a steering member, as at the
    quarter's last day: the periods up to it (eight quarters, or three years), Channel
    figures after disclosure control."""
    end = quarter_end(period_start)
    rows = indicators.rows_for(partnership, today=end + dt.timedelta(days=1))
    for row in rows:
        shown = (
            indicators.YEARS_SHOWN if row.indicator.period == PeriodKind.YEAR else indicators.QUARTERS_SHOWN
        )
        row.points = [point for point in row.points if point.end <= end][-shown:]
        row.current = None
    indicators.protect(partnership, rows)
    return rows


# --- the plan's RAG summary and exceptions ---------------------------------------------------


def _latest(on: dt.date, value: str) -> Subquery:
    updates = ProgressUpdate.objects.filter(action=OuterRef("pk"), update_date__lte=on)
    return Subquery(updates.order_by("-update_date", "-id").values(value)[:1])


def _as_at(actions: QuerySet[Action], on: dt.date) -> Any:
    """The actions that existed on `on`, each with its RAG then (its latest progress update
    dated on or before it; none: not rated)."""
    end_of_day = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    return actions.annotate(rag_then=_latest(on, "rag")).filter(
        Q(rag_then__isnull=False) | Q(created_at__lt=end_of_day)
    )


@dataclass
class RagLine:
    code: str
    label: str
    now: int
    before: int

    @property
    def change(self) -> str:
        difference = self.now - self.before
        if not difference:
            return "No change"
        return f"{'Up' if difference > 0 else 'Down'} {abs(difference)}"


@dataclass
class PlanSummary:
    strategies: list[Strategy]
    lines: list[RagLine]
    previous_label: str
    exceptions: list[Any] = field(default_factory=list)  # Actions, with rag_then and commentary

    @property
    def total_now(self) -> int:
        return sum(line.now for line in self.lines)

    @property
    def total_before(self) -> int:
        return sum(line.before for line in self.lines)


def _counts(actions: QuerySet[Action], on: dt.date) -> dict[str, int]:
    rows = _as_at(actions, on).order_by().values("rag_then").annotate(count=Count("id"))
    return {row["rag_then"] or "": row["count"] for row in rows}


def plan_summary(partnership: Any, period_start: dt.date) -> PlanSummary:
    """The active plans' actions by RAG at the quarter's end against the quarter before,
    and the actions at red or amber with their latest commentary."""
    end = quarter_end(period_start)
    before_end = quarter_end(previous_quarter(period_start))
    strategies = list(Strategy.objects.filter(partnership=partnership, status=StrategyStatus.ACTIVE))
    actions = Action.objects.filter(partnership=partnership, strategy__in=strategies)
    now, before = _counts(actions, end), _counts(actions, before_end)
    lines = [
        RagLine(rag.value, rag.label, now.get(rag.value, 0), before.get(rag.value, 0)) for rag in ACTION_RAGS
    ]
    lines.append(RagLine("", "Not rated", now.get("", 0), before.get("", 0)))
    exceptions = list(
        _as_at(actions, end)
        .filter(rag_then__in=[ActionRag.RED, ActionRag.AMBER])
        .annotate(commentary_then=_latest(end, "commentary"), updated_then=_latest(end, "update_date"))
        .select_related("strategy", "objective")
        .order_by("strategy__title", "strategy_id", "sort_key")
    )
    for action in exceptions:
        action.rag_label = ActionRag(action.rag_then).label
    return PlanSummary(strategies, lines, short_label(previous_quarter(period_start)), exceptions)


# --- Channel statistics ------------------------------------------------------------------------


@dataclass
class StatisticsTable:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


def statistics_tables(protected: Published, quarter: int) -> list[StatisticsTable]:
    """The statistics tables of the financial year so far and of the pack's quarter."""
    found = []
    for key, table in protected.tables.items():
        if not key.startswith(STATISTICS_PREFIX) or not key.endswith(("-year", f"-q{quarter}")):
            continue
        rows = [
            (row, [SUPPRESSED_MARK if value is None else f"{value:,}" for value in values])
            for row, values in protected.rows(key)
        ]
        found.append(StatisticsTable(key, table.title, table.all_columns(), rows))
    return found


# --- the pack ---------------------------------------------------------------------------------


def context(
    partnership: Any,
    *,
    period_start: dt.date,
    audience: str,
    marking_label: str,
    version: int,
    produced_on: dt.date,
    title: str,
) -> dict[str, Any]:
    rows = indicator_rows(partnership, period_start)
    charts: list[tuple[Row, SafeString]] = [
        (row, mark_safe(indicators.chart(row)))  # noqa: S308 - lib.charts escapes every text it draws
        for row in rows
    ]
    year = financial_year(period_start)
    protected = releases.protected(partnership, year)
    return {
        "partnership": partnership,
        "title": title,
        "audience": audience,
        "marking": marking_label,
        "version": version,
        "produced_on": produced_on,
        "period_label": short_label(period_start),
        "period_start": period_start,
        "period_end": quarter_end(period_start),
        "year_label": f"{year}-{str(year + 1)[-2:]}",
        "charts": charts,
        "exceptional_indicators": [row for row in rows if row.rag in EXCEPTIONAL],
        "plan": plan_summary(partnership, period_start),
        "statistics": statistics_tables(protected, financial_quarter(period_start)),
        "notes": releases.rules_for(partnership).notes(),
        "suppressed_why": indicators.SUPPRESSED_WHY,
        "as_of": IndicatorValue.objects.filter(indicator__partnership=partnership)
        .order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .first(),
    }


def html(**values: Any) -> str:
    """The pack's HTML, cleaned of control characters older stored text may hold."""
    return clean(render_to_string("performance/board_pack/pack.html", values))


def pdf(source: str) -> bytes:
    return HTML(string=source).write_pdf(pdf_variant="pdf/ua-1")


def file_name(pack: Any) -> str:
    return f"board-pack-{pack.partnership.slug}-{pack.period_start:%Y-%m}-v{pack.version}.pdf"
