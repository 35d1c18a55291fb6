"""The write path of the Prevent duty self-assessment: start a year's assessment, rate a
benchmark (a person's judgement, with commentary and evidence chosen from the partnership's
own records), turn a shortfall into a plan action (through plans' own `add_action`), and
complete the assessment, which stores its snapshot and locks it; and word a benchmark marked
as the partnership's to edit its own way, or go back to the framework's wording. Each
function checks the viewer, writes in one transaction and records its audit event; a
refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.access import Viewer
from audit.log import record
from lib.errors import Refused
from lib.text import has_control
from performance import assessment_evidence as evidence
from performance.assessment_access import can_assess
from performance.assessment_framework import UNSOURCED_NOTE
from performance.assessment_report import build, unrated, worded, wording_of
from performance.models import (
    Assessment,
    AssessmentStatus,
    Benchmark,
    BenchmarkEvidence,
    BenchmarkFramework,
    BenchmarkRating,
    BenchmarkWording,
    EvidenceKind,
)
from performance.models.assessment import COMMENTARY_LENGTH, GOOD_LENGTH
from plans import actions as plan_actions
from plans.models import Action, Objective

__all__ = [
    "EARLIEST_YEARS",
    "complete_assessment",
    "create_shortfall_action",
    "current_year",
    "rate_benchmark",
    "restore_framework_wording",
    "set_benchmark_wording",
    "start_assessment",
]

# How many years back an assessment may be started (to record an earlier one).
EARLIEST_YEARS = 5


def current_year(on: dt.date | None = None) -> int:
    """The financial year (April to March) containing `on`, by the year it starts."""
    on = on or timezone.localdate()
    return on.year if on.month >= 4 else on.year - 1


def _require_assessor(viewer: Viewer, assessment: Assessment | None = None) -> None:
    if not can_assess(viewer):
        raise Refused("Only the partnership's Prevent coordinator can change the self-assessment.")
    if assessment is not None and assessment.partnership_id != viewer.partnership.pk:
        raise Refused("This assessment belongs to another partnership.")


def _locked_for_change(viewer: Viewer, assessment: Assessment) -> Assessment:
    _require_assessor(viewer, assessment)
    current = Assessment.objects.select_for_update().select_related("framework").get(pk=assessment.pk)
    if current.locked:
        raise Refused("This assessment is completed and can no longer change.")
    return current


def latest_framework() -> BenchmarkFramework:
    framework = BenchmarkFramework.objects.order_by("-published_on", "-id").first()
    if framework is None:
        raise Refused("No self-assessment framework is loaded.")
    return framework


@transaction.atomic
def start_assessment(*, viewer: Viewer, year: int) -> Assessment:
    _require_assessor(viewer)
    this_year = current_year()
    if not this_year - EARLIEST_YEARS <= year <= this_year:
        raise Refused(f"Choose a year from {this_year - EARLIEST_YEARS} to {this_year}", field="year")
    if Assessment.objects.filter(partnership=viewer.partnership, year=year).exists():
        raise Refused("The partnership already has an assessment for that year", field="year")
    framework = latest_framework()
    assessment = Assessment.objects.create(
        partnership=viewer.partnership, framework=framework, year=year, created_by=viewer.user
    )
    BenchmarkRating.objects.bulk_create(
        BenchmarkRating(assessment=assessment, benchmark=benchmark)
        for benchmark in Benchmark.objects.filter(heading__framework=framework)
    )
    record(
        verb="performance.assessment.started",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=assessment,
        changes={"year": {"from": None, "to": year}, "framework": {"from": None, "to": str(framework)}},
    )
    return assessment


def _rating(assessment: Assessment, code: str) -> BenchmarkRating:
    rating = (
        BenchmarkRating.objects.select_for_update()
        .select_related("benchmark")
        .filter(assessment=assessment, benchmark__code=code)
        .first()
    )
    if rating is None:
        raise Refused("The assessment's framework has no such benchmark.")
    return rating


@transaction.atomic
def rate_benchmark(
    *,
    viewer: Viewer,
    assessment: Assessment,
    benchmark: str,
    rating: str,
    commentary: str,
    evidence_records: Mapping[str, Sequence[str]],
) -> BenchmarkRating:
    """Rate one benchmark, replacing its commentary and evidence. `evidence_records` maps
    each kind of evidence (EvidenceKind) to the uuids chosen, each of which must be the
    partnership's own record."""
    assessment = _locked_for_change(viewer, assessment)
    row = _rating(assessment, benchmark)
    if assessment.framework.rank(rating) is None:
        raise Refused("Choose a rating from the list", field="rating")
    if len(commentary) > COMMENTARY_LENGTH:
        raise Refused(f"Commentary must be {COMMENTARY_LENGTH:,} characters or fewer", field="commentary")
    wanted: set[tuple[str, str]] = set()
    for kind, records in evidence_records.items():
        if kind not in EvidenceKind.values:
            raise Refused("Choose evidence from the lists")
        records = [str(value) for value in records]
        own = evidence.own_records(viewer.partnership, kind, records)
        if set(records) - own:
            raise Refused("Choose evidence from the partnership's own records", field=f"evidence_{kind}")
        wanted |= {(kind, value) for value in records}
    before_evidence = {(e.kind, str(e.record)) for e in row.evidence.all()}
    changes: dict[str, dict[str, Any]] = {}
    if row.rating != rating:
        changes["rating"] = {"from": row.rating or None, "to": rating}
    if row.commentary != commentary:
        changes["commentary"] = {"from": row.commentary, "to": commentary}
    if wanted != before_evidence:
        changes["evidence"] = {
            "from": sorted(f"{k}:{r}" for k, r in before_evidence),
            "to": sorted(f"{k}:{r}" for k, r in wanted),
        }
    if not changes:
        return row
    row.rating, row.commentary, row.rated_by = rating, commentary, viewer.user
    row.save()
    row.evidence.exclude(
        pk__in=[e.pk for e in row.evidence.all() if (e.kind, str(e.record)) in wanted]
    ).delete()
    BenchmarkEvidence.objects.bulk_create(
        BenchmarkEvidence(rating=row, kind=kind, record=value)
        for kind, value in sorted(wanted - before_evidence)
    )
    record(
        verb="performance.assessment.rated",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=assessment,
        label=f"{assessment.year_label}: {row.benchmark.code}",
        changes=changes,
    )
    return row


