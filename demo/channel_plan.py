"""A support plan for the demo's case in support (demo.channel_support): assessed after
adoption; version 1, two needs met by its mentoring and careers support, signed off by
the chair soon after consent; then, at the panel's review of support two weeks ago,
progress recorded against each need and the plan revised, version 2 signed off the same
day. Version 1 stays readable as it was. Written through the actions with past dates,
as a coordinator typing up a paper plan would. The person is invented."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Partnership, Role, User
from cases import actions
from cases.models import FactorFinding, Intervention, Referral, ReferralState, ReviewKind
from demo.channel_support import _Demo

BELONGING = "Need for identity, meaning and belonging"
INDOCTRINATION = "Susceptibility to indoctrination"
TRANSITION = "Being at a transitional time of life"
EVIDENCE = {
    BELONGING: "Isolated at school; says the preacher's videos are the only place he feels understood.",
    INDOCTRINATION: "Repeats the preacher's claims word for word and cannot say where they are wrong.",
    TRANSITION: "Year 11: no plan for college, and falling behind since his parents separated.",
}


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    demo = _Demo(partnership, people)
    coordinator, chair = demo.as_[Role.COORDINATOR], demo.as_[Role.CHAIR]
    referral = Referral.objects.get(partnership=partnership, state=ReferralState.IN_SUPPORT)
    interventions = {
        intervention.intervention_type.code: intervention
        for intervention in Intervention.objects.filter(referral=referral).select_related("intervention_type")
    }
    mentoring, careers = interventions["ideological_mentoring"], interventions["education_careers"]
    framework = actions.framework_for(partnership, _ago(84))
    factors = {factor.name: factor for factor in actions.factors_for(partnership, framework)}
    actions.record_assessment(
        viewer=coordinator,
        referral=referral,
        assessed_on=_ago(84),
        findings={factors[name].pk: ("present", evidence) for name, evidence in EVIDENCE.items()},
        summary="Drawn to an extremist narrative through a sense of not belonging; no intent or "
        "capability seen.",
        management_plan="Mentoring to challenge the narrative; careers support for the move from school.",
    )

    def finding(name: str) -> FactorFinding:
        return actions.latest_findings(referral).get(factor__name=name)

    first = actions.draft_plan_version(viewer=coordinator, referral=referral)
    actions.add_plan_need(
        viewer=coordinator,
        version=first,
        finding=finding(INDOCTRINATION),
        need="To question the preacher's claims and find trusted sources about his faith.",
        outcome="Can explain, in his own words, why the claims in the videos are wrong.",
        interventions=[mentoring],
    )
    actions.add_plan_need(
        viewer=coordinator,
        version=first,
        finding=finding(TRANSITION),
        need="A plan for after Year 11, so that leaving school does not leave him with nothing to do.",
        outcome="Has applied to a college course or apprenticeship.",
        interventions=[careers],
    )
    actions.sign_off_plan_version(viewer=chair, version=first, signed_off_on=_ago(78))

    # The panel's review of support, two weeks ago: support continues, and the plan changes.
    demo.decide(
        demo.meeting(_ago(14)),
        [(referral, "continue", "Engaging with mentoring; careers support has found a course. Continue.")],
    )
    review = referral.reviews.filter(kind=ReviewKind.SUPPORT, held_on__isnull=False).latest("held_on")
    first_needs = list(first.needs.all())
    actions.record_plan_progress(
        viewer=coordinator,
        version=first,
        reviewed_on=_ago(14),
        review=review,
        entries={
            first_needs[0].pk: ("some", "Challenges some claims with his mentor; still watches the videos."),
            first_needs[1].pk: ("achieved", "Has a place on a college course from September."),
        },
    )
    second = actions.draft_plan_version(viewer=coordinator, referral=referral)
    copied = list(second.needs.all())
    actions.remove_plan_need(viewer=coordinator, need=copied[1])
    actions.add_plan_need(
        viewer=coordinator,
        version=second,
        finding=finding(BELONGING),
        need="Somewhere to belong offline: friends and activities outside his room.",
        outcome="Goes to a club or group each week with people his own age.",
        interventions=[mentoring, careers],
    )
    actions.sign_off_plan_version(viewer=chair, version=second, signed_off_on=_ago(14))
