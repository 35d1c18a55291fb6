"""What a self-assessment says, as plain data (a dict that JSON keeps): built from the
records while the assessment is in progress, and stored as the assessment's snapshot when
it is completed, so that a completed assessment always says what it said then (as
projects' quarterly returns do). The page, the PDF and the year-on-year comparison read
this report, never the records behind it. A benchmark the partnership has worded its own
way (BenchmarkWording) reads in that wording, which the snapshot keeps."""

from __future__ import annotations

from typing import Any

from accounts.access import Viewer
from accounts.models import Partnership
from performance import assessment_evidence as evidence
from performance.assessment_framework import UNSOURCED_NOTE
from performance.models import (
    Assessment,
    AssessmentStatus,
    Benchmark,
    BenchmarkEvidence,
    BenchmarkFramework,
    BenchmarkWording,
    EvidenceKind,
)
from plans.access import PLAN_READERS
from plans.models import Action

Report = dict[str, Any]

KIND_LABELS = dict(EvidenceKind.choices)
GONE = "A record no longer held"


def wordings(partnership: Partnership, framework: BenchmarkFramework) -> dict[int, BenchmarkWording]:
    """The partnership's own wordings of the framework's benchmarks, by benchmark id: one query."""
    return {
        wording.benchmark_id: wording
        for wording in BenchmarkWording.objects.filter(
            partnership=partnership, benchmark__heading__framework=framework
        )
    }


def wording_of(partnership: Partnership, benchmark: Benchmark) -> BenchmarkWording | None:
    return BenchmarkWording.objects.filter(partnership=partnership, benchmark=benchmark).first()


def framework_good(benchmark: Benchmark) -> str:
    """The framework's "what good looks like" without its note that the wording is the
    partnership's to edit: where a partnership starts its own wording from."""
    return benchmark.good.replace(UNSOURCED_NOTE, "").strip()


def worded(benchmark: Benchmark, wording: BenchmarkWording | None) -> dict[str, Any]:
    """The benchmark's statement and "what good looks like" as the partnership reads them:
    its own wording where it has set one (only of a benchmark marked as its to edit), else
    the framework's."""
    if wording is not None and benchmark.partnership_to_edit:
        return {"statement": wording.statement, "good": wording.good, "wording_by_partnership": True}
    return {"statement": benchmark.statement, "good": benchmark.good, "wording_by_partnership": False}


def build(assessment: Assessment) -> Report:
    """The report from the records as they are now."""
    framework = assessment.framework
    ratings = {
        rating.benchmark_id: rating for rating in assessment.ratings.select_related("plan_action", "rated_by")
    }
    cited = list(
        BenchmarkEvidence.objects.filter(rating__assessment=assessment)
        .order_by("kind", "id")
        .values_list("rating__benchmark_id", "kind", "record")
    )
    described = evidence.describe(assessment.partnership, [(kind, str(record)) for _, kind, record in cited])
    by_benchmark: dict[int, list[dict[str, str]]] = {}
    for benchmark_id, kind, record in cited:
        found = described.get((kind, str(record)))
        by_benchmark.setdefault(benchmark_id, []).append(
            {
                "kind": kind,
                "kind_label": KIND_LABELS.get(kind, kind),
                "record": str(record),
                "label": found.label if found else GONE,
                "detail": found.detail if found else "",
                "url": found.url if found else "",
            }
        )
    own = wordings(assessment.partnership, framework)
    headings: list[dict[str, Any]] = []
    benchmarks = Benchmark.objects.filter(heading__framework=framework).select_related("heading")
    for benchmark in benchmarks:
        if not headings or headings[-1]["code"] != benchmark.heading.code:
            headings.append(
                {"code": benchmark.heading.code, "title": benchmark.heading.title, "benchmarks": []}
            )
        rating = ratings.get(benchmark.pk)
        code = rating.rating if rating else ""
        action: Action | None = rating.plan_action if rating else None
        headings[-1]["benchmarks"].append(
            {
                "code": benchmark.code,
                **worded(benchmark, own.get(benchmark.pk)),
                "source": benchmark.source,
                "partnership_to_edit": benchmark.partnership_to_edit,
                "rating": code,
                "rating_label": framework.rating_label(code) if code else "",
                "shortfall": framework.is_shortfall(code),
                "commentary": rating.commentary if rating else "",
                "evidence": by_benchmark.get(benchmark.pk, []),
                "action": (
                    {
                        "uuid": str(action.uuid),
                        "label": f"{action.reference} {action.title}".strip(),
                        "url": action.get_absolute_url(),
                    }
                    if action is not None
                    else None
                ),
            }
        )
    return {
        "partnership": assessment.partnership.name,
        "year": assessment.year,
        "year_label": assessment.year_label,
        "framework": {"name": framework.name, "version": framework.version, "source": framework.source},
        "ratings": framework.ratings,
        "status": AssessmentStatus(assessment.status).label,
        "completed_on": assessment.completed_at.date().isoformat() if assessment.completed_at else "",
        "completed_by": assessment.completed_by.full_name if assessment.completed_by else "",
        "headings": headings,
    }


