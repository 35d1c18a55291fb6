"""Transfer of a case to the partnership where the person now lives: offered by the
sending coordinator, answered by the receiving one. Accepted, the person and all their
referrals move with their history; the sender keeps a note of where the case went."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from audit.log import verify_chain
from audit.models import AuditEvent
from cases import access, actions, queries
from cases.models import (
    CaseEvent,
    CaseTransfer,
    InterventionStatus,
    PersonNameKey,
    Referral,
    ReferralState,
    TransferStatus,
)
from cases.tests.builders import (
    Team,
    consent,
    decide,
    gateway,
    in_support,
    intervention,
    make_team,
    meeting,
    noon,
    refer,
    today,
)
from lib.errors import Refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


@pytest.fixture
def camden(db: Any) -> Team:
    return make_team("Camden", "CA")


def _snapshot(referral: Referral) -> tuple[str, int, int, int, int]:
    referral.refresh_from_db()
    return (
        referral.state,
        referral.partnership_id,
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
        CaseTransfer.objects.count(),
    )


def _request(team: Team, referral: Referral, to: Team, reason: str = "The family moved.") -> CaseTransfer:
    return actions.request_transfer(
        viewer=team.coordinator, referral=referral, to_partnership=to.partnership, reason=reason
    )


def _supported(team: Team) -> Referral:
    return in_support(
        team,
        on=today() - dt.timedelta(days=40),
        given_names="Jordan",
        family_name="Reeve",
        date_of_birth=dt.date(2000, 2, 3),
    )


# --- requesting ---------------------------------------------------------------------------


def test_a_transfer_request_needs_another_partnership_and_a_reason(team: Team, camden: Team) -> None:
    referral = _supported(team)
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Choose another partnership"):
        _request(team, referral, team)
    with pytest.raises(Refused, match="Enter why the case is being transferred"):
        _request(team, referral, camden, reason="  ")
    assert _snapshot(referral) == before


def test_a_case_waiting_on_a_panel_agenda_is_not_transferred(team: Team, camden: Team) -> None:
    referral = gateway(team, refer(team))
    actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)
    before = _snapshot(referral)
    with pytest.raises(Refused, match=r"is on the agenda of the panel of .* before transferring it"):
        _request(team, referral, camden)
    assert _snapshot(referral) == before


def test_a_case_cannot_have_two_transfers_waiting(team: Team, camden: Team) -> None:
    referral = _supported(team)
    _request(team, referral, camden)
    third = make_team("Hackney", "HK")
    before = _snapshot(referral)
    with pytest.raises(Refused, match="already waiting to be accepted by another partnership"):
        _request(team, referral, third)
    assert _snapshot(referral) == before


def test_a_closed_case_is_not_transferred(team: Team, camden: Team) -> None:
    referral = gateway(team, refer(team), "no_further_action")
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Only an open case can be transferred"):
        _request(team, referral, camden)
    assert _snapshot(referral) == before


def test_a_persons_open_referrals_move_together(team: Team, camden: Team) -> None:
    first = _supported(team)
    second = refer(team, given_names="Jordan", family_name="Reeve", date_of_birth=dt.date(2000, 2, 3))
    assert first.person is not None
    actions.link_to_person(viewer=team.police, referral=second, person=first.person)
    with pytest.raises(Refused, match=f"another open referral here \\({second.reference}\\)"):
        _request(team, first, camden)


def test_only_the_coordinator_requests_a_transfer(team: Team, camden: Team) -> None:
    referral = _supported(team)
    for someone in (team.chair, team.police, team.provider):
        with pytest.raises(Refused, match="Your role does not allow you to transfer cases"):
            actions.request_transfer(
                viewer=someone, referral=referral, to_partnership=camden.partnership, reason="Moved."
            )


def test_a_case_waiting_for_a_transfer_answer_is_not_put_on_an_agenda(team: Team, camden: Team) -> None:
    """Otherwise the agenda item would be left behind in the sending partnership with
    nobody able to decide it, and that meeting could never be closed."""
    referral = _supported(team)
    _request(team, referral, camden)
    later = meeting(team)
    before = _snapshot(referral)
    with pytest.raises(Refused, match="waiting to be accepted by Camden"):
        actions.add_to_agenda(viewer=team.chair, meeting=later, referral=referral)
    assert _snapshot(referral) == before


# --- answering ----------------------------------------------------------------------------


def test_accepting_moves_the_person_and_all_their_referrals_with_their_history(
    team: Team, camden: Team
) -> None:
    earlier = gateway(
        team,
        refer(
            team,
            received_on=today() - dt.timedelta(days=400),
            given_names="Jordan",
            family_name="Reeve",
            date_of_birth=dt.date(2000, 2, 3),
        ),
        "no_further_action",
        on=today() - dt.timedelta(days=399),
    )
    assert earlier.person is not None
    person = earlier.person
    started = today() - dt.timedelta(days=40)
    referral = refer(
        team,
        received_on=started,
        given_names="Jordan",
        family_name="Reeve",
        date_of_birth=dt.date(2000, 2, 3),
    )
    actions.link_to_person(viewer=team.police, referral=referral, person=person)
    referral.refresh_from_db()
    gateway(team, referral, on=started)
    decide(team, referral, "adopt", on=started)
    consent(team, referral, on=started)
    support = intervention(team, referral, starts_on=today() - dt.timedelta(days=30))
    events_before = set(CaseEvent.objects.filter(referral=referral).values_list("pk", flat=True))
    transfer = _request(team, referral, camden)
    assert list(access.incoming_transfers(camden.coordinator)) == [transfer]

    moved = actions.accept_transfer(viewer=camden.coordinator, transfer=transfer)

    assert moved.partnership == camden.partnership
    assert moved.state == ReferralState.IN_SUPPORT
    assert set(Referral.objects.filter(person=person).values_list("partnership_id", flat=True)) == {
        camden.partnership.pk
    }
    person.refresh_from_db()
    assert person.partnership == camden.partnership
    assert set(PersonNameKey.objects.filter(person=person).values_list("partnership_id", flat=True)) == {
        camden.partnership.pk
    }
    record = queries.person_record(person)
    assert [c.person for c in queries.possible_matches(camden.partnership, record)] == [person]
    assert queries.possible_matches(team.partnership, record) == []
    support.refresh_from_db()
    assert (support.status, support.ended_on, support.partnership_id) == (
        InterventionStatus.ENDED,
        today(),
        camden.partnership.pk,
    )
    assert "transferred to Camden" in support.end_reason
    assert set(moved.reviews.values_list("partnership_id", flat=True)) == {camden.partnership.pk}
    assert events_before < set(CaseEvent.objects.filter(referral=referral).values_list("pk", flat=True))
    assert moved.events.filter(kind="transfer", summary__contains="Transferred from Tower Hamlets").exists()
    assert earlier.events.filter(kind="transfer").exists()
    # The sender keeps only the note of where it went; the receiver has the case.
    assert referral not in access.referrals(team.coordinator)
    assert earlier not in access.referrals(team.coordinator)
    assert list(access.outgoing_transfers(team.coordinator).values_list("reference", "status")) == [
        (referral.reference, TransferStatus.ACCEPTED)
    ]
    assert set(access.referrals(camden.coordinator)) == {referral, earlier}
    assert not access.incoming_transfers(camden.coordinator).exists()
    assert verify_chain().intact


def test_the_receiving_partnership_carries_on_the_case_and_the_sender_can_no_longer_act(
    team: Team, camden: Team
) -> None:
    referral = _supported(team)
    actions.accept_transfer(viewer=camden.coordinator, transfer=_request(team, referral, camden))
    with pytest.raises(Refused, match="belongs to another partnership"):
        actions.withdraw_consent(
            viewer=team.coordinator,
            referral=referral,
            withdrawn_on=today(),
            reason="x",
            not_given=actions.NotGiven(reconsider_on=today() + dt.timedelta(days=28)),
        )
    with pytest.raises(Refused, match="belongs to another partnership"):
        actions.add_to_agenda(viewer=team.chair, meeting=meeting(team), referral=referral)
    intervention(camden, referral)
    item = decide(camden, referral, "continue")
    assert item.meeting.partnership == camden.partnership
    assert referral.reviews.filter(held_on=today(), agenda_item=item).exists()
    assert set(referral.reviews.values_list("partnership_id", flat=True)) == {camden.partnership.pk}


def test_declining_keeps_the_case_where_it_was(team: Team, camden: Team) -> None:
    referral = _supported(team)
    support = intervention(team, referral)
    transfer = _request(team, referral, camden)
    with pytest.raises(Refused, match="Enter why the transfer is declined"):
        actions.decline_transfer(viewer=camden.coordinator, transfer=transfer, reason=" ")
    declined = actions.decline_transfer(viewer=camden.coordinator, transfer=transfer, reason="Not our area.")
    assert declined.status == TransferStatus.DECLINED
    assert declined.decline_reason == "Not our area."
    referral.refresh_from_db()
    assert (referral.partnership, referral.state) == (team.partnership, ReferralState.IN_SUPPORT)
    support.refresh_from_db()
    assert support.status == InterventionStatus.ACTIVE
    assert referral in access.referrals(team.coordinator)
    assert referral not in access.referrals(camden.coordinator)
    with pytest.raises(Refused, match="already been declined"):
        actions.accept_transfer(viewer=camden.coordinator, transfer=transfer)
    # Once declined, it may be offered again.
    assert _request(team, referral, camden).status == TransferStatus.PENDING


def test_only_the_receiving_partnerships_coordinator_answers_a_transfer(team: Team, camden: Team) -> None:
    referral = _supported(team)
    transfer = _request(team, referral, camden)
    hackney = make_team("Hackney", "HK")
    before = _snapshot(referral)
    for someone in (team.coordinator, hackney.coordinator):
        with pytest.raises(Refused, match="addressed to another partnership"):
            actions.accept_transfer(viewer=someone, transfer=transfer)
        with pytest.raises(Refused, match="addressed to another partnership"):
            actions.decline_transfer(viewer=someone, transfer=transfer, reason="No.")
    for someone in (camden.chair, camden.police):
        with pytest.raises(Refused, match="Your role does not allow you to accept or decline transfers"):
            actions.accept_transfer(viewer=someone, transfer=transfer)
    assert _snapshot(referral) == before
    assert CaseTransfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING
    actions.accept_transfer(viewer=camden.coordinator, transfer=transfer)
    with pytest.raises(Refused, match="already been accepted"):
        actions.accept_transfer(viewer=camden.coordinator, transfer=transfer)


def test_a_case_that_closed_while_its_transfer_waited_is_not_accepted(team: Team, camden: Team) -> None:
    referral = refer(team)
    transfer = _request(team, referral, camden)
    gateway(team, referral, "no_further_action")
    before = _snapshot(referral)
    with pytest.raises(Refused, match="Only an open case can be transferred"):
        actions.accept_transfer(viewer=camden.coordinator, transfer=transfer)
    assert _snapshot(referral) == before
    assert actions.decline_transfer(
        viewer=camden.coordinator, transfer=transfer, reason="Closed already."
    ).status == (TransferStatus.DECLINED)


def test_what_waits_on_a_case_moves_with_it_to_the_receiving_partnerships_lists(
    team: Team, camden: Team
) -> None:
    """Requests waiting for an answer and open panel actions are listed by partnership
    (and counted on its coordinator's home page): they follow the case."""
    started = today() - dt.timedelta(days=40)
    referral = gateway(team, refer(team, received_on=started), on=started)
    asked = actions.record_sharing(
        viewer=team.coordinator,
        referral=referral,
        direction="request",
        partner="Youth Service",
        legal_basis="ctsa_s38",
        subject="Any contact?",
        sent_at=noon(started),
    )
    decide(
        team,
        referral,
        "adopt",
        on=started,
        panel_actions=(actions.NewPanelAction("Find a mentor", team.coordinator.user, today()),),
    )
    assert list(access.sharing_requests(team.coordinator)) == [asked]
    assert access.panel_actions(team.coordinator).count() == 1
    actions.accept_transfer(viewer=camden.coordinator, transfer=_request(team, referral, camden))
    assert list(access.sharing_requests(camden.coordinator)) == [asked]
    assert access.panel_actions(camden.coordinator).count() == 1
    assert not access.sharing_requests(team.coordinator).exists()
    assert not access.panel_actions(team.coordinator).exists()
