"""The write path for Channel cases from referral to panel decision. Every function
checks the viewer's role and the referral's state (cases.workflow), writes in one
transaction, adds the chronology event and records the audit event. Audit events name
the referral by its reference and record which personal fields changed, never their
values."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.log import record, record_outside_action
from cases import access, queries, statistics, workflow
from cases.actions import support
from cases.actions.common import (
    add_event,
    audit,
    locked,
    move,
    personal,
    require_role,
    same_partnership,
)
from cases.models import (
    DECISIONS_FOR,
    SPECIAL_CATEGORIES,
    AgendaItem,
    AgendaPurpose,
    AssessmentFactor,
    AssessmentFramework,
    CaseDocument,
    ConcernType,
    Dimension,
    EventKind,
    FactorFinding,
    Finding,
    GatewayAssessment,
    GatewayDecision,
    LegalBasis,
    MeetingStatus,
    PanelAction,
    PanelDecision,
    PanelInvitation,
    PanelMeeting,
    Person,
    PersonNameKey,
    ReferenceCounter,
    Referral,
    ReferralSector,
    ReferralState,
    ReviewKind,
    SharingDirection,
    SharingRequest,
    SupportService,
    TransferStatus,
    VulnerabilityAssessment,
    sealed_json,
)
from cases.vault import DataKey
from lib import crypto, uploads
from lib.errors import Refused
from lib.names import index_keys

# --- referral ----------------------------------------------------------------------------


@dataclass
class ReferralDetails:
    """What a referral form collects (see cases.forms)."""

    given_names: str
    family_name: str
    date_of_birth: dt.date | None
    gender: str
    concern_type: ConcernType
    sector: ReferralSector
    narrative: str
    referrer_name: str
    referrer_organisation: str
    other_names: str = ""
    address: str = ""
    postcode: str = ""
    school_or_employer: str = ""
    vulnerabilities: str = ""
    urgency: str = "routine"
    person_aware: str = "not_known"
    referrer_role: str = ""
    referrer_email: str = ""
    referrer_phone: str = ""
    special_categories: dict[str, tuple[str, str]] = field(default_factory=dict)
    received_at: dt.datetime | None = None


def _next_reference(partnership: Partnership, year: int) -> str:
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        partnership=partnership, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{partnership.code}-{year}-{counter.last:04d}"


@transaction.atomic
def submit_referral(*, viewer: Viewer, details: ReferralDetails) -> Referral:
    partnership = require_role(viewer, access.SUBMITTERS, "make a referral")
    for listed in (details.concern_type, details.sector):
        if listed.partnership_id not in (None, partnership.pk):
            raise Refused("Choose from this partnership's lists.")
    if not (details.given_names or details.family_name):
        raise Refused("Enter the person's name, or as much of it as you know", field="family_name")
    if not details.narrative.strip():
        raise Refused("Describe the concern", field="narrative")
    received_at = details.received_at or timezone.now()
    referral = Referral(
        partnership=partnership,
        reference=_next_reference(partnership, timezone.localtime(received_at).year),
        received_at=received_at,
        data_key=DataKey.create(),
        submitted_by=viewer.user,
        referrer_name=details.referrer_name,
        referrer_role=details.referrer_role,
        referrer_organisation=details.referrer_organisation,
        referrer_email=details.referrer_email,
        referrer_phone=details.referrer_phone,
        sector=details.sector,
        concern_type=details.concern_type,
        urgency=details.urgency,
        person_aware=details.person_aware,
        subject_given_names=details.given_names,
        subject_family_name=details.family_name,
        subject_other_names=details.other_names,
        subject_date_of_birth=details.date_of_birth,
        subject_gender=details.gender,
        subject_address=details.address,
        subject_postcode=details.postcode,
        subject_school_or_employer=details.school_or_employer,
    )
    referral.narrative = details.narrative.strip()
    referral.vulnerabilities = details.vulnerabilities.strip()
    chosen = {name: value for name, value in details.special_categories.items() if value[0]}
    if chosen:
        referral.special_categories = sealed_json(chosen)
    referral.possible_matches = len(queries.possible_matches(partnership, queries.subject_record(referral)))
    referral.save()
    statistics.refresh(referral)
    add_event(
        referral,
        EventKind.RECEIVED,
        f"Referral received from the {details.sector.label.lower()} sector",
        viewer.user,
        received_at,
    )
    audit(
        viewer,
        "cases.referral.received",
        referral,
        {
            "state": {"from": None, "to": referral.state},
            "concern_type": {"from": None, "to": details.concern_type.code},
            "sector": {"from": None, "to": details.sector.code},
            **personal("subject", "narrative", *(["vulnerabilities"] if details.vulnerabilities else [])),
            **personal(*(["special_categories"] if chosen else [])),
        },
    )
    return referral


def index_person(person: Person) -> None:
    PersonNameKey.objects.filter(person=person).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(person=person, partnership_id=person.partnership_id, key=key)
        for key in sorted(index_keys(queries.person_record(person)))
    )


@transaction.atomic
def link_to_person(*, viewer: Viewer, referral: Referral, person: Person) -> Referral:
    require_role(viewer, access.IDENTIFIERS, "decide who a referral is about")
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(referral, "decide_identity")
    if person.partnership_id != referral.partnership_id:
        raise Refused("That person belongs to another partnership.")
    previous = referral.person_id
    referral.person = person
    referral.identity_decided_at = timezone.now()
    referral.save(update_fields=["person", "identity_decided_at", "updated_at"])
    earlier = Referral.objects.filter(person=person).exclude(pk=referral.pk).count()
    add_event(
        referral,
        EventKind.IDENTITY_LINKED,
        f"Linked to a person already known, with {earlier} earlier referral{'s' if earlier != 1 else ''}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.referral.linked_to_person",
        referral,
        {"person": {"from": str(previous) if previous else None, "to": str(person.uuid)}},
    )
    return referral


@transaction.atomic
def confirm_new_person(*, viewer: Viewer, referral: Referral) -> Person:
    require_role(viewer, access.IDENTIFIERS, "decide who a referral is about")
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(referral, "decide_identity")
    if referral.person_id:
        raise Refused("This referral is already linked to a person.")
    person = Person(
        partnership_id=referral.partnership_id,
        data_key=DataKey.create(),
        given_names=referral.subject_given_names,
        family_name=referral.subject_family_name,
        other_names=referral.subject_other_names,
        date_of_birth=referral.subject_date_of_birth,
        gender=referral.subject_gender,
        address=referral.subject_address,
        postcode=referral.subject_postcode,
        school_or_employer=referral.subject_school_or_employer,
    )
    if referral.special_categories:
        for name, (status, value) in json.loads(referral.special_categories).items():
            person.set_special_category(name, status, value)
    person.save()
    index_person(person)
    referral.person = person
    referral.identity_decided_at = timezone.now()
    referral.save(update_fields=["person", "identity_decided_at", "updated_at"])
    add_event(
        referral, EventKind.IDENTITY_CONFIRMED, "Confirmed as a person not referred before", viewer.user
    )
    audit(
        viewer,
        "cases.referral.new_person_confirmed",
        referral,
        {"person": {"from": None, "to": str(person.uuid)}},
    )
    return person


@transaction.atomic
def update_special_categories(
    *, viewer: Viewer, person: Person, values: Mapping[str, tuple[str, str]]
) -> Person:
    partnership = require_role(viewer, access.CASE_TEAM, "record special category information")
    if person.partnership_id != partnership.pk:
        raise Refused("This person belongs to another partnership.")
    changed = []
    for name, (status, value) in values.items():
        if name not in SPECIAL_CATEGORIES:
            raise Refused(f"{name} is not a special category attribute")
        if person.special_category(name) != (status, value if status == "recorded" else ""):
            person.set_special_category(name, status, value)
            changed.append(name)
    if changed:
        person.save()
        record(
            verb="cases.person.special_categories_updated",
            actor=viewer.user,
            partnership=partnership,
            target=person,
            label=f"Person {person.uuid}",
            changes=personal(*changed),
        )
    return person


# --- gateway -----------------------------------------------------------------------------


def _gateway(referral: Referral) -> GatewayAssessment:
    gateway, _ = GatewayAssessment.objects.get_or_create(referral=referral)
    gateway.referral = referral
    return gateway


@transaction.atomic
def record_deconfliction(*, viewer: Viewer, referral: Referral, checks: str) -> GatewayAssessment:
    require_role(viewer, access.GATEKEEPERS, "record deconfliction")
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(referral, "deconflict")
    if not checks.strip():
        raise Refused("Enter the checks made", field="checks")
    gateway = _gateway(referral)
    gateway.checks = checks.strip()
    gateway.deconflicted_at = timezone.now()
    gateway.deconflicted_by = viewer.user
    gateway.save()
    add_event(referral, EventKind.DECONFLICTED, "Deconfliction recorded", viewer.user)
    audit(viewer, "cases.gateway.deconflicted", referral, personal("checks"))
    return gateway


@transaction.atomic
def record_gateway_decision(
    *,
    viewer: Viewer,
    referral: Referral,
    decision: str,
    reasons: str,
    signposted_to: SupportService | None = None,
    decided_on: dt.date | None = None,
) -> Referral:
    """`decided_on`: the day the decision was made, when it is recorded later."""
    require_role(viewer, access.GATEKEEPERS, "record a gateway decision")
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(referral, "gateway_decision")
    gateway = _gateway(referral)
    if referral.person_id is None:
        raise Refused(
            "Link the referral to a person already known, or confirm a new person, before deciding."
        )
    if gateway.deconflicted_at is None:
        raise Refused("Record deconfliction before the gateway decision.")
    if decision not in workflow.GATEWAY_OUTCOMES:
        raise Refused("Select a decision", field="decision")
    if not reasons.strip():
        raise Refused("Enter the reasons for the decision", field="reasons")
    if decision == GatewayDecision.SIGNPOSTED and signposted_to is None:
        raise Refused("Select the service the person is signposted to", field="signposted_to")
    received_on = timezone.localdate(referral.received_at)
    decided_on = decided_on or timezone.localdate()
    if not received_on <= decided_on <= timezone.localdate():
        raise Refused("The decision date must be between the day the referral was received and today")
    gateway.decision = decision
    gateway.signposted_to = signposted_to if decision == GatewayDecision.SIGNPOSTED else None
    gateway.reasons = reasons.strip()
    gateway.decided_by = viewer.user
    gateway.decided_at = (
        timezone.now()
        if decided_on == timezone.localdate()
        else timezone.make_aware(dt.datetime.combine(decided_on, dt.time(12)))
    )
    gateway.save()
    changes = move(referral, workflow.GATEWAY_OUTCOMES[GatewayDecision(decision)], on=decided_on)
    label = GatewayDecision(decision).label
    if gateway.signposted_to:
        label += f" ({gateway.signposted_to.label})"
    add_event(referral, EventKind.GATEWAY_DECISION, f"Gateway decision: {label}", viewer.user)
    audit(
        viewer,
        "cases.gateway.decided",
        referral,
        {**changes, "decision": {"from": None, "to": decision}, **personal("reasons")},
    )
    return referral


# --- information sharing -----------------------------------------------------------------


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
) -> SharingRequest:
    require_role(viewer, access.SHARERS, "record information sharing")
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(referral, "share_information")
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
    sharing = SharingRequest(
        referral=referral,
        direction=direction,
        partner=partner.strip(),
        partner_contact=partner_contact.strip(),
        legal_basis=legal_basis,
        sent_at=sent_at,
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
            **personal("subject"),
        },
    )
    return sharing


@transaction.atomic
def record_sharing_answer(
    *, viewer: Viewer, sharing: SharingRequest, response: str, answered_at: dt.datetime
) -> SharingRequest:
    require_role(viewer, access.SHARERS, "record information sharing")
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


# --- vulnerability assessment ------------------------------------------------------------


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
    partnership = require_role(viewer, access.ASSESSORS, "record a vulnerability assessment")
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(referral, "assess")
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


# --- panels ------------------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(*, viewer: Viewer, meets_at: dt.datetime, location: str, chair: User) -> PanelMeeting:
    partnership = require_role(viewer, access.PANEL_ORGANISERS, "schedule panel meetings")
    if not chair.memberships.filter(partnership=partnership, role=Role.CHAIR).exists():
        raise Refused("The chair must be a Channel panel chair of this partnership", field="chair")
    meeting = PanelMeeting.objects.create(
        partnership=partnership, meets_at=meets_at, location=location, chair=chair
    )
    record(
        verb="cases.meeting.scheduled",
        actor=viewer.user,
        partnership=partnership,
        target=meeting,
        changes={
            "meets_at": {"from": None, "to": meets_at.isoformat()},
            "chair": {"from": None, "to": str(chair)},
        },
    )
    return meeting


def _open_meeting(viewer: Viewer, meeting: PanelMeeting, what: str) -> Partnership:
    partnership = require_role(viewer, access.PANEL_ORGANISERS, what)
    if meeting.partnership_id != partnership.pk:
        raise Refused("This meeting belongs to another partnership.")
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Refused("This meeting's minutes are final; it cannot be changed.")
    return partnership


@transaction.atomic
def invite_member(*, viewer: Viewer, meeting: PanelMeeting, member: User, agency: str) -> PanelInvitation:
    partnership = _open_meeting(viewer, meeting, "invite panel members")
    if not member.memberships.filter(partnership=partnership).exists():
        raise Refused("Invite someone who belongs to this partnership", field="member")
    if not agency.strip():
        raise Refused("Enter the agency they represent", field="agency")
    invitation, created = PanelInvitation.objects.get_or_create(
        meeting=meeting, member=member, defaults={"agency": agency.strip()}
    )
    if not created:
        if invitation.withdrawn_at is None:
            raise Refused(f"{member} is already invited.", field="member")
        invitation.withdrawn_at = None
        invitation.agency = agency.strip()
        invitation.save(update_fields=["withdrawn_at", "agency"])
    record(
        verb="cases.meeting.member_invited",
        actor=viewer.user,
        partnership=partnership,
        target=meeting,
        changes={
            "member": {"from": None, "to": str(member)},
            "agency": {"from": None, "to": invitation.agency},
        },
    )
    return invitation


@transaction.atomic
def withdraw_invitation(*, viewer: Viewer, invitation: PanelInvitation) -> PanelInvitation:
    partnership = _open_meeting(viewer, invitation.meeting, "withdraw invitations")
    if invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        record(
            verb="cases.meeting.invitation_withdrawn",
            actor=viewer.user,
            partnership=partnership,
            target=invitation.meeting,
            changes={"member": {"from": str(invitation.member), "to": None}},
        )
    return invitation


@transaction.atomic
def add_to_agenda(*, viewer: Viewer, meeting: PanelMeeting, referral: Referral) -> AgendaItem:
    _open_meeting(viewer, meeting, "put cases on a panel agenda")
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(referral, "put_on_agenda")
    if AgendaItem.objects.filter(referral=referral, decision="").exists():
        raise Refused(f"{referral.reference} is already on an agenda waiting for a decision.")
    if AgendaItem.objects.filter(meeting=meeting, referral=referral).exists():
        raise Refused(f"{referral.reference} has already been discussed at this meeting.")
    pending = (
        referral.transfers.filter(status=TransferStatus.PENDING).select_related("to_partnership").first()
    )
    if pending is not None:
        raise Refused(
            f"{referral.reference} is waiting to be accepted by {pending.to_partnership}. Wait for the "
            "answer before putting it on an agenda."
        )
    purpose = AGENDA_PURPOSES[ReferralState(referral.state)]
    if purpose == AgendaPurpose.POST_EXIT_REVIEW and not support.pending_reviews(referral).exists():
        raise Refused(f"{referral.reference} has no post-exit review waiting.")
    top = meeting.agenda.aggregate(top=Max("position"))["top"] or 0
    item = AgendaItem.objects.create(meeting=meeting, referral=referral, position=top + 1, purpose=purpose)
    changes = move(referral, ReferralState.AT_PANEL) if purpose == AgendaPurpose.ADOPTION else {}
    add_event(
        referral,
        EventKind.AGENDA,
        f"Put on the agenda of the panel of {timezone.localtime(meeting.meets_at):%-d %B %Y}",
        viewer.user,
    )
    audit(
        viewer,
        "cases.panel.agenda_added",
        referral,
        {
            **changes,
            "meeting": {"from": None, "to": str(meeting.uuid)},
            "purpose": {"from": None, "to": purpose},
        },
    )
    return item


# Why a case is on a panel's agenda follows from where it is in the process.
AGENDA_PURPOSES = {
    ReferralState.PROGRESSED: AgendaPurpose.ADOPTION,
    ReferralState.AT_PANEL: AgendaPurpose.ADOPTION,
    ReferralState.IN_SUPPORT: AgendaPurpose.SUPPORT_REVIEW,
    ReferralState.EXITED: AgendaPurpose.POST_EXIT_REVIEW,
}


@transaction.atomic
def record_attendance(*, viewer: Viewer, meeting: PanelMeeting, attended: Mapping[int, bool]) -> None:
    partnership = _open_meeting(viewer, meeting, "record attendance")
    invitations = {i.pk: i for i in meeting.invitations.filter(withdrawn_at__isnull=True)}
    if set(attended) - set(invitations):
        raise Refused("Attendance can only be recorded for people invited.")
    changes = {}
    for pk, present in attended.items():
        invitation = invitations[pk]
        if invitation.attended != present:
            changes[str(invitation.member)] = {"from": invitation.attended, "to": present}
            invitation.attended = present
            invitation.save(update_fields=["attended"])
    if changes:
        record(
            verb="cases.meeting.attendance_recorded",
            actor=viewer.user,
            partnership=partnership,
            target=meeting,
            changes=changes,
        )


@dataclass(frozen=True)
class NewPanelAction:
    description: str
    owner: User
    due_on: dt.date


@transaction.atomic
def record_panel_decision(
    *,
    viewer: Viewer,
    item: AgendaItem,
    decision: str,
    reasons: str,
    signposted_to: SupportService | None = None,
    panel_actions: Sequence[NewPanelAction] = (),
) -> AgendaItem:
    _open_meeting(viewer, item.meeting, "record panel decisions")
    referral = locked(item.referral)
    same_partnership(viewer, referral)
    if item.decision:
        raise Refused(
            "This case already has a decision at this meeting. A decision cannot be recorded twice."
        )
    workflow.require(referral, "panel_decision")
    if decision not in DECISIONS_FOR[AgendaPurpose(item.purpose)]:
        raise Refused("Select the panel's decision", field="decision")
    if not reasons.strip():
        raise Refused("Enter the reasons for the decision", field="reasons")
    if decision == PanelDecision.NOT_ADOPT_SIGNPOST and signposted_to is None:
        raise Refused("Select the service the person is signposted to", field="signposted_to")
    for action in panel_actions:
        if not action.description.strip():
            raise Refused("Enter what each action is", field="action_description")
        if not action.owner.memberships.filter(partnership=referral.partnership).exists():
            raise Refused("Each action's owner must belong to this partnership", field="action_owner")
    item.referral = referral
    item.decision = decision
    item.signposted_to = signposted_to if decision == PanelDecision.NOT_ADOPT_SIGNPOST else None
    item.reasons = reasons.strip()
    item.decided_by = viewer.user
    item.decided_at = timezone.now()
    item.save()
    for action in panel_actions:
        _create_panel_action(item, action)
    # Reviews and exits take the meeting's date, or today if it is recorded in advance.
    on = min(timezone.localdate(item.meeting.meets_at), timezone.localdate())
    to = workflow.PANEL_OUTCOMES[PanelDecision(decision)]
    if decision in (PanelDecision.CONTINUE, PanelDecision.EXIT):
        support.hold_pending_review(referral, item=item, on=on, viewer=viewer, outcome=item.reasons)
    if decision == PanelDecision.CONTINUE:
        support.schedule_support_review(referral, after=on)
    elif decision == PanelDecision.EXIT:
        support.end_interventions(referral, on=on, reason="Exit agreed by the panel")
        support.schedule_post_exit_reviews(referral, exit_on=on)
    elif decision == PanelDecision.POST_EXIT_REVIEW:
        review = support.hold_pending_review(referral, item=item, on=on, viewer=viewer, outcome=item.reasons)
        if review is not None and review.kind == ReviewKind.AFTER_EXIT_12:
            to = ReferralState.CLOSED
    elif decision == PanelDecision.CLOSE:
        support.cancel_pending_reviews(referral, on=on)
    if to:
        changes = move(referral, to, on=on)
    else:
        # No change of state, but the case has now been discussed at a panel.
        changes = {}
        statistics.refresh(referral)
    label = PanelDecision(decision).label
    if item.signposted_to:
        label += f" ({item.signposted_to.label})"
    add_event(referral, EventKind.PANEL_DECISION, f"Panel decision: {label}", viewer.user)
    if referral.state == ReferralState.CLOSED and changes:
        add_event(referral, EventKind.CLOSED, "Case closed", viewer.user)
    audit(
        viewer,
        "cases.panel.decided",
        referral,
        {
            **changes,
            "decision": {"from": None, "to": decision},
            "actions": {"from": None, "to": len(panel_actions)},
            **personal("reasons"),
        },
    )
    return item


def _create_panel_action(item: AgendaItem, new: NewPanelAction) -> PanelAction:
    action = PanelAction(agenda_item=item, owner=new.owner, due_on=new.due_on)
    action.description = new.description.strip()
    action.save()
    add_event(
        item.referral,
        EventKind.PANEL_ACTION,
        f"Panel action for {new.owner}, due {new.due_on:%-d %B %Y}",
        None,
    )
    return action


@transaction.atomic
def close_meeting(*, viewer: Viewer, meeting: PanelMeeting) -> PanelMeeting:
    """Make the minutes final. Panel members' access to the meeting's cases ends here."""
    partnership = _open_meeting(viewer, meeting, "close panel meetings")
    waiting = meeting.agenda.filter(decision="").count()
    if waiting:
        raise Refused(f"{waiting} case{'s' if waiting != 1 else ''} on the agenda still need a decision.")
    if meeting.invitations.filter(withdrawn_at__isnull=True, attended__isnull=True).exists():
        raise Refused("Record whether each invited member attended before closing the meeting.")
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["status", "closed_at"])
    record(
        verb="cases.meeting.closed",
        actor=viewer.user,
        partnership=partnership,
        target=meeting,
        changes={"status": {"from": MeetingStatus.SCHEDULED, "to": MeetingStatus.CLOSED}},
    )
    return meeting


# --- documents ---------------------------------------------------------------------------


def _document_context(document: CaseDocument) -> str:
    return f"cases.casedocument.content:{document.uuid}"


@transaction.atomic
def attach_document(
    *, viewer: Viewer, referral: Referral, upload: Any, description: str = ""
) -> CaseDocument:
    require_role(viewer, access.CASE_TEAM, "add documents to a case")
    referral = locked(referral)
    same_partnership(viewer, referral)
    checked = uploads.check(upload)
    content = b"".join(upload.chunks())
    document = CaseDocument(
        referral=referral,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=viewer.user,
    )
    document.stored_as = f"case-documents/{document.uuid.hex[:2]}/{document.uuid.hex}"
    document.name = checked.name
    document.description = description.strip()
    sealed = crypto.encrypt_bytes(referral.data_key.key(), content, context=_document_context(document))
    stored = default_storage.save(document.stored_as, ContentFile(sealed))
    try:
        document.stored_as = stored
        document.save()
        add_event(
            referral,
            EventKind.DOCUMENT,
            f"Document added ({checked.content_type.split('/')[-1]}, {checked.size // 1024 or 1} KB)",
            viewer.user,
        )
        audit(
            viewer,
            "cases.document.added",
            referral,
            {"document": {"from": None, "to": str(document.uuid)}, **personal("name", "content")},
        )
    except Exception:
        default_storage.delete(stored)
        raise
    return document


def open_document(document: CaseDocument) -> bytes:
    with default_storage.open(document.stored_as, "rb") as stored:
        sealed = stored.read()
    return crypto.decrypt_bytes(document.referral.data_key.key(), sealed, context=_document_context(document))


# --- views of case information ----------------------------------------------------------


def record_view(*, viewer: Viewer, referral: Referral, what: str) -> None:
    """Every view of a case page or file is itself audited."""
    record_outside_action(
        verb="cases.referral.viewed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=referral,
        label=referral.reference,
        changes={"page": {"from": None, "to": what}},
    )
