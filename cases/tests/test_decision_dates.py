"""Dates follow the meeting: a panel decision is recorded only once its meeting has begun,
and every date it sets (the review it holds, the next review, the exit and the reviews
after it, the day the case closes) is the meeting's day, however late it is typed. A
post-exit review is recorded only once its window has opened (the partnership's months
after exit), at a panel or outside one. Closing a case after exit is confirmed, and
closing it at the six-month review needs a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from cases import actions, workflow
from cases.actions.common import RECORDED
from cases.models import (
    AgendaItem,
    CaseEvent,
    InterventionStatus,
    PanelMeeting,
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
    make_quorate,
    make_team,
    refer,
    today,
)
from govuk.testing import Table, page
from lib.dates import add_months
from lib.errors import Refused

pytestmark = pytest.mark.django_db

ADULT = {"date_of_birth": dt.date(2000, 1, 1)}


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def _snapshot(referral: Referral) -> tuple[Any, ...]:
    """Everything a refused decision or review must leave as it was."""
    referral.refresh_from_db()
    return (
        referral.state,
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
        list(
            referral.reviews.order_by("id").values_list("kind", "held_on", "cancelled_on", "outcome_sealed")
        ),
        list(AgendaItem.objects.filter(referral=referral).order_by("id").values_list("decision", flat=True)),
        RetentionSchedule.objects.filter(referral=referral).exists(),
    )


def _case(referral: Referral) -> tuple[Any, ...]:
    """The case as a page leaves it when it refuses: showing a page is audited as a view,
    so the audit events are not compared."""
    state, events, _, reviews, decisions, retained = _snapshot(referral)
    return state, events, reviews, decisions, retained


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _pending(referral: Referral) -> list[tuple[str, dt.date]]:
    return list(
        referral.reviews.filter(held_on=None, cancelled_on=None)
        .order_by("due_on")
        .values_list("kind", "due_on")
    )


def _on_agenda(team: Team, referral: Referral, meets_at: dt.datetime | None = None) -> AgendaItem:
    panel = actions.schedule_meeting(
        viewer=team.chair,
        meets_at=meets_at or timezone.now(),
        location="Town Hall",
        chair=team.chair.user,
    )
    return actions.add_to_agenda(viewer=team.chair, meeting=make_quorate(team, panel), referral=referral)


def _decide(team: Team, item: AgendaItem, decision: str, **extra: Any) -> AgendaItem:
    return actions.record_panel_decision(
        viewer=team.chair,
        item=AgendaItem.objects.select_related("meeting").get(pk=item.pk),
        decision=decision,
        reasons="Reasons given at the panel.",
        **extra,
    )


def _post_exit(team: Team, referral: Referral, kind: str, held_on: dt.date, **extra: Any) -> Review:
    return actions.record_post_exit_review(
        viewer=team.coordinator,
        review=referral.reviews.get(kind=kind),
        held_on=held_on,
        outcome="Settled at college.",
        **extra,
    )


def _table(html: bytes, caption: str) -> Table:
    [table] = [table for table in page(html).tables() if table.caption == caption]
    return table


# --- no decision before the meeting begins ----------------------------------------------------


def test_no_decision_is_recorded_before_the_meeting_begins(team: Team) -> None:
    referral = gateway(team, refer(team))
    item = _on_agenda(team, referral, timezone.now() + dt.timedelta(hours=2))
    at = timezone.localtime(item.meeting.meets_at)
    before = _snapshot(referral)
    with pytest.raises(Refused) as refused:
        _decide(team, item, "adopt")
    assert refused.value.message == (
        f"The panel meets on {at:%-d %B %Y} at {at:%H:%M}. Its decisions can be recorded once the "
        "meeting has begun."
    )
    assert _snapshot(referral) == before
    # Once it has begun, the same decision is recorded.
    PanelMeeting.objects.filter(pk=item.meeting_id).update(meets_at=timezone.now() - dt.timedelta(minutes=1))
    _decide(team, item, "adopt")
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.ADOPTED


def test_the_pages_say_when_decisions_can_be_recorded_instead_of_offering_a_form(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    referral = gateway(team, refer(team))
    item = _on_agenda(team, referral, timezone.now() + dt.timedelta(days=3))
    at = timezone.localtime(item.meeting.meets_at)
    client = sign_in(team.chair.user)
    [row] = _table(client.get(f"/cases/panels/{item.meeting.uuid}/").content, "Cases on the agenda").rows
    assert (row["Decision"], row["Actions"]) == ("Waiting", "Recorded once the meeting has begun")
    url = f"/cases/panels/agenda/{item.uuid}/decision/"
    form = client.get(url).content.decode()
    assert f"The panel meets on {at:%-d %B %Y} at {at:%H:%M}." in form
    assert "Record decision</button>" not in form
    before = _case(referral)
    refused = client.post(url, {"decision": "adopt", "reasons": "Vulnerable."})
    assert refused.status_code == 200
    assert "Its decisions can be recorded once the meeting has begun." in refused.content.decode()
    assert _case(referral) == before
    # Once it has begun, the page offers the form and the link.
    PanelMeeting.objects.filter(pk=item.meeting_id).update(meets_at=timezone.now())
    [row] = _table(client.get(f"/cases/panels/{item.meeting.uuid}/").content, "Cases on the agenda").rows
    assert row["Actions"] == f"Record the decision on {referral.reference}"
    assert "Record decision</button>" in client.get(url).content.decode()


# --- every date runs from the meeting ---------------------------------------------------------


def test_an_exit_typed_up_months_after_its_meeting_takes_the_meetings_date(team: Team) -> None:
    """The tester's case: the panel of 20 May agreed an exit that was typed up in
    December. The reviews after exit fall due 20 November and 20 May, not six and twelve
    months after the day it was typed."""
    panel_day = dt.date(today().year - 1, 5, 20)
    started = panel_day - dt.timedelta(days=120)
    referral = in_support(team, on=started, **ADULT)
    support = intervention(team, referral, starts_on=started)
    item = _on_agenda(team, referral, timezone.make_aware(dt.datetime.combine(panel_day, dt.time(14))))
    _decide(team, item, "exit", closure_reason="support_complete")
    referral.refresh_from_db()
    assert referral.state == ReferralState.EXITED
    support.refresh_from_db()
    assert (support.status, support.ended_on) == (InterventionStatus.ENDED, panel_day)
    assert referral.reviews.get(kind=ReviewKind.SUPPORT).held_on == panel_day
    assert _pending(referral) == [
        (ReviewKind.AFTER_EXIT_6, dt.date(today().year - 1, 11, 20)),
        (ReviewKind.AFTER_EXIT_12, dt.date(today().year, 5, 20)),
    ]


def test_a_decision_typed_a_week_late_schedules_the_next_review_from_the_meeting(team: Team) -> None:
    referral = in_support(team, on=today() - dt.timedelta(days=100), **ADULT)
    panel_day = today() - dt.timedelta(days=7)
    decide(team, referral, "continue", on=panel_day)  # typed today, for the meeting of a week ago
    assert referral.reviews.get(held_on__isnull=False).held_on == panel_day
    assert _pending(referral) == [(ReviewKind.SUPPORT, panel_day + dt.timedelta(weeks=12))]


def test_post_exit_reviews_and_closing_at_a_panel_take_the_meetings_date(team: Team) -> None:
    exit_on = add_months(today(), -13)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    six_day, twelve_day = add_months(exit_on, 6), add_months(exit_on, 12)
    decide(team, referral, "post_exit_review", on=six_day)
    assert referral.reviews.get(kind=ReviewKind.AFTER_EXIT_6).held_on == six_day
    decide(team, referral, "post_exit_review", on=twelve_day)
    assert referral.state == ReferralState.CLOSED
    assert referral.reviews.get(kind=ReviewKind.AFTER_EXIT_12).held_on == twelve_day
    assert RetentionSchedule.objects.get(referral=referral).closed_on == twelve_day
    closed_now = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, family_name="Early")
    panel_day = today() - dt.timedelta(days=7)
    decide(team, closed_now, "close", on=panel_day, close_reason="Moved abroad.")
    assert set(
        closed_now.reviews.exclude(kind=ReviewKind.SUPPORT).values_list("cancelled_on", flat=True)
    ) == {panel_day}
    assert RetentionSchedule.objects.get(referral=closed_now).closed_on == panel_day


# --- the windows of the reviews after exit -------------------------------------------------------


def test_a_post_exit_review_is_refused_before_its_window_and_accepted_inside_it(team: Team) -> None:
    exit_on = add_months(today(), -13)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    six_opens, twelve_opens = add_months(exit_on, 5), add_months(exit_on, 11)
    before = _snapshot(referral)
    with pytest.raises(Refused) as refused:
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, six_opens - dt.timedelta(days=1))
    assert refused.value.field == "held_on"
    assert refused.value.message == (
        f"The review 6 months after exit can be recorded from {six_opens:%-d %B %Y}, 5 months after the "
        f"exit on {exit_on:%-d %B %Y}."
    )
    assert _snapshot(referral) == before
    assert _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, six_opens).held_on == six_opens
    before = _snapshot(referral)
    with pytest.raises(Refused, match=f"can be recorded from {twelve_opens:%-d %B %Y}, 11 months after"):
        _post_exit(
            team, referral, ReviewKind.AFTER_EXIT_12, twelve_opens - dt.timedelta(days=1), confirm_close=True
        )
    assert _snapshot(referral) == before
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, twelve_opens, confirm_close=True)
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.CLOSED


def test_the_day_after_exit_no_review_can_be_recorded_at_a_panel_or_outside_one(team: Team) -> None:
    exit_on = today() - dt.timedelta(days=1)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    item = _on_agenda(team, referral)
    before = _snapshot(referral)
    with pytest.raises(Refused, match="The review 6 months after exit can be recorded from") as refused:
        _decide(team, item, "post_exit_review", confirm_close=True)
    assert refused.value.field == "decision"
    # Recorded outside a panel, the review is refused too, whichever is asked for.
    with pytest.raises(Refused, match="can be recorded from"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today())
    with pytest.raises(Refused, match="Record the review 6 months after exit first"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, today(), confirm_close=True)
    assert _snapshot(referral) == before


def test_the_partnership_sets_when_each_window_opens(team: Team) -> None:
    exit_on = add_months(today(), -4)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    with pytest.raises(Refused, match="5 months after the exit"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today())
    actions.update_channel_settings(
        viewer=team.coordinator,
        gateway_target_days=5,
        support_review_weeks=12,
        retention_years={},
        post_exit_6_opens_months=3,
        post_exit_12_opens_months=10,
    )
    event = AuditEvent.objects.filter(verb="cases.settings.updated").latest("id")
    assert event.changes == {
        "post_exit_6_opens_months": {"from": 5, "to": 3},
        "post_exit_12_opens_months": {"from": 11, "to": 10},
    }
    assert _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today()).held_on == today()
    with pytest.raises(Refused, match=f"from {add_months(exit_on, 10):%-d %B %Y}, 10 months after"):
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, today(), confirm_close=True)


@pytest.mark.parametrize(
    ("six", "twelve", "message"),
    [
        (0, 11, "The six-month review must open between 1 and 6 months after exit"),
        (7, 11, "The six-month review must open between 1 and 6 months after exit"),
        (5, 6, "The twelve-month review must open between 7 and 12 months after exit"),
        (5, 13, "The twelve-month review must open between 7 and 12 months after exit"),
    ],
)
def test_the_windows_are_checked(team: Team, six: int, twelve: int, message: str) -> None:
    with pytest.raises(Refused, match=message):
        actions.update_channel_settings(
            viewer=team.coordinator,
            gateway_target_days=5,
            support_review_weeks=12,
            retention_years={},
            post_exit_6_opens_months=six,
            post_exit_12_opens_months=twelve,
        )
    team.partnership.refresh_from_db()
    assert (team.partnership.post_exit_6_opens_months, team.partnership.post_exit_12_opens_months) == (5, 11)
    with pytest.raises(Refused, match="Your role does not allow you to change"):
        actions.update_channel_settings(
            viewer=team.chair,
            gateway_target_days=5,
            support_review_weeks=12,
            retention_years={},
            post_exit_6_opens_months=4,
        )


def _settings(**overrides: str) -> dict[str, str]:
    values = {
        "gateway_target_days": "5",
        "support_review_weeks": "12",
        "post_exit_6_opens_months": "5",
        "post_exit_12_opens_months": "11",
        "retention_years_no_further_action": "3",
        "retention_years_signposted": "3",
        "retention_years_police_led": "3",
        "retention_years_not_adopted_signposted": "3",
        "retention_years_not_adopted_nfa": "3",
        "retention_years_declined": "6",
        "retention_years_withdrew": "6",
        "retention_years_closed": "6",
        "retention_years_escalated": "6",
    }
    return values | overrides


def test_the_coordinator_sets_the_windows_on_the_channel_settings_page(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(team.coordinator.user)
    form = client.get("/cases/settings/").content.decode()
    assert "Six-month review after exit: can be recorded from this many months after exit" in form
    refused = client.post("/cases/settings/", _settings(post_exit_12_opens_months="13")).content.decode()
    assert "The twelve-month review must open between 7 and 12 months after exit" in refused
    empty = client.post("/cases/settings/", _settings(post_exit_6_opens_months="")).content.decode()
    assert "Enter from how many months after exit the six-month review can be recorded" in empty
    saved = client.post("/cases/settings/", _settings(post_exit_6_opens_months="4"))
    assert saved["Location"] == "/cases/settings/"
    team.partnership.refresh_from_db()
    assert (team.partnership.post_exit_6_opens_months, team.partnership.post_exit_12_opens_months) == (4, 11)
    event = AuditEvent.objects.get(verb="cases.settings.updated")
    assert event.changes == {"post_exit_6_opens_months": {"from": 5, "to": 4}}
    # Only the coordinator: another role, or another partnership's coordinator, gets 404.
    assert sign_in(team.chair.user).post("/cases/settings/", _settings()).status_code == 404


def test_the_case_page_and_the_review_page_say_when_the_window_opens(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    exit_on = today() - dt.timedelta(days=30)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    six = referral.reviews.get(kind=ReviewKind.AFTER_EXIT_6)
    opens = add_months(exit_on, 5)
    client = sign_in(team.coordinator.user)
    reviews = _table(
        client.get(f"/cases/{referral.uuid}/panel-and-support/").content, "Every review of this case"
    )
    held = {row["Review"]: row["Held"] for row in reviews.rows}
    assert held["Review 6 months after exit"] == f"Waiting: can be recorded from {opens:%-d %b %Y}"
    assert held["Review 12 months after exit"] == "Waiting"
    url = f"/cases/reviews/{six.uuid}/"
    form = client.get(url).content.decode()
    assert f"can be recorded from {opens:%-d %B %Y}, 5 months after the exit" in form
    assert "Record review</button>" not in form
    before = _case(referral)
    client.post(url, {**_date("held_on", today()), "outcome": "Settled."})
    assert _case(referral) == before
    # Once the window has opened, the link and the form are offered.
    actions.update_channel_settings(
        viewer=team.coordinator,
        gateway_target_days=5,
        support_review_weeks=12,
        retention_years={},
        post_exit_6_opens_months=1,
    )
    reviews = _table(
        client.get(f"/cases/{referral.uuid}/panel-and-support/").content, "Every review of this case"
    )
    held = {row["Review"]: row["Held"] for row in reviews.rows}
    assert held["Review 6 months after exit"] == "Record this review (review 6 months after exit)"
    response = client.post(url, {**_date("held_on", today()), "outcome": "Settled."})
    assert response.status_code == 302
    assert Review.objects.get(pk=six.pk).held_on == today()


def test_a_panel_is_not_offered_a_post_exit_review_before_its_window(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    exit_on = today() - dt.timedelta(days=30)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    item = _on_agenda(team, referral)
    form = sign_in(team.chair.user).get(f"/cases/panels/agenda/{item.uuid}/decision/").content.decode()
    assert 'value="post_exit_review"' not in form
    assert 'value="close"' in form and 'value="defer"' in form
    assert f"can be recorded from {add_months(exit_on, 5):%-d %B %Y}" in form


# --- closing after exit --------------------------------------------------------------------------


def test_closing_after_exit_is_refused_without_confirmation_and_nothing_is_written(team: Team) -> None:
    exit_on = add_months(today(), -13)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, add_months(exit_on, 6))
    before = _snapshot(referral)
    # The twelve-month review outside a panel...
    with pytest.raises(Refused) as refused:
        _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, today())
    assert (refused.value.message, refused.value.field) == (workflow.CONFIRM_CLOSE, "confirm_close")
    assert _snapshot(referral) == before
    # ...or at one, and closing now.
    item = _on_agenda(team, referral)
    before = _snapshot(referral)
    for decision in ("post_exit_review", "close"):
        with pytest.raises(Refused, match=workflow.CONFIRM_CLOSE):
            _decide(team, item, decision)
    assert _snapshot(referral) == before
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_12, today(), confirm_close=True)
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.CLOSED


def test_a_six_month_review_and_deferring_need_no_confirmation(team: Team) -> None:
    exit_on = add_months(today(), -7)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    _decide(team, _on_agenda(team, referral), "defer")
    _decide(team, _on_agenda(team, referral), "post_exit_review")
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.EXITED
    assert referral.reviews.get(kind=ReviewKind.AFTER_EXIT_6).held_on == today()


def test_closing_at_the_six_month_review_needs_a_reason_kept_sealed(team: Team) -> None:
    exit_on = today() - dt.timedelta(days=30)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    item = _on_agenda(team, referral)
    before = _snapshot(referral)
    with pytest.raises(Refused) as refused:
        _decide(team, item, "close", confirm_close=True, close_reason="  ", closure_reason="moved")
    assert (refused.value.message, refused.value.field) == (workflow.SIX_MONTH_REASON, "close_reason")
    assert _snapshot(referral) == before
    _decide(
        team,
        item,
        "close",
        confirm_close=True,
        close_reason="Emigrated to Canada with his family.",
        closure_reason="moved",
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.CLOSED
    cancelled = referral.reviews.exclude(kind=ReviewKind.SUPPORT)
    assert {(r.cancelled_on, r.outcome) for r in cancelled} == {
        (today(), "Emigrated to Canada with his family.")
    }
    assert all("Canada" not in sealed for sealed in cancelled.values_list("outcome_sealed", flat=True))
    event = AuditEvent.objects.filter(verb="cases.panel.decided").latest("id")
    assert event.changes["close_reason"] == {"from": None, "to": RECORDED}
    assert "Canada" not in str(event.changes)


def test_closing_at_the_twelve_month_stage_needs_no_reason_beyond_the_decisions(team: Team) -> None:
    exit_on = add_months(today(), -8)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, today())
    _decide(team, _on_agenda(team, referral), "close", confirm_close=True, closure_reason="support_complete")
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.CLOSED


def test_the_pages_ask_for_confirmation_and_the_reason(team: Team, sign_in: Callable[..., Client]) -> None:
    exit_on = today() - dt.timedelta(days=30)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    item = _on_agenda(team, referral)
    client = sign_in(team.chair.user)
    url = f"/cases/panels/agenda/{item.uuid}/decision/"
    form = client.get(url).content.decode()
    assert "Why the case closes at the six-month review" in form
    assert 'type="checkbox"' in form and "I confirm that this decision closes the case" in form
    before = _case(referral)
    refused = client.post(url, {"decision": "close", "reasons": "Moved away."}).content.decode()
    assert workflow.CONFIRM_CLOSE in refused and workflow.SIX_MONTH_REASON in refused
    assert "Select the reason for the exit or closure" in refused
    assert _case(referral) == before
    closed = client.post(
        url,
        {
            "decision": "close",
            "reasons": "Moved away.",
            "close_reason": "Lives abroad.",
            "confirm_close": "on",
            "closure_reason": "moved",
        },
    )
    assert closed.status_code == 302
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.CLOSED


def test_the_twelve_month_review_page_asks_for_confirmation(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    exit_on = add_months(today(), -13)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    _post_exit(team, referral, ReviewKind.AFTER_EXIT_6, add_months(exit_on, 6))
    twelve = referral.reviews.get(kind=ReviewKind.AFTER_EXIT_12)
    client = sign_in(team.coordinator.user)
    url = f"/cases/reviews/{twelve.uuid}/"
    assert "I confirm that recording this review closes the case" in client.get(url).content.decode()
    before = _case(referral)
    answer = {**_date("held_on", today()), "outcome": "Still settled."}
    assert workflow.CONFIRM_CLOSE in client.post(url, answer).content.decode()
    assert _case(referral) == before
    assert client.post(url, {**answer, "confirm_close": "on"}).status_code == 302
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.CLOSED


def test_another_partnership_gets_404_on_the_decision_and_review_pages(
    team: Team, sign_in: Callable[..., Client]
) -> None:
    exit_on = today() - dt.timedelta(days=30)
    referral = exited(team, on=exit_on - dt.timedelta(days=60), exit_on=exit_on, **ADULT)
    item = _on_agenda(team, referral)
    review = referral.reviews.get(kind=ReviewKind.AFTER_EXIT_6)
    camden = make_team("Camden", "CA")
    for someone in (camden.coordinator.user, camden.chair.user, team.police.user, team.panel_member.user):
        client = sign_in(someone)
        assert client.get(f"/cases/panels/agenda/{item.uuid}/decision/").status_code == 404
        assert client.get(f"/cases/reviews/{review.uuid}/").status_code == 404
