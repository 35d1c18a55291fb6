"""The states of a referral and its case, and every move between them, in one place.
Each action function asks `require` before it changes anything; a refused move gives
a message saying why and what to do instead, and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import CLOSED_STATES, OPEN_STATES, GatewayDecision, PanelDecision, Referral, ReferralState
from lib.errors import Refused

S = ReferralState


@dataclass(frozen=True)
class Move:
    name: str
    allowed_from: frozenset[str]
    to: str | None  # None: the state does not change
    refusal: str


GATEWAY_OUTCOMES = {
    GatewayDecision.NO_FURTHER_ACTION: S.NO_FURTHER_ACTION,
    GatewayDecision.SIGNPOSTED: S.SIGNPOSTED,
    GatewayDecision.POLICE_LED: S.POLICE_LED,
    GatewayDecision.PROGRESS: S.PROGRESSED,
}
# None: the state does not change. A post-exit review closes the case when it is the
# twelve-month review (cases.actions.support).
PANEL_OUTCOMES: dict[PanelDecision, str | None] = {
    PanelDecision.ADOPT: S.ADOPTED,
    PanelDecision.NOT_ADOPT_SIGNPOST: S.NOT_ADOPTED_SIGNPOSTED,
    PanelDecision.NOT_ADOPT_NFA: S.NOT_ADOPTED_NFA,
    PanelDecision.DEFER: None,
    PanelDecision.CONTINUE: None,
    PanelDecision.EXIT: S.EXITED,
    PanelDecision.POST_EXIT_REVIEW: None,
    PanelDecision.CLOSE: S.CLOSED,
}
# Once progressed to Channel, a referral is a case that partners may share information
# about and that may be assessed, before adoption and during support.
CHANNEL_STATES = frozenset({S.PROGRESSED, S.AT_PANEL, S.ADOPTED, S.IN_SUPPORT, S.EXITED})

MOVES = {
    "decide_identity": Move(
        "decide_identity",
        frozenset({S.RECEIVED}),
        None,
        "The person can only be linked or confirmed while the referral waits for its gateway decision.",
    ),
    "deconflict": Move(
        "deconflict",
        frozenset({S.RECEIVED}),
        None,
        "Deconfliction is recorded before the gateway decision.",
    ),
    "gateway_decision": Move(
        "gateway_decision",
        frozenset({S.RECEIVED}),
        None,  # the outcome depends on the decision: GATEWAY_OUTCOMES
        "This referral already has a gateway decision. A decision cannot be recorded twice.",
    ),
    "share_information": Move(
        "share_information",
        CHANNEL_STATES,
        None,
        "Information is shared with partners only once the referral has been progressed to Channel.",
    ),
    "assess": Move(
        "assess",
        CHANNEL_STATES,
        None,
        "A vulnerability assessment is recorded only once the referral has been progressed to Channel.",
    ),
    "put_on_agenda": Move(
        "put_on_agenda",
        frozenset({S.PROGRESSED, S.AT_PANEL, S.IN_SUPPORT, S.EXITED}),
        None,  # to AT_PANEL when the panel is to decide on adoption; otherwise unchanged
        "Only a referral progressed to Channel by the police gateway or deferred by a panel, a case "
        "receiving support, or a case in its post-exit reviews can go on a panel agenda.",
    ),
    "panel_decision": Move(
        "panel_decision",
        frozenset({S.AT_PANEL, S.IN_SUPPORT, S.EXITED}),
        None,  # PANEL_OUTCOMES
        "Only a case on a panel agenda can have a panel decision.",
    ),
    "record_consent": Move(
        "record_consent",
        frozenset({S.ADOPTED}),
        None,  # IN_SUPPORT when given, DECLINED when refused
        "Consent is recorded once, after the panel adopts the case.",
    ),
    "withdraw_consent": Move(
        "withdraw_consent",
        frozenset({S.IN_SUPPORT}),
        S.WITHDREW,
        "Consent can only be withdrawn while the person is receiving support.",
    ),
    "plan_support": Move(
        "plan_support",
        frozenset({S.IN_SUPPORT}),
        None,
        "Record consent before agreeing support: Channel is voluntary, and support starts only once "
        "consent is given.",
    ),
    "log_session": Move(
        "log_session",
        frozenset({S.IN_SUPPORT}),
        None,
        "Sessions are logged only while the person is receiving support.",
    ),
    "post_exit_review": Move(
        "post_exit_review",
        frozenset({S.EXITED}),
        None,  # CLOSED at the twelve-month review
        "Post-exit reviews are recorded only after the panel has agreed an exit.",
    ),
    "transfer": Move(
        "transfer",
        OPEN_STATES,
        None,  # same state, new partnership
        "Only an open case can be transferred to another partnership.",
    ),
    "retention": Move(
        "retention",
        CLOSED_STATES,
        None,
        "Only a closed case is reviewed for deletion.",
    ),
}


def require(referral: Referral, move: str) -> Move:
    rule = MOVES[move]
    if referral.state not in rule.allowed_from:
        raise Refused(f"{rule.refusal} It is now: {referral.get_state_display()}.")
    return rule


def allowed(referral: Referral, move: str) -> bool:
    return referral.state in MOVES[move].allowed_from
