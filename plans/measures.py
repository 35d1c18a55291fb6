"""Plans' side of measures: an action's output counted by a figure another app offers
(govuk.measures finds them; plans never names the apps). The period a measure counts over,
computing and storing its value, the write path (add, edit, remove, recalculate) and the
words a measure is shown in, on the strategy and action pages, in the exports and in the
committee report.

It offers one figure of plans' own, for the partnership's indicators: the RAG mix of a
plan (how many of its actions stood at a RAG status on the period's last day)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.access import Viewer
from audit.log import changes_between, created, record, snapshot
from govuk import measures as registry
from govuk.measures import Figure, MeasureSource, Parameter, Unit, long_date
from lib.dates import add_months
from lib.errors import Refused
from lib.quarters import quarter_start
from plans import access
from plans.models import Action, ActionMeasure, MeasurePeriod, ProgressUpdate, Rag, Strategy

logger = logging.getLogger(__name__)

FIELDS = ["source", "params", "label", "target", "period", "period_start", "period_end"]
MAX_MEASURES = 10  # on one action
MAX_TARGET = Decimal("1000000000")


# --- periods --------------------------------------------------------------------------------


def _term_start(on: dt.date) -> dt.date:
    if on.month >= 9:
        return dt.date(on.year, 9, 1)
    if on.month >= 4:
        return dt.date(on.year, 4, 1)
    return dt.date(on.year, 1, 1)


def _term_end(start: dt.date) -> dt.date:
    ends = {9: dt.date(start.year, 12, 31), 4: dt.date(start.year, 8, 31), 1: dt.date(start.year, 3, 31)}
    return ends[start.month]


def period_of(measure: ActionMeasure, strategy: Strategy, on: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the period the measure counts over, as of `on`."""
    if measure.period == MeasurePeriod.DATES and measure.period_start and measure.period_end:
        return measure.period_start, measure.period_end
    if measure.period == MeasurePeriod.QUARTER:
        start = quarter_start(on)
        return start, add_months(start, 3) - dt.timedelta(days=1)
    if measure.period == MeasurePeriod.TERM:
        start = _term_start(on)
        return start, _term_end(start)
    if measure.period == MeasurePeriod.YEAR:
        start = dt.date(on.year if on.month >= 4 else on.year - 1, 4, 1)
        return start, dt.date(start.year + 1, 3, 31)
    return strategy.period_start, strategy.period_end


def counted_period(measure: ActionMeasure, strategy: Strategy, on: dt.date) -> tuple[dt.date, dt.date]:
    """The period as it is counted: nothing after today has happened, so a period not over
    counts to today, and a figure "on a date" is taken today."""
    start, end = period_of(measure, strategy, on)
    return start, max(start, min(end, on))


# --- computing ------------------------------------------------------------------------------


def compute(measure: ActionMeasure, strategy: Strategy, on: dt.date) -> Figure:
    source = registry.source(measure.source)
    if source is None:
        return Figure(None, "The figure this measure counted is no longer offered.")
    start, end = counted_period(measure, strategy, on)
    return source.compute(strategy.partnership, measure.params or {}, start, end)


def _store(measure: ActionMeasure, figure: Figure) -> None:
    measure.value = figure.value
    measure.numerator = figure.numerator
    measure.denominator = figure.denominator
    measure.description = figure.description[:1000]
    measure.computed_at = timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


# --- the write path -------------------------------------------------------------------------


def _require(viewer: Viewer, action: Action) -> None:
    if action.partnership_id != viewer.partnership.pk:
        raise Refused("This action belongs to another partnership.")
    if not access.can_update(viewer, action):
        raise Refused("You can only change the measures of actions you lead.")


