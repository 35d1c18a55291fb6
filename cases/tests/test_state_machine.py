"""Random sequences of actions, by random roles, driven through the referral state
machine. The test keeps its own model of what each move should do; the action
functions must agree with it, refuse every illegal move without changing anything, and
leave the audit chain valid."""

from __future__ import annotations

import collections
import itertools
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.access import Viewer
from accounts.models import Membership, Partnership, Role, User
from audit.log import verify_chain
from cases import actions
from cases.models import AgendaItem, Referral, SupportService
from conftest import referral_details
from lib.errors import Refused

_numbers = itertools.count(1)
# Legal moves made across all examples, so the test can show it reached every stage.
MADE: collections.Counter[str] = collections.Counter()

# The specification, written independently of cases.workflow.
GATEWAY = {
    "no_further_action": "no_further_action",
    "signposted": "signposted",
    "police_led": "police_led",
    "progress": "progressed",
}
PANEL = {
    "adopt": "adopted",
    "not_adopt_signpost": "not_adopted_signposted",
    "not_adopt_nfa": "not_adopted_nfa",
    "defer": "at_panel",
}
ROLES = [Role.COORDINATOR, Role.CHAIR, Role.POLICE, Role.REFERRER, Role.PANEL_MEMBER, Role.STEERING]


def mostly(role: str) -> st.SearchStrategy[str]:
    """Usually the role that may make the move, so sequences get past the gateway;
    otherwise any role, so refusals are exercised too."""
    return st.one_of(st.just(role), st.just(role), st.sampled_from(ROLES))


