"""Reviews during support and after exit, and how a case leaves Channel: the panel
continues support or agrees an exit, the reviews 6 and 12 months after exit follow in
order, and the twelve-month review, or a decision to close, closes the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from audit.models import AuditEvent
from cases import actions
from cases.models import (
    AgendaItem,
    AgendaPurpose,
    CaseEvent,
    InterventionStatus,
    Referral,
    ReferralState,
    RetentionSchedule,
    Review,
    ReviewKind,
)
from cases.tests.builders import (
    Team,
    decide,
    exited,
    gateway,
    in_support,
    intervention,
    make_team,
    meeting,
    refer,
    today,
)
from lib.dates import add_months
from lib.errors import Refused

pytestmark = pytest.mark.django_db

ADULT = {"date_of_birth": dt.date(2000, 1, 1)}


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def _snapshot(referral: Referral) -> tuple[str, int, int, list[tuple[str, Any, Any]]]:
    referral.refresh_from_db()
    reviews = list(referral.reviews.order_by("id").values_list("kind", "held_on", "cancelled_on"))
    return referral.state, CaseEvent.objects.count(), AuditEvent.objects.count(), reviews


def _pending(referral: Referral) -> list[tuple[str, dt.date]]:
    return list(
        referral.reviews.filter(held_on=None, cancelled_on=None)
        .order_by("due_on")
        .values_list("kind", "due_on")
    )


def _post_exit(
    team: Team,
    referral: Referral,
    kind: str,
    held_on: dt.date,
    outcome: str = "Settled.",
    confirm_close: bool = True,
) -> Review:
    return actions.record_post_exit_review(
        viewer=team.coordinator,
        review=referral.reviews.get(kind=kind),
        held_on=held_on,
        outcome=outcome,
        confirm_close=confirm_close,
    )


def _a_year_ago(days: int = 5) -> dt.date:
    """An exit long enough ago for both post-exit reviews' windows to have opened."""
    return add_months(today(), -12) - dt.timedelta(days=days)


# --- during support -----------------------------------------------------------------------


def test_each_stage_puts_a_case_on_the_agenda_for_its_own_purpose(team: Team) -> None:
    progressed = gateway(team, refer(team))
    supported = in_support(team, **ADULT)
    gone = exited(team, on=today() - dt.timedelta(days=90), exit_on=today() - dt.timedelta(days=30), **ADULT)
    later = meeting(team)
    purposes = {
        referral.pk: actions.add_to_agenda(viewer=team.chair, meeting=later, referral=referral).purpose
        for referral in (progressed, supported, gone)
    }
    assert purposes == {
        progressed.pk: AgendaPurpose.ADOPTION,
        supported.pk: AgendaPurpose.SUPPORT_REVIEW,
        gone.pk: AgendaPurpose.POST_EXIT_REVIEW,
    }
    states = dict(Referral.objects.filter(pk__in=purposes).values_list("pk", "state"))
    assert states == {
        progressed.pk: ReferralState.AT_PANEL,
        supported.pk: ReferralState.IN_SUPPORT,
        gone.pk: ReferralState.EXITED,
    }


def test_an_adopted_case_waiting_for_consent_cannot_go_on_an_agenda(team: Team) -> None:
    referral = in_support(team, **ADULT)
    adopted_only = gateway(team, refer(team, family_name="Waits"))
    decide(team, adopted_only, "adopt")
    later = meeting(team)
    before = _snapshot(adopted_only)
    with pytest.raises(Refused, match="can go on a panel agenda"):
        actions.add_to_agenda(viewer=team.chair, meeting=later, referral=adopted_only)
    assert _snapshot(adopted_only) == before
    assert referral.state == ReferralState.IN_SUPPORT


def test_continuing_support_holds_the_review_waiting_and_schedules_the_next(team: Team) -> None:
    started = today() - dt.timedelta(days=100)
    referral = in_support(team, on=started, **ADULT)
    first = referral.reviews.get()
    panel_day = today() - dt.timedelta(days=10)
    item = decide(team, referral, "continue", on=panel_day, reasons="Engaging well; keep mentoring.")
    first.refresh_from_db()
    assert (first.held_on, first.agenda_item_id, first.outcome) == (
        panel_day,
        item.pk,
        "Engaging well; keep mentoring.",
    )
    assert referral.state == ReferralState.IN_SUPPORT
    assert _pending(referral) == [(ReviewKind.SUPPORT, panel_day + dt.timedelta(weeks=12))]


