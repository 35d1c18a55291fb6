"""Reads and aggregates for delivery plans. Every function here runs a fixed number
of queries, whatever the size of the plan or the partnership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from lib.charts import Bar, horizontal_bars
from lib.quarters import quarter_start
from plans.models import Action, Rag, Strategy, StrategyStatus

RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE)


def today() -> dt.date:
    return timezone.localdate()


def overdue_condition(on: dt.date) -> Q:
    """An action is overdue when it is not complete and either its target date has
    passed or it has had no progress update this quarter (an action added this
    quarter has not yet missed one)."""
    start = quarter_start(on)
    start_moment = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    stale = Q(last_update_on__lt=start) | Q(last_update_on__isnull=True, created_at__lt=start_moment)
    return ~Q(rag=Rag.COMPLETE) & (Q(target_date__lt=on) | stale)


NO_UPDATE = "No update this quarter"


def overdue_reasons(action: Action, on: dt.date) -> list[str]:
    if action.rag == Rag.COMPLETE:
        return []
    reasons = []
    if action.target_date and action.target_date < on:
        reasons.append("Target date passed")
    start = quarter_start(on)
    if (action.last_update_on and action.last_update_on < start) or (
        action.last_update_on is None and timezone.localdate(action.created_at) < start
    ):
        reasons.append(NO_UPDATE)
    return reasons


@dataclass
class RagSummary:
    counts: dict[str, int] = field(default_factory=dict)
    not_rated: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.not_rated

    def add(self, other: RagSummary) -> None:
        for code, count in other.counts.items():
            self.counts[code] = self.counts.get(code, 0) + count
        self.not_rated += other.not_rated
        self.overdue += other.overdue

    def rows(self) -> list[tuple[str, str, int]]:
        """(code, label, count) for each status in the order reports use."""
        return [(rag.value, rag.label, self.counts.get(rag.value, 0)) for rag in RAG_ORDER] + [
            ("", "Not rated", self.not_rated)
        ]


def _summary_aggregates(on: dt.date) -> dict[str, Count]:
    aggregates = {rag.value: Count("id", filter=Q(rag=rag.value)) for rag in RAG_ORDER}
    aggregates["not_rated"] = Count("id", filter=Q(rag=""))
    aggregates["overdue"] = Count("id", filter=overdue_condition(on))
    return aggregates


def _summary(values: Mapping[str, Any]) -> RagSummary:
    return RagSummary(
        counts={rag.value: values[rag.value] or 0 for rag in RAG_ORDER},
        not_rated=values["not_rated"] or 0,
        overdue=values["overdue"] or 0,
    )


def rag_summary(actions: QuerySet[Action], on: dt.date) -> RagSummary:
    return _summary(actions.aggregate(**_summary_aggregates(on)))


def rag_summaries_by_strategy(actions: QuerySet[Action], on: dt.date) -> dict[int, RagSummary]:
    rows = actions.order_by().values("strategy_id").annotate(**_summary_aggregates(on))
    return {row["strategy_id"]: _summary(row) for row in rows}


def update_due_condition(on: dt.date) -> Q:
    """An action is due an update when it is not complete and has had no progress
    update this quarter. Unlike `overdue_condition`, an action added this quarter is
    due one too: its owner still has to give it before the quarter ends."""
    return ~Q(rag=Rag.COMPLETE) & (Q(last_update_on__isnull=True) | Q(last_update_on__lt=quarter_start(on)))


@dataclass(frozen=True)
class ActionFilters:
    """The filters of the action tables. Home page counts aggregate over `condition`
    and the lists they link to filter by it, so the two cannot disagree."""

    rags: tuple[str, ...] = ()  # Rag values, and "none" for not rated
    lead: str = ""
    overdue: bool = False
    owner_id: int | None = None
    update_due: bool = False

    @property
    def active(self) -> bool:
        return bool(self.rags or self.lead or self.overdue or self.owner_id is not None or self.update_due)

    def condition(self, on: dt.date) -> Q:
        condition = Q()
        if self.rags:
            condition &= Q(rag__in=[("" if rag == "none" else rag) for rag in self.rags])
        if self.lead:
            condition &= Q(lead_officer=self.lead)
        if self.owner_id is not None:
            condition &= Q(owner_id=self.owner_id)
        if self.update_due:
            condition &= update_due_condition(on)
        if self.overdue:
            condition &= overdue_condition(on)
        return condition

    def apply(self, actions: QuerySet[Action], on: dt.date) -> QuerySet[Action]:
        return actions.filter(self.condition(on))


def owned_counts(actions: QuerySet[Action], owner_id: int, on: dt.date) -> tuple[int, int]:
    """How many of `actions` the user owns, and how many of those are due an update:
    the counts of the lists filtered by `mine` and by `mine` and `update_due`."""
    owned = ActionFilters(owner_id=owner_id)
    due = ActionFilters(owner_id=owner_id, update_due=True)
    numbers = actions.aggregate(
        owned=Count("id", filter=owned.condition(on)), due=Count("id", filter=due.condition(on))
    )
    return numbers["owned"], numbers["due"]


def listed_reasons(action: Action, filters: ActionFilters, on: dt.date) -> list[str]:
    """Why an action is in a list filtered to those needing attention."""
    reasons = overdue_reasons(action, on) if filters.overdue else []
    if filters.update_due and NO_UPDATE not in reasons:
        reasons.append(NO_UPDATE)
    return reasons


def lead_officers(strategy: Strategy) -> list[str]:
    return list(
        Action.objects.filter(strategy=strategy)
        .exclude(lead_officer="")
        .order_by("lead_officer")
        .values_list("lead_officer", flat=True)
        .distinct()
    )


# The columns action tables show: the long text fields stay in the database.
TABLE_COLUMNS = (
    "uuid",
    "strategy_id",
    "objective_id",
    "kind",
    "sort_key",
    "title",
    "recommendation",
    "target_date",
    "timescale",
    "lead_officer",
    "rag",
    "last_update_on",
    "created_at",
)


def active_plan_actions(actions: QuerySet[Action], strategies: QuerySet[Strategy]) -> QuerySet[Action]:
    # Active plans are found through the partnership's own strategies, so the query
    # never scans every active plan in the country.
    return actions.filter(strategy__in=strategies.filter(status=StrategyStatus.ACTIVE))


def listed_actions(
    actions: QuerySet[Action], strategies: QuerySet[Strategy], filters: ActionFilters, on: dt.date
) -> QuerySet[Action]:
    """The partnership-wide action list: actions of active plans, filtered."""
    return (
        filters.apply(active_plan_actions(actions, strategies), on)
        .select_related("strategy", "owner")
        .only(*TABLE_COLUMNS, "strategy__uuid", "strategy__title", "owner__full_name")
    )


def overdue_actions(
    actions: QuerySet[Action], strategies: QuerySet[Strategy], on: dt.date
) -> QuerySet[Action]:
    return (
        active_plan_actions(actions, strategies)
        .filter(overdue_condition(on))
        .select_related("strategy")
        .only(*TABLE_COLUMNS, "strategy__uuid", "strategy__title")
    )


# Colours from the GOV.UK palette with at least 3:1 contrast against white.
RAG_COLOURS = {
    Rag.RED.value: "#ca3535",
    Rag.AMBER.value: "#b7592a",
    Rag.GREEN.value: "#0f7a52",
    Rag.COMPLETE.value: "#1d70b8",
    "": "#858686",
}


def rag_chart(summary: RagSummary, *, title: str, chart_id: str = "rag-chart") -> SafeString:
    bars = [Bar(label, count, RAG_COLOURS[code]) for code, label, count in summary.rows()]
    # horizontal_bars escapes every text it draws.
    return mark_safe(horizontal_bars(bars, title=title, chart_id=chart_id))  # noqa: S308