def _checked(
    viewer: Viewer,
    *,
    source: str,
    params: object,
    label: str,
    target: Decimal | None,
    period: str,
    period_start: dt.date | None,
    period_end: dt.date | None,
) -> dict[str, Any]:
    found = registry.source(source) if isinstance(source, str) else None
    if found is None:
        raise Refused("Choose a figure from the list", field="source")
    cleaned = found.clean(viewer.partnership, params)
    label = (label or "").strip()
    if len(label) > 200:
        raise Refused("What it counts must be 200 characters or fewer", field="label")
    if target is not None:
        if not isinstance(target, Decimal) or not target.is_finite() or target < 0 or target >= MAX_TARGET:
            raise Refused("Enter a target of 0 or more", field="target")
        if found.unit == Unit.PERCENTAGE and target > 100:
            raise Refused("A percentage target must be 100 or less", field="target")
        target = target.quantize(Decimal("0.1"))
    if period not in MeasurePeriod.values:
        raise Refused("Choose a period", field="period")
    if period == MeasurePeriod.DATES:
        if period_start is None:
            raise Refused("Enter the date the period starts", field="period_start")
        if period_end is None:
            raise Refused("Enter the date the period ends", field="period_end")
        if period_end < period_start:
            raise Refused("The period must end on or after its start", field="period_end")
    else:
        period_start = period_end = None
    return {
        "source": found.code,
        "params": cleaned,
        "label": label,
        "target": target,
        "period": period,
        "period_start": period_start,
        "period_end": period_end,
    }


def _audit_values(measure: ActionMeasure) -> dict[str, Any]:
    values = snapshot(measure, [name for name in FIELDS if name != "params"])
    values["params"] = json.dumps(measure.params or {}, sort_keys=True)
    return values


