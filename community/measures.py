"""The figures engagement and communications offer to plans' measures (govuk.measures):
engagement events held in the period, the people who came to them (the sum of their
head-counts), and the reach of campaigns. Each is one aggregate query, and one or two for
the words, whatever the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from accounts.models import Partnership
from community.models import Campaign, EngagementEvent, EventType, ReachEntry, ReachMetric, Theme
from govuk.measures import Figure, MeasureSource, Parameter, Unit, period_words
from partners.measures import network_choices


def type_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = EventType.objects.filter(partnership=partnership, active=True)
    return [(str(pk), label) for pk, label in rows.values_list("pk", "label")]


def theme_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = Theme.objects.filter(partnership=partnership, active=True)
    return [(str(pk), label) for pk, label in rows.values_list("pk", "label")]


def metric_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    return list(ReachMetric.choices)


def _events(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> tuple[QuerySet[EngagementEvent], list[str]]:
    """The events held in the period that the parameters narrow to, and the words for them."""
    rows = EngagementEvent.objects.filter(partnership=partnership, held_on__range=(start, end))
    words: list[str] = []
    if params.get("event_type"):
        rows = rows.filter(event_type_id=int(params["event_type"]))
        label = EventType.objects.filter(pk=params["event_type"]).values_list("label", flat=True).first()
        words.append(f"of the type {label or 'no longer listed'}")
    if params.get("theme"):
        through = EngagementEvent.themes.through
        rows = rows.filter(
            Exists(through.objects.filter(engagementevent_id=OuterRef("pk"), theme_id=params["theme"]))
        )
        label = Theme.objects.filter(pk=params["theme"]).values_list("label", flat=True).first()
        words.append(f"on the theme {label or 'no longer listed'}")
    if params.get("network"):
        networks = EngagementEvent.networks.through.objects.filter(
            engagementevent_id=OuterRef("pk"), network_id=params["network"]
        )
        rows = rows.filter(Exists(networks))
        label = dict(network_choices(partnership)).get(params["network"], "a network no longer listed")
        words.append(f"involving {label}")
    return rows, words


def events_held(partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date) -> Figure:
    """Engagement events dated in the period."""
    rows, words = _events(partnership, params, start, end)
    number = rows.aggregate(number=Count("pk"))["number"]
    noun = "engagement event" if number == 1 else "engagement events"
    return Figure.count(number, " ".join([f"{number} {noun}", *words, period_words(start, end)]))


def attendees(partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date) -> Figure:
    """The head-counts of the events dated in the period, added up (someone who came to two
    events counts twice; an event with no head-count adds nothing)."""
    rows, words = _events(partnership, params, start, end)
    totals = rows.aggregate(people=Sum("headcount"), events=Count("pk"), counted=Count("headcount"))
    people = int(totals["people"] or 0)
    noun = "attendee" if people == 1 else "attendees"
    events = totals["events"]
    uncounted = events - totals["counted"]
    text = " ".join(
        [f"{people} {noun} counted at {events} engagement event{'s' if events != 1 else ''}", *words]
    )
    text += f" {period_words(start, end)}"
    if uncounted:
        text += f" ({uncounted} with no head-count recorded)"
    return Figure.count(people, text)


def campaign_reach(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Reach figures of one kind dated in the period, added up across campaigns (or one)."""
    rows = ReachEntry.objects.filter(
        campaign__partnership=partnership, metric=params["metric"], recorded_on__range=(start, end)
    )
    words = []
    if params.get("campaign"):
        rows = rows.filter(campaign_id=params["campaign"])
        title = Campaign.objects.filter(pk=params["campaign"]).values_list("title", flat=True).first()
        words.append(f"by {title}")
    else:
        words.append("across the partnership's campaigns")
    number = int(rows.aggregate(number=Sum("number"))["number"] or 0)
    label = ReachMetric(params["metric"]).label.lower()
    return Figure.count(number, " ".join([f"{number:,} {label}", *words, period_words(start, end)]))


def campaign_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = Campaign.objects.filter(partnership=partnership).order_by("-starts_on", "-id")
    return [(str(pk), title[:80]) for pk, title in rows.values_list("pk", "title")]


EVENT_TYPE = Parameter("event_type", "Type of event", type_choices, hint="Leave empty to count every type.")
THEME = Parameter("theme", "Theme", theme_choices)
NETWORK = Parameter("network", "Network involved", network_choices)

MEASURES = (
    MeasureSource(
        code="community.events",
        label="Engagement events held",
        unit=Unit.COUNT,
        parameters=(EVENT_TYPE, THEME, NETWORK),
        compute=events_held,
        hint="Events dated in the period.",
    ),
    MeasureSource(
        code="community.attendees",
        label="Attendees at engagement events",
        unit=Unit.COUNT,
        parameters=(EVENT_TYPE, THEME, NETWORK),
        compute=attendees,
        hint="The head-counts of events dated in the period, added up.",
    ),
    MeasureSource(
        code="community.reach",
        label="Reach of campaigns",
        unit=Unit.COUNT,
        parameters=(
            Parameter("metric", "What was counted", metric_choices, required=True),
            Parameter("campaign", "Campaign", campaign_choices, hint="Leave empty to add up every campaign."),
        ),
        compute=campaign_reach,
        hint="Reach figures dated in the period, added up.",
    ),
)
