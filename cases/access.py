"""What a viewer may see and do in Channel cases. Anything else answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from cases import workflow
from cases.models import (
    AgendaItem,
    CaseDocument,
    CaseTransfer,
    GatewayAssessment,
    Intervention,
    InterventionStatus,
    MeetingStatus,
    PanelAction,
    PanelInvitation,
    PanelMeeting,
    Person,
    Referral,
    ReferralState,
    Review,
    SharingRequest,
    TransferStatus,
    VulnerabilityAssessment,
)
from cases.workflow import Move

# Who may make each move on a referral is in the rule table, cases.workflow. These are
# who may read what.

# Everything in the partnership's cases.
CASE_TEAM = workflow.TEAM
CASE_READERS = (*CASE_TEAM, Role.PANEL_MEMBER)
# Staff who record referrals received by phone or e-mail, as well as referrers; each sees
# the receipts of their own referrals.
SUBMITTERS = (Role.REFERRER, Role.COORDINATOR, Role.POLICE)
# Schedule panel meetings, invite members, keep the agenda and record decisions.
PANEL_ORGANISERS = workflow.COORDINATOR_AND_CHAIR
# Who may be invited to a panel meeting: those who sit on the panel (coordinator, chair,
# police officer, panel member). They are the roles that read meetings, so an invitee can
# open the meeting their invitation links to; providers, referrers, action owners, steering
# group members and funders are not invited.
PANEL_ROLES = CASE_READERS
# See the follow-up lists of overdue reviews and interventions, on the home page and by e-mail.
FOLLOW_UP = (Role.COORDINATOR, Role.CHAIR)


def _open_invitations(viewer: Viewer) -> QuerySet[PanelInvitation]:
    """A panel member's invitations that still give access: not withdrawn, and the
    meeting's minutes not yet final."""
    return PanelInvitation.objects.filter(
        member=viewer.user,
        withdrawn_at__isnull=True,
        meeting__partnership=viewer.partnership,
        meeting__status=MeetingStatus.SCHEDULED,
    )


def referrals(viewer: Viewer) -> QuerySet[Referral]:
    in_partnership = Referral.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(*CASE_TEAM):
        return in_partnership
    if viewer.has_any(Role.PANEL_MEMBER):
        meetings = _open_invitations(viewer).values("meeting_id")
        return in_partnership.filter(
            pk__in=AgendaItem.objects.filter(meeting_id__in=meetings).values("referral_id")
        )
    return Referral.objects.none()


def get_referral(viewer: Viewer, uuid: object) -> Referral:
    # Few joins: on PostgreSQL, planning a join of ten tables took 7 ms, twenty times
    # the cost of running it (bench/cases.py); the gateway comes apart (gateway_of).
    return get_object_or_404(
        referrals(viewer).select_related("data_key", "person__data_key", "sector", "concern_type"),
        uuid=uuid,
    )


def gateway_of(referral: Referral) -> GatewayAssessment | None:
    """The referral's gateway assessment with the people and service it names, or None
    before deconfliction."""
    found = list(
        GatewayAssessment.objects.select_related("deconflicted_by", "decided_by", "signposted_to")
        .filter(referral=referral)
        .only(
            "referral_id",
            "deconflicted_at",
            "decision",
            "reasons_sealed",
            "decided_at",
            "deconflicted_by__full_name",
            "decided_by__full_name",
            "signposted_to__label",
        )
    )
    if not found:
        return None
    gateway = found[0]  # one at most: a referral has one gateway assessment
    gateway.referral = referral  # its sealed fields open with the referral's key
    return gateway


def gateway_context(referral: Referral, *, team: bool) -> dict[str, Any]:
    """What the case summary shows of the gateway: the deconfliction entries and the
    screening information (case team only), oldest first."""
    if not team:
        return {"deconflictions": [], "screening": []}
    deconflictions = list(referral.deconflictions.select_related("recorded_by").order_by("recorded_at", "id"))
    screening = list(referral.screening.select_related("recorded_by").order_by("recorded_at", "id"))
    # Sealed values open with the referral's key.
    for entry in deconflictions:
        entry.referral = referral
    for info in screening:
        info.referral = referral
    return {"deconflictions": deconflictions, "screening": screening}


def own_submissions(viewer: Viewer) -> QuerySet[Referral]:
    """A referrer's own referrals: they see the receipt, never the outcome."""
    return Referral.objects.filter(partnership=viewer.partnership, submitted_by=viewer.user)


def meetings(viewer: Viewer) -> QuerySet[PanelMeeting]:
    in_partnership = PanelMeeting.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(*CASE_TEAM):
        return in_partnership
    if viewer.has_any(Role.PANEL_MEMBER):
        return in_partnership.filter(pk__in=_open_invitations(viewer).values("meeting_id"))
    return PanelMeeting.objects.none()


def organises(viewer: Viewer, meeting: PanelMeeting) -> bool:
    """Whether the viewer may change the meeting (agenda, invitations, attendance,
    decisions): an organiser, until its minutes are final."""
    return viewer.has_any(*PANEL_ORGANISERS) and meeting.status == MeetingStatus.SCHEDULED


def get_meeting(viewer: Viewer, uuid: object) -> PanelMeeting:
    return get_object_or_404(meetings(viewer).select_related("chair", "deputy_chair"), uuid=uuid)


def get_agenda_item(viewer: Viewer, uuid: object) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting", "referral__data_key").filter(
            meeting__in=meetings(viewer), referral__in=referrals(viewer)
        ),
        uuid=uuid,
    )


