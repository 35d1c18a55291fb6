"""Consent, withdrawal, interventions and their sessions, through the action functions.
Channel is voluntary: nothing is agreed before consent, a parent or guardian consents
for someone under 18 on the day, and every refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Membership, Role, User
from audit.models import AuditEvent
from cases import access, actions
from cases.models import (
    CaseEvent,
    Consent,
    InterventionStatus,
    Referral,
    ReferralState,
    RetentionSchedule,
    Review,
    ReviewKind,
)
from cases.tests.builders import (
    Team,
    adopted,
    consent,
    decide,
    in_support,
    intervention,
    make_team,
    mentoring,
    not_given,
    refer,
    today,
    withdraw,
)
from lib.dates import add_months
from lib.errors import Refused

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2025, 6, 1)
CONSENT_DAY = dt.date(2025, 6, 15)


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def _snapshot(referral: Referral) -> tuple[str, int, int, int]:
    referral.refresh_from_db()
    return referral.state, CaseEvent.objects.count(), AuditEvent.objects.count(), Consent.objects.count()


def _record(team: Team, referral: Referral, **overrides: Any) -> Consent:
    values: dict[str, Any] = {
        "viewer": team.coordinator,
        "referral": referral,
        "decision": "given",
        "given_by": "person",
        "method": "in_person",
        "given_on": CONSENT_DAY,
    }
    return actions.record_consent(**(values | overrides))


# --- consent and the age rule -------------------------------------------------------------


def test_someone_a_day_short_of_eighteen_on_the_consent_day_needs_a_parent_or_guardian(team: Team) -> None:
    born = dt.date(2007, 6, 16)  # 17 years and 364 days old on 15 June 2025
    referral = adopted(team, on=RECEIVED, date_of_birth=born)
    before = _snapshot(referral)
    with pytest.raises(Refused, match="was 17 on that day, so a parent or guardian must") as refused:
        _record(team, referral, given_by="person")
    assert refused.value.field == "given_by"
    assert _snapshot(referral) == before
    given = _record(team, referral, given_by="parent", giver_name="Dana Parent")
    assert given.age_on_the_day == 17
    assert given.giver_name == "Dana Parent"


def test_someone_eighteen_that_day_must_consent_themselves(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2007, 6, 15))
    before = _snapshot(referral)
    with pytest.raises(Refused, match="was 18 on that day, so they must give or refuse consent themselves"):
        _record(team, referral, given_by="parent", giver_name="Dana Parent")
    assert _snapshot(referral) == before
    given = _record(team, referral, given_by="person")
    assert given.age_on_the_day == 18
    assert given.giver_name == ""


def test_a_parent_or_guardians_consent_needs_their_name(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2010, 1, 1))
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Enter the name of the parent or guardian"):
        _record(team, referral, given_by="parent", giver_name="   ")
    assert _snapshot(referral) == before


def test_consent_without_a_date_of_birth_is_refused_until_it_is_added(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=None)
    before = _snapshot(referral)
    with pytest.raises(Refused, match=r"date of birth is not known.*Correct the person's details"):
        _record(team, referral, given_by="person")
    assert _snapshot(referral) == before
    actions.correct_person(
        viewer=team.coordinator,
        referral=referral,
        given_names="Sam",
        family_name="Taylor",
        date_of_birth=dt.date(2000, 1, 1),
    )
    assert _record(team, referral, given_by="person").age_on_the_day == 25


def test_consent_cannot_be_dated_in_the_future_or_before_the_referral(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    before = _snapshot(referral)
    with pytest.raises(Refused, match="must be today or in the past"):
        _record(team, referral, given_on=today() + dt.timedelta(days=1))
    with pytest.raises(Refused, match="cannot be before the referral was received"):
        _record(team, referral, given_on=RECEIVED - dt.timedelta(days=1))
    assert _snapshot(referral) == before


def test_refused_consent_keeps_the_case_open_under_review_until_a_panel_closes_it(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    reconsider_on = CONSENT_DAY + dt.timedelta(days=90)
    _record(team, referral, decision="refused", not_given=actions.NotGiven(reconsider_on=reconsider_on))
    referral.refresh_from_db()
    assert referral.state == ReferralState.CONSENT_UNDER_REVIEW
    assert not referral.is_closed
    assert not RetentionSchedule.objects.filter(referral=referral).exists()
    review = Review.objects.get(referral=referral)
    assert (review.kind, review.due_on, review.is_pending) == (ReviewKind.RECONSIDER, reconsider_on, True)
    with pytest.raises(Refused, match="Record consent before agreeing support"):
        intervention(team, referral, starts_on=CONSENT_DAY)
    # The panel closes it: the case is kept six years from the meeting, as declined.
    closed_on = CONSENT_DAY + dt.timedelta(days=100)
    decide(team, referral, "close_not_given", on=closed_on, closure_reason="no_further_concern")
    assert referral.state == ReferralState.DECLINED
    schedule = RetentionSchedule.objects.get(referral=referral)
    assert (schedule.outcome, schedule.closed_on) == (ReferralState.DECLINED, closed_on)
    assert schedule.review_on == add_months(closed_on, 72)
    review.refresh_from_db()
    assert review.held_on == closed_on


def test_given_consent_starts_support_and_schedules_the_first_review(team: Team) -> None:
    team.partnership.support_review_weeks = 8
    team.partnership.save()
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    _record(team, referral)
    referral.refresh_from_db()
    assert referral.state == ReferralState.IN_SUPPORT
    review = Review.objects.get(referral=referral)
    assert (review.kind, review.due_on, review.is_pending) == (
        ReviewKind.SUPPORT,
        CONSENT_DAY + dt.timedelta(weeks=8),
        True,
    )
    assert not RetentionSchedule.objects.filter(referral=referral).exists()
    assert referral.events.filter(kind="consent").count() == 1


def test_consent_cannot_be_recorded_twice(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    _record(team, referral)
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Consent is recorded after the panel adopts the case"):
        _record(team, referral, decision="refused", not_given=actions.NotGiven(reconsider_on=today()))
    assert _snapshot(referral) == before


def test_only_the_coordinator_records_consent(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    before = _snapshot(referral)
    for someone in (team.chair, team.police, team.provider, team.panel_member):
        with pytest.raises(Refused, match="Your role does not allow you to record consent"):
            _record(team, referral, viewer=someone)
    assert _snapshot(referral) == before


def test_consent_is_recorded_only_after_adoption(team: Team) -> None:
    referral = refer(team)
    with pytest.raises(Refused, match="after the panel adopts the case"):
        _record(team, referral, given_on=today())


def test_no_intervention_is_agreed_before_consent(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Record consent before agreeing support"):
        intervention(team, referral, starts_on=CONSENT_DAY)
    assert _snapshot(referral) == before


def test_support_cannot_start_before_consent_was_given(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    _record(team, referral)
    with pytest.raises(Refused, match="Support cannot start before consent was given"):
        intervention(team, referral, starts_on=CONSENT_DAY - dt.timedelta(days=1))


def test_withdrawal_ends_support_cancels_reviews_and_keeps_the_case_under_review(team: Team) -> None:
    referral = in_support(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    first = intervention(team, referral, starts_on=RECEIVED)
    second = intervention(team, referral, starts_on=RECEIVED + dt.timedelta(days=3))
    withdrawn_on = RECEIVED + dt.timedelta(days=30)
    actions.withdraw_consent(
        viewer=team.coordinator,
        referral=referral,
        withdrawn_on=withdrawn_on,
        reason="Moved on.",
        not_given=not_given(withdrawn_on),
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.CONSENT_UNDER_REVIEW
    for each in (first, second):
        each.refresh_from_db()
        assert (each.status, each.ended_on) == (InterventionStatus.ENDED, withdrawn_on)
    support_review = Review.objects.get(referral=referral, kind=ReviewKind.SUPPORT)
    assert support_review.cancelled_on == withdrawn_on
    reconsider = Review.objects.get(referral=referral, held_on=None, cancelled_on=None)
    assert (reconsider.kind, reconsider.due_on) == (
        ReviewKind.RECONSIDER,
        withdrawn_on + dt.timedelta(days=28),
    )
    given = Consent.objects.get(referral=referral)
    assert (given.withdrawn_on, given.withdrawal_reason) == (withdrawn_on, "Moved on.")
    assert not RetentionSchedule.objects.filter(referral=referral).exists()
    with pytest.raises(Refused, match="only be withdrawn while the person is receiving support"):
        actions.withdraw_consent(
            viewer=team.coordinator,
            referral=referral,
            withdrawn_on=withdrawn_on,
            reason="Again.",
            not_given=not_given(withdrawn_on),
        )
    # Closed by a panel, it is kept six years as withdrawn from support.
    decide(team, referral, "close_not_given", on=withdrawn_on, closure_reason="consent_withdrawn")
    schedule = RetentionSchedule.objects.get(referral=referral)
    assert (schedule.outcome, schedule.review_on) == (ReferralState.WITHDREW, add_months(withdrawn_on, 72))


def test_withdrawal_cannot_be_dated_before_consent_or_lack_a_reason(team: Team) -> None:
    referral = in_support(team, on=RECEIVED, date_of_birth=dt.date(2000, 1, 1))
    before = _snapshot(referral)
    with pytest.raises(Refused, match="cannot be before consent was given"):
        actions.withdraw_consent(
            viewer=team.coordinator,
            referral=referral,
            withdrawn_on=RECEIVED - dt.timedelta(days=1),
            reason="Moved on.",
        )
    with pytest.raises(Refused, match="Enter the reason consent was withdrawn"):
        actions.withdraw_consent(
            viewer=team.coordinator, referral=referral, withdrawn_on=RECEIVED, reason=" "
        )
    assert _snapshot(referral) == before


def test_sealed_consent_values_are_encrypted_at_rest_and_never_audited(team: Team) -> None:
    referral = adopted(team, on=RECEIVED, date_of_birth=dt.date(2012, 3, 3))
    secrets = ("Philippa Guardianson", "Understood and agreed after an interpreter", "Found a job abroad")
    consent(team, referral, on=CONSENT_DAY, giver_name=secrets[0], capacity_notes=secrets[1])
    actions.withdraw_consent(
        viewer=team.coordinator,
        referral=referral,
        withdrawn_on=CONSENT_DAY,
        reason=secrets[2],
        not_given=not_given(CONSENT_DAY),
    )
    raw = Consent.objects.values_list(
        "giver_name_sealed", "capacity_notes_sealed", "withdrawal_reason_sealed"
    ).get(referral=referral)
    for column, secret in zip(raw, secrets, strict=True):
        assert column
        assert secret not in column
        assert secret.split()[0] not in column
    stored = Consent.objects.get(referral=referral)
    assert (stored.giver_name, stored.capacity_notes, stored.withdrawal_reason) == secrets
    logged = " ".join(
        f"{label} {changes}" for label, changes in AuditEvent.objects.values_list("object_label", "changes")
    )
    chronology = " ".join(CaseEvent.objects.values_list("summary", flat=True))
    for secret in secrets:
        assert secret not in logged
        assert secret not in chronology


# --- interventions and sessions -----------------------------------------------------------


def _supported(team: Team) -> Referral:
    return in_support(team, on=today() - dt.timedelta(days=60), date_of_birth=dt.date(2000, 1, 1))


def test_the_assigned_provider_must_be_an_intervention_provider_of_the_partnership(team: Team) -> None:
    referral = _supported(team)
    elsewhere = make_team("Camden", "CA")
    for wrong in (team.chair.user, elsewhere.provider.user):
        with pytest.raises(Refused, match="must be an intervention provider of this partnership"):
            actions.agree_intervention(
                viewer=team.coordinator,
                referral=referral,
                intervention_type=mentoring(),
                provider_organisation="Approved Intervention Provider",
                provider=wrong,
                starts_on=today(),
                frequency_days=7,
            )
    assert not referral.interventions.exists()


def test_the_assigned_provider_logs_sessions_and_an_attended_one_moves_the_next_due_date(team: Team) -> None:
    referral = _supported(team)
    start = today() - dt.timedelta(days=50)
    agreed = intervention(team, referral, starts_on=start, frequency_days=14)
    assert (agreed.last_session_on, agreed.session_due_on) == (None, start + dt.timedelta(days=14))
    held = start + dt.timedelta(days=10)
    actions.log_session(viewer=team.provider, intervention=agreed, held_on=held, attended=True, notes="Fine.")
    agreed.refresh_from_db()
    assert (agreed.last_session_on, agreed.session_due_on) == (held, held + dt.timedelta(days=14))
    # An earlier session logged late does not move the dates back.
    actions.log_session(viewer=team.provider, intervention=agreed, held_on=start, attended=True)
    agreed.refresh_from_db()
    assert agreed.last_session_on == held


def test_a_missed_session_does_not_count_as_support_delivered(team: Team) -> None:
    referral = _supported(team)
    agreed = intervention(team, referral, starts_on=today() - dt.timedelta(days=20), frequency_days=7)
    due = agreed.session_due_on
    session = actions.log_session(
        viewer=team.provider, intervention=agreed, held_on=today() - dt.timedelta(days=6), attended=False
    )
    agreed.refresh_from_db()
    assert (agreed.last_session_on, agreed.session_due_on) == (None, due)
    assert session.attended is False
    assert referral.events.filter(kind="session", summary__contains="did not attend").exists()


def test_a_provider_not_assigned_to_the_intervention_cannot_log_its_sessions(team: Team) -> None:
    referral = _supported(team)
    agreed = intervention(team, referral, starts_on=today())
    other = User.objects.create_user("other.provider@th.example.gov.uk", "a long test password")
    Membership.objects.create(user=other, partnership=team.partnership, role=Role.PROVIDER)
    before = _snapshot(referral)
    for someone in (Viewer(other, team.partnership, frozenset({Role.PROVIDER})), team.panel_member):
        with pytest.raises(Refused, match="Only the intervention's provider or the case team"):
            actions.log_session(viewer=someone, intervention=agreed, held_on=today(), attended=True)
    assert _snapshot(referral) == before
    assert not agreed.sessions.exists()


def test_a_session_cannot_be_before_the_start_or_in_the_future(team: Team) -> None:
    referral = _supported(team)
    start = today() - dt.timedelta(days=10)
    agreed = intervention(team, referral, starts_on=start)
    with pytest.raises(Refused, match="cannot be before the intervention started"):
        actions.log_session(
            viewer=team.provider, intervention=agreed, held_on=start - dt.timedelta(days=1), attended=True
        )
    with pytest.raises(Refused, match="must be today or in the past"):
        actions.log_session(
            viewer=team.provider, intervention=agreed, held_on=today() + dt.timedelta(days=1), attended=True
        )
    assert not agreed.sessions.exists()


def test_an_ended_intervention_takes_no_more_sessions(team: Team) -> None:
    referral = _supported(team)
    agreed = intervention(team, referral, starts_on=today() - dt.timedelta(days=10))
    actions.end_intervention(
        viewer=team.coordinator, intervention=agreed, ended_on=today(), reason="Goals met."
    )
    with pytest.raises(Refused, match="has ended; sessions can no longer be logged"):
        actions.log_session(viewer=team.provider, intervention=agreed, held_on=today(), attended=True)
    with pytest.raises(Refused, match="already ended"):
        actions.end_intervention(
            viewer=team.coordinator, intervention=agreed, ended_on=today(), reason="Again."
        )


def test_a_provider_sees_only_their_active_interventions_while_the_case_is_in_support(team: Team) -> None:
    referral = _supported(team)
    mine = intervention(team, referral, starts_on=today())
    ended = intervention(team, referral, starts_on=today())
    actions.end_intervention(viewer=team.coordinator, intervention=ended, ended_on=today(), reason="Done.")
    unassigned = actions.agree_intervention(
        viewer=team.coordinator,
        referral=referral,
        intervention_type=mentoring(),
        provider_organisation="Youth service",
        starts_on=today(),
        frequency_days=7,
    )
    assert list(access.interventions(team.provider)) == [mine]
    assert set(access.interventions(team.coordinator)) == {mine, ended, unassigned}
    assert not access.interventions(team.panel_member).exists()
    withdraw(team, referral, reason="No.")
    assert not access.interventions(team.provider).exists()


def test_withdrawal_takes_the_case_off_the_agenda_it_was_waiting_on(team: Team) -> None:
    """No panel can decide a review of support once consent is withdrawn; left on the
    agenda, the meeting could never be closed."""
    referral = _supported(team)
    panel = actions.schedule_meeting(
        viewer=team.chair, meets_at=timezone.now(), location="Town Hall", chair=team.chair.user
    )
    actions.add_to_agenda(viewer=team.chair, meeting=panel, referral=referral)
    withdraw(team, referral, reason="No.")
    assert not panel.agenda.exists()
    assert referral.events.filter(kind="agenda", summary__contains="Taken off the agenda").exists()
    actions.close_meeting(viewer=team.chair, meeting=panel)
