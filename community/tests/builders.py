"""Engagement events, follow-ups and campaigns for tests, written through the actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accounts.access import Viewer
from community import actions
from community.models import Campaign, Channel, EngagementEvent, EventType, FollowUp, Theme


def event_type(viewer: Viewer, label: str = "Roundtable") -> EventType:
    return EventType.objects.get(partnership=viewer.partnership, label=label)


def theme(viewer: Viewer, label: str) -> Theme:
    return Theme.objects.get(partnership=viewer.partnership, label=label)


def channel(viewer: Viewer, label: str) -> Channel:
    return Channel.objects.get(partnership=viewer.partnership, label=label)


def event(
    viewer: Viewer, title: str = "Community roundtable", kind: str = "Roundtable", **values: Any
) -> EngagementEvent:
    values.setdefault("held_on", dt.date(2026, 5, 14))
    return actions.record_event(viewer=viewer, title=title, event_type=event_type(viewer, kind), **values)


def campaign(viewer: Viewer, title: str = "Online safety for parents", **values: Any) -> Campaign:
    values.setdefault("starts_on", dt.date(2026, 9, 1))
    return actions.create_campaign(viewer=viewer, title=title, **values)


@dataclass(frozen=True)
class CommunityRecords:
    event: EngagementEvent
    follow_up: FollowUp
    campaign: Campaign
    own_type: EventType


def community_for_walks(viewer: Viewer) -> CommunityRecords:
    recorded = event(
        viewer, headcount=50, themes=[theme(viewer, "Prevent awareness")], feedback="Asked for more."
    )
    follow_up = actions.add_follow_up(
        viewer=viewer, event=recorded, text="Send the slides", due_on=dt.date(2026, 6, 1)
    )
    run = campaign(viewer, channels=[channel(viewer, "Radio")])
    actions.add_reach(
        viewer=viewer, campaign=run, recorded_on=dt.date(2026, 9, 30), metric="people_reached", number=1200
    )
    own_type = actions.add_list_entry(viewer=viewer, kind="types", label="Street stall")
    assert isinstance(own_type, EventType)
    return CommunityRecords(recorded, follow_up, run, own_type)
