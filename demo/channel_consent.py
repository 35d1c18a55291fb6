"""Fictional Channel cases for issue 14, parts 6 to 8, for the demo: consent refused by a
parent, kept under review with an onward referral to children's social care and a date
to reconsider that has come (so it is on the follow-up list); a case returned to the
police for police-led management; an exit with its reason, then the case closed for
another; and consent given by a local authority holding parental responsibility. Dates
are set in the past through the actions' date arguments. The people are invented; every
page's footer says so in demo mode."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases import actions
from cases.models import PanelMeeting, Referral
from demo.channel_support import _Demo

# Invented people, other than those of demo.channel_support: (given, family, gender, age).
PEOPLE = [
    ("Ellis", "Okafor", "male", 14),
    ("Rowan", "Pritchard", "male", 26),
    ("Anya", "Kowalczyk", "female", 23),
    ("Tyler", "Maddox", "male", 13),
]


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def present(chair: Viewer, meeting: PanelMeeting) -> None:
    """Everyone invited and the chair present, so the panel is quorate (cases.quorum)."""
    actions.record_attendance(
        viewer=chair,
        meeting=meeting,
        attendance={i.pk: "present" for i in meeting.invitations.all()},
        chair="present",
    )


class _ConsentDemo(_Demo):
    def person(self, index: int, received: dt.date, concern: str, narrative: str) -> Referral:
        given, family, gender, age = PEOPLE[index]
        return self.submit(given, family, gender, age, received, concern, narrative, months_past_birthday=3)

    def panel(self, meeting: PanelMeeting, decisions: Sequence[tuple[Referral, str, str, str]]) -> None:
        """Each case's decision with its reasons and, for an exit or closure, its reason
        from the list; then attendance and final minutes."""
        chair = self.as_[Role.CHAIR]
        items = [
            (actions.add_to_agenda(viewer=chair, meeting=meeting, referral=r), d, why, reason)
            for r, d, why, reason in decisions
        ]
        present(chair, meeting)
        for item, decision, reasons, reason in items:
            actions.record_panel_decision(
                viewer=chair, item=item, decision=decision, reasons=reasons, closure_reason=reason
            )
        actions.close_meeting(viewer=chair, meeting=meeting)


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    demo = _ConsentDemo(partnership, people)
    coordinator = demo.as_[Role.COORDINATOR]

    refused = demo.person(
        0,
        _ago(120),
        "extreme_right_wing",
        "Sharing racist memes in a class group chat; talks of 'defending' the area.",
    )
    escalated = demo.person(
        1,
        _ago(160),
        "islamist",
        "Has spoken of travelling abroad to join a group; cut off contact with family.",
    )
    exited = demo.person(
        2, _ago(300), "mixed_unclear_unstable", "Fixated on an online community that glorifies attackers."
    )
    in_care = demo.person(
        3,
        _ago(90),
        "extreme_right_wing",
        "Drawing extremist symbols in school books; in local authority care.",
    )
    for referral in (refused, escalated, exited, in_care):
        demo.gateway(referral, "progress", "Vulnerable and engaging with extremist material.", _ago(85))

    # One panel adopts all four (the exited case a while before).
    first = demo.meeting(_ago(80))
    demo.panel(
        first,
        [
            (refused, "adopt", "Vulnerable; mentoring could help him make sense of what he shares.", ""),
            (escalated, "adopt", "Isolated and vulnerable to recruitment; support offered.", ""),
            (exited, "adopt", "Vulnerable; support can reduce the draw of the online community.", ""),
            (in_care, "adopt", "Vulnerable and looked after; support offered with his social worker.", ""),
        ],
    )

    # Consent refused by his mother: open under review, referred on to children's social care,
    # and due to be reconsidered now, so it is on the follow-up list.
    given, family, _, _ = PEOPLE[0]
    refused.refresh_from_db()
    actions.record_consent(
        viewer=coordinator,
        referral=refused,
        decision="refused",
        given_by="parent",
        method="in_person",
        given_on=_ago(45),
        giver_name=f"Mother of {given} {family} (demo)",
        not_given=actions.NotGiven(
            reconsider_on=_ago(3),
            onward_kind="childrens_social_care",
            onward_to="Children's social care, early help hub (demo)",
            onward_on=_ago(44),
        ),
    )

    # A local authority holding parental responsibility consents for a looked-after child.
    demo.consent(
        in_care,
        _ago(70),
        given_by="local_authority",
        route=actions.ConsentRoute(
            local_authority=f"{partnership.name} Council (demo)",
            authority_contact="Allocated social worker, children looked after team (demo)",
        ),
    )
    demo.intervention(
        in_care, "ideological_mentoring", "Approved Intervention Provider (demo)", _ago(60), 14, []
    )

    # In support, then returned to the police when the risk grew beyond Channel.
    demo.consent(escalated, _ago(75), given_by="person")
    demo.intervention(
        escalated, "ideological_mentoring", "Approved Intervention Provider (demo)", _ago(70), 14, [_ago(56)]
    )
    escalated.refresh_from_db()
    actions.return_to_police(
        viewer=coordinator,
        referral=escalated,
        returned_on=_ago(12),
        reasons="Bought a one-way ticket abroad: the risk is now beyond what Channel support can manage "
        "(demo).",
    )

    # Support, then an exit for the reason "no further concern"; she has since moved away,
    # and the panel closed the case without the reviews after exit, for that reason.
    demo.consent(exited, _ago(78), given_by="person")
    demo.intervention(exited, "education_careers", "Council careers service (demo)", _ago(75), 28, [_ago(47)])
    demo.panel(
        demo.meeting(_ago(40)),
        [
            (
                exited,
                "exit",
                "Has left the community and found work; no further concern.",
                "no_further_concern",
            )
        ],
    )
    chair = demo.as_[Role.CHAIR]
    closing = demo.meeting(_ago(6))
    present(chair, closing)
    actions.record_panel_decision(
        viewer=chair,
        item=actions.add_to_agenda(viewer=chair, meeting=closing, referral=exited),
        decision="close",
        reasons="Moved to another country for work (demo).",
        confirm_close=True,
        close_reason="Lives abroad now: the reviews after exit cannot be held (demo).",
        closure_reason="moved",
    )
    actions.close_meeting(viewer=chair, meeting=closing)
