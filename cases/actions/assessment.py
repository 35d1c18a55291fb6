"""Once a referral is progressed to Channel: information shared with partners, with its legal
basis, and versioned vulnerability assessments recorded factor by factor (never scored)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role
from audit.log import record
from cases import workflow
from cases.actions.common import (
    add_event,
    audit,
    locked,
    personal,
    require_role,
    same_partnership,
)
from cases.models import (
    AssessmentFactor,
    AssessmentFramework,
    EventKind,
    FactorFinding,
    Finding,
    FrameworkChoice,
    LegalBasis,
    Referral,
    SharingDirection,
    SharingRequest,
    VulnerabilityAssessment,
)
from cases.workflow import Move
from lib.errors import Refused
from lib.working_days import add_working_days

__all__ = [
    "add_local_factor",
    "choose_framework",
    "current_framework",
    "factors_for",
    "framework_for",
    "record_assessment",
    "record_sharing",
    "record_sharing_answer",
]

# A partnership's usual time for a partner to answer a request for information. Local
# practice, not law: the form offers it and the coordinator can change it per request.
ANSWER_DAYS = 10


@transaction.atomic
def record_sharing(
    *,
    viewer: Viewer,
    referral: Referral,
    direction: str,
    partner: str,
    legal_basis: str,
    subject: str,
    sent_at: dt.datetime,
    partner_contact: str = "",
    due_on: dt.date | None = None,
) -> SharingRequest:
    """`due_on`: when the partner's answer to a request is due; if not given, ANSWER_DAYS
    working days after the request."""
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.SHARE_INFORMATION)
    if direction not in SharingDirection.values:
        raise Refused("Select whether information was requested or disclosed", field="direction")
    if legal_basis not in LegalBasis.values:
        raise Refused("Select the legal basis", field="legal_basis")
    if not partner.strip():
        raise Refused("Enter the partner organisation", field="partner")
    if not subject.strip():
        raise Refused("Enter what was asked or shared", field="subject")
    if sent_at > timezone.now():
        raise Refused("The date must be today or in the past", field="sent_at")
    asked_on = timezone.localdate(sent_at)
    if direction == SharingDirection.REQUEST:
        due_on = due_on or add_working_days(asked_on, ANSWER_DAYS)
        if due_on < asked_on:
            raise Refused("The answer cannot be due before the request was made", field="due_on")
    else:
        due_on = None
    sharing = SharingRequest(
        referral=referral,
        partnership_id=referral.partnership_id,
        direction=direction,
        partner=partner.strip(),
        partner_contact=partner_contact.strip(),
        legal_basis=legal_basis,
        sent_at=sent_at,
        due_on=due_on,
        recorded_by=viewer.user,
    )
    sharing.subject = subject.strip()
    sharing.save()
    what = "requested from" if direction == SharingDirection.REQUEST else "disclosed to"
    add_event(
        referral,
        EventKind.SHARING,
        f"Information {what} {sharing.partner} ({LegalBasis(legal_basis).label[:80]})",
        viewer.user,
        sent_at,
    )
    audit(
        viewer,
        f"cases.sharing.{direction}",
        referral,
        {
            "partner": {"from": None, "to": sharing.partner},
            "legal_basis": {"from": None, "to": legal_basis},
            **({"due_on": {"from": None, "to": due_on.isoformat()}} if due_on else {}),
            **personal("subject"),
        },
    )
    return sharing


@transaction.atomic
def record_sharing_answer(
    *, viewer: Viewer, sharing: SharingRequest, response: str, answered_at: dt.datetime
) -> SharingRequest:
    workflow.require_role(viewer, Move.SHARE_INFORMATION)
    same_partnership(viewer, sharing.referral)
    if sharing.direction != SharingDirection.REQUEST:
        raise Refused("Only a request for information has an answer.")
    if sharing.answered_at is not None:
        raise Refused("This request has already been answered.")
    if not response.strip():
        raise Refused("Enter what the partner said or provided", field="response")
    if answered_at < sharing.sent_at or answered_at > timezone.now():
        raise Refused("The answer date must be after the request and not in the future", field="answered_at")
    sharing.response = response.strip()
    sharing.answered_at = answered_at
    sharing.save(update_fields=["response_sealed", "answered_at"])
    add_event(
        sharing.referral,
        EventKind.SHARING_ANSWERED,
        f"{sharing.partner} answered the request for information",
        viewer.user,
        answered_at,
    )
    audit(viewer, "cases.sharing.answered", sharing.referral, personal("response"))
    return sharing


def current_framework() -> AssessmentFramework:
    framework = AssessmentFramework.objects.filter(is_current=True).first()
    if framework is None:
        raise Refused(
            "No assessment framework is set up. Ask the system administrator to set one as current."
        )
    return framework


def framework_for(partnership: Partnership, day: dt.date) -> AssessmentFramework:
    """The framework the partnership's assessments dated `day` use: its latest choice
    starting on or before that day, or else the framework marked current."""
    choice = (
        FrameworkChoice.objects.filter(partnership=partnership, starts_on__lte=day)
        .select_related("framework")
        .order_by("-starts_on", "-id")
        .first()
    )
    return choice.framework if choice else current_framework()


def factors_for(partnership: Partnership, framework: AssessmentFramework) -> list[AssessmentFactor]:
    return list(
        framework.factors.filter(active=True)
        .filter(Q(partnership__isnull=True) | Q(partnership=partnership))
        .select_related("section")
    )


@transaction.atomic
def choose_framework(*, viewer: Viewer, framework_id: int, starts_on: dt.date) -> FrameworkChoice:
    """From `starts_on`, today or later, the partnership's new assessments use the framework.
    Assessments already recorded keep theirs; earlier choices are kept as history."""
    partnership = require_role(viewer, (Role.COORDINATOR,), "choose the assessment framework")
    framework = AssessmentFramework.objects.filter(pk=framework_id).first()
    if framework is None:
        raise Refused("Select a framework from the list", field="framework")
    if starts_on < timezone.localdate():
        raise Refused(
            "The date must be today or later: assessments already recorded keep their framework",
            field="starts_on",
        )
    before = framework_for(partnership, starts_on)
    if before.pk == framework.pk:
        raise Refused(f"Assessments from that date already use the {framework}", field="framework")
    choice = FrameworkChoice.objects.create(
        partnership=partnership, framework=framework, starts_on=starts_on, chosen_by=viewer.user
    )
    record(
        verb="cases.assessment_framework.chosen",
        actor=viewer.user,
        partnership=partnership,
        target=choice,
        label=str(choice),
        changes={
            "framework": {"from": str(before), "to": str(framework)},
            "starts_on": {"from": None, "to": starts_on.isoformat()},
        },
    )
    return choice


@transaction.atomic
def add_local_factor(*, viewer: Viewer, section: str, name: str, guidance: str = "") -> AssessmentFactor:
    """A factor the partnership adds to a section of the framework its assessments use
    today; it stays with that framework."""
    partnership = require_role(viewer, (Role.COORDINATOR,), "add assessment factors")
    framework = framework_for(partnership, timezone.localdate())
    part = framework.sections.filter(code=section).first()
    if part is None:
        raise Refused("Select the part of the framework", field="section")
    if not name.strip():
        raise Refused("Enter the factor", field="name")
    top = part.factors.aggregate(top=Max("position"))["top"] or 0
    factor = AssessmentFactor.objects.create(
        framework=framework,
        partnership=partnership,
        section=part,
        position=top + 1,
        name=name.strip(),
        guidance=guidance.strip(),
    )
    record(
        verb="cases.assessment_factor.added",
        actor=viewer.user,
        partnership=partnership,
        target=factor,
        changes={"name": {"from": None, "to": factor.name}, "section": {"from": None, "to": part.code}},
    )
    return factor


@transaction.atomic
def record_assessment(
    *,
    viewer: Viewer,
    referral: Referral,
    assessed_on: dt.date,
    findings: Mapping[int, tuple[str, str]],
    summary: str,
    management_plan: str,
) -> VulnerabilityAssessment:
    """A new version of the referral's vulnerability assessment: for each factor, what is
    known and the evidence. Nothing is scored."""
    partnership = viewer.partnership
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.ASSESS)
    if assessed_on > timezone.localdate():
        raise Refused("The assessment date must be today or in the past", field="assessed_on")
    framework = framework_for(partnership, assessed_on)
    factors = {factor.pk: factor for factor in factors_for(partnership, framework)}
    unknown = set(findings) - set(factors)
    if unknown:
        if AssessmentFactor.objects.filter(pk__in=unknown).exclude(framework=framework).exists():
            raise Refused(
                f"On {assessed_on.day} {assessed_on:%B %Y} this partnership used the {framework}, "
                "not the framework this form lists. Check the date of the assessment.",
                field="assessed_on",
            )
        raise Refused("Some factors are not in the current framework. Reload the form and try again.")
    for factor_id, (finding, evidence) in findings.items():
        if finding not in Finding.values:
            raise Refused(f"Select what is known about {factors[factor_id].name.lower()}")
        if finding == Finding.PRESENT and not evidence.strip():
            raise Refused(f"Enter the evidence that {factors[factor_id].name.lower()} is present")
    if not summary.strip():
        raise Refused("Enter a summary of the assessment", field="summary")
    top = referral.assessments.aggregate(top=Max("version"))["top"] or 0
    assessment = VulnerabilityAssessment(
        referral=referral, version=top + 1, framework=framework, assessed_on=assessed_on, author=viewer.user
    )
    assessment.summary = summary.strip()
    assessment.management_plan = management_plan.strip()
    assessment.save()
    rows = []
    for factor_id, factor in factors.items():
        finding, evidence = findings.get(factor_id, (Finding.NOT_KNOWN, ""))
        row = FactorFinding(assessment=assessment, factor=factor, finding=finding, data_key=referral.data_key)
        row.evidence = evidence.strip()
        rows.append(row)
    FactorFinding.objects.bulk_create(rows)
    add_event(
        referral, EventKind.ASSESSMENT, f"Vulnerability assessment version {assessment.version}", viewer.user
    )
    audit(
        viewer,
        "cases.assessment.recorded",
        referral,
        {"version": {"from": top or None, "to": assessment.version}, **personal("findings", "summary")},
    )
    return assessment
