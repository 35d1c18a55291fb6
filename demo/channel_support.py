"""Fictional Channel cases after adoption, for the demo: consent from a parent with
active support and one intervention without a session for weeks, a withdrawal, an exit
whose six-month review is nearly due, a case offered to another partnership, and a case
closed at the gateway long enough ago to be due for deletion review. Dates are set in
the past through the actions' date arguments, as a coordinator recording events from
paper would. The people are invented; every page's footer says so in demo mode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases import actions
from cases.models import (
    ConcernType,
    InterventionType,
    PanelMeeting,
    Referral,
    ReferralSector,
    ReferralState,
)
from lib.dates import add_months

# Invented names, rotated so each demo partnership has different people.
PEOPLE = [
    ("Kian", "Doherty", "male"),
    ("Sofia", "Marchetti", "female"),
    ("Idris", "Bello", "male"),
    ("Maya", "Lindqvist", "female"),
    ("Callum", "Ferris", "male"),
]
# Ages today by position, the same everywhere: the first person is a child whose parent
# consents, the others are adults when they consent.
AGES = [15, 24, 21, 17, 19]


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class _Demo:
    def __init__(self, partnership: Partnership, people: dict[Role, User]) -> None:
        self.partnership = partnership
        self.people = people
        self.as_ = {role: Viewer(user, partnership, frozenset({role})) for role, user in people.items()}
        offset = sum(map(ord, partnership.slug)) % len(PEOPLE)
        self.names = PEOPLE[offset:] + PEOPLE[:offset]
        self.concern = {c.code: c for c in ConcernType.objects.filter(partnership=None)}
        self.sector = {s.code: s for s in ReferralSector.objects.filter(partnership=None)}
        self.support = {t.code: t for t in InterventionType.objects.filter(partnership=None)}

    def referral(self, index: int, received: dt.date, concern: str, narrative: str) -> Referral:
        given, family, gender = self.names[index]
        return self.submit(given, family, gender, AGES[index], received, concern, narrative)

    def submit(
        self,
        given: str,
        family: str,
        gender: str,
        age: int,
        received: dt.date,
        concern: str,
        narrative: str,
        *,
        months_past_birthday: int = 5,
    ) -> Referral:
        """A referral by the demo referrer, its person confirmed as new and deconflicted."""
        referral = actions.submit_referral(
            viewer=self.as_[Role.REFERRER],
            details=actions.ReferralDetails(
                given_names=given,
                family_name=family,
                date_of_birth=add_months(timezone.localdate(), -(12 * age + months_past_birthday)),
                gender=gender,
                concern_type=self.concern[concern],
                sector=self.sector["education" if age < 18 else "local_authority"],
                narrative=narrative,
                referrer_name=self.people[Role.REFERRER].full_name,
                referrer_organisation="Secondary school (demo)"
                if age < 18
                else "Council housing team (demo)",
                received_at=_at(received, 11),
            ),
        )
        police = self.as_[Role.POLICE]
        actions.confirm_new_person(viewer=police, referral=referral)
        actions.record_deconfliction(
            viewer=police,
            referral=referral,
            checks="PNC, PND and local intelligence checked: nothing conflicts.",
        )
        return referral

    def gateway(self, referral: Referral, decision: str, reasons: str, on: dt.date) -> None:
        actions.record_gateway_decision(
            viewer=self.as_[Role.POLICE], referral=referral, decision=decision, reasons=reasons, decided_on=on
        )

    def meeting(self, day: dt.date) -> PanelMeeting:
        chair = self.as_[Role.CHAIR]
        meeting = actions.schedule_meeting(
            viewer=chair,
            meets_at=_at(day, 14),
            location="Committee room 2 (demo)",
            chair=self.people[Role.CHAIR],
        )
        actions.invite_members(
            viewer=chair,
            meeting=meeting,
            members=[
                (self.people[Role.PANEL_MEMBER], "Children's Social Care"),
                (self.people[Role.POLICE], "Police"),
            ],
        )
        return meeting

    def decide(self, meeting: PanelMeeting, decisions: Sequence[tuple[Referral, str, str]]) -> None:
        chair = self.as_[Role.CHAIR]
        items = [
            (actions.add_to_agenda(viewer=chair, meeting=meeting, referral=r), d, why)
            for r, d, why in decisions
        ]
        # Quorate before it decides: the chair and the police officer present (cases.quorum).
        actions.record_attendance(
            viewer=chair,
            meeting=meeting,
            attendance={i.pk: "present" for i in meeting.invitations.all()},
            chair="present",
        )
        for item, decision, reasons in items:
            actions.record_panel_decision(
                viewer=chair,
                item=item,
                decision=decision,
                reasons=reasons,
                closure_reason="support_complete" if decision in ("exit", "close") else "",
            )
        actions.close_meeting(viewer=chair, meeting=meeting)

    def consent(self, referral: Referral, on: dt.date, **values: Any) -> None:
        referral.refresh_from_db()
        actions.record_consent(
            viewer=self.as_[Role.COORDINATOR],
            referral=referral,
            decision="given",
            method="in_person",
            given_on=on,
            **values,
        )

    def intervention(
        self,
        referral: Referral,
        code: str,
        provider: str,
        starts: dt.date,
        every: int,
        sessions: Sequence[dt.date],
    ) -> None:
        intervention = actions.agree_intervention(
            viewer=self.as_[Role.COORDINATOR],
            referral=referral,
            intervention_type=self.support[code],
            provider_organisation=provider,
            provider=self.people[Role.PROVIDER] if code == "ideological_mentoring" else None,
            starts_on=starts,
            frequency_days=every,
        )
        logger = self.as_[Role.PROVIDER] if intervention.provider_id else self.as_[Role.COORDINATOR]
        for held_on in sessions:
            actions.log_session(
                viewer=logger,
                intervention=intervention,
                held_on=held_on,
                attended=True,
                notes="Covered the planned topics; engaged well.",
            )


def load(partnership: Partnership, people: dict[Role, User]) -> Referral:
    """Returns the case to offer to another partnership once every partnership exists."""
    demo = _Demo(partnership, people)
    mentor = "Approved Intervention Provider (demo)"

    # Exited six months ago: adopted a year ago, reviewed at panel, exit agreed; its six-month
    # review is a week overdue, so the home page's count of overdue reviews is not empty.
    exited = demo.referral(
        2, _ago(400), "extreme_right_wing", "Recruiting friends into a far-right chat group."
    )
    demo.gateway(exited, "progress", "Engaging with an extreme right-wing group; vulnerable.", _ago(395))
    demo.decide(demo.meeting(_ago(380)), [(exited, "adopt", "Vulnerable and engaged; mentoring can help.")])
    demo.consent(exited, _ago(375), given_by="person", capacity_notes="Understood what Channel offers.")
    demo.intervention(
        exited, "ideological_mentoring", mentor, _ago(370), 14, [_ago(d) for d in range(368, 194, -14)]
    )
    demo.decide(demo.meeting(_ago(290)), [(exited, "continue", "Engaging well with mentoring; continue.")])
    demo.decide(
        demo.meeting(_ago(191)),
        [(exited, "exit", "Has left the group and rejects its views; the vulnerability is much reduced.")],
    )

    # Adopted three months ago: one in support with a parent's consent, one who withdrew.
    supported = demo.referral(
        0, _ago(120), "islamist", "Watching videos of a banned preacher; isolated at school."
    )
    demo.gateway(supported, "progress", "Vulnerability and engagement present.", _ago(115))
    withdrew = demo.referral(
        1, _ago(118), "mixed_unclear_unstable", "Fixated on mass shootings after losing work."
    )
    demo.gateway(withdrew, "progress", "Fixation on mass violence; mental health needs.", _ago(112))
    demo.decide(
        demo.meeting(_ago(90)),
        [
            (supported, "adopt", "Vulnerable and drawn to an extremist narrative; support can reduce it."),
            (withdrew, "adopt", "Fascination with mass violence and poor mental health; support offered."),
        ],
    )
    given, family, _ = demo.names[0]
    demo.consent(supported, _ago(85), given_by="parent", giver_name=f"Parent of {given} {family} (demo)")
    # Mentoring stopped a month ago: it shows as overdue on the coordinator's home page.
    demo.intervention(
        supported, "ideological_mentoring", mentor, _ago(80), 7, [_ago(d) for d in range(79, 29, -7)]
    )
    demo.intervention(
        supported,
        "education_careers",
        "Council careers service (demo)",
        _ago(70),
        14,
        [_ago(d) for d in range(68, 4, -14)],
    )
    demo.consent(withdrew, _ago(84), given_by="person", capacity_notes="Has capacity; anxious but clear.")
    demo.intervention(
        withdrew, "mental_health", "Community mental health team (demo)", _ago(80), 7, [_ago(73), _ago(66)]
    )
    withdrew.refresh_from_db()
    actions.withdraw_consent(
        viewer=demo.as_[Role.COORDINATOR],
        referral=withdrew,
        withdrawn_on=_ago(10),
        reason="No longer wishes to take part after moving in with a relative.",
        not_given=actions.NotGiven(reconsider_on=_ago(-80)),
    )

    # Closed at the gateway three and a half years ago: now due for deletion review.
    old = demo.referral(4, _ago(1290), "no_risk", "Repeated a slogan from a video game in class.")
    demo.gateway(old, "no_further_action", "Innocent context, confirmed by the school.", _ago(1285))

    # Progressed last month; the family is moving away, so it is offered to another partnership.
    moving = demo.referral(
        3, _ago(30), "incel", "Posting hostile views about women; says he has nothing to lose."
    )
    demo.gateway(moving, "progress", "Engaging with incel material; vulnerable.", _ago(25))
    return moving


def offer_transfers(moving: dict[Partnership, Referral], coordinators: dict[Partnership, User]) -> None:
    """Each partnership offers its moving case to the next, so every demo coordinator has
    a transfer waiting for an answer."""
    partnerships = list(moving)
    for index, partnership in enumerate(partnerships):
        referral = moving[partnership]
        referral.refresh_from_db()
        assert referral.state == ReferralState.PROGRESSED
        actions.request_transfer(
            viewer=Viewer(coordinators[partnership], partnership, frozenset({Role.COORDINATOR})),
            referral=referral,
            to_partnership=partnerships[(index + 1) % len(partnerships)],
            reason="The family is moving to your area next month (demo).",
        )
