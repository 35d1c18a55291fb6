"""What a viewer may see and do in Channel cases. Anything else answers 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from cases.models import (
    AgendaItem,
    CaseDocument,
    MeetingStatus,
    PanelInvitation,
    PanelMeeting,
    Referral,
    SharingRequest,
    VulnerabilityAssessment,
)

# Everything in the partnership's cases.
CASE_TEAM = (Role.COORDINATOR, Role.CHAIR, Role.POLICE)
CASE_READERS = (*CASE_TEAM, Role.PANEL_MEMBER)
# Staff who record referrals received by phone or e-mail, as well as referrers.
SUBMITTERS = (Role.REFERRER, Role.COORDINATOR, Role.POLICE)
GATEKEEPERS = (Role.POLICE,)
IDENTIFIERS = (Role.POLICE, Role.COORDINATOR)
SHARERS = (Role.COORDINATOR, Role.POLICE)
ASSESSORS = (Role.COORDINATOR, Role.POLICE)
PANEL_ORGANISERS = (Role.CHAIR, Role.COORDINATOR)


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
    return get_object_or_404(
        referrals(viewer).select_related(
            "data_key",
            "person__data_key",
            "sector",
            "concern_type",
            "gateway__deconflicted_by",
            "gateway__decided_by",
            "gateway__signposted_to",
        ),
        uuid=uuid,
    )


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


def get_meeting(viewer: Viewer, uuid: object) -> PanelMeeting:
    return get_object_or_404(meetings(viewer).select_related("chair"), uuid=uuid)


def get_agenda_item(viewer: Viewer, uuid: object) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting", "referral__data_key").filter(
            meeting__in=meetings(viewer), referral__in=referrals(viewer)
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
