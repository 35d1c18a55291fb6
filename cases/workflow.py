"""The states of a referral and its case, every move on it, and who may make each move,
in one table. Views ask `can` which buttons to show; action functions call `require`
before they change anything, so a button is shown exactly when its action would accept
the move. A refused move says why and what to do instead, and changes nothing."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role
from cases.models import (
    CLOSED_STATES,
    OPEN_STATES,
    GatewayDecision,
    Intervention,
    InterventionStatus,
    PanelDecision,
    PanelMeeting,
    Referral,
    ReferralState,
    ReviewKind,
)
from lib.dates import add_months
from lib.errors import Refused

S = ReferralState
EVERY_STATE = frozenset(S.values)
# Once progressed to Channel, a referral is a case that partners may share information
# about and that may be assessed, before adoption and during support.
CHANNEL_STATES = frozenset(
    {S.PROGRESSED, S.AT_PANEL, S.ADOPTED, S.CONSENT_UNDER_REVIEW, S.IN_SUPPORT, S.EXITED}
)
# Every open state after the police gateway: a case in any of them can be returned to the
# police for police-led management.
AFTER_GATEWAY = CHANNEL_STATES

GATEWAY_OUTCOMES = {
    GatewayDecision.NO_FURTHER_ACTION: S.NO_FURTHER_ACTION,
    GatewayDecision.SIGNPOSTED: S.SIGNPOSTED,
    GatewayDecision.POLICE_LED: S.POLICE_LED,
    GatewayDecision.PROGRESS: S.PROGRESSED,
}
# None: the state does not change. A post-exit review closes the case when it is the
# twelve-month review (cases.actions.panels).
PANEL_OUTCOMES: dict[PanelDecision, str | None] = {
    PanelDecision.ADOPT: S.ADOPTED,
    PanelDecision.NOT_ADOPT_SIGNPOST: S.NOT_ADOPTED_SIGNPOSTED,
    PanelDecision.NOT_ADOPT_NFA: S.NOT_ADOPTED_NFA,
    PanelDecision.DEFER: None,
    PanelDecision.CONTINUE: None,
    PanelDecision.EXIT: S.EXITED,
    PanelDecision.POST_EXIT_REVIEW: None,
    PanelDecision.CLOSE: S.CLOSED,
    PanelDecision.KEEP_UNDER_REVIEW: None,
    # Closed as refused (consent never given) or withdrawn: cases.actions.panels.
    PanelDecision.CLOSE_NOT_GIVEN: None,
}

TEAM = (Role.COORDINATOR, Role.CHAIR, Role.POLICE)
POLICE = (Role.POLICE,)
POLICE_AND_COORDINATOR = (Role.POLICE, Role.COORDINATOR)
COORDINATOR_AND_CHAIR = (Role.COORDINATOR, Role.CHAIR)
COORDINATOR = (Role.COORDINATOR,)


@dataclass(frozen=True)
class Rule:
    doing: str  # ends "Your role does not allow you to …"; unique, so no two moves alias
    roles: tuple[str, ...]
    allowed_from: frozenset[str]
    refusal: str  # why the case's stage does not allow the move
    needs_person: bool = False  # only once the gateway has decided who the referral is about


class Move(enum.Enum):
    """Every move on a referral. The state a move leads to is decided by its action
    (GATEWAY_OUTCOMES, PANEL_OUTCOMES, consent given or refused), so it is not here."""

    DECIDE_IDENTITY = Rule(
        "decide who a referral is about",
        POLICE_AND_COORDINATOR,
        frozenset({S.RECEIVED}),
        "The person can only be linked or confirmed while the referral waits for its gateway decision.",
    )
    DECONFLICT = Rule(
        "record deconfliction",
        POLICE,
        frozenset({S.RECEIVED}),
        "Deconfliction is recorded before the gateway decision.",
    )
    GATEWAY_DECISION = Rule(
        "record a gateway decision",
        POLICE,
        frozenset({S.RECEIVED}),
        "This referral already has a gateway decision. A decision cannot be recorded twice.",
    )
    SHARE_INFORMATION = Rule(
        "record information sharing",
        POLICE_AND_COORDINATOR,
        CHANNEL_STATES,
        "Information is shared with partners only once the referral has been progressed to Channel.",
    )
    ASSESS = Rule(
        "record vulnerability assessments",
        POLICE_AND_COORDINATOR,
        CHANNEL_STATES,
        "A vulnerability assessment is recorded only once the referral has been progressed to Channel.",
    )
    PUT_ON_AGENDA = Rule(
        "put cases on a panel agenda",
        COORDINATOR_AND_CHAIR,
        frozenset({S.PROGRESSED, S.AT_PANEL, S.CONSENT_UNDER_REVIEW, S.IN_SUPPORT, S.EXITED}),
        "Only a referral progressed to Channel by the police gateway or deferred by a panel, a case "
        "whose consent is under review, a case receiving support, or a case in its post-exit reviews "
        "can go on a panel agenda.",
    )
    PANEL_DECISION = Rule(
        "record panel decisions",
        COORDINATOR_AND_CHAIR,
        frozenset({S.AT_PANEL, S.CONSENT_UNDER_REVIEW, S.IN_SUPPORT, S.EXITED}),
        "Only a case on a panel agenda can have a panel decision.",
    )
    # The case team closes any action agreed at panel; its owner, whoever they are, closes
    # their own (cases.access.owns_panel_action, outside this table).
    CLOSE_PANEL_ACTION = Rule("close panel actions", TEAM, EVERY_STATE, "")
    # Refused or withdrawn, the case stays open under review: consent may be given later.
    RECORD_CONSENT = Rule(
        "record consent",
        COORDINATOR,
        frozenset({S.ADOPTED, S.CONSENT_UNDER_REVIEW}),
        "Consent is recorded after the panel adopts the case, or while a case whose consent was not "
        "given is under review.",
    )
    WITHDRAW_CONSENT = Rule(
        "record a withdrawal of consent",
        COORDINATOR,
        frozenset({S.IN_SUPPORT}),
        "Consent can only be withdrawn while the person is receiving support.",
    )
    PLAN_SUPPORT = Rule(
        "agree interventions",
        COORDINATOR_AND_CHAIR,
        frozenset({S.IN_SUPPORT}),
        "Record consent before agreeing support: Channel is voluntary, and support starts only once "
        "consent is given.",
    )
    # An intervention provider logs sessions only for the interventions assigned to them
    # (may_log_session).
    LOG_SESSION = Rule(
        "log sessions",
        (*COORDINATOR_AND_CHAIR, Role.PROVIDER),
        frozenset({S.IN_SUPPORT}),
        "Sessions are logged only while the person is receiving support.",
    )
    # Interventions end by themselves at exit, withdrawal and transfer; this is ending one
    # early, whatever the stage.
    END_INTERVENTION = Rule(
        "end interventions",
        COORDINATOR_AND_CHAIR,
        EVERY_STATE,
        "",
    )
    RETURN_TO_POLICE = Rule(
        "return cases to the police",
        POLICE_AND_COORDINATOR,
        AFTER_GATEWAY,
        "Only an open case past the police gateway can be returned to the police for police-led management.",
    )
    POST_EXIT_REVIEW = Rule(
        "record reviews",
        COORDINATOR_AND_CHAIR,
        frozenset({S.EXITED}),
        "Post-exit reviews are recorded only after the panel has agreed an exit.",
    )
    TRANSFER = Rule(
        "transfer cases",
        COORDINATOR,
        OPEN_STATES,
        "Only an open case can be transferred to another partnership.",
    )
    # Made by the receiving partnership's coordinator, not the case's own.
    ANSWER_TRANSFER = Rule(
        "accept or decline transfers",
        COORDINATOR,
        OPEN_STATES,
        "Only an open case can be transferred to another partnership.",
    )
    REVIEW_RETENTION = Rule(
        "decide what happens to closed cases",
        COORDINATOR,
        CLOSED_STATES,
        "Only a closed case is reviewed for deletion.",
    )
    CORRECT_PERSON = Rule(
        "correct a person's details",
        POLICE_AND_COORDINATOR,
        EVERY_STATE,
        "",
        needs_person=True,
    )
    RECORD_EQUALITY_INFORMATION = Rule(
        "record special category information",
        TEAM,
        EVERY_STATE,
        "",
        needs_person=True,
    )
    ADD_DOCUMENT = Rule("add documents to a case", TEAM, EVERY_STATE, "")
    # Subject access is for the coordinator, who answers such requests from the person.
    SUBJECT_ACCESS = Rule(
        "produce subject access exports",
        COORDINATOR,
        EVERY_STATE,
        "",
        needs_person=True,
    )
    # The support plan (cases.actions.plan): drafted and revised by the case team's
    # coordinator and chair, signed off by the chair alone, its progress recorded at reviews.
    DRAFT_SUPPORT_PLAN = Rule(
        "draft or revise support plans",
        COORDINATOR_AND_CHAIR,
        frozenset({S.ADOPTED, S.IN_SUPPORT}),
        "A support plan is drafted only for a case the panel has adopted, until support ends.",
    )
    SIGN_OFF_SUPPORT_PLAN = Rule(
        "sign off support plans",
        (Role.CHAIR,),
        frozenset({S.ADOPTED, S.IN_SUPPORT}),
        "A support plan is signed off only for a case the panel has adopted, until support ends.",
    )
    RECORD_PLAN_PROGRESS = Rule(
        "record progress against support plans",
        COORDINATOR_AND_CHAIR,
        frozenset({S.IN_SUPPORT}),
        "Progress against the support plan is recorded only while the person is receiving support.",
    )
    # Gateway screening, the national reference and the allocated worker (issue 14, parts
    # 10 and 11).
    RECORD_SCREENING = Rule(
        "record gateway screening information",
        POLICE_AND_COORDINATOR,
        frozenset({S.RECEIVED}),
        "Screening information is recorded while the referral waits at the gateway.",
    )
    SET_NATIONAL_REFERENCE = Rule(
        "record the national case-tracking reference", POLICE_AND_COORDINATOR, EVERY_STATE, ""
    )
    ALLOCATE = Rule(
        "allocate cases to a worker",
        COORDINATOR_AND_CHAIR,
        OPEN_STATES,
        "Only an open case is allocated to a worker.",
    )

    @property
    def roles(self) -> tuple[str, ...]:
        return self.value.roles

    @property
    def allowed_from(self) -> frozenset[str]:
        return self.value.allowed_from


NO_PERSON = "Decide who the referral is about first."
# Moves on one intervention of the case, which must be active.
ON_AN_INTERVENTION = {
    Move.LOG_SESSION: "This intervention has ended; sessions can no longer be logged.",
    Move.END_INTERVENTION: "This intervention has already ended.",
}


def stage_refusal(referral: Referral, move: Move, intervention: Intervention | None = None) -> str:
    """Why the referral's stage (or the intervention's, for a move on one) does not allow
    the move, or "" when it does."""
    rule = move.value
    if referral.state not in rule.allowed_from:
        return f"{rule.refusal} It is now: {referral.get_state_display()}."
    if (
        intervention is not None
        and move in ON_AN_INTERVENTION
        and intervention.status != InterventionStatus.ACTIVE
    ):
        return ON_AN_INTERVENTION[move]
    if rule.needs_person and referral.person_id is None:
        return NO_PERSON
    return ""


def may_log_session(viewer: Viewer, intervention: Intervention) -> bool:
    """The case team's coordinator and chair log any intervention's sessions; an
    intervention provider only those of the interventions assigned to them."""
    if viewer.has_any(*COORDINATOR_AND_CHAIR):
        return True
    return viewer.has_any(Role.PROVIDER) and intervention.provider_id == viewer.user.pk


def _role_refusal(viewer: Viewer, move: Move, intervention: Intervention | None) -> str:
    if move is Move.LOG_SESSION and intervention is not None and not may_log_session(viewer, intervention):
        return "Only the intervention's provider or the case team can log its sessions."
    if not viewer.has_any(*move.roles):
        return f"Your role does not allow you to {move.value.doing}."
    return ""


def can(viewer: Viewer, referral: Referral, move: Move, *, intervention: Intervention | None = None) -> bool:
    """Whether the viewer's roles and the referral's stage allow the move: which buttons
    a page shows. Whose partnership the referral is in is the access layer's question."""
    return not _role_refusal(viewer, move, intervention) and not stage_refusal(referral, move, intervention)