@transaction.atomic
def add_measure(
    *,
    viewer: Viewer,
    action: Action,
    source: str,
    params: object = None,
    label: str = "",
    target: Decimal | None = None,
    period: str = MeasurePeriod.PLAN,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> ActionMeasure:
    _require(viewer, action)
    values = _checked(
        viewer,
        source=source,
        params=params,
        label=label,
        target=target,
        period=period,
        period_start=period_start,
        period_end=period_end,
    )
    locked = Action.objects.select_for_update(of=("self",)).select_related("strategy").get(pk=action.pk)
    if ActionMeasure.objects.filter(action=locked).count() >= MAX_MEASURES:
        raise Refused(f"An action can have at most {MAX_MEASURES} measures", field="source")
    measure = ActionMeasure(action=locked, **values)
    _store(measure, compute(measure, locked.strategy, _today()))
    measure.save()
    record(
        verb="plans.measure.added",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=locked,
        changes={**created(_audit_values(measure)), "measure": {"from": None, "to": str(measure.uuid)}},
    )
    return measure


@transaction.atomic
def update_measure(*, viewer: Viewer, measure: ActionMeasure, **values: Any) -> ActionMeasure:
    action = measure.action
    _require(viewer, action)
    unknown = set(values) - set(FIELDS) - {"source"}
    if unknown:
        raise TypeError(f"Not measure fields: {', '.join(sorted(unknown))}")
    merged = {name: getattr(measure, name) for name in FIELDS} | values
    checked = _checked(viewer, **merged)
    locked = (
        ActionMeasure.objects.select_for_update(of=("self",))
        .select_related("action__strategy")
        .get(pk=measure.pk)
    )
    before = _audit_values(locked)
    for name, value in checked.items():
        setattr(locked, name, value)
    changes = changes_between(before, _audit_values(locked))
    if changes:
        _store(locked, compute(locked, locked.action.strategy, _today()))
        locked.save()
        record(
            verb="plans.measure.updated",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=locked.action,
            changes={**changes, "measure": {"from": str(locked.uuid), "to": str(locked.uuid)}},
        )
    return locked


@transaction.atomic
def remove_measure(*, viewer: Viewer, measure: ActionMeasure) -> None:
    action = measure.action
    _require(viewer, action)
    before = _audit_values(measure)
    uuid = str(measure.uuid)
    deleted, _ = ActionMeasure.objects.filter(pk=measure.pk).delete()
    if not deleted:
        raise Refused("This measure has already been removed.")
    record(
        verb="plans.measure.removed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=action,
        changes={
            **{name: {"from": value, "to": None} for name, value in before.items()},
            "measure": {"from": uuid, "to": None},
        },
    )


def _value_changes(before: Mapping[str, Any], measure: ActionMeasure) -> dict[str, Any]:
    after = {
        "value": None if measure.value is None else str(measure.value),
        "numerator": measure.numerator,
        "denominator": measure.denominator,
    }
    return changes_between(dict(before), after)


@transaction.atomic
def recalculate_measure(*, viewer: Viewer, measure: ActionMeasure) -> ActionMeasure:
    """Compute the measure again now, for someone who may change it."""
    _require(viewer, measure.action)
    locked = (
        ActionMeasure.objects.select_for_update(of=("self",))
        .select_related("action__strategy")
        .get(pk=measure.pk)
    )
    before = {
        "value": None if locked.value is None else str(locked.value),
        "numerator": locked.numerator,
        "denominator": locked.denominator,
    }
    _store(locked, compute(locked, locked.action.strategy, _today()))
    locked.save()
    record(
        verb="plans.measure.recalculated",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=locked.action,
        changes={
            **_value_changes(before, locked),
            "measure": {"from": str(locked.uuid), "to": str(locked.uuid)},
        },
    )
    return locked


@transaction.atomic
def recalculate_strategy(*, viewer: Viewer, strategy: Strategy) -> int:
    """Compute every measure of a plan again now (the coordinator, before a committee
    report, say). One audit event on the plan says how many."""
    if strategy.partnership_id != viewer.partnership.pk:
        raise Refused("This plan belongs to another partnership.")
    if not access.can_edit_plans(viewer):
        raise Refused("Only the partnership's Prevent coordinator can recalculate a whole plan.")
    on = _today()
    rows = list(
        ActionMeasure.objects.select_for_update(of=("self",)).filter(action__strategy=strategy).order_by("pk")
    )
    for measure in rows:
        _store(measure, compute(measure, strategy, on))
    ActionMeasure.objects.bulk_update(
        rows, ["value", "numerator", "denominator", "description", "computed_at"]
    )
    record(
        verb="plans.measures.recalculated",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=strategy,
        changes={"measures": {"from": None, "to": len(rows)}},
    )
    return len(rows)


def recalculate_all(*, on: dt.date | None = None, batch: int = 200) -> int:
    """Compute every measure again (the daily command). Each batch is one transaction, so a
    long run never holds the database; one audit event per partnership and batch says how
    many were recalculated. A source that fails is left with its last value."""
    on = on or _today()
    done = 0
    last = 0
    while True:
        with transaction.atomic():
            rows = list(
                ActionMeasure.objects.select_for_update(of=("self",))
                .select_related("action__strategy__partnership")
                .filter(pk__gt=last)
                .order_by("pk")[:batch]
            )
            if not rows:
                return done
            by_partnership: dict[Any, int] = {}
            computed = []
            for measure in rows:
                try:
                    with transaction.atomic():  # a savepoint: a failing source spoils nothing else
                        figure = compute(measure, measure.action.strategy, on)
                except Exception:
                    logger.exception("Measure %s could not be computed; it keeps its last value", measure.pk)
                    continue
                _store(measure, figure)
                computed.append(measure)
                partnership = measure.action.strategy.partnership
                by_partnership[partnership] = by_partnership.get(partnership, 0) + 1
            ActionMeasure.objects.bulk_update(
                computed, ["value", "numerator", "denominator", "description", "computed_at"]
            )
            for partnership, number in by_partnership.items():
                record(
                    verb="plans.measures.recalculated",
                    actor=None,
                    partnership=partnership,
                    label=f"{number} measures recalculated",
                    changes={"measures": {"from": None, "to": number}},
                )
            done += len(computed)
            last = rows[-1].pk


# --- reading --------------------------------------------------------------------------------


def _number(value: Decimal | None, unit: Unit) -> str:
    if value is None:
        return "no figure"
    text = f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,.1f}"
    return f"{text}%" if unit == Unit.PERCENTAGE else text


