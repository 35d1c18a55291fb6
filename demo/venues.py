"""Venue checks in the demo, recorded by each partnership's demo venue officer
(venues@<slug>.demo) through the venues actions. The sources give the policy, never a
booking: Tower Hamlets' plan asks for "Updated Hall Hire Procedures" so that "hall hire
procedures ... prevent extremists from using venues to promote terrorist ideology"; the
City of London aims at "making it harder for them to access and book meeting venues";
Barking and Dagenham wants "a pathway to report any concerns of extremist speakers to the
police". So the venues, organisers, speakers and events below are fictional and labelled
demo data: in each partnership a declined booking, one approved with conditions, one whose
event has taken place with its outcome recorded, and one awaiting checks; a later request
by the declined organiser shows the earlier check on its page; an event today waits for
its outcome, and an old booking is due for review for deletion. The speakers' names are
plainly made up ("Placeholder", "Example") and clash with no Channel demo name. Barking
and Dagenham's action on reporting extremist speakers counts the checks decided as a plan
measure (Tower Hamlets' and the City's actions already carry the demo's other measures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from plans import measures
from plans.models import Action, MeasurePeriod
from venues import actions
from venues.models import CheckItem, Decision, Outcome, Venue, VenueCheck, VenueKind

DEMO = "Demo data: fictional."
SPEAKERS_ACTION = (
    "Ensuring that there is a pathway to report any concerns of extremist speakers to the police"
)


@dataclass(frozen=True)
class Policy:
    title: str
    version: str
    adopted_on: dt.date
    summary: str


POLICIES = {
    "towerhamlets": Policy(
        "Updated Hall Hire Procedures",
        "2018",
        dt.date(2018, 8, 10),
        'From the Prevent delivery plan: "Robust hall hire procedures which prevent extremists from using '
        'venues to promote terrorist ideology." Every booking of a council hall by an outside organiser is '
        "checked before it is confirmed: open sources, earlier events at council venues, advice from the "
        "police and the Prevent team, and the hirer's acceptance of the lettings conditions. "
        f"{DEMO} The procedure's wording here is written for the demo.",
    ),
    "cityoflondon": Policy(
        "Meeting room hire conditions",
        "1",
        dt.date(2017, 6, 1),
        'From the City Prevent Strategy: "We shall also continue to identify opportunities to disrupting '
        "individuals or organisations who are seeking to promote extremism, for example by making it harder "
        f'for them to access and book meeting venues." {DEMO} '
        "The conditions' wording is written for the demo.",
    ),
    "barkingdagenham": Policy(
        "Community venue lettings policy",
        "3",
        dt.date(2019, 4, 1),
        'From the Prevent strategy (Report 9.7, property and assets): "ensure extremist speakers are not '
        'provided with a platform to promote their rhetoric", with "a pathway to report any concerns of '
        f'extremist speakers to the police". {DEMO}',
    ),
    "westminster": Policy(
        "Hire of council premises: conditions of let",
        "2",
        dt.date(2018, 1, 15),
        f"Outside hirers agree to the conditions of let, including the visiting speaker conditions. {DEMO}",
    ),
}

# (name, kind code, postcode) per partnership: fictional venues in the partnership's area.
VENUES = {
    "towerhamlets": (
        ("Demo Riverside Community Hall", "council-hall", "E1 0AA"),
        ("Demo Bow Library", "library", "E3 0AA"),
    ),
    "cityoflondon": (
        ("Demo Guild Meeting Rooms", "council-hall", "EC2V 0AA"),
        ("Demo Barbican Room", "community-centre", "EC2Y 0AA"),
    ),
    "barkingdagenham": (
        ("Demo Heathway Community Centre", "community-centre", "RM10 0AA"),
        ("Demo Abbey Library", "library", "IG11 0AA"),
    ),
    "westminster": (
        ("Demo Lisson Hall", "council-hall", "NW8 0AA"),
        ("Demo Church Street Library", "library", "NW8 0AB"),
    ),
}

DECLINED_ORGANISER = "Demo Placeholder Forum"


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    if partnership.slug not in POLICIES:
        return
    officer = Viewer(people[Role.VENUE_OFFICER], partnership, frozenset({Role.VENUE_OFFICER}))
    policy_data = POLICIES[partnership.slug]
    policy = actions.save_policy(
        viewer=officer,
        title=policy_data.title,
        version=policy_data.version,
        adopted_on=policy_data.adopted_on,
        summary=policy_data.summary,
    )
    hall, library = (
        actions.save_venue(
            viewer=officer,
            name=name,
            kind=VenueKind.objects.get(partnership=None, code=code),
            address=f"{DEMO} A made-up address.",
            postcode=postcode,
            policy=policy,
        )
        for name, code, postcode in VENUES[partnership.slug]
    )
    _checks(officer, hall, library)
    if partnership.slug == "barkingdagenham":
        _measure(people, partnership)


def _item(code: str) -> CheckItem:
    return CheckItem.objects.get(partnership=None, code=code)


def _checks(officer: Viewer, hall: Venue, library: Venue) -> None:
    today = timezone.localdate()

    def request(
        venue: Venue, days: int, title: str, organiser: str, contact: str, speakers: list[str]
    ) -> VenueCheck:
        return actions.create_check(
            viewer=officer,
            venue=venue,
            organiser=organiser,
            contact=contact,
            event_title=title,
            event_description=f"{DEMO} A made-up booking request.",
            event_date=today + dt.timedelta(days=days),
            audience=120 if venue == hall else 40,
            speakers=speakers,
        )

    def checked(check: VenueCheck, notes: dict[str, str]) -> VenueCheck:
        return actions.record_findings(
            viewer=officer, check=check, notes={_item(k): v for k, v in notes.items()}
        )

    # Declined: the speakers' published material, advice from the police and the Prevent team.
    declined = request(
        hall,
        -45,
        "Evening lecture and discussion",
        DECLINED_ORGANISER,
        "Demo Contact Quill",
        ["Speaker Placeholder-One"],
    )
    checked(
        declined,
        {
            "open-source": "Demo: the speaker's recent online talks call for violence against a named group.",
            "police-advice": "Demo: police advised that the speaker's talks had led to complaints elsewhere.",
            "prevent-advice": "Demo: the Prevent team advised against a platform without a balancing voice.",
            "lettings-conditions": "Demo: the organiser declined to accept the visiting speaker conditions.",
        },
    )
    actions.decide(
        viewer=officer,
        check=declined,
        decision=Decision.DECLINED,
        reasons="Demo: the organiser would not accept the lettings conditions, and the advice received "
        "described material that breaches them. The organiser was told the reasons in writing.",
    )
    actions.close_check(viewer=officer, check=declined)

    # Went ahead, outcome recorded.
    held = request(
        library,
        -20,
        "Community safety open evening",
        "Demo Neighbourhood Association",
        "Demo Contact Rook",
        [],
    )
    checked(held, {"earlier-events": "Demo: two earlier events at our venues, both without incident."})
    actions.decide(
        viewer=officer, check=held, decision=Decision.APPROVED, reasons="Demo: nothing of concern."
    )
    actions.record_outcome(
        viewer=officer,
        check=held,
        outcome=Outcome.AS_PLANNED,
        notes="Demo: the event went ahead as planned; about 35 attended.",
    )

    # Approved with conditions, still to take place.
    conditional = request(
        hall,
        21,
        "Debate: young people and online harms",
        "Demo Youth Debating Society",
        "Demo Contact Wren",
        ["Speaker Example-Two", "Speaker Example-Three"],
    )
    checked(
        conditional,
        {
            "open-source": "Demo: one speaker has spoken at contested events; nothing unlawful found.",
            "prevent-advice": "Demo: the Prevent team suggested a chaired format with questions.",
            "lettings-conditions": "Demo: the organiser accepted the lettings conditions.",
        },
    )
    actions.decide(
        viewer=officer,
        check=conditional,
        decision=Decision.CONDITIONS,
        conditions="A council officer present throughout; an independent chair; the lettings conditions "
        "read out at the start.",
        reasons="Demo: a debate of public interest; the conditions keep it balanced and within the "
        "lettings policy.",
    )

    # Decided, and the event is today: what happened is still to be recorded.
    today_event = request(hall, 0, "Charity quiz night", "Demo Friends of the Hall", "Demo Contact Lark", [])
    checked(today_event, {"lettings-conditions": "Demo: a regular hirer; conditions accepted."})
    actions.decide(
        viewer=officer, check=today_event, decision=Decision.APPROVED, reasons="Demo: a regular hirer."
    )

    # An old booking, closed after the retention period had passed: due for review at once.
    old = request(library, -800, "Reading group", "Demo Reading Circle", "Demo Contact Heron", [])
    checked(old, {"earlier-events": "Demo: a regular group at the library."})
    actions.decide(viewer=officer, check=old, decision=Decision.APPROVED, reasons="Demo: nothing of concern.")
    actions.record_outcome(viewer=officer, check=old, outcome=Outcome.AS_PLANNED)
    actions.close_check(viewer=officer, check=old)

    # A new request by the declined organiser: its page lists the earlier, declined check.
    request(
        library,
        30,
        "Study circle",
        DECLINED_ORGANISER.upper(),
        "Demo Contact Quill",
        ["Speaker Example-Four"],
    )


def _measure(people: dict[Role, User], partnership: Partnership) -> None:
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    action = (
        Action.objects.filter(partnership=partnership, title=SPEAKERS_ACTION)
        .order_by("-strategy__period_start")
        .first()
    )
    if action is None:
        return
    # Counted this financial year: the demo's checks are dated from the day it loads.
    measures.add_measure(
        viewer=coordinator,
        action=action,
        source="venues.checks_decided",
        label="Venue and speaker checks decided",
        period=MeasurePeriod.YEAR,
    )