@transaction.atomic
def create_shortfall_action(
    *,
    viewer: Viewer,
    assessment: Assessment,
    benchmark: str,
    objective: Objective,
    title: str,
    target_date: dt.date | None = None,
) -> Action:
    """A plan action for a benchmark rated below Met, in the plan and section (objective)
    the assessor chooses, linked back from the benchmark."""
    assessment = _locked_for_change(viewer, assessment)
    row = _rating(assessment, benchmark)
    if not assessment.framework.is_shortfall(row.rating):
        raise Refused("Only a benchmark rated below Met can create a plan action.")
    if row.plan_action_id is not None:
        raise Refused("This benchmark already has a plan action.")
    if objective.strategy.partnership_id != viewer.partnership.pk:
        raise Refused("Choose a section of one of the partnership's plans", field="objective")
    if not title.strip():
        raise Refused("Enter the action's title", field="title")
    label = assessment.framework.rating_label(row.rating)
    statement = worded(row.benchmark, wording_of(viewer.partnership, row.benchmark))["statement"]
    action = plan_actions.add_action(
        viewer=viewer,
        objective=objective,
        title=title.strip(),
        description=(
            f"From the Prevent duty self-assessment {assessment.year_label}: "
            f'"{statement}" was rated {label}.' + (f"\n\n{row.commentary}" if row.commentary else "")
        )[:10_000],
        recommendation=f"Self-assessment {assessment.year_label}: {row.benchmark.code}"[:200],
        target_date=target_date,
    )
    row.plan_action = action
    row.save(update_fields=["plan_action", "updated_at"])
    record(
        verb="performance.assessment.shortfall_action",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=assessment,
        label=f"{assessment.year_label}: {row.benchmark.code}",
        changes={"plan_action": {"from": None, "to": str(action.uuid)}},
    )
    return action


