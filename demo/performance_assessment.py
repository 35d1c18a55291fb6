"""The Prevent duty self-assessment in the demo, written by each partnership's demo
coordinator through the assessment's actions: last financial year's assessment completed
(locked), and this year's in progress. Tower Hamlets' ratings and commentary follow its
2018 Home Office peer review ("Extremely strong approach to Prevent with highly skilled
professionals"; recommendations: a performance management framework, training for key
services, Prevent Champions, referral data, a standalone communications strategy, a
Community Reference Group); Barking and Dagenham's follow its Prevent Strategy and Delivery
Plan 2017/2019 (a Steering Group accountable to the Community Safety Partnership; "Ensuring
that there is a pathway to report any concerns of extremist speakers"; duty checks of its
partners, some with gaps). The ratings are demo judgements, not the partnerships' own.
Evidence cites the demo's records: plan actions, the training rule, the lettings policy, a
venue check and the duty checks with gaps. Barking and Dagenham's shortfall on its
partnership group has become a plan action; Tower Hamlets' shortfalls are left for the
coordinator to turn into actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from partners.models import CheckStatus, DutyCheck
from performance import assessment_actions as actions
from performance.models import Assessment, Benchmark, EvidenceKind
from plans.models import Action
from training.models import RequirementRule
from venues.models import LettingsPolicy, VenueCheck

DEMO = "(Demo judgement.)"


@dataclass(frozen=True)
class Rated:
    rating: str
    commentary: str
    # (kind, a word in the record's title; "" for the first of the kind)
    evidence: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class Year:
    default: str  # the rating of every benchmark not named
    ratings: dict[str, Rated]


TOWER_HAMLETS_LAST = Year(
    "met",
    {
        "board.group": Rated(
            "exceeded",
            'Peer review 2018: "The Mayor and responsible elected members take leadership role seriously" '
            'and "Chief Executive takes a strong, visible leadership role at a strategic level". ' + DEMO,
        ),
        "plan.performance": Rated(
            "not_met",
            'Peer Review Rec 1: "Develop performance management framework for Prevent". No framework yet. '
            + DEMO,
            ((EvidenceKind.PLAN_ACTION, "Performance Management Framework"),),
        ),
        "risk.shared": Rated(
            "partly_met",
            'Peer review 2018: "Some sharing of risk and threat to LA stakeholders to achieve buy-in across '
            'the council". Rec 4: "Better understand referral data to help target activity". ' + DEMO,
        ),
        "training.key_services": Rated(
            "partly_met",
            'Peer Review Rec 2: "Ensure key services within the council are trained in Prevent, including '
            '... WRAP". Social care and elected members next. ' + DEMO,
            ((EvidenceKind.PLAN_ACTION, "Elected Members"), (EvidenceKind.TRAINING_RULE, "")),
        ),
        "communications.strategy": Rated(
            "not_met",
            'Peer Review Rec 5: "Develop standalone communications strategy for Prevent, outside of broader '
            'branding". ' + DEMO,
            ((EvidenceKind.PLAN_ACTION, "Communication Strategy"),),
        ),
        "engagement.community": Rated(
            "partly_met",
            'Peer Review Rec 6: "Establish Community Reference Group". ' + DEMO,
            ((EvidenceKind.PLAN_ACTION, "Community Reference Group"),),
        ),
        "venues.lettings": Rated(
            "met",
            'The delivery plan asks for "Robust hall hire procedures which prevent extremists from using '
            'venues to promote terrorist ideology"; the updated procedures are in use. ' + DEMO,
            ((EvidenceKind.LETTINGS_POLICY, ""), (EvidenceKind.VENUE_CHECK, "")),
        ),
    },
)

TOWER_HAMLETS_THIS = Year(
    "",
    {
        "board.group": Rated("exceeded", "Leadership unchanged since the peer review. " + DEMO),
        "plan.performance": Rated(
            "partly_met",
            "Indicators defined; the dashboard is reported to the steering group from this year. " + DEMO,
            ((EvidenceKind.PLAN_ACTION, "Performance Management Framework"),),
        ),
        "training.key_services": Rated(
            "met",
            "WRAP is part of induction for elected members; compliance is tracked by rule. " + DEMO,
            ((EvidenceKind.TRAINING_RULE, ""), (EvidenceKind.PLAN_ACTION, "Elected Members")),
        ),
        "communications.strategy": Rated(
            "partly_met",
            "A communication strategy is drafted, not yet adopted. " + DEMO,
            ((EvidenceKind.PLAN_ACTION, "Communication Strategy"),),
        ),
        "venues.lettings": Rated(
            "met",
            "Hall hire procedures applied to every outside booking. " + DEMO,
            ((EvidenceKind.LETTINGS_POLICY, ""), (EvidenceKind.VENUE_CHECK, "")),
        ),
    },
)

BARKING_LAST = Year(
    "partly_met",
    {
        "board.group": Rated(
            "met",
            '"The Prevent Strategy and Steering Group, which is accountable to the Community Safety '
            'Partnership, is responsible for delivery of the Strategy." ' + DEMO,
        ),
        "engagement.partners": Rated(
            "partly_met",
            "Several partners' duty checks show gaps. " + DEMO,
            ((EvidenceKind.DUTY_CHECK, ""),),
        ),
        "venues.lettings": Rated(
            "partly_met",
            '"Ensuring that there is a pathway to report any concerns of extremist speakers to the police": '
            "the pathway is agreed, not yet used. " + DEMO,
            ((EvidenceKind.PLAN_ACTION, "extremist speakers"), (EvidenceKind.LETTINGS_POLICY, "")),
        ),
    },
)

BARKING_THIS = Year(
    "",
    {
        "board.group": Rated(
            "partly_met",
            'The plan aims "To increase the representation of faith and community groups at the Prevent '
            'Strategy and Steering Group"; they are not yet represented. ' + DEMO,
        ),
        "engagement.partners": Rated(
            "partly_met",
            "Gaps remain in the duty checks below. " + DEMO,
            ((EvidenceKind.DUTY_CHECK, ""),),
        ),
        "venues.lettings": Rated(
            "met",
            "Venue checks now record every outside booking. " + DEMO,
            ((EvidenceKind.VENUE_CHECK, ""), (EvidenceKind.LETTINGS_POLICY, "")),
        ),
    },
)

ASSESSED = {
    "towerhamlets": (TOWER_HAMLETS_LAST, TOWER_HAMLETS_THIS, None),
    "barkingdagenham": (
        BARKING_LAST,
        BARKING_THIS,
        ("board.group", "Invite faith and community groups to join the Prevent Strategy and Steering Group"),
    ),
}


def _records(partnership: Partnership, kind: str, word: str) -> list[str]:
    found: QuerySet[Any]
    if kind == EvidenceKind.PLAN_ACTION:
        found = Action.objects.filter(partnership=partnership, title__icontains=word).order_by("sort_key")[:1]
    elif kind == EvidenceKind.TRAINING_RULE:
        found = RequirementRule.objects.filter(partnership=partnership).order_by("id")[:1]
    elif kind == EvidenceKind.LETTINGS_POLICY:
        found = LettingsPolicy.objects.filter(partnership=partnership).order_by("id")[:1]
    elif kind == EvidenceKind.VENUE_CHECK:
        found = VenueCheck.objects.filter(partnership=partnership).exclude(decision="").order_by("id")[:1]
    else:
        found = DutyCheck.objects.filter(
            organisation__partnership=partnership,
            current=True,
            status__in=[CheckStatus.NOT_MET, CheckStatus.PARTLY],
        ).order_by("id")[:3]
    return [str(record.uuid) for record in found]


def _rate(coordinator: Viewer, assessment: Assessment, year: Year) -> None:
    codes = Benchmark.objects.filter(heading__framework=assessment.framework).values_list("code", flat=True)
    for code in codes:
        rated = year.ratings.get(code)
        if rated is None and not year.default:
            continue
        rated = rated or Rated(year.default, "")
        cited: dict[str, list[str]] = {}
        for kind, word in rated.evidence:
            cited.setdefault(kind, []).extend(_records(coordinator.partnership, kind, word))
        actions.rate_benchmark(
            viewer=coordinator,
            assessment=assessment,
            benchmark=code,
            rating=rated.rating,
            commentary=rated.commentary,
            evidence_records=cited,
        )


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    if partnership.slug not in ASSESSED:
        return
    last_year, this_year, shortfall = ASSESSED[partnership.slug]
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    year = actions.current_year()
    last = actions.start_assessment(viewer=coordinator, year=year - 1)
    _rate(coordinator, last, last_year)
    actions.complete_assessment(viewer=coordinator, assessment=last)
    current = actions.start_assessment(viewer=coordinator, year=year)
    _rate(coordinator, current, this_year)
    if shortfall is not None:
        code, title = shortfall
        action = Action.objects.filter(partnership=partnership).order_by("sort_key").first()
        if action is not None:
            actions.create_shortfall_action(
                viewer=coordinator,
                assessment=current,
                benchmark=code,
                objective=action.objective,
                title=title,
            )