def test_a_deferred_support_review_stays_waiting_for_the_next_panel(team: Team) -> None:
    referral = in_support(team, on=today() - dt.timedelta(days=100), **ADULT)
    waiting = _pending(referral)
    decide(team, referral, "defer")
    assert referral.state == ReferralState.IN_SUPPORT
    assert _pending(referral) == waiting
    decide(team, referral, "continue")
    assert len(_pending(referral)) == 1
    assert referral.reviews.filter(held_on=today()).count() == 1


def test_the_panel_agrees_an_exit_ends_support_and_schedules_both_post_exit_reviews(team: Team) -> None:
    started, exit_on = dt.date(2025, 8, 1), dt.date(2025, 8, 31)
    referral = in_support(team, on=started, **ADULT)
    support = intervention(team, referral, starts_on=started)
    decide(team, referral, "exit", on=exit_on, reasons="Vulnerability much reduced.")
    assert referral.state == ReferralState.EXITED
    support.refresh_from_db()
    assert (support.status, support.ended_on) == (InterventionStatus.ENDED, exit_on)
    assert referral.reviews.get(kind=ReviewKind.SUPPORT).held_on == exit_on
    assert _pending(referral) == [
        (ReviewKind.AFTER_EXIT_6, add_months(exit_on, 6)),
        (ReviewKind.AFTER_EXIT_12, add_months(exit_on, 12)),
    ]
    assert add_months(exit_on, 6) == dt.date(2026, 2, 28)
    assert not RetentionSchedule.objects.filter(referral=referral).exists()
    with pytest.raises(Refused, match="only while the person is receiving support"):
        actions.log_session(viewer=team.provider, intervention=support, held_on=exit_on, attended=True)


def test_post_exit_reviews_are_recorded_in_order_and_the_twelve_month_one_closes_the_case(team: Team) -> None:
    exit_on = _a_year_ago()
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Record the review 6 months after exit first"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, today())
    assert _snapshot(referral) == before
    six = _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today() - dt.timedelta(days=5))
    assert (six.held_on, six.outcome) == (today() - dt.timedelta(days=5), "Settled.")
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.EXITED
    with pytest.raises(Refused, match="already been recorded"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today())
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, today())
    referral.refresh_from_db()
    assert referral.state == ReferralState.CLOSED
    schedule = RetentionSchedule.objects.get(referral=referral)
    assert (schedule.outcome, schedule.closed_on, schedule.review_on) == (
        ReferralState.CLOSED,
        today(),
        add_months(today(), 72),
    )
    assert referral.events.filter(kind="closed").count() == 1
    with pytest.raises(Refused, match="only after the panel has agreed an exit"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, today())


def test_a_post_exit_review_needs_an_outcome_and_a_date_between_the_exit_and_today(team: Team) -> None:
    exit_on = dt.date(2025, 8, 31)  # six months later is 28 February
    referral = exited(team, on=dt.date(2025, 8, 1), exit_on=exit_on, **ADULT)
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Enter what the review found"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today(), outcome="  ")
    with pytest.raises(Refused, match="must be today or in the past"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today() + dt.timedelta(days=1))
    for too_early in (exit_on - dt.timedelta(days=1), dt.date(2025, 8, 28)):
        with pytest.raises(Refused, match="cannot be before the exit"):
            _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, too_early)
    assert _snapshot(referral) == before
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, dt.date(2026, 3, 1))
    with pytest.raises(Refused, match="cannot be before the previous review"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, dt.date(2026, 2, 1))
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.EXITED


def test_reviews_of_support_are_held_at_a_panel_not_recorded_outside_one(team: Team) -> None:
    referral = in_support(team, **ADULT)
    before = _snapshot(referral)
    with pytest.raises(
        Refused, match="Post-exit reviews are recorded only after the panel has agreed an exit"
    ):
        _post_exit(team, referral, ReviewKind.SUPPORT, today())
    assert _snapshot(referral) == before