def _computed(at: dt.datetime | None) -> str:
    if at is None:
        return "not computed yet"
    local = timezone.localtime(at)
    return f"computed {long_date(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class Shown:
    """A measure as it is read: "88% of 120 (106 people): Youth Service staff WRAP trained
    (target 95%), computed 5 December 2026 14:02"."""

    measure: ActionMeasure
    source: MeasureSource | None

    @property
    def unit(self) -> Unit:
        return self.source.unit if self.source else Unit.COUNT

    @property
    def what(self) -> str:
        if self.measure.label:
            return self.measure.label
        return self.source.label if self.source else "A figure no longer offered"

    @property
    def value(self) -> str:
        measure = self.measure
        text = _number(measure.value, self.unit)
        if self.unit == Unit.PERCENTAGE and measure.denominator is not None:
            text = f"{text} ({measure.numerator or 0:,} of {measure.denominator:,})"
        return text

    @property
    def target(self) -> str:
        if self.measure.target is None:
            return ""
        return f"target {_number(self.measure.target, self.unit)}"

    @property
    def met(self) -> bool | None:
        if self.measure.target is None or self.measure.value is None:
            return None
        return self.measure.value >= self.measure.target

    @property
    def computed(self) -> str:
        return _computed(self.measure.computed_at)

    @property
    def line(self) -> str:
        target = f", {self.target}" if self.target else ""
        return f"{self.value}: {self.what} ({self.computed}{target})"

    @property
    def period(self) -> str:
        measure = self.measure
        if measure.period == MeasurePeriod.DATES and measure.period_start and measure.period_end:
            return f"{long_date(measure.period_start)} to {long_date(measure.period_end)}"
        return MeasurePeriod(measure.period).label


def shown(measure: ActionMeasure) -> Shown:
    return Shown(measure, registry.source(measure.source))


def shown_by_action(actions: Iterable[Action] | Iterable[int]) -> dict[int, list[Shown]]:
    """The measures of these actions (or action ids), by action id: one query."""
    ids = [item.pk if isinstance(item, Action) else item for item in actions]
    found: dict[int, list[Shown]] = {}
    for measure in ActionMeasure.objects.filter(action_id__in=ids).order_by("action_id", "id"):
        found.setdefault(measure.action_id, []).append(shown(measure))
    return found


def plan_has_measures(strategy: Strategy) -> bool:
    return ActionMeasure.objects.filter(action__strategy=strategy).exists()


def shown_for_strategy(strategy: Strategy) -> dict[int, list[Shown]]:
    found: dict[int, list[Shown]] = {}
    for measure in ActionMeasure.objects.filter(action__strategy=strategy).order_by("action_id", "id"):
        found.setdefault(measure.action_id, []).append(shown(measure))
    return found


def export_text(measures: Iterable[Shown]) -> str:
    """The measures of one action for a spreadsheet cell, one a line."""
    return "\n".join(item.line for item in measures)


# --- the RAG mix, a figure of plans' own ------------------------------------------------------


def strategy_choices(partnership: Any) -> Sequence[tuple[str, str]]:
    rows = Strategy.objects.filter(partnership=partnership).order_by("-period_start", "title")
    return [(str(pk), title) for pk, title in rows.values_list("pk", "title")]


def rag_choices(partnership: Any) -> Sequence[tuple[str, str]]:
    return list(Rag.choices)


def rag_mix(partnership: Any, params: Mapping[str, str], start: dt.date, end: dt.date) -> Figure:
    """Actions of the plan whose latest progress update on or before the period's last day
    gave the RAG status chosen, as a percentage of the plan's actions with an update by then."""
    latest = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"), update_date__lte=end)
        .order_by("-update_date", "-id")
        .values("rag")[:1]
    )
    counts = (
        Action.objects.filter(partnership=partnership, strategy_id=params["strategy"])
        .annotate(rag_then=Subquery(latest))
        .aggregate(
            rated=Count("pk", filter=Q(rag_then__isnull=False)),
            chosen=Count("pk", filter=Q(rag_then=params["rag"])),
        )
    )
    label = Rag(params["rag"]).label
    text = (
        f"{counts['chosen']} of the {counts['rated']} actions with a progress update by {long_date(end)} "
        f"were rated {label} then"
    )
    return Figure.percentage(counts["chosen"], counts["rated"], text)


MEASURES = (
    MeasureSource(
        code="plans.rag_mix",
        label="Plan actions at a RAG status",
        unit=Unit.PERCENTAGE,
        parameters=(
            Parameter("strategy", "Plan", strategy_choices, required=True),
            Parameter("rag", "RAG status", rag_choices, required=True),
        ),
        compute=rag_mix,
        hint="Each action's latest progress update on or before the period's last day.",
    ),
)
