"""The one rule table (cases.workflow.Move): what it shows as a button is exactly what it
accepts as a move, for every move, state, role and intervention status; and templates
cannot misspell a move."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.template import Context, Template
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases import workflow
from cases.models import Intervention, InterventionStatus, PanelMeeting, Referral, ReferralState, ReviewKind
from cases.workflow import Move, Permissions
from lib.errors import Refused

USER = User(pk=7, email="someone@example.gov.uk")
OTHER_PROVIDER = User(pk=8, email="provider@example.gov.uk")
PARTNERSHIP = Partnership(pk=1, name="Tower Hamlets")


def _viewer(*roles: str) -> Viewer:
    return Viewer(USER, PARTNERSHIP, frozenset(roles))


def _referral(state: str, *, person: bool = True) -> Referral:
    return Referral(state=state, partnership=PARTNERSHIP, person_id=1 if person else None)


def _refusal(viewer: Viewer, referral: Referral, move: Move, intervention: Intervention | None) -> str:
    try:
        workflow.require(viewer, referral, move, intervention=intervention)
    except Refused as refused:
        return refused.message
    return ""


def _interventions() -> list[Intervention | None]:
    return [
        None,
        Intervention(status=InterventionStatus.ACTIVE, provider=USER),
        Intervention(status=InterventionStatus.ENDED, provider=USER),
        Intervention(status=InterventionStatus.ACTIVE, provider=OTHER_PROVIDER),
    ]


@pytest.mark.parametrize("move", list(Move), ids=lambda move: move.name.lower())
def test_a_move_is_shown_exactly_when_it_would_be_accepted(move: Move) -> None:
    for state, role, person, intervention in itertools.product(
        ReferralState.values, Role.values, (True, False), _interventions()
    ):
        viewer, referral = _viewer(role), _referral(state, person=person)
        refusal = _refusal(viewer, referral, move, intervention)
        assert workflow.can(viewer, referral, move, intervention=intervention) == (not refusal), (
            move,
            state,
            role,
            person,
            intervention,
        )


@pytest.mark.parametrize("move", list(Move), ids=lambda move: move.name.lower())
def test_every_refusal_says_why(move: Move) -> None:
    outsider = _viewer(Role.STEERING)
    assert _refusal(outsider, _referral(ReferralState.RECEIVED), move, None).startswith(
        "Your role does not allow you to "
    )
    for state in set(ReferralState.values) - move.allowed_from:
        referral = _referral(state)
        assert _refusal(_viewer(*move.roles), referral, move, None).endswith(
            f"It is now: {referral.get_state_display()}."
        )


def test_every_move_has_a_role_and_a_distinct_wording() -> None:
    assert all(move.roles for move in Move)
    assert len({move.value.doing for move in Move}) == len(Move)


def test_a_provider_logs_only_the_sessions_of_interventions_assigned_to_them() -> None:
    provider, referral = _viewer(Role.PROVIDER), _referral(ReferralState.IN_SUPPORT)
    [_, theirs, ended, someone_elses] = _interventions()
    assert workflow.can(provider, referral, Move.LOG_SESSION, intervention=theirs)
    assert "ended" in _refusal(provider, referral, Move.LOG_SESSION, ended)
    assert "Only the intervention's provider" in _refusal(provider, referral, Move.LOG_SESSION, someone_elses)
    chair = _viewer(Role.CHAIR)
    assert workflow.can(chair, referral, Move.LOG_SESSION, intervention=someone_elses)


def test_moves_that_need_the_person_wait_for_the_gateway_to_decide_who_it_is() -> None:
    coordinator = _viewer(Role.COORDINATOR)
    unknown = _referral(ReferralState.RECEIVED, person=False)
    for move in (Move.CORRECT_PERSON, Move.RECORD_EQUALITY_INFORMATION, Move.SUBJECT_ACCESS):
        assert _refusal(coordinator, unknown, move, None) == workflow.NO_PERSON
        assert workflow.can(coordinator, _referral(ReferralState.RECEIVED), move)


def test_a_template_asks_the_table_by_the_moves_name() -> None:
    template = Template(
        "{% if can.deconflict %}deconflict{% endif %}{% if can.record_consent %}consent{% endif %}"
    )
    police = Permissions(_viewer(Role.POLICE), _referral(ReferralState.RECEIVED))
    assert template.render(Context({"can": police})) == "deconflict"
    coordinator = Permissions(_viewer(Role.COORDINATOR), _referral(ReferralState.ADOPTED))
    assert template.render(Context({"can": coordinator})) == "consent"


def test_a_misspelt_move_in_a_template_fails_loudly_instead_of_hiding_a_button() -> None:
    template = Template("{% if can.deconflit %}shown{% endif %}")
    with pytest.raises(LookupError, match="No move is called 'deconflit'"):
        template.render(
            Context({"can": Permissions(_viewer(Role.POLICE), _referral(ReferralState.RECEIVED))})
        )


# --- the date rules ------------------------------------------------------------------------


def test_a_decision_waits_for_its_meeting_to_begin() -> None:
    now = timezone.now()
    later = PanelMeeting(meets_at=now + dt.timedelta(minutes=1))
    at = timezone.localtime(later.meets_at)
    assert workflow.meeting_refusal(later, now) == (
        f"The panel meets on {at:%-d %B %Y} at {at:%H:%M}. Its decisions can be recorded once the "
        "meeting has begun."
    )
    assert workflow.meeting_refusal(PanelMeeting(meets_at=now), now) == ""
    assert workflow.meeting_refusal(PanelMeeting(meets_at=now - dt.timedelta(days=7)), now) == ""


def test_post_exit_reviews_open_the_partnerships_months_after_exit_and_stay_open() -> None:
    partnership = Partnership(post_exit_6_opens_months=5, post_exit_12_opens_months=11)
    exited_on = dt.date(2025, 8, 31)
    six, twelve = ReviewKind.AFTER_EXIT_6, ReviewKind.AFTER_EXIT_12
    assert workflow.review_window_refusal(six, partnership, exited_on, dt.date(2026, 1, 30)) == (
        "The review 6 months after exit can be recorded from 31 January 2026, 5 months after the exit "
        "on 31 August 2025."
    )
    for held_on in (dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2027, 1, 1)):
        assert workflow.review_window_refusal(six, partnership, exited_on, held_on) == ""
    assert "from 31 July 2026, 11 months" in workflow.review_window_refusal(
        twelve, partnership, exited_on, dt.date(2026, 7, 30)
    )
    assert workflow.review_window_refusal(twelve, partnership, exited_on, dt.date(2026, 7, 31)) == ""
    # Reviews of support are held at panel whenever it meets: no window.
    assert workflow.review_window_refusal(ReviewKind.SUPPORT, partnership, exited_on, exited_on) == ""
    partnership.post_exit_6_opens_months = 3
    assert workflow.review_window_refusal(six, partnership, exited_on, dt.date(2025, 11, 30)) == ""


def test_a_case_goes_back_to_the_police_from_every_open_stage_after_the_gateway() -> None:
    """Issue 14, part 8: by the police officer or the coordinator, never before the gateway
    has decided nor once the case has closed."""
    after_gateway = {
        ReferralState.PROGRESSED,
        ReferralState.AT_PANEL,
        ReferralState.ADOPTED,
        ReferralState.CONSENT_UNDER_REVIEW,
        ReferralState.IN_SUPPORT,
        ReferralState.EXITED,
    }
    assert Move.RETURN_TO_POLICE.allowed_from == after_gateway
    assert set(Move.RETURN_TO_POLICE.roles) == {Role.POLICE, Role.COORDINATOR}
    for state in ReferralState.values:
        for role in Role.values:
            allowed = state in after_gateway and role in (Role.POLICE, Role.COORDINATOR)
            assert workflow.can(_viewer(role), _referral(state), Move.RETURN_TO_POLICE) == allowed, (
                state,
                role,
            )
    assert ReferralState.ESCALATED in workflow.CLOSED_STATES


def test_a_case_whose_consent_was_not_given_stays_open_and_can_be_reconsidered() -> None:
    """Issue 14, part 6: consent may still be given, and the case goes on a panel agenda to
    be kept under review or closed."""
    under_review = _referral(ReferralState.CONSENT_UNDER_REVIEW)
    assert under_review.state in workflow.OPEN_STATES
    for move, role in (
        (Move.RECORD_CONSENT, Role.COORDINATOR),
        (Move.PUT_ON_AGENDA, Role.CHAIR),
        (Move.PANEL_DECISION, Role.CHAIR),
        (Move.TRANSFER, Role.COORDINATOR),
    ):
        assert workflow.can(_viewer(role), under_review, move), move
    for move in (Move.PLAN_SUPPORT, Move.WITHDRAW_CONSENT, Move.POST_EXIT_REVIEW):
        assert not workflow.can(_viewer(Role.COORDINATOR, Role.CHAIR), under_review, move), move
