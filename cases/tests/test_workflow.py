"""The referral state machine through the action functions: every refused move says
why and changes nothing."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions
from cases.models import CaseEvent, GatewayDecision, PanelDecision, Referral, ReferralState, SupportService
from conftest import Channel, quorate, referral_details, viewer
from lib.errors import Refused

pytestmark = pytest.mark.django_db


def _unchanged(referral: Referral, before_state: str, events: int, audit: int) -> None:
    referral.refresh_from_db()
    assert referral.state == before_state
    assert CaseEvent.objects.count() == events
    assert AuditEvent.objects.count() == audit


def _snapshot(referral: Referral) -> tuple[str, int, int]:
    referral.refresh_from_db()
    return referral.state, CaseEvent.objects.count(), AuditEvent.objects.count()


def test_a_referral_gets_a_reference_and_its_chronology_starts(channel: Channel) -> None:
    referral = channel.waiting
    assert referral.reference.startswith(f"TH-{timezone.localdate().year}-")
    assert referral.state == ReferralState.RECEIVED
    assert list(referral.events.values_list("kind", flat=True)) == ["received"]


def test_references_count_up_within_a_partnership_and_year(
    channel: Channel, partnership: Partnership
) -> None:
    third = actions.submit_referral(viewer=viewer(channel.referrer, partnership), details=referral_details())
    numbers = sorted(int(r.reference.rsplit("-", 1)[1]) for r in Referral.objects.all())
    assert numbers == [1, 2, 3]
    assert third.reference.endswith("0003")


def test_the_gateway_decision_needs_identity_and_deconfliction_first(
    channel: Channel, partnership: Partnership
) -> None:
    police = viewer(channel.police, partnership)
    referral = channel.waiting
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Link the referral to a person"):
        actions.record_gateway_decision(
            viewer=police, referral=referral, decision="progress", reasons="Because."
        )
    _unchanged(referral, *before)
    actions.confirm_new_person(viewer=police, referral=referral)
    with pytest.raises(Refused, match="Record deconfliction before"):
        actions.record_gateway_decision(
            viewer=police, referral=referral, decision="progress", reasons="Because."
        )


def test_a_gateway_decision_cannot_be_recorded_twice(channel: Channel, partnership: Partnership) -> None:
    police = viewer(channel.police, partnership)
    referral = channel.progressed
    before = _snapshot(referral)
    with pytest.raises(
        Refused, match=r"already has a gateway decision\. A decision cannot be recorded twice"
    ):
        actions.record_gateway_decision(
            viewer=police, referral=referral, decision="no_further_action", reasons="Changed my mind."
        )
    _unchanged(referral, *before)


@pytest.mark.parametrize(
    ("decision", "state"),
    [
        (GatewayDecision.NO_FURTHER_ACTION, ReferralState.NO_FURTHER_ACTION),
        (GatewayDecision.POLICE_LED, ReferralState.POLICE_LED),
        (GatewayDecision.SIGNPOSTED, ReferralState.SIGNPOSTED),
        (GatewayDecision.PROGRESS, ReferralState.PROGRESSED),
    ],
)
def test_each_gateway_outcome_moves_the_referral(
    channel: Channel, partnership: Partnership, decision: str, state: str
) -> None:
    police = viewer(channel.police, partnership)
    referral = channel.waiting
    actions.confirm_new_person(viewer=police, referral=referral)
    actions.record_deconfliction(viewer=police, referral=referral, checks="Checks clear.")
    service = (
        SupportService.objects.get(code="early_help") if decision == GatewayDecision.SIGNPOSTED else None
    )
    actions.record_gateway_decision(
        viewer=police, referral=referral, decision=decision, reasons="Reasons.", signposted_to=service
    )
    referral.refresh_from_db()
    assert referral.state == state
    assert referral.events.filter(kind="gateway_decision").count() == 1


def test_signposting_needs_the_service(channel: Channel, partnership: Partnership) -> None:
    police = viewer(channel.police, partnership)
    referral = channel.waiting
    actions.confirm_new_person(viewer=police, referral=referral)
    actions.record_deconfliction(viewer=police, referral=referral, checks="Checks clear.")
    with pytest.raises(Refused, match="Select the service"):
        actions.record_gateway_decision(
            viewer=police, referral=referral, decision="signposted", reasons="Early Help."
        )


def test_only_the_police_make_the_gateway_decision(channel: Channel, partnership: Partnership) -> None:
    for user in (channel.coordinator, channel.chair, channel.referrer):
        with pytest.raises(Refused, match="Your role does not allow you to record"):
            actions.record_deconfliction(
                viewer=viewer(user, partnership), referral=channel.waiting, checks="x"
            )


def test_a_referral_cannot_reach_a_panel_without_a_gateway_decision_to_progress_it(
    channel: Channel, partnership: Partnership
) -> None:
    chair = viewer(channel.chair, partnership)
    before = _snapshot(channel.waiting)
    with pytest.raises(Refused, match="Only a referral progressed to Channel"):
        actions.add_to_agenda(viewer=chair, meeting=channel.meeting, referral=channel.waiting)
    _unchanged(channel.waiting, *before)


def test_information_is_shared_only_once_progressed(channel: Channel, partnership: Partnership) -> None:
    with pytest.raises(Refused, match="only once the referral has been progressed"):
        actions.record_sharing(
            viewer=viewer(channel.coordinator, partnership),
            referral=channel.waiting,
            direction="request",
            partner="School",
            legal_basis="ctsa_s38",
            subject="Attendance",
            sent_at=timezone.now(),
        )


def test_a_panel_adopts_and_the_decision_cannot_be_recorded_twice(
    channel: Channel, partnership: Partnership
) -> None:
    chair = viewer(channel.chair, partnership)
    channel.meeting.meets_at = timezone.now() - dt.timedelta(hours=1)  # it has begun
    channel.meeting.save(update_fields=["meets_at"])
    quorate(channel.meeting, chair)
    actions.record_panel_decision(
        viewer=chair,
        item=channel.item,
        decision=PanelDecision.ADOPT,
        reasons="Vulnerability is present.",
        panel_actions=[
            actions.NewPanelAction(
                "Refer to an intervention provider", channel.coordinator, timezone.localdate()
            )
        ],
    )
    referral = Referral.objects.get(pk=channel.progressed.pk)
    assert referral.state == ReferralState.ADOPTED
    assert channel.item.actions.count() == 1
    before = _snapshot(referral)
    channel.item.refresh_from_db()
    with pytest.raises(Refused, match="cannot be recorded twice"):
        actions.record_panel_decision(
            viewer=chair, item=channel.item, decision=PanelDecision.NOT_ADOPT_NFA, reasons="No."
        )
    _unchanged(referral, *before)


def test_a_deferred_case_can_go_on_the_next_meeting(channel: Channel, partnership: Partnership) -> None:
    chair = viewer(channel.chair, partnership)
    channel.meeting.meets_at = timezone.now() - dt.timedelta(hours=1)  # it has begun
    channel.meeting.save(update_fields=["meets_at"])
    actions.record_panel_decision(
        viewer=chair,
        item=channel.item,
        decision=PanelDecision.DEFER,
        reasons="Waiting for the school's report.",
    )
    assert Referral.objects.get(pk=channel.progressed.pk).state == ReferralState.AT_PANEL
    later = actions.schedule_meeting(viewer=chair, meets_at=timezone.now(), location="", chair=channel.chair)
    item = actions.add_to_agenda(viewer=chair, meeting=quorate(later, chair), referral=channel.progressed)
    actions.record_panel_decision(
        viewer=chair, item=item, decision=PanelDecision.NOT_ADOPT_NFA, reasons="Report fine."
    )
    assert Referral.objects.get(pk=channel.progressed.pk).state == ReferralState.NOT_ADOPTED_NFA


def test_a_case_cannot_be_on_two_agendas_waiting_for_decisions(
    channel: Channel, partnership: Partnership
) -> None:
    chair = viewer(channel.chair, partnership)
    later = actions.schedule_meeting(viewer=chair, meets_at=timezone.now(), location="", chair=channel.chair)
    with pytest.raises(Refused):
        actions.add_to_agenda(viewer=chair, meeting=later, referral=channel.progressed)


def test_closing_a_meeting_needs_every_decision_and_attendance(
    channel: Channel, partnership: Partnership
) -> None:
    chair = viewer(channel.chair, partnership)
    channel.meeting.meets_at = timezone.now() - dt.timedelta(hours=1)  # it has begun
    channel.meeting.save(update_fields=["meets_at"])
    with pytest.raises(Refused, match="still need a decision"):
        actions.close_meeting(viewer=chair, meeting=channel.meeting)
    quorate(channel.meeting, chair)
    actions.record_panel_decision(viewer=chair, item=channel.item, decision="adopt", reasons="Adopt.")
    with pytest.raises(Refused, match="Record whether each invited member attended"):
        actions.close_meeting(viewer=chair, meeting=channel.meeting)
    actions.record_attendance(viewer=chair, meeting=channel.meeting, attended={channel.invitation.pk: True})
    actions.close_meeting(viewer=chair, meeting=channel.meeting)
    with pytest.raises(Refused, match="minutes are final"):
        actions.invite_member(viewer=chair, meeting=channel.meeting, member=channel.police, agency="Police")


def test_another_partnership_cannot_act_on_a_referral(
    channel: Channel, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    outsider = viewer(person(other_partnership, Role.POLICE), other_partnership)
    with pytest.raises(Refused, match="another partnership"):
        actions.record_deconfliction(viewer=outsider, referral=channel.waiting, checks="x")


def test_audit_events_name_the_reference_but_hold_no_personal_values(channel: Channel) -> None:
    for event in AuditEvent.objects.filter(object_type="cases.referral"):
        assert event.object_label.startswith("TH-")
        text = str(event.changes)
        for personal in ("Taylor", "Green", "extreme right-wing videos", "PNC", "grievance"):
            assert personal not in text


def test_a_second_referral_of_the_same_person_can_be_linked(
    channel: Channel, partnership: Partnership
) -> None:
    police = viewer(channel.police, partnership)
    again = actions.submit_referral(
        viewer=viewer(channel.referrer, partnership), details=referral_details(family_name="Tailor")
    )
    assert again.possible_matches == 1
    person = Referral.objects.get(pk=channel.progressed.pk).person
    assert person is not None
    actions.link_to_person(viewer=police, referral=again, person=person)
    assert person.referrals.count() == 2
