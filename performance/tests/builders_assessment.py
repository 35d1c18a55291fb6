"""Self-assessments for tests, written through the actions: last year's completed, this
year's in progress with a shortfall rated, and evidence naming a plan action and a lettings
policy of the partnership."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.access import Viewer
from performance import assessment_actions as actions
from performance.models import Assessment, Benchmark, EvidenceKind
from plans.models import Action, Objective
from venues import actions as venue_actions
from venues.models import LettingsPolicy

SHORTFALL = "board.group"
# Benchmarks marked as the partnership's to edit: one with its own wording, one without.
WORDED = "venues.it"
UNWORDED = "training.compliance"
OWN_STATEMENT = "Public computers in libraries and hubs filter extremist material."
OWN_GOOD = "Filtering is checked each quarter and misuse is reported to the Prevent lead."


@dataclass(frozen=True)
class AssessmentRecords:
    completed: Assessment
    in_progress: Assessment
    action: Action
    policy: LettingsPolicy
    objective: Objective
    shortfall: str = SHORTFALL
    worded: str = WORDED
    unworded: str = UNWORDED


def codes() -> list[str]:
    return list(Benchmark.objects.order_by("heading__position", "position").values_list("code", flat=True))


def rate_all(viewer: Viewer, assessment: Assessment, rating: str = "met") -> None:
    for code in codes():
        actions.rate_benchmark(
            viewer=viewer,
            assessment=assessment,
            benchmark=code,
            rating=rating,
            commentary="",
            evidence_records={},
        )


def policy(viewer: Viewer, title: str = "Hall hire procedures") -> LettingsPolicy:
    return venue_actions.save_policy(viewer=viewer, title=title, version="2018")


def assessment_for_walks(viewer: Viewer) -> AssessmentRecords:
    """Needs a plan with at least one action in the viewer's partnership."""
    action = Action.objects.filter(partnership=viewer.partnership).order_by("sort_key").first()
    assert action is not None, "build a plan first"
    lettings = policy(viewer)
    year = actions.current_year()
    completed = actions.start_assessment(viewer=viewer, year=year - 1)
    rate_all(viewer, completed, "partly_met")
    actions.rate_benchmark(
        viewer=viewer,
        assessment=completed,
        benchmark="venues.lettings",
        rating="met",
        commentary="Hall hire procedures in place.",
        evidence_records={EvidenceKind.LETTINGS_POLICY: [str(lettings.uuid)]},
    )
    completed = actions.complete_assessment(viewer=viewer, assessment=completed)
    in_progress = actions.start_assessment(viewer=viewer, year=year)
    actions.rate_benchmark(
        viewer=viewer,
        assessment=in_progress,
        benchmark=SHORTFALL,
        rating="partly_met",
        commentary="The steering group lacks faith and community representation.",
        evidence_records={EvidenceKind.PLAN_ACTION: [str(action.uuid)]},
    )
    actions.set_benchmark_wording(
        viewer=viewer,
        benchmark=Benchmark.objects.get(heading__framework=in_progress.framework, code=WORDED),
        statement=OWN_STATEMENT,
        good=OWN_GOOD,
    )
    return AssessmentRecords(completed, in_progress, action, lettings, action.objective)