def require_role(viewer: Viewer, move: Move) -> None:
    """The role half of `require`, for a move checked before its referral is read."""
    refusal = _role_refusal(viewer, move, None)
    if refusal:
        raise Refused(refusal)


def require(
    viewer: Viewer, referral: Referral, move: Move, *, intervention: Intervention | None = None
) -> None:
    """Refuse the move, saying why, unless `can` allows it."""
    refusal = _role_refusal(viewer, move, intervention) or stage_refusal(referral, move, intervention)
    if refusal:
        raise Refused(refusal)


class Permissions:
    """What one viewer may do to one referral (or one of its interventions), for a
    template: `can.deconflict` is `can(viewer, referral, Move.DECONFLICT)`. A name that is
    no move fails loudly (a LookupError, which the template engine does not swallow), so a
    typo cannot hide a button."""

    def __init__(self, viewer: Viewer, referral: Referral, intervention: Intervention | None = None) -> None:
        self.viewer = viewer
        self.referral = referral
        self.intervention = intervention

    def __getitem__(self, name: str) -> bool:
        try:
            move = Move[name.upper()]
        except KeyError:
            raise LookupError(f"No move is called {name!r}") from None
        return can(self.viewer, self.referral, move, intervention=self.intervention)


# --- dates ---------------------------------------------------------------------------------
# Every date a panel decision sets (the review it holds, the next review, the exit and the
# post-exit reviews, the day the case closes) is the meeting's day. So a decision is recorded
# only once its meeting has begun, and a post-exit review only once its window has opened.