@transaction.atomic
def complete_assessment(*, viewer: Viewer, assessment: Assessment) -> Assessment:
    """Lock the assessment: what it says now (ratings, commentary, and each piece of
    evidence as the records describe it today) is stored and never read again from them."""
    assessment = _locked_for_change(viewer, assessment)
    missing = unrated(build(assessment))
    if missing:
        raise Refused(f"Rate every benchmark before completing the assessment: {len(missing)} not rated yet.")
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_by = viewer.user
    assessment.completed_at = timezone.now()
    assessment.snapshot = build(assessment)
    assessment.save()
    record(
        verb="performance.assessment.completed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=assessment,
        changes={
            "status": {"from": AssessmentStatus.IN_PROGRESS.value, "to": AssessmentStatus.COMPLETED.value}
        },
    )
    return assessment


STATEMENT_LENGTH = Benchmark._meta.get_field("statement").max_length or 300
# Line breaks and tabs are text in "what good looks like"; a statement is one line.
_LINE_BREAKS = ("\n", "\r", "\t")


def _editable_benchmark(viewer: Viewer, benchmark: Benchmark) -> Benchmark:
    _require_assessor(viewer)
    # Locked, so that two partnerships' first wordings (or one's sent twice) queue.
    locked = Benchmark.objects.select_for_update().filter(pk=benchmark.pk).first()
    if locked is None or not locked.partnership_to_edit:
        raise Refused("Only a benchmark whose wording no source gives can be worded by the partnership.")
    return locked


@transaction.atomic
def set_benchmark_wording(
    *, viewer: Viewer, benchmark: Benchmark, statement: str, good: str
) -> BenchmarkWording:
    """The partnership's own wording of a benchmark marked as its to edit, read by its
    assessments in progress (a completed one keeps the wording of its snapshot). The
    framework's note that the wording is the partnership's to edit is not part of it."""
    benchmark = _editable_benchmark(viewer, benchmark)
    statement = statement.replace(UNSOURCED_NOTE, "").strip()
    good = good.replace(UNSOURCED_NOTE, "").strip()
    if has_control(statement) or any(mark in statement for mark in _LINE_BREAKS):
        raise Refused("The statement must be one line of text, without control characters", field="statement")
    if has_control(good):
        raise Refused("What good looks like must not hold control characters", field="good")
    if not statement:
        raise Refused("Enter the benchmark's statement", field="statement")
    if len(statement) > STATEMENT_LENGTH:
        raise Refused(f"The statement must be {STATEMENT_LENGTH:,} characters or fewer", field="statement")
    if not good:
        raise Refused("Enter what good looks like", field="good")
    if len(good) > GOOD_LENGTH:
        raise Refused(f"What good looks like must be {GOOD_LENGTH:,} characters or fewer", field="good")
    wording = (
        BenchmarkWording.objects.select_for_update()
        .filter(partnership=viewer.partnership, benchmark=benchmark)
        .first()
    )
    before = worded(benchmark, wording)
    if wording is not None and (wording.statement, wording.good) == (statement, good):
        return wording
    if wording is None:
        wording = BenchmarkWording(partnership=viewer.partnership, benchmark=benchmark)
    wording.statement, wording.good, wording.updated_by = statement, good, viewer.user
    wording.save()
    record(
        verb="performance.assessment.wording_set",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=benchmark,
        label=f"Wording of {benchmark.code}",
        changes={
            name: {"from": before[name], "to": value}
            for name, value in (("statement", statement), ("good", good))
            if before[name] != value
        },
    )
    return wording


@transaction.atomic
def restore_framework_wording(*, viewer: Viewer, benchmark: Benchmark) -> bool:
    """Go back to the framework's wording of the benchmark: the partnership's own is
    removed. False, and nothing written, when the framework's wording is already used."""
    benchmark = _editable_benchmark(viewer, benchmark)
    wording = (
        BenchmarkWording.objects.select_for_update()
        .filter(partnership=viewer.partnership, benchmark=benchmark)
        .first()
    )
    if wording is None:
        return False
    wording.delete()
    record(
        verb="performance.assessment.wording_restored",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=benchmark,
        label=f"Wording of {benchmark.code}",
        changes={
            "statement": {"from": wording.statement, "to": benchmark.statement},
            "good": {"from": wording.good, "to": benchmark.good},
        },
    )
    return True
