"""When a Channel panel is quorate: the one rule, used by the decision action
(cases.actions.panels.record_panel_decision) and shown on the decision page before it is
submitted.

A decision to adopt, not adopt, exit or close the case (after exit, or when consent was not
given) needs the chair, or the deputy chair
named for that meeting, and a police officer recorded as present. The police officer is
someone invited who holds the police role in the partnership, present in person or
represented by a deputy. Apologies do not count. Deferring, continuing support and a
post-exit review that does not close the case need no quorum."""

from __future__ import annotations

from accounts.models import Membership, Role
from cases.models import AgendaItem, PanelDecision, PanelMeeting, ReviewKind
from cases.models.channel import Attendance

# Decisions that need a quorate panel; a post-exit review needs it when it closes the case.
QUORUM_DECISIONS = frozenset(
    {
        PanelDecision.ADOPT,
        PanelDecision.NOT_ADOPT_SIGNPOST,
        PanelDecision.NOT_ADOPT_NFA,
        PanelDecision.EXIT,
        PanelDecision.CLOSE,
        PanelDecision.CLOSE_NOT_GIVEN,
    }
)


def chair_present(meeting: PanelMeeting) -> bool:
    """The chair, or the deputy chair named for the meeting, recorded as present (on the
    meeting, or on their invitation if they were also invited)."""
    if meeting.chair_attendance == Attendance.PRESENT:
        return True
    if meeting.deputy_chair_id and meeting.deputy_chair_attendance == Attendance.PRESENT:
        return True
    chairs = [meeting.chair_id, *([meeting.deputy_chair_id] if meeting.deputy_chair_id else [])]
    return meeting.invitations.filter(
        withdrawn_at__isnull=True, member_id__in=chairs, attendance=Attendance.PRESENT
    ).exists()


def police_present(meeting: PanelMeeting) -> bool:
    """Someone invited who holds the police role in the partnership, present or represented
    by a deputy."""
    police = Membership.objects.filter(partnership=meeting.partnership_id, role=Role.POLICE).values("user_id")
    invited = meeting.invitations.filter(withdrawn_at__isnull=True, member_id__in=police)
    if invited.filter(attendance=Attendance.PRESENT).exists():
        return True
    return invited.exclude(attendance=Attendance.PRESENT).exclude(deputy_name="").exists()


CHAIR_MISSING = "chair"
POLICE_MISSING = "police"


def missing(meeting: PanelMeeting) -> list[str]:
    """Who must still be recorded as present for the panel to be quorate: CHAIR_MISSING,
    POLICE_MISSING, both or neither."""
    return [
        *([] if chair_present(meeting) else [CHAIR_MISSING]),
        *([] if police_present(meeting) else [POLICE_MISSING]),
    ]


def quorum_refusal(meeting: PanelMeeting) -> str:
    """Why the panel is not quorate, naming who is missing; "" when it is. Read afresh:
    the meeting given may predate the attendance recorded."""
    meeting = PanelMeeting.objects.select_related("chair", "deputy_chair").get(pk=meeting.pk)
    wanted = missing(meeting)
    if not wanted:
        return ""
    if meeting.deputy_chair_id:
        chair = f"the chair ({meeting.chair}) or the deputy chair ({meeting.deputy_chair})"
    else:
        chair = f"the chair ({meeting.chair}) or a deputy chair named for this meeting"
    if wanted == [POLICE_MISSING]:
        return "The panel is not quorate: record a police officer as present."
    if wanted == [CHAIR_MISSING]:
        return f"The panel is not quorate: record {chair} as present."
    return f"The panel is not quorate: record {chair} as present, and a police officer."


def needs_quorum(item: AgendaItem, decision: str) -> bool:
    """Whether this decision on this case needs a quorate panel: adopting, not adopting,
    exit, closing, and a post-exit review that closes the case (the twelve-month one)."""
    if decision in QUORUM_DECISIONS:
        return True
    if decision == PanelDecision.POST_EXIT_REVIEW:
        from cases.actions import support

        waiting = support.pending_reviews(item.referral).first()
        return waiting is not None and waiting.kind == ReviewKind.AFTER_EXIT_12
    return False


def decision_refusal(item: AgendaItem, decision: str) -> str:
    """Why the panel cannot record `decision` on `item` for want of a quorum, or ""."""
    return quorum_refusal(item.meeting) if needs_quorum(item, decision) else ""
