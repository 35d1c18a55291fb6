"""Fictional Channel referrals for the demo, at every stage of part 1: waiting at the
gateway (one over target), each gateway outcome, assessed, on a panel agenda, adopted,
not adopted, one discussed at a panel whose decision is still to be recorded, and one
person referred twice with a misspelt name. The people are
invented; every page's footer says so in demo mode."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases import actions
from cases.models import ConcernType, Person, Referral, ReferralSector, SupportService

# Invented names, rotated so each demo partnership has different people.
NAMES = [
    ("Jayden", "Whitmore", dt.date(2010, 3, 14), "male"),
    ("Amira", "Haddad", dt.date(2008, 11, 2), "female"),
    ("Connor", "Breslin", dt.date(2007, 6, 21), "male"),
    ("Tariq", "Mahmud", dt.date(2009, 1, 30), "male"),
    ("Lena", "Kowalczyk", dt.date(2006, 9, 9), "female"),
    ("Oscar", "Pemberton", dt.date(2011, 4, 17), "male"),
    ("Rhys", "Llewellyn", dt.date(2005, 12, 5), "male"),
    ("Yusuf", "Okafor", dt.date(2008, 7, 23), "male"),
    ("Ellie", "Marsden", dt.date(2010, 10, 11), "female"),
    ("Dominik", "Varga", dt.date(2003, 2, 27), "male"),
]
# How a second referrer misspelt each name.
MISSPELT = {
    "Whitmore": ("Jaden", "Whitmoore"),
    "Haddad": ("Amirah", "Hadad"),
    "Breslin": ("Conor", "Breslin"),
    "Mahmud": ("Tarik", "Mahmood"),
    "Kowalczyk": ("Lena", "Kowalcyk"),
    "Pemberton": ("Oskar", "Pemberton"),
    "Llewellyn": ("Rhys", "Llewelyn"),
    "Okafor": ("Yousef", "Okafor"),
    "Marsden": ("Elly", "Marsden"),
    "Varga": ("Dominic", "Varga"),
}


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def load(partnership: Partnership, people: dict[Role, User]) -> int:
    viewers = {role: Viewer(user, partnership, frozenset({role})) for role, user in people.items()}
    police, coordinator, chair = viewers[Role.POLICE], viewers[Role.COORDINATOR], viewers[Role.CHAIR]
    referrer = viewers[Role.REFERRER]
    offset = sum(map(ord, partnership.slug)) % len(NAMES)
    names = NAMES[offset:] + NAMES[:offset]
    concern = {c.code: c for c in ConcernType.objects.filter(partnership=None)}
    sector = {s.code: s for s in ReferralSector.objects.filter(partnership=None)}
    service = {s.code: s for s in SupportService.objects.filter(partnership=None)}

    def refer(index: int, days: int, concern_code: str, narrative: str, **extra: Any) -> Referral:
        given, family, born, gender = names[index]
        values: dict[str, Any] = {
            "given_names": given,
            "family_name": family,
            "date_of_birth": born,
            "gender": gender,
            "concern_type": concern[concern_code],
            "sector": sector[extra.pop("sector", "education")],
            "narrative": narrative,
            "referrer_name": people[Role.REFERRER].full_name,
            "referrer_role": "Designated Safeguarding Lead",
            "referrer_organisation": "Secondary school (demo)",
            "received_at": _days_ago(days),
            **extra,
        }
        return actions.submit_referral(viewer=referrer, details=actions.ReferralDetails(**values))

    def gateway(referral: Referral, decision: str, reasons: str, signpost: str | None = None) -> Person:
        person = actions.confirm_new_person(viewer=police, referral=referral)
        actions.record_deconfliction(
            viewer=police,
            referral=referral,
            checks="PNC, PND and local intelligence checked: nothing that conflicts.",
        )
        actions.record_gateway_decision(
            viewer=police,
            referral=referral,
            decision=decision,
            reasons=reasons,
            signposted_to=service[signpost] if signpost else None,
        )
        return person

    def assess(referral: Referral, summary: str, present: dict[str, str]) -> None:
        factors = {f.name: f.pk for f in actions.factors_for(partnership, actions.current_framework())}
        actions.record_assessment(
            viewer=coordinator,
            referral=referral,
            assessed_on=timezone.localdate(),
            findings={factors[name]: ("present", evidence) for name, evidence in present.items()},
            summary=summary,
            management_plan="Discuss at the next Channel panel; share with the school's DSL.",
        )

    # Waiting at the gateway: one well over the five-working-day target, one urgent and new.
    refer(
        1,
        16,
        "islamist",
        "Has been watching sermons by a proscribed preacher and asked classmates to join a "
        "private chat group.",
    )
    refer(
        2,
        1,
        "extreme_right_wing",
        "Drew swastikas on his books and told a teacher that an attack was 'deserved'. Talks about weapons.",
        urgency="urgent",
    )
    # The same person twice: an earlier referral closed at the gateway, a new one misspelt.
    earlier = refer(0, 420, "mixed_unclear_unstable", "Searched online for school shootings during a lesson.")
    gateway(
        earlier, "no_further_action", "Innocent context: research for a history project, confirmed by school."
    )
    first = names[0]
    misspelt_given, misspelt_family = MISSPELT[first[1]]
    actions.submit_referral(
        viewer=referrer,
        details=actions.ReferralDetails(
            given_names=misspelt_given,
            family_name=misspelt_family,
            date_of_birth=first[2],
            gender=first[3],
            concern_type=concern["school_massacre"],
            sector=sector["friends_family"],
            narrative="A parent reports he keeps talking about a past school massacre and has a list of "
            "names.",
            referrer_name="Parent (by telephone)",
            referrer_organisation="Member of the public",
            received_at=_days_ago(3),
        ),
    )
    # Each gateway outcome.
    gateway(
        refer(3, 70, "no_risk", "Overheard repeating a song lyric out of context."),
        "no_further_action",
        "No vulnerability or ideology found.",
    )
    gateway(
        refer(4, 60, "vulnerability_no_ideology", "Isolated after a family bereavement; angry online posts."),
        "signposted",
        "Needs bereavement support, not Channel.",
        signpost="early_help",
    )
    gateway(
        refer(5, 55, "islamist", "Known to counter-terrorism policing.", sector="police"),
        "police_led",
        "Managed under police-led Prevent case management.",
    )
    # Progressed, with information sharing and two versions of an assessment.
    assessed = refer(
        6,
        45,
        "extreme_right_wing",
        "Shares racist memes and belongs to an online group that praises recent attackers.",
        sector="local_authority",
    )
    gateway(assessed, "progress", "Vulnerable and engaging with extreme right-wing material.")
    sharing = actions.record_sharing(
        viewer=coordinator,
        referral=assessed,
        direction="request",
        partner="Children's Social Care",
        legal_basis="ctsa_s38",
        subject="Any open or past involvement with the family?",
        sent_at=_days_ago(40),
    )
    actions.record_sharing_answer(
        viewer=coordinator,
        sharing=sharing,
        answered_at=_days_ago(37),
        response="Child in need plan closed in 2024; no current involvement.",
    )
    assess(
        assessed,
        "Engaged with a group online; no intent or capability seen.",
        {"Need for identity, meaning and belonging": "Few friends; the online group gives him status."},
    )
    assess(
        assessed,
        "Engagement deepening; them-and-us language now used about classmates.",
        {
            "Need for identity, meaning and belonging": "Few friends; the online group gives him status.",
            "'Them and us' thinking": "Describes classmates of another ethnicity as 'the enemy'.",
        },
    )
    # On the agenda of the next panel, with the partnership's panel member invited.
    upcoming = actions.schedule_meeting(
        viewer=chair,
        meets_at=_days_ago(-10).replace(hour=10, minute=0),
        location="Committee room 2 (demo)",
        chair=people[Role.CHAIR],
    )
    actions.invite_members(
        viewer=chair, meeting=upcoming, members=[(people[Role.PANEL_MEMBER], "Children's Social Care")]
    )
    actions.add_to_agenda(viewer=chair, meeting=upcoming, referral=assessed)
    # Decided at a past panel: one adopted, one not adopted and signposted.
    adopted = refer(7, 100, "islamist", "Talks about travelling to a conflict zone; has cut off old friends.")
    person = gateway(adopted, "progress", "Vulnerability and engagement present.")
    assess(
        adopted,
        "Engaged with an extremist narrative; vulnerable after exclusion from school.",
        {
            "Feelings of grievance and injustice": "Angry at his exclusion; says the system is against him.",
            "Being at a transitional time of life": "Left school mid-year; no college place.",
        },
    )
    actions.update_special_categories(
        viewer=coordinator,
        person=person,
        values={"health": ("recorded", "Autism (diagnosed 2021)"), "religion": ("declined", "")},
    )
    declined = refer(8, 95, "extreme_right_wing", "Posted a far-right slogan once after a local incident.")
    gateway(declined, "progress", "Threshold met for panel discussion.")
    past = actions.schedule_meeting(
        viewer=chair,
        meets_at=_days_ago(60).replace(hour=14, minute=0),
        location="Committee room 2 (demo)",
        chair=people[Role.CHAIR],
    )
    invited = actions.invite_members(
        viewer=chair,
        meeting=past,
        members=[(people[Role.PANEL_MEMBER], "Children's Social Care"), (people[Role.POLICE], "Police")],
    )
    adopted_item = actions.add_to_agenda(viewer=chair, meeting=past, referral=adopted)
    declined_item = actions.add_to_agenda(viewer=chair, meeting=past, referral=declined)
    # Quorate: the chair and the police officer present (cases.quorum).
    actions.record_attendance(
        viewer=chair, meeting=past, attendance={i.pk: "present" for i in invited}, chair="present"
    )
    actions.record_panel_decision(
        viewer=chair,
        item=adopted_item,
        decision="adopt",
        reasons="Vulnerability present and engagement with an extremist narrative; support can reduce it.",
        panel_actions=[
            actions.NewPanelAction(
                "Identify an intervention provider for ideological mentoring",
                people[Role.COORDINATOR],
                timezone.localdate(),
            ),
            # Owners outside the case team: each sees their action on their home page and
            # closes it there, without reading the case.
            actions.NewPanelAction(
                "Ask Children's Social Care whether an early help assessment is open",
                people[Role.PANEL_MEMBER],
                timezone.localdate() - dt.timedelta(days=5),
            ),
            actions.NewPanelAction(
                "Arrange a place at the college's inclusion unit",
                people[Role.ACTION_OWNER],
                timezone.localdate() + dt.timedelta(days=14),
            ),
        ],
    )
    actions.record_panel_decision(
        viewer=chair,
        item=declined_item,
        decision="not_adopt_signpost",
        signposted_to=service["mental_health"],
        reasons="No engagement with an ideology; anxiety and low mood are better met by mental health "
        "services.",
    )
    actions.close_meeting(viewer=chair, meeting=past)
    # Discussed at a panel two days ago whose decision is still to be typed up; the school
    # has not answered a request for information by its due date, and no vulnerability
    # assessment is recorded yet: the coordinator's and the chair's home pages show each.
    waiting = refer(
        9,
        30,
        "mixed_unclear_unstable",
        "Fixated on mass-casualty attacks across ideologies; has a folder of attackers' manifestos.",
    )
    gateway(waiting, "progress", "Vulnerable; mixed and unclear ideology needing multi-agency support.")
    actions.record_sharing(
        viewer=coordinator,
        referral=waiting,
        direction="request",
        partner="Secondary school, pastoral team",
        legal_basis="ctsa_s38",
        subject="Attendance, behaviour and any safeguarding concerns this term.",
        sent_at=_days_ago(25),
    )
    held = actions.schedule_meeting(
        viewer=chair,
        meets_at=_days_ago(2).replace(hour=10, minute=0),
        location="Committee room 2 (demo)",
        chair=people[Role.CHAIR],
    )
    present = actions.invite_members(
        viewer=chair,
        meeting=held,
        members=[(people[Role.PANEL_MEMBER], "Children's Social Care"), (people[Role.POLICE], "Police")],
    )
    # Quorate (cases.quorum): the chair and the police officer were there.
    actions.record_attendance(
        viewer=chair, meeting=held, attendance={i.pk: "present" for i in present}, chair="present"
    )
    actions.add_to_agenda(viewer=chair, meeting=held, referral=waiting)
    return Referral.objects.filter(partnership=partnership).count()
