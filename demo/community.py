"""Engagement and communications in the demo, from what the source documents say:

- Tower Hamlets' Prevent Delivery Plan 2018-19 asks to "Host two Community Roundtable events
  between the home office, community organisations and local residents" ("Roundtable event in
  a local space with 50 attendees") and to "Establish a Community Reference Group" (Peer
  Review Rec 6); its commissioned projects promise "Local campaigns".
- The City Prevent Strategy 2017-18 has the City of London "Attend and support events and
  meetings throughout the year" with its Faith Network (demo/partners.py creates it), and
  engage with "the Mansell Street Islamic Women's Group ... as well as attending Mansell
  Street and Middlesex Street residents' meetings".
- Westminster's report of 15 November 2017: "the Prevent Team conduct community engagement
  visits and attend parent coffee mornings in schools to raise awareness of the parenting
  programme", and "delivering reassurance activity as required" after the year's attacks;
  "A series of pages are available on the Council website".
- Barking and Dagenham's plan 2017/2019 aims "To increase the representation of faith and
  community groups at the Prevent Strategy and Steering Group" and "To develop links with
  the voluntary and community sector".

The sources give no dates, venues, head-counts or feedback: those are fictional and say
"Demo data". No attendee is named. A few events are recent, so the coordinator's home panel
has overdue follow-ups to show. Tower Hamlets' roundtable action and the City of London's
faith action read these records through plan measures, written through plans' own action
functions like demo/measures.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from community import actions
from community.models import Campaign, Channel, EngagementEvent, EventType, Theme
from partners.models import Network, Organisation, Sector
from plans import measures
from plans.models import Action, MeasurePeriod

DEMO = "Demo data: "


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    loader = {
        "towerhamlets": _tower_hamlets,
        "cityoflondon": _city_of_london,
        "westminster": _westminster,
        "barkingdagenham": _barking_dagenham,
    }
    if partnership.slug in loader:
        loader[partnership.slug](_Demo(coordinator))


class _Demo:
    def __init__(self, coordinator: Viewer) -> None:
        self.viewer = coordinator
        self.partnership = coordinator.partnership

    def type(self, label: str) -> EventType:
        return EventType.objects.get(partnership=self.partnership, label=label)

    def themes(self, *labels: str) -> list[Theme]:
        return list(Theme.objects.filter(partnership=self.partnership, label__in=labels))

    def channels(self, *labels: str) -> list[Channel]:
        return list(Channel.objects.filter(partnership=self.partnership, label__in=labels))

    def sectors(self, *codes: str) -> list[Sector]:
        return list(Sector.objects.filter(partnership=None, code__in=codes))

    def organisations(self, *names: str) -> list[Organisation]:
        return list(Organisation.objects.filter(partnership=self.partnership, name__in=names))

    def network(self, name: str) -> list[Network]:
        return list(Network.objects.filter(partnership=self.partnership, name=name))

    def action(self, contains: str) -> Action | None:
        return (
            Action.objects.filter(partnership=self.partnership, title__icontains=contains)
            .order_by("-strategy__period_start", "sort_key")
            .first()
        )

    def actions(self, contains: str) -> list[Action]:
        found = self.action(contains)
        return [found] if found else []

    def event(self, kind: str, title: str, held_on: dt.date, **values: Any) -> EngagementEvent:
        return actions.record_event(
            viewer=self.viewer, title=title, held_on=held_on, event_type=self.type(kind), **values
        )

    def follow_up(
        self, event: EngagementEvent, text: str, due_on: dt.date, action: Action | None, *, done: bool = False
    ) -> None:
        follow_up = actions.add_follow_up(
            viewer=self.viewer, event=event, text=text, due_on=due_on, action=action
        )
        if done:
            actions.complete_follow_up(viewer=self.viewer, follow_up=follow_up)

    def campaign(self, title: str, reach: list[tuple[dt.date, str, int]], **values: Any) -> Campaign:
        campaign = actions.create_campaign(viewer=self.viewer, title=title, **values)
        for recorded_on, metric, number in reach:
            actions.add_reach(
                viewer=self.viewer, campaign=campaign, recorded_on=recorded_on, metric=metric, number=number
            )
        return campaign


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _tower_hamlets(demo: _Demo) -> None:
    roundtable = demo.action("Host two Community Roundtable events")
    reference_group = demo.action("Establish a Community Reference Group")
    venue = f"{DEMO}a community centre in Whitechapel"
    first = demo.event(
        "Roundtable",
        "Community Roundtable: the Home Office, community organisations and residents",
        dt.date(2018, 10, 17),
        starts_at=dt.time(18, 0),
        venue=venue,
        headcount=46,
        themes=demo.themes("Prevent awareness", "Community tensions", "Far-right extremism"),
        sectors=demo.sectors("voluntary-community", "faith-institution"),
        actions=[roundtable] if roundtable else [],
        feedback=(
            f"{DEMO}the plan asks for a 'Roundtable event in a local space with 50 attendees'. Residents "
            "asked what happens after a referral and whether it stays on anyone's record; several said the "
            "visits by far-right activists to the East London Mosque had left people anxious. Prevent myths "
            "were discussed openly."
        ),
    )
    demo.follow_up(
        first,
        "Publish a short 'Prevent: myths and facts' note for residents, answering the questions asked",
        dt.date(2018, 12, 14),
        roundtable,
        done=True,
    )
    second = demo.event(
        "Roundtable",
        "Second Community Roundtable",
        dt.date(2019, 3, 6),
        starts_at=dt.time(18, 30),
        venue=venue,
        headcount=58,
        themes=demo.themes("Prevent awareness", "Online safety", "Safeguarding"),
        sectors=demo.sectors("voluntary-community", "faith-institution"),
        actions=[roundtable] if roundtable else [],
        feedback=(
            f"{DEMO}more young people and women came than in October. Most questions were about online "
            "safety and what parents can do."
        ),
    )
    demo.follow_up(
        second,
        "Share the online safety resources asked for with the Parents' Forum",
        dt.date(2019, 4, 5),
        roundtable,
    )
    for held_on, headcount in ((dt.date(2019, 1, 23), 14), (dt.date(2019, 3, 27), 12)):
        meeting = demo.event(
            "Community Reference Group meeting",
            "Community Reference Group (Peer Review Rec 6)",
            held_on,
            venue=f"{DEMO}Tower Hamlets Town Hall",
            headcount=headcount,
            themes=demo.themes("Prevent awareness", "Community tensions"),
            sectors=demo.sectors("voluntary-community", "faith-institution"),
            actions=[reference_group] if reference_group else [],
            feedback=f"{DEMO}members reviewed the delivery plan's community projects and asked for youth and "
            "women members to be recruited.",
        )
    demo.follow_up(
        meeting, "Recruit two youth members and two women members", dt.date(2019, 6, 28), reference_group
    )
    recent = demo.event(
        "Community Reference Group meeting",
        "Community Reference Group: quarterly meeting",
        _ago(40),
        venue=f"{DEMO}Tower Hamlets Town Hall",
        headcount=11,
        themes=demo.themes("Mixed, unclear or unstable ideologies", "Online safety"),
        actions=[reference_group] if reference_group else [],
        feedback=f"{DEMO}members asked for a briefing on online harms for the next meeting.",
    )
    demo.follow_up(recent, "Arrange an online harms briefing for the next meeting", _ago(10), reference_group)
    demo.follow_up(recent, "Circulate the notes of the meeting", _ago(30), None, done=True)
    demo.campaign(
        "Local campaign: challenging far-right messages online",
        [
            (dt.date(2018, 11, 30), "impressions", 18_400),
            (dt.date(2018, 12, 31), "impressions", 22_150),
            (dt.date(2018, 12, 31), "engagements", 930),
        ],
        kind="counter_narrative",
        starts_on=dt.date(2018, 11, 1),
        ends_on=dt.date(2018, 12, 31),
        channels=demo.channels("Social media", "Community events"),
        sectors=demo.sectors("voluntary-community"),
        audience="Young people aged 14 to 30 and community activists",
        notes=(
            f"{DEMO}one of the 'Local campaigns' a commissioned project promises; figures as reported "
            "by the provider."
        ),
    )
    if roundtable is not None:
        measures.add_measure(
            viewer=demo.viewer,
            action=roundtable,
            source="community.attendees",
            params={"event_type": str(demo.type("Roundtable").pk)},
            label="Attendees at the community roundtables (two of 50)",
            target=Decimal(100),
            period=MeasurePeriod.PLAN,
        )
        measures.add_measure(
            viewer=demo.viewer,
            action=roundtable,
            source="community.events",
            params={"event_type": str(demo.type("Roundtable").pk)},
            label="Community roundtables held",
            target=Decimal(2),
            period=MeasurePeriod.PLAN,
        )


def _city_of_london(demo: _Demo) -> None:
    faith_action = demo.action("Include our faith group network")
    attending = demo.actions("Attend and support events and meetings throughout the year")
    faith_network = demo.network("Faith Network")
    places = demo.organisations("St Paul's Cathedral", "Bevis Marks Synagogue")
    for held_on, headcount, theme in (
        (dt.date(2017, 6, 21), 16, "Community tensions"),
        (dt.date(2017, 11, 8), 19, "Hate crime"),
        (dt.date(2018, 2, 28), 21, "Prevent awareness"),
    ):
        forum = demo.event(
            "Faith leaders' forum",
            "Faith Network forum",
            held_on,
            venue=f"{DEMO}Guildhall",
            headcount=headcount,
            networks=faith_network,
            organisations=places,
            sectors=demo.sectors("faith-institution"),
            themes=demo.themes(theme, "Safeguarding"),
            actions=([faith_action] if faith_action else []) + attending,
            feedback=(
                f"{DEMO}the strategy has us 'Attend and support events and meetings throughout the year' and "
                "'Ensure that representatives know who to contact over concerns linked to community concerns "
                "and tensions'. Representatives asked for security advice for places of worship."
            ),
        )
    demo.follow_up(
        forum,
        "Offer Argus and Griffin training to faith and community leaders",
        dt.date(2018, 4, 30),
        faith_action,
        done=True,
    )
    demo.event(
        "Drop-in",
        "Mansell Street Islamic Women's Group",
        dt.date(2017, 9, 13),
        venue=f"{DEMO}Mansell Street",
        headcount=12,
        themes=demo.themes("Prevent awareness", "Online safety"),
        sectors=demo.sectors("voluntary-community"),
        actions=demo.actions("Mansell Street Islamic Women's Group"),
        feedback=(
            f"{DEMO}the group shared its thoughts and aspirations about the community, as the strategy "
            "describes."
        ),
    )
    if faith_action is not None and faith_network:
        measures.add_measure(
            viewer=demo.viewer,
            action=faith_action,
            source="community.events",
            params={"network": str(faith_network[0].pk)},
            label="Faith Network forums and meetings held",
            period=MeasurePeriod.PLAN,
        )


def _westminster(demo: _Demo) -> None:
    parenting = demo.action("Prevent parenting programme")
    for number, (held_on, headcount) in enumerate(
        ((dt.date(2017, 5, 10), 14), (dt.date(2017, 9, 20), 22), (dt.date(2018, 1, 17), 18)), start=1
    ):
        demo.event(
            "Drop-in",
            f"Parent coffee morning at a primary school ({number})",
            held_on,
            venue=f"{DEMO}a primary school in Westminster",
            headcount=headcount,
            themes=demo.themes("Prevent awareness", "Safeguarding", "Online safety"),
            sectors=demo.sectors("school-maintained"),
            actions=[parenting] if parenting else [],
            feedback=(
                f"{DEMO}the Prevent Team 'attend parent coffee mornings in schools to raise awareness of the "
                "parenting programme and invite interested parents to sign up'. Parents signed up for the "
                "next series."
            ),
        )
    reassurance = demo.event(
        "Assembly",
        "Community reassurance meeting after the Westminster Bridge attack",
        dt.date(2017, 3, 29),
        venue=f"{DEMO}a community hall in Westminster",
        headcount=85,
        themes=demo.themes("Community tensions", "Hate crime"),
        sectors=demo.sectors("faith-institution", "voluntary-community"),
        actions=demo.actions("London Network"),
        feedback=f"{DEMO}'delivering reassurance activity as required' after the year's attacks.",
    )
    demo.follow_up(
        reassurance,
        "Report concerns raised to the Tri-Borough Prevent Steering Group",
        dt.date(2017, 4, 26),
        None,
        done=True,
    )
    demo.campaign(
        "Prevent pages on the Council website",
        [
            (dt.date(2017, 6, 30), "views", 2_340),
            (dt.date(2017, 9, 30), "views", 3_105),
            (dt.date(2017, 12, 31), "views", 2_870),
        ],
        starts_on=dt.date(2017, 4, 1),
        channels=demo.channels("Website", "Schools' newsletters"),
        sectors=demo.sectors("school-maintained", "school-academy"),
        audience="Educational institutions, parents and residents",
        actions=demo.actions("Prevent pages on the Council website"),
        notes=(
            f"{DEMO}'A series of pages are available on the Council website'; the page views are fictional."
        ),
    )


def _barking_dagenham(demo: _Demo) -> None:
    demo.event(
        "Workshop",
        "Voluntary and community sector Prevent workshop",
        dt.date(2017, 10, 11),
        venue=f"{DEMO}Barking Learning Centre",
        headcount=32,
        themes=demo.themes("Prevent awareness", "Safeguarding", "Islamist extremism", "Far-right extremism"),
        sectors=demo.sectors("voluntary-community", "faith-institution"),
        actions=demo.actions("voluntary and community sector"),
        feedback=(
            f"{DEMO}'To develop links with the voluntary and community sector to empower them to support the "
            "local Prevent programme'. Groups asked how to join the Prevent Strategy and Steering Group."
        ),
    )
    demo.event(
        "Conference",
        "Faith and community groups conference",
        dt.date(2018, 3, 14),
        venue=f"{DEMO}Dagenham Civic Centre",
        headcount=64,
        themes=demo.themes("Community tensions", "Hate crime"),
        sectors=demo.sectors("faith-institution", "voluntary-community"),
        feedback=(
            f"{DEMO}'To increase the representation of faith and community groups at the Prevent Strategy "
            "and Steering Group': three groups put forward representatives."
        ),
    )
