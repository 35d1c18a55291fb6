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
    Dimension,
    EventKind,
    FactorFinding,
    Finding,
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
    "current_framework",
    "factors_for",
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


def factors_for(partnership: Partnership, framework: AssessmentFramework) -> list[AssessmentFactor]:
    return list(
        framework.factors.filter(active=True).filter(Q(partnership__isnull=True) | Q(partnership=partnership))
    )


@transaction.atomic
def add_local_factor(*, viewer: Viewer, dimension: str, name: str, guidance: str = "") -> AssessmentFactor:
    partnership = require_role(viewer, (Role.COORDINATOR,), "add assessment factors")
    if dimension not in Dimension.values:
        raise Refused("Select engagement, intent or capability", field="dimension")
    if not name.strip():
        raise Refused("Enter the factor", field="name")
    framework = current_framework()
    top = framework.factors.filter(dimension=dimension).aggregate(top=Max("position"))["top"] or 0
    factor = AssessmentFactor.objects.create(
        framework=framework,
        partnership=partnership,
        dimension=dimension,
        position=top + 1,
        name=name.strip(),
        guidance=guidance.strip(),
    )
    record(
        verb="cases.assessment_factor.added",
        actor=viewer.user,
        partnership=partnership,
        target=factor,
        changes={"name": {"from": None, "to": factor.name}, "dimension": {"from": None, "to": dimension}},
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
    framework = current_framework()
    factors = {factor.pk: factor for factor in factors_for(partnership, framework)}
    unknown = set(findings) - set(factors)
    if unknown:
        raise Refused("Some factors are not in the current framework. Reload the form and try again.")
    for factor_id, (finding, evidence) in findings.items():
        if finding not in Finding.values:
            raise Refused(f"Select what is known about {factors[factor_id].name.lower()}")
        if finding == Finding.PRESENT and not evidence.strip():
            raise Refused(f"Enter the evidence that {factors[factor_id].name.lower()} is present")
    if not summary.strip():
        raise Refused("Enter a summary of the assessment", field="summary")
    if assessed_on > timezone.localdate():
        raise Refused("The assessment date must be today or in the past", field="assessed_on")
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