class ReferralMachine(RuleBasedStateMachine):
    referrals = Bundle("referrals")
    meetings = Bundle("meetings")
    items = Bundle("items")

    def __init__(self) -> None:
        super().__init__()
        number = next(_numbers)
        self.partnership = Partnership.objects.create(
            name=f"Machine {number}", slug=f"machine-{number}", code=f"M{number}"
        )
        self.viewers: dict[str, Viewer] = {}
        for role in ROLES:
            user = User.objects.create_user(
                f"{role}-{number}@machine.example", "a long test password", full_name=role
            )
            Membership.objects.create(user=user, partnership=self.partnership, role=role)
            self.viewers[role] = Viewer(user, self.partnership, frozenset({role}))
        self.expected: dict[int, dict[str, Any]] = {}
        self.decided_items: set[int] = set()
        self.open_meetings: set[int] = set()

    def _state(self, referral: Referral) -> str:
        return Referral.objects.get(pk=referral.pk).state

    def _refused(self, call: Any) -> None:
        with pytest.raises(Refused):
            call()

    @rule(target=referrals, role=st.sampled_from(ROLES))
    def submit(self, role: str) -> Any:
        viewer = self.viewers[role]
        if role not in (Role.REFERRER, Role.COORDINATOR, Role.POLICE):
            self._refused(lambda: actions.submit_referral(viewer=viewer, details=referral_details()))
            viewer = self.viewers[Role.REFERRER]
        referral = actions.submit_referral(
            viewer=viewer, details=referral_details(family_name=f"Person{len(self.expected)}")
        )
        self.expected[referral.pk] = {"state": "received", "identity": False, "deconflicted": False}
        return referral

    @rule(referral=referrals, role=mostly(Role.POLICE))
    def confirm_identity(self, referral: Referral, role: str) -> None:
        model = self.expected[referral.pk]
        call = lambda: actions.confirm_new_person(viewer=self.viewers[role], referral=referral)
        if role in (Role.POLICE, Role.COORDINATOR) and model["state"] == "received" and not model["identity"]:
            call()
            model["identity"] = True
            MADE["identity"] += 1
        else:
            self._refused(call)

    @rule(referral=referrals, role=mostly(Role.POLICE))
    def deconflict(self, referral: Referral, role: str) -> None:
        model = self.expected[referral.pk]
        call = lambda: actions.record_deconfliction(
            viewer=self.viewers[role], referral=referral, checks="Checks."
        )
        if role == Role.POLICE and model["state"] == "received":
            call()
            model["deconflicted"] = True
            MADE["deconflict"] += 1
        else:
            self._refused(call)

    @rule(referral=referrals, role=mostly(Role.POLICE), decision=st.sampled_from(sorted(GATEWAY)))
    def gateway(self, referral: Referral, role: str, decision: str) -> None:
        model = self.expected[referral.pk]
        service = (
            SupportService.objects.get(code="early_help", partnership=None)
            if decision == "signposted"
            else None
        )
        call = lambda: actions.record_gateway_decision(
            viewer=self.viewers[role],
            referral=referral,
            decision=decision,
            reasons="Reasons.",
            signposted_to=service,
        )
        legal = (
            role == Role.POLICE
            and model["state"] == "received"
            and model["identity"]
            and model["deconflicted"]
        )
        if legal:
            call()
            model["state"] = GATEWAY[decision]
            MADE[f"gateway:{decision}"] += 1
        else:
            self._refused(call)

    @rule(referral=referrals, decision=st.sampled_from(sorted(GATEWAY)))
    def whole_gateway(self, referral: Referral, decision: str) -> None:
        """The police officer's whole gateway assessment in one step, so that random
        sequences regularly get past the gateway to the panel."""
        self.confirm_identity(referral, Role.POLICE)
        self.deconflict(referral, Role.POLICE)
        self.gateway(referral, Role.POLICE, decision)

    @rule(target=meetings, role=st.sampled_from(ROLES))
    def schedule(self, role: str) -> Any:
        chair = self.viewers[Role.CHAIR].user
        call = lambda: actions.schedule_meeting(
            viewer=self.viewers[role], meets_at=timezone.now(), location="", chair=chair
        )
        if role not in (Role.CHAIR, Role.COORDINATOR):
            self._refused(call)
            role = Role.CHAIR
        meeting = actions.schedule_meeting(
            viewer=self.viewers[role], meets_at=timezone.now(), location="", chair=chair
        )
        self.open_meetings.add(meeting.pk)
        return meeting

    @rule(target=items, meeting=meetings, referral=referrals, role=mostly(Role.CHAIR))
    def put_on_agenda(self, meeting: Any, referral: Referral, role: str) -> Any:
        model = self.expected[referral.pk]
        waiting = AgendaItem.objects.filter(referral=referral, decision="").exists()
        already_here = AgendaItem.objects.filter(meeting=meeting, referral=referral).exists()
        legal = (
            role in (Role.CHAIR, Role.COORDINATOR)
            and meeting.pk in self.open_meetings
            and model["state"] in ("progressed", "at_panel")
            and not waiting
            and not already_here
        )
        call = lambda: actions.add_to_agenda(viewer=self.viewers[role], meeting=meeting, referral=referral)
        if not legal:
            self._refused(call)
            return None
        item = call()
        model["state"] = "at_panel"
        MADE["agenda"] += 1
        return item

    @rule(target=items, referral=referrals)
    def to_a_new_meeting(self, referral: Referral) -> Any:
        """A chair schedules a meeting for a case, so that random sequences regularly
        reach panel decisions."""
        return self.put_on_agenda(self.schedule(Role.CHAIR), referral, Role.CHAIR)

    @rule(referral=referrals, decision=st.sampled_from(sorted(PANEL)))
    def whole_panel(self, referral: Referral, decision: str) -> None:
        """A referral taken through the gateway (if still there) to a new meeting and
        decided there, in one step."""
        if self.expected[referral.pk]["state"] == "received":
            self.whole_gateway(referral, "progress")
        self.panel_decision(self.to_a_new_meeting(referral), Role.CHAIR, decision)

    @rule(item=items, role=mostly(Role.CHAIR), decision=st.sampled_from(sorted(PANEL)))
    def panel_decision(self, item: Any, role: str, decision: str) -> None:
        if item is None:
            return
        model = self.expected[item.referral_id]
        service = (
            SupportService.objects.get(code="early_help", partnership=None)
            if decision == "not_adopt_signpost"
            else None
        )
        call = lambda: actions.record_panel_decision(
            viewer=self.viewers[role],
            item=AgendaItem.objects.get(pk=item.pk),
            decision=decision,
            reasons="Reasons.",
            signposted_to=service,
        )
        legal = (
            role in (Role.CHAIR, Role.COORDINATOR)
            and item.meeting_id in self.open_meetings
            and item.pk not in self.decided_items
            and model["state"] == "at_panel"
        )
        if legal:
            call()
            model["state"] = PANEL[decision]
            MADE[f"panel:{decision}"] += 1
            self.decided_items.add(item.pk)
        else:
            self._refused(call)

    @rule(meeting=meetings, role=st.sampled_from([Role.CHAIR, Role.POLICE, Role.STEERING, Role.REFERRER]))
    def close(self, meeting: Any, role: str) -> None:
        undecided = meeting.agenda.filter(decision="").exists()
        call = lambda: actions.close_meeting(viewer=self.viewers[role], meeting=meeting)
        if role == Role.CHAIR and meeting.pk in self.open_meetings and not undecided:
            call()
            self.open_meetings.discard(meeting.pk)
            MADE["close"] += 1
        else:
            self._refused(call)

    @invariant()
    def states_match_the_specification(self) -> None:
        for pk, model in self.expected.items():
            assert Referral.objects.get(pk=pk).state == model["state"]

    def teardown(self) -> None:
        assert verify_chain().intact


@pytest.mark.django_db
def test_no_illegal_transition_is_ever_accepted() -> None:
    run_state_machine_as_test(
        ReferralMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            derandomize=True,
        ),
    )
    reached = {
        "identity",
        "deconflict",
        "agenda",
        "close",
        *(f"gateway:{d}" for d in GATEWAY),
        *(f"panel:{d}" for d in PANEL),
    }
    assert reached <= set(MADE), f"never reached: {sorted(reached - set(MADE))}; made: {dict(MADE)}"
