"""The demo's quorum and panel papers (issue 14, parts 2 and 3): a panel held yesterday
whose chair sent apologies, chaired by the deputy chair named for it, with the police
officer present and the panel member represented by a deputy; it adopted a case, being
quorate. Its minutes are not final yet, so the demo panel member, still invited, reads
the case's panel papers (the referral summary, the latest assessment and a summary of the
information shared). The people are invented."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases import actions
from cases.models import ConcernType, PanelMeeting, ReferralSector

# Invented; not one of the names of demo/channel.py.
PERSON = ("Kieran", "Ashdown", dt.date(2009, 5, 19), "male")
DEPUTY = ("Demo early help manager", "Early Help, Children's Social Care")


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    def as_(role: Role) -> Viewer:
        return Viewer(people[role], partnership, frozenset({role}))

    chair, police, coordinator = as_(Role.CHAIR), as_(Role.POLICE), as_(Role.COORDINATOR)
    held_at = timezone.localtime(timezone.now() - dt.timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    given, family, born, gender = PERSON
    referral = actions.submit_referral(
        viewer=as_(Role.REFERRER),
        details=actions.ReferralDetails(
            given_names=given,
            family_name=family,
            date_of_birth=born,
            gender=gender,
            concern_type=ConcernType.objects.get(partnership=None, code="extreme_right_wing"),
            sector=ReferralSector.objects.get(partnership=None, code="education"),
            narrative="Shares videos of a far-right street movement in the year group's chat and has "
            "asked friends to come to a 'patriots' meeting in the town centre.",
            vulnerabilities="Recently bereaved; isolated since moving school.",
            referrer_name=people[Role.REFERRER].full_name,
            referrer_role="Designated Safeguarding Lead",
            referrer_organisation="Secondary school (demo)",
            received_at=held_at - dt.timedelta(days=21),
        ),
    )
    actions.confirm_new_person(viewer=police, referral=referral)
    actions.record_deconfliction(
        viewer=police, referral=referral, checks="PNC, PND and local intelligence checked: no trace."
    )
    actions.record_gateway_decision(
        viewer=police,
        referral=referral,
        decision="progress",
        reasons="Vulnerable and drawn to an extreme right-wing group; multi-agency support may help.",
    )
    actions.record_sharing(
        viewer=coordinator,
        referral=referral,
        direction="request",
        partner="Children's Social Care, Early Help",
        legal_basis="ctsa_s38",
        subject="Any open early help assessment or social care involvement.",
        sent_at=held_at - dt.timedelta(days=14),
    )
    actions.record_sharing(
        viewer=coordinator,
        referral=referral,
        direction="disclosure",
        partner="Secondary school (demo), pastoral team",
        legal_basis="public_task",
        subject="That a Channel panel will consider support, so the school can plan with us.",
        sent_at=held_at - dt.timedelta(days=10),
    )
    factors = {f.name: f.pk for f in actions.factors_for(partnership, actions.current_framework())}
    present = {
        "Feelings of grievance and injustice": "Says his family has been 'pushed out' by newcomers.",
        "Need for identity, meaning and belonging": "Lonely since the move; the group offers friends.",
    }
    actions.record_assessment(
        viewer=coordinator,
        referral=referral,
        assessed_on=timezone.localdate(held_at) - dt.timedelta(days=3),
        findings={factors[name]: ("present", why) for name, why in present.items() if name in factors},
        summary="Engaging with an extreme right-wing group for belonging after a bereavement; no intent "
        "or capability seen.",
        management_plan="Panel to consider mentoring and bereavement support.",
    )
    meeting = actions.schedule_meeting(
        viewer=chair,
        meets_at=held_at,
        location="Committee room 2 (demo)",
        chair=people[Role.CHAIR],
        deputy_chair=people[Role.COORDINATOR],
    )
    invited = actions.invite_members(
        viewer=chair,
        meeting=meeting,
        members=[(people[Role.PANEL_MEMBER], "Children's Social Care"), (people[Role.POLICE], "Police")],
    )
    item = actions.add_to_agenda(viewer=chair, meeting=meeting, referral=referral)
    member, officer = invited
    actions.record_attendance(
        viewer=coordinator,
        meeting=meeting,
        chair="apologies",
        deputy_chair="present",
        attendance={
            member.pk: actions.Presence("apologies", *DEPUTY),
            officer.pk: actions.Presence("present"),
        },
    )
    # Quorate with the deputy chair and the police officer present.
    actions.record_panel_decision(
        viewer=coordinator,
        item=item,
        decision="adopt",
        reasons="Vulnerable after a bereavement and drawn to the group for belonging; mentoring and "
        "bereavement support can reduce it. Chaired by the deputy chair; the chair sent apologies.",
    )


def meeting_of(partnership: Partnership) -> PanelMeeting:
    """The demo's meeting chaired by a deputy (for the demo's tests)."""
    return PanelMeeting.objects.get(partnership=partnership, deputy_chair__isnull=False)