def test_only_the_case_team_records_post_exit_reviews(team: Team) -> None:
    exit_on = add_months(today(), -6)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    for someone in (team.police, team.provider, team.panel_member, team.referrer):
        with pytest.raises(Refused, match="Your role does not allow you to record reviews"):
            actions.record_post_exit_review(
                viewer=someone,
                review=referral.reviews.get(kind=ReviewKind.AFTER_EXIT_6),
                held_on=today(),
                outcome="x",
            )
    actions.record_post_exit_review(
        viewer=team.chair,
        review=referral.reviews.get(kind=ReviewKind.AFTER_EXIT_6),
        held_on=today(),
        outcome="x",
    )


def test_post_exit_reviews_held_at_panel_close_the_case_at_the_twelve_month_one(team: Team) -> None:
    exit_on = _a_year_ago(days=20)
    referral = exited(team, on=exit_on - dt.timedelta(days=30), exit_on=exit_on, **ADULT)
    six_day, twelve_day = add_months(exit_on, 6), add_months(exit_on, 12)
    first = decide(team, referral, "post_exit_review", on=six_day, reasons="Doing well at college.")
    assert first.purpose == AgendaPurpose.POST_EXIT_REVIEW
    assert referral.state == ReferralState.EXITED
    six = referral.reviews.get(kind=ReviewKind.AFTER_EXIT_6)
    assert (six.held_on, six.agenda_item_id) == (six_day, first.pk)
    decide(team, referral, "post_exit_review", on=twelve_day)
    assert referral.state == ReferralState.CLOSED
    assert referral.reviews.get(kind=ReviewKind.AFTER_EXIT_12).held_on == twelve_day
    schedule = RetentionSchedule.objects.get(referral=referral)
    assert (schedule.closed_on, schedule.review_on) == (twelve_day, add_months(twelve_day, 72))
    assert referral.events.filter(kind="closed").count() == 1


def test_the_panel_can_close_a_case_early_cancelling_the_reviews_waiting(team: Team) -> None:
    exit_on = today() - dt.timedelta(days=30)
    referral = exited(team, on=exit_on - dt.timedelta(days=30), exit_on=exit_on, **ADULT)
    decide(team, referral, "close", on=today(), reasons="Moved abroad.", close_reason="Lives in Canada now.")
    assert referral.state == ReferralState.CLOSED
    assert _pending(referral) == []
    assert {
        (review.kind, review.cancelled_on, review.outcome)
        for review in referral.reviews.exclude(kind=ReviewKind.SUPPORT)
    } == {
        (ReviewKind.AFTER_EXIT_6, today(), "Lives in Canada now."),
        (ReviewKind.AFTER_EXIT_12, today(), "Lives in Canada now."),
    }
    assert RetentionSchedule.objects.get(referral=referral).outcome == ReferralState.CLOSED
    with pytest.raises(Refused, match="can go on a panel agenda"):
        actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)


@pytest.mark.parametrize(
    ("stage", "wrong"),
    [
        ("progressed", ["continue", "exit", "post_exit_review", "close"]),
        ("in_support", ["adopt", "not_adopt_nfa", "post_exit_review", "close"]),
        ("exited", ["adopt", "continue", "exit", "not_adopt_signpost"]),
    ],
)
def test_a_panel_decision_must_suit_the_purpose_of_the_agenda_item(
    team: Team, stage: str, wrong: list[str]
) -> None:
    if stage == "progressed":
        referral = gateway(team, refer(team))
    elif stage == "in_support":
        referral = in_support(team, **ADULT)
    else:
        referral = exited(team, on=today() - dt.timedelta(days=30), **ADULT)
    item = actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)
    before = _snapshot(referral)
    for decision in wrong:
        with pytest.raises(Refused, match="Select the panel's decision"):
            actions.record_panel_decision(
                viewer=team.chair, item=AgendaItem.objects.get(pk=item.pk), decision=decision, reasons="R."
            )
    assert _snapshot(referral) == before
    assert AgendaItem.objects.get(pk=item.pk).decision == ""


def test_the_twelve_month_review_recorded_outside_a_panel_takes_the_case_off_its_agenda(team: Team) -> None:
    exit_on = _a_year_ago()
    referral = exited(team, on=exit_on - dt.timedelta(days=30), exit_on=exit_on, **ADULT)
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today())
    panel = meeting(team)
    actions.add_to_agenda(viewer=team.chair, meeting=panel, referral=referral)
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, today())
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.CLOSED
    assert not panel.agenda.exists()
    actions.close_meeting(viewer=team.chair, meeting=panel)