def meeting_refusal(meeting: PanelMeeting, now: dt.datetime | None = None) -> str:
    """Why no decision can be recorded against the meeting yet, or "" once it has begun."""
    if meeting.meets_at <= (now or timezone.now()):
        return ""
    at = timezone.localtime(meeting.meets_at)
    return (
        f"The panel meets on {at:%-d %B %Y} at {at:%H:%M}. Its decisions can be recorded once the "
        "meeting has begun."
    )


# Closing a case after exit (the twelve-month review, or the panel closing it now) is
# confirmed in so many words; closing it while the six-month review waits needs a reason.
CONFIRM_CLOSE = "Confirm that the case will be closed"
SIX_MONTH_REASON = "Enter why the case closes at the six-month review, without the twelve-month review"

# How many months after exit each post-exit review is due.
POST_EXIT_DUE_MONTHS = {ReviewKind.AFTER_EXIT_6: 6, ReviewKind.AFTER_EXIT_12: 12}


def review_opens_after(kind: str, partnership: Partnership) -> int:
    """Months after exit from which the partnership lets a post-exit review be recorded."""
    if kind == ReviewKind.AFTER_EXIT_6:
        return partnership.post_exit_6_opens_months
    return partnership.post_exit_12_opens_months


def review_opens_on(kind: str, partnership: Partnership, exited_on: dt.date) -> dt.date:
    """The first day a post-exit review of this kind may be recorded as held."""
    return add_months(exited_on, review_opens_after(kind, partnership))


def review_window_refusal(kind: str, partnership: Partnership, exited_on: dt.date, on: dt.date) -> str:
    """Why a post-exit review of this kind cannot be recorded as held on `on`, or "" when
    its window is open (from the partnership's months after exit; it stays open once due).
    Reviews of support have no window."""
    if kind not in POST_EXIT_DUE_MONTHS:
        return ""
    months = review_opens_after(kind, partnership)
    opens = review_opens_on(kind, partnership, exited_on)
    if on >= opens:
        return ""
    return (
        f"The {ReviewKind(kind).label.lower()} can be recorded from {opens:%-d %B %Y}, {months} months "
        f"after the exit on {exited_on:%-d %B %Y}."
    )