def get_papers(viewer: Viewer, uuid: object) -> AgendaItem:
    """An agenda item whose panel papers (the referral summary, the latest assessment and
    a summary of information shared) the viewer may read: the case team, any item of the
    partnership's meetings; a panel member, the items of a meeting they are invited to,
    while the invitation stands and until its minutes are final (`_open_invitations`)."""
    if viewer.has_any(*CASE_TEAM):
        items = AgendaItem.objects.filter(meeting__partnership=viewer.partnership)
    elif viewer.has_any(Role.PANEL_MEMBER):
        items = AgendaItem.objects.filter(meeting__in=_open_invitations(viewer).values("meeting_id"))
    else:
        raise Http404
    return get_object_or_404(
        items.filter(referral__partnership=viewer.partnership).select_related(
            "meeting__chair",
            "referral__data_key",
            "referral__person__data_key",
            "referral__sector",
            "referral__concern_type",
        ),
        uuid=uuid,
    )


def sharing_requests(viewer: Viewer) -> QuerySet[SharingRequest]:
    """Information shared about the partnership's cases, for its case team."""
    if not viewer.has_any(*CASE_TEAM):
        return SharingRequest.objects.none()
    return SharingRequest.objects.filter(partnership=viewer.partnership)


def panel_actions(viewer: Viewer) -> QuerySet[PanelAction]:
    """Actions agreed at panel on the partnership's cases, for its case team."""
    if not viewer.has_any(*CASE_TEAM):
        return PanelAction.objects.none()
    return PanelAction.objects.filter(partnership=viewer.partnership)


def own_panel_actions(viewer: Viewer) -> QuerySet[PanelAction]:
    """The actions agreed at panel that the viewer owns, whatever their role: an owner
    outside the case team (a panel member, a school's lead) sees and closes their own
    action, but not the case it is about."""
    return PanelAction.objects.filter(partnership=viewer.partnership, owner=viewer.user)


def owns_panel_action(viewer: Viewer, action: PanelAction) -> bool:
    """The owner's rule: whoever owns an open action may close it with a note, in the
    partnership the action belongs to. Nobody else gains anything from it."""
    return action.owner_id == viewer.user.pk and action.partnership_id == viewer.partnership.pk


def get_panel_action(viewer: Viewer, uuid: object) -> PanelAction:
    """An action the case team may read, or one the viewer owns."""
    return get_object_or_404(
        (panel_actions(viewer) | own_panel_actions(viewer)).select_related(
            "agenda_item__referral__data_key", "owner"
        ),
        uuid=uuid,
    )


def get_sharing_request(viewer: Viewer, uuid: object) -> SharingRequest:
    return get_object_or_404(
        SharingRequest.objects.select_related("referral__data_key").filter(referral__in=referrals(viewer)),
        uuid=uuid,
    )


def get_assessment(viewer: Viewer, uuid: object) -> VulnerabilityAssessment:
    return get_object_or_404(
        VulnerabilityAssessment.objects.select_related("referral__data_key", "framework", "author").filter(
            referral__in=referrals(viewer)
        ),
        uuid=uuid,
    )


def get_document(viewer: Viewer, uuid: object) -> CaseDocument:
    return get_object_or_404(
        CaseDocument.objects.select_related("referral__data_key").filter(referral__in=referrals(viewer)),
        uuid=uuid,
    )


def sees_special_categories(viewer: Viewer) -> bool:
    return viewer.has_any(*CASE_TEAM)


def interventions(viewer: Viewer) -> QuerySet[Intervention]:
    """The case team sees every intervention of the partnership; an intervention provider
    only the active ones assigned to them, while the person is receiving support."""
    in_partnership = Intervention.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(*CASE_TEAM):
        return in_partnership
    if viewer.has_any(Role.PROVIDER):
        return in_partnership.filter(
            provider=viewer.user,
            status=InterventionStatus.ACTIVE,
            referral__state=ReferralState.IN_SUPPORT,
        )
    return Intervention.objects.none()


def get_intervention(viewer: Viewer, uuid: object) -> Intervention:
    return get_object_or_404(
        interventions(viewer).select_related(
            "referral__data_key", "referral__person__data_key", "intervention_type"
        ),
        uuid=uuid,
    )


def get_review(viewer: Viewer, uuid: object) -> Review:
    return get_object_or_404(
        Review.objects.select_related("referral__data_key").filter(referral__in=referrals(viewer)), uuid=uuid
    )


def get_person(viewer: Viewer, uuid: object) -> Person:
    """Subject access is for the coordinator, who answers such requests."""
    if not viewer.has_any(*Move.SUBJECT_ACCESS.roles):
        raise Http404
    return get_object_or_404(Person.objects.filter(partnership=viewer.partnership), uuid=uuid)


def outgoing_transfers(viewer: Viewer) -> QuerySet[CaseTransfer]:
    """Cases this partnership sent elsewhere: once accepted, a read-only note of where
    the case went, with no personal data."""
    if not viewer.has_any(*CASE_TEAM):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(from_partnership=viewer.partnership)


def incoming_transfers(viewer: Viewer) -> QuerySet[CaseTransfer]:
    """Cases offered to this partnership, waiting for its coordinator's answer."""
    if not viewer.has_any(*Move.ANSWER_TRANSFER.roles):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(to_partnership=viewer.partnership, status=TransferStatus.PENDING)


def get_transfer(viewer: Viewer, uuid: object) -> CaseTransfer:
    return get_object_or_404(
        (outgoing_transfers(viewer) | incoming_transfers(viewer)).select_related(
            "referral__data_key", "referral__person", "from_partnership", "to_partnership"
        ),
        uuid=uuid,
    )
