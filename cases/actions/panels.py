"""Channel panel meetings: scheduling, invitations, the agenda, attendance, decisions with
their reasons and actions, and final minutes. The review and exit decisions use the review
helpers of cases.actions.support."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.log import record
from cases import access, quorum, statistics, workflow
from cases import invitations as invitation_mail
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
    AgendaItem,
    AgendaPurpose,
    ClosureReason,
    ClosureStage,
    ConsentDecision,
    EventKind,
    MeetingStatus,
    PanelAction,
    PanelDecision,
    PanelInvitation,
    PanelMeeting,
    Referral,
    ReferralState,
    Review,
    ReviewKind,
    SupportService,
    TransferStatus,
)
from cases.models.channel import Attendance
from cases.workflow import Move
from lib.errors import Refused

__all__ = [
    "NewPanelAction",
    "Presence",
    "add_to_agenda",
    "close_meeting",
    "close_panel_action",
    "invite_member",
    "invite_members",
    "name_deputy_chair",
    "record_attendance",
    "record_panel_decision",
    "schedule_meeting",
    "withdraw_invitation",
]


@transaction.atomic
def schedule_meeting(
    *, viewer: Viewer, meets_at: dt.datetime, location: str, chair: User, deputy_chair: User | None = None
) -> PanelMeeting:
    partnership = require_role(viewer, access.PANEL_ORGANISERS, "schedule panel meetings")
    if not chair.memberships.filter(partnership=partnership, role=Role.CHAIR).exists():
        raise Refused("The chair must be a Channel panel chair of this partnership", field="chair")
    if deputy_chair is not None:
        _check_deputy_chair(partnership, chair, deputy_chair)
    meeting = PanelMeeting.objects.create(
        partnership=partnership, meets_at=meets_at, location=location, chair=chair, deputy_chair=deputy_chair
    )
    record(
        verb="cases.meeting.scheduled",
        actor=viewer.user,
        partnership=partnership,
        target=meeting,
        changes={
            "meets_at": {"from": None, "to": meets_at.isoformat()},
            "chair": {"from": None, "to": str(chair)},
            **({"deputy_chair": {"from": None, "to": str(deputy_chair)}} if deputy_chair else {}),
        },
    )
    return meeting


def _check_deputy_chair(partnership: Partnership, chair: User, deputy: User) -> None:
    if deputy.pk == chair.pk:
        raise Refused("The deputy chair must be someone other than the chair", field="deputy_chair")
    if not (
        deputy.is_active
        and deputy.memberships.filter(partnership=partnership, role__in=access.PANEL_ROLES).exists()
    ):
        raise Refused("The deputy chair must hold a panel role in this partnership", field="deputy_chair")


@transaction.atomic
def name_deputy_chair(*, viewer: Viewer, meeting: PanelMeeting, deputy: User | None) -> PanelMeeting:
    """Name who chairs this meeting if the chair cannot, or (None) name no one. Changing
    the deputy clears the attendance recorded for the one before."""
    meeting = PanelMeeting.objects.select_for_update(of=("self",)).select_related("chair").get(pk=meeting.pk)
    partnership = _open_meeting(viewer, meeting, "name a deputy chair")
    if deputy is not None:
        _check_deputy_chair(partnership, meeting.chair, deputy)
    if meeting.deputy_chair_id == (deputy.pk if deputy else None):
        return meeting
    before = str(meeting.deputy_chair) if meeting.deputy_chair_id else None
    meeting.deputy_chair = deputy
    meeting.deputy_chair_attendance = ""
    meeting.save(update_fields=["deputy_chair", "deputy_chair_attendance"])
    record(
        verb="cases.meeting.deputy_chair_named",
        actor=viewer.user,
        partnership=partnership,
        target=meeting,
        changes={"deputy_chair": {"from": before, "to": str(deputy) if deputy else None}},
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
def invite_members(
    *, viewer: Viewer, meeting: PanelMeeting, members: Sequence[tuple[User, str]]
) -> list[PanelInvitation]:
    """Invite several people at once, each with the agency they represent: all of them, or,
    if any is refused, none. Each must hold a panel role here (`access.PANEL_ROLES`) and not
    be invited already; someone whose invitation was withdrawn may be invited again. Once
    committed, each is e-mailed an invitation with a calendar file (cases.invitations)."""
    meeting = (
        PanelMeeting.objects.select_for_update(of=("self",))
        .select_related("partnership", "chair")
        .get(pk=meeting.pk)
    )
    partnership = _open_meeting(viewer, meeting, "invite panel members")
    if not members:
        raise Refused("Select who to invite", field="members")
    wanted = [member.pk for member, _ in members]
    if len(set(wanted)) != len(wanted):
        raise Refused("Each person can be invited once.", field="members")
    eligible = set(
        User.objects.filter(
            pk__in=wanted,
            is_active=True,
            memberships__partnership=partnership,
            memberships__role__in=access.PANEL_ROLES,
        ).values_list("pk", flat=True)
    )
    if set(wanted) - eligible:
        raise Refused(
            "Invite only people who hold a panel role in this partnership: Prevent coordinator, "
            "Channel panel chair, police Prevent officer or panel member.",
            field="members",
        )
    earlier = {
        invitation.member_id: invitation
        for invitation in PanelInvitation.objects.select_for_update().filter(
            meeting=meeting, member_id__in=wanted
        )
    }
    for member, agency in members:
        if not agency.strip():
            raise Refused(f"Enter the agency {member} represents", field="agency")
        if len(agency.strip()) > 200:
            raise Refused(f"The agency {member} represents must be 200 characters or fewer", field="agency")
        if member.pk in earlier and earlier[member.pk].withdrawn_at is None:
            raise Refused(f"{member} is already invited.", field="members")
    invited = []
    for member, agency in members:
        invitation = earlier.get(member.pk)
        if invitation is None:
            invitation = PanelInvitation.objects.create(meeting=meeting, member=member, agency=agency.strip())
        else:
            invitation.meeting = meeting
            invitation.withdrawn_at = None
            invitation.agency = agency.strip()
            invitation.save(update_fields=["withdrawn_at", "agency"])
        invitation.member = member
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
        invited.append(invitation)
    sequence = invitation_mail.sequence(meeting)
    transaction.on_commit(lambda: invitation_mail.send_invitations(invited, sequence=sequence))
    return invited


def invite_member(*, viewer: Viewer, meeting: PanelMeeting, member: User, agency: str) -> PanelInvitation:
    """One person: `invite_members` with one."""
    return invite_members(viewer=viewer, meeting=meeting, members=[(member, agency)])[0]


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
        sequence = invitation_mail.sequence(invitation.meeting)
        transaction.on_commit(lambda: invitation_mail.send_cancellation(invitation, sequence=sequence))
    return invitation


@transaction.atomic
def add_to_agenda(*, viewer: Viewer, meeting: PanelMeeting, referral: Referral) -> AgendaItem:
    _open_meeting(viewer, meeting, "put cases on a panel agenda")
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.PUT_ON_AGENDA)
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
    ReferralState.CONSENT_UNDER_REVIEW: AgendaPurpose.RECONSIDER,
}


@dataclass(frozen=True)
class Presence:
    """One person's attendance: an `Attendance` value, and, when they were not there
    themselves, the deputy who came in their place (name and role), if any."""

    status: str
    deputy_name: str = ""
    deputy_role: str = ""


@transaction.atomic
def record_attendance(
    *,
    viewer: Viewer,
    meeting: PanelMeeting,
    attendance: Mapping[int, Presence | str] | None = None,
    chair: str = "",
    deputy_chair: str = "",
    attended: Mapping[int, bool] | None = None,
) -> None:
    """Who came: for each invitation (by its id) present, sent apologies or absent, with a
    deputy who came in the member's place; the chair's and the deputy chair's attendance
    (left as they were if not given), also copied to their invitations if they were
    invited. `attended` (yes or no per invitation) is the older form: present or absent."""
    given_meeting = meeting
    meeting = PanelMeeting.objects.select_for_update(of=("self",)).select_related("chair").get(pk=meeting.pk)
    partnership = _open_meeting(viewer, meeting, "record attendance")
    given: dict[int, Presence] = {
        pk: Presence(Attendance.PRESENT if present else Attendance.ABSENT)
        for pk, present in (attended or {}).items()
    }
    for pk, presence in (attendance or {}).items():
        given[pk] = presence if isinstance(presence, Presence) else Presence(presence)
    invitations = {
        i.pk: i for i in meeting.invitations.filter(withdrawn_at__isnull=True).select_related("member")
    }
    if set(given) - set(invitations):
        raise Refused("Attendance can only be recorded for people invited.")
    for status in (chair, deputy_chair, *(presence.status for presence in given.values())):
        if status and status not in Attendance.values:
            raise Refused("Select whether each person was present, sent apologies or was absent.")
    for presence in given.values():
        if not presence.status:
            raise Refused("Select whether each person was present, sent apologies or was absent.")
        if len(presence.deputy_name.strip()) > 200 or len(presence.deputy_role.strip()) > 200:
            raise Refused("A deputy's name and role must each be 200 characters or fewer.")
    if deputy_chair and not meeting.deputy_chair_id:
        raise Refused("Name a deputy chair for this meeting before recording their attendance.")
    changes: dict[str, dict[str, object]] = {}
    for field, status, who in (
        ("chair_attendance", chair, meeting.chair),
        ("deputy_chair_attendance", deputy_chair, meeting.deputy_chair),
    ):
        if status and getattr(meeting, field) != status:
            changes[f"{field.removesuffix('_attendance')}: {who}"] = {
                "from": getattr(meeting, field) or None,
                "to": status,
            }
            setattr(meeting, field, status)
            setattr(given_meeting, field, status)
            meeting.save(update_fields=[field])
        # The chair or deputy chair invited as well: their invitation says the same.
        for invitation in invitations.values():
            if status and who is not None and invitation.member_id == who.pk and invitation.pk not in given:
                given[invitation.pk] = Presence(status)
    for pk, presence in given.items():
        invitation = invitations[pk]
        name = presence.deputy_name.strip() if presence.status != Attendance.PRESENT else ""
        role = presence.deputy_role.strip() if name else ""
        now = (presence.status, name, role)
        was = (invitation.attendance, invitation.deputy_name, invitation.deputy_role)
        if now != was:
            changes[str(invitation.member)] = {
                "from": _attendance_change(*was),
                "to": _attendance_change(*now),
            }
            invitation.attendance, invitation.deputy_name, invitation.deputy_role = now
            invitation.save(update_fields=["attendance", "deputy_name", "deputy_role"])
    if changes:
        record(
            verb="cases.meeting.attendance_recorded",
            actor=viewer.user,
            partnership=partnership,
            target=meeting,
            changes=changes,
        )


def _attendance_change(status: str, deputy_name: str, deputy_role: str) -> str | None:
    if not status:
        return None
    if deputy_name:
        return f"{status}; deputy: {deputy_name}" + (f", {deputy_role}" if deputy_role else "")
    return status


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
    confirm_close: bool = False,
    close_reason: str = "",
    closure_reason: str = "",
    closure_other: str = "",
    reconsider_on: dt.date | None = None,
) -> AgendaItem:
    """The panel's decision on one case on its agenda, recorded once the meeting has
    begun. Every date it sets (the review held, the next review, the exit and the reviews
    after it, the day the case closes) is the meeting's day, however late it is typed. A
    decision that closes the case needs `confirm_close`; closing it now while the six-month
    review is still waiting also needs `close_reason`, why the reviews are not needed.
    An exit or a closure needs its reason from the list (`closure_reason`, with
    `closure_other` for "other"); keeping a case whose consent was not given under review
    needs the next date to reconsider it (`reconsider_on`)."""
    _open_meeting(viewer, item.meeting, "record panel decisions")
    not_begun = workflow.meeting_refusal(item.meeting)
    if not_begun:
        raise Refused(not_begun)
    referral = locked(item.referral)
    same_partnership(viewer, referral)
    if item.decision:
        raise Refused(
            "This case already has a decision at this meeting. A decision cannot be recorded twice."
        )
    workflow.require(viewer, referral, Move.PANEL_DECISION)
    if decision not in DECISIONS_FOR[AgendaPurpose(item.purpose)]:
        raise Refused("Select the panel's decision", field="decision")
    not_quorate = quorum.decision_refusal(item, decision)
    if not_quorate:
        raise Refused(not_quorate)
    if not reasons.strip():
        raise Refused("Enter the reasons for the decision", field="reasons")
    if decision == PanelDecision.NOT_ADOPT_SIGNPOST and signposted_to is None:
        raise Refused("Select the service the person is signposted to", field="signposted_to")
    for action in panel_actions:
        if not action.description.strip():
            raise Refused("Enter what each action is", field="action_description")
        if not action.owner.memberships.filter(partnership=referral.partnership).exists():
            raise Refused("Each action's owner must belong to this partnership", field="action_owner")
    # Reviews, exits and closing take the meeting's date, whenever the decision is typed.
    on = timezone.localdate(item.meeting.meets_at)
    waiting = support.pending_reviews(referral).first()
    if decision == PanelDecision.POST_EXIT_REVIEW and waiting is not None:
        too_early = support.post_exit_review_refusal(waiting, on)
        if too_early:
            raise Refused(too_early, field="decision")
    closes = decision == PanelDecision.CLOSE or (
        decision == PanelDecision.POST_EXIT_REVIEW
        and waiting is not None
        and waiting.kind == ReviewKind.AFTER_EXIT_12
    )
    at_six_months = (
        decision == PanelDecision.CLOSE and waiting is not None and waiting.kind == ReviewKind.AFTER_EXIT_6
    )
    if at_six_months and not close_reason.strip():
        raise Refused(workflow.SIX_MONTH_REASON, field="close_reason")
    closes = closes or decision == PanelDecision.CLOSE_NOT_GIVEN
    if closes and not confirm_close:
        raise Refused(workflow.CONFIRM_CLOSE, field="confirm_close")
    # --- exit and closure reasons; reconsidering consent not given (consent helper) ---
    closure_stage = CLOSURE_STAGES.get(PanelDecision(decision))
    if closure_stage:
        wrong = support.closure_refusal(closure_reason, closure_other)
        if wrong:
            field = "closure_other" if closure_reason == ClosureReason.OTHER else "closure_reason"
            raise Refused(wrong, field=field)
    if decision == PanelDecision.KEEP_UNDER_REVIEW:
        support.NotGiven(reconsider_on=reconsider_on).check(on)
    # --- end of the consent helper's checks ---
    item.referral = referral
    item.decision = decision
    item.signposted_to = signposted_to if decision == PanelDecision.NOT_ADOPT_SIGNPOST else None
    item.reasons = reasons.strip()
    item.decided_by = viewer.user
    item.decided_at = timezone.now()
    item.save()
    for action in panel_actions:
        _create_panel_action(item, action)
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
        support.cancel_pending_reviews(referral, on=on, reason=close_reason.strip() if at_six_months else "")
    elif decision in (PanelDecision.KEEP_UNDER_REVIEW, PanelDecision.CLOSE_NOT_GIVEN):
        support.hold_pending_review(referral, item=item, on=on, viewer=viewer, outcome=item.reasons)
        if decision == PanelDecision.KEEP_UNDER_REVIEW:
            assert reconsider_on is not None
            Review.objects.create(
                referral=referral,
                partnership_id=referral.partnership_id,
                kind=ReviewKind.RECONSIDER,
                due_on=reconsider_on,
            )
        else:
            ever_given = referral.consents.filter(decision=ConsentDecision.GIVEN).exists()
            to = ReferralState.WITHDREW if ever_given else ReferralState.DECLINED
    if to:
        changes = move(referral, to, on=on)
    else:
        # No change of state, but the case has now been discussed at a panel.
        changes = {}
        statistics.refresh(referral)
    if closure_stage:
        changes |= support.record_closure(
            viewer,
            referral,
            stage=closure_stage,
            reason=closure_reason,
            other=closure_other,
            on=on,
            item=item,
        )
    if reconsider_on and decision == PanelDecision.KEEP_UNDER_REVIEW:
        changes["reconsider_on"] = {"from": None, "to": reconsider_on.isoformat()}
    label = PanelDecision(decision).label
    if item.signposted_to:
        label += f" ({item.signposted_to.label})"
    add_event(referral, EventKind.PANEL_DECISION, f"Panel decision: {label}", viewer.user)
    if referral.state == ReferralState.CLOSED and changes:
        add_event(referral, EventKind.CLOSED, "Case closed", viewer.user)
    elif decision == PanelDecision.CLOSE_NOT_GIVEN:
        add_event(referral, EventKind.CLOSED, "Case closed: consent not given", viewer.user)
    audit(
        viewer,
        "cases.panel.decided",
        referral,
        {
            **changes,
            "decision": {"from": None, "to": decision},
            "actions": {"from": None, "to": len(panel_actions)},
            **personal("reasons"),
            **personal(*(["close_reason"] if at_six_months else [])),
        },
    )
    return item


# Which panel decisions record an exit's or a closure's reason (cases.actions.support).
CLOSURE_STAGES = {
    PanelDecision.EXIT: ClosureStage.EXIT,
    PanelDecision.CLOSE: ClosureStage.CLOSURE,
    PanelDecision.CLOSE_NOT_GIVEN: ClosureStage.CLOSURE,
}


def _create_panel_action(item: AgendaItem, new: NewPanelAction) -> PanelAction:
    action = PanelAction(
        agenda_item=item, partnership_id=item.referral.partnership_id, owner=new.owner, due_on=new.due_on
    )
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
def close_panel_action(*, viewer: Viewer, action: PanelAction, note: str) -> PanelAction:
    """Record that an action agreed at panel is done, and what was done: by the case
    team, or by the action's owner (access.owns_panel_action), whoever they are."""
    referral = locked(action.agenda_item.referral)
    same_partnership(viewer, referral)
    action = PanelAction.objects.select_for_update().select_related("agenda_item").get(pk=action.pk)
    if not access.owns_panel_action(viewer, action):
        workflow.require(viewer, referral, Move.CLOSE_PANEL_ACTION)
    action.agenda_item.referral = referral
    if action.done_at is not None:
        raise Refused("This action has already been closed.")
    if not note.strip():
        raise Refused("Enter what was done", field="note")
    action.done_at = timezone.now()
    action.done_by = viewer.user
    action.done_note = note.strip()
    action.save(update_fields=["done_at", "done_by", "done_note_sealed"])
    add_event(referral, EventKind.PANEL_ACTION, f"Panel action for {action.owner} closed", viewer.user)
    audit(
        viewer,
        "cases.panel.action_closed",
        referral,
        {"action": {"from": str(action.uuid), "to": None}, **personal("note")},
    )
    return action


@transaction.atomic
def close_meeting(*, viewer: Viewer, meeting: PanelMeeting) -> PanelMeeting:
    """Make the minutes final. Panel members' access to the meeting's cases ends here."""
    partnership = _open_meeting(viewer, meeting, "close panel meetings")
    if meeting.meets_at > timezone.now():
        raise Refused(
            "This meeting has not begun: its minutes can be made final from "
            f"{timezone.localtime(meeting.meets_at):%H:%M on %-d %B %Y}."
        )
    waiting = meeting.agenda.filter(decision="").count()
    if waiting:
        raise Refused(f"{waiting} case{'s' if waiting != 1 else ''} on the agenda still need a decision.")
    if meeting.invitations.filter(withdrawn_at__isnull=True, attendance="").exists():
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