def report_of(assessment: Assessment) -> Report:
    """A completed assessment's snapshot; an assessment in progress read from the records."""
    if assessment.locked and assessment.snapshot:
        return assessment.snapshot
    return build(assessment)


def benchmarks(report: Report) -> list[dict[str, Any]]:
    return [benchmark for heading in report["headings"] for benchmark in heading["benchmarks"]]


def unrated(report: Report) -> list[str]:
    return [benchmark["statement"] for benchmark in benchmarks(report) if not benchmark["rating"]]


def _rank(report: Report, code: str) -> int | None:
    return next((i for i, rating in enumerate(report["ratings"]) if rating["code"] == code), None)


def change(this: Report, this_code: str, last: Report | None, last_code: str) -> str:
    """In words, how a benchmark's rating moved from last year's assessment to this one."""
    if last is None:
        return "No assessment last year"
    if not last_code:
        return "Not rated last year"
    if not this_code:
        return "Not rated yet"
    now, before = _rank(this, this_code), _rank(last, last_code)
    if now is None or before is None:
        return "Not comparable"
    if now > before:
        return "Better"
    if now < before:
        return "Worse"
    return "Same"


def with_history(viewer: Viewer, report: Report, last: Report | None) -> Report:
    """The report for a page: each benchmark with last year's rating beside it and the
    change in words, and links only where the viewer may open them (the record still held)."""
    last_ratings = {b["code"]: b for b in benchmarks(last)} if last else {}
    cited = [(e["kind"], e["record"]) for b in benchmarks(report) for e in b["evidence"]]
    held = evidence.describe_existing(viewer.partnership, cited)
    actions_held = set(
        str(uuid)
        for uuid in Action.objects.filter(
            partnership=viewer.partnership,
            uuid__in=[b["action"]["uuid"] for b in benchmarks(report) if b["action"]],
        ).values_list("uuid", flat=True)
    )
    headings = []
    for heading in report["headings"]:
        rows = []
        for benchmark in heading["benchmarks"]:
            before = last_ratings.get(benchmark["code"], {})
            rows.append(
                {
                    **benchmark,
                    "last_label": before.get("rating_label", "") if last else "",
                    "change": change(report, benchmark["rating"], last, before.get("rating", "")),
                    "evidence": [
                        {
                            **item,
                            "href": item["url"]
                            if item["url"]
                            and (item["kind"], item["record"]) in held
                            and evidence.opens(viewer, item["kind"])
                            else "",
                        }
                        for item in benchmark["evidence"]
                    ],
                    "action_href": benchmark["action"]["url"]
                    if benchmark["action"]
                    and benchmark["action"]["uuid"] in actions_held
                    and viewer.has_any(*PLAN_READERS)
                    else "",
                }
            )
        headings.append({**heading, "benchmarks": rows})
    return {**report, "headings": headings}
