from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.access import Viewer
from accounts.models import Partnership, User
from community import actions
from community.measures import MEASURES, attendees, campaign_reach, events_held
from community.models import Campaign, ReachEntry
from community.tests.builders import campaign, channel, event, event_type, theme
from conftest import action_titled
from govuk.measures import source
from govuk.testing import Table, list_rows, page
from lib.errors import Refused
from partners import actions as partner_actions
from partners.tests.builders import sector
from plans.measures import add_measure
from plans.models import Strategy

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_a_campaign_is_recorded_with_reach_and_exported(
    coordinator_viewer: Viewer, coordinator: User, plan: Strategy, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    roundtables = action_titled("Host two community roundtables")
    response = client.post(
        reverse("community:campaign_create"),
        {
            "title": "Online safety for parents",
            "kind": "counter_narrative",
            "channels": [channel(coordinator_viewer, "Radio").pk, channel(coordinator_viewer, "Posters").pk],
            "sectors": [sector("voluntary-community").pk],
            "audience": "Parents of secondary school pupils",
            "actions": [str(roundtables.uuid)],
            **_date("starts_on", dt.date(2026, 9, 1)),
            **_date("ends_on", dt.date(2026, 11, 30)),
        },
    )
    assert response.status_code == 302
    recorded = Campaign.objects.get()
    for day, metric, number in (
        (dt.date(2026, 9, 30), "people_reached", 1200),
        (dt.date(2026, 10, 31), "people_reached", 800),
    ):
        response = client.post(
            reverse("community:reach_create", args=[recorded.uuid]),
            {"metric": metric, "number": str(number), **_date("recorded_on", day)},
        )
        assert response.status_code == 302
    for bad in ("-5", "99999999999999", "1e9", "ten"):
        response = client.post(
            reverse("community:reach_create", args=[recorded.uuid]),
            {"metric": "views", "number": bad, **_date("recorded_on", dt.date(2026, 9, 30))},
        )
        assert response.status_code == 200
    assert ReachEntry.objects.count() == 2
    shown = page(client.get(recorded.get_absolute_url()).content)
    assert Table.read(shown.iter("table")[0]).rows == [
        {"Date": "30 Sep 2026", "What was counted": "People reached", "Number": "1200"},
        {"Date": "31 Oct 2026", "What was counted": "People reached", "Number": "800"},
    ]
    assert shown.by_id("reach-totals").text.strip() == "People reached: 2000 in all"
    assert list_rows(client, reverse("community:campaign_list")) == [
        {
            "Starts": "1 Sep 2026",
            "Ends": "30 Nov 2026",
            "Campaign": "Online safety for parents",
            "Kind": "Counter-narrative activity",
        }
    ]
    response = client.get(reverse("community:campaign_export", args=["xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    exported = dict(zip(rows[0], rows[1], strict=True))
    assert exported["Channels"] == "Posters; Radio"
    assert exported["Reach"] == "People reached: 2,000"
    assert exported["Kind"] == "Counter-narrative activity"
    # An end before the start, and a channel of nowhere, are refused.
    before = Campaign.objects.count()
    for data in (
        {
            "title": "Bad",
            "kind": "campaign",
            **_date("starts_on", dt.date(2026, 9, 1)),
            **_date("ends_on", dt.date(2026, 8, 1)),
        },
        {
            "title": "Bad",
            "kind": "campaign",
            "channels": ["99999"],
            **_date("starts_on", dt.date(2026, 9, 1)),
        },
        {"title": "Bad", "kind": "nonsense", **_date("starts_on", dt.date(2026, 9, 1))},
    ):
        assert client.post(reverse("community:campaign_create"), data).status_code == 200
    assert Campaign.objects.count() == before


def test_an_action_owner_changes_only_the_campaigns_they_recorded_or_that_deliver_their_action(
    coordinator_viewer: Viewer, owner: User, plan: Strategy, sign_in: Callable[..., Client]
) -> None:
    owned = action_titled("Deliver WRAP training in colleges")
    theirs = campaign(coordinator_viewer, "Coordinator's campaign")
    delivering = campaign(coordinator_viewer, "College posters", actions=[owned])
    client = sign_in(owner)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    assert client.get(reverse("community:campaign_edit", args=[theirs.uuid])).status_code == 404
    assert client.get(reverse("community:reach_create", args=[theirs.uuid])).status_code == 404
    assert client.get(reverse("community:campaign_edit", args=[delivering.uuid])).status_code == 200
    assert client.get(reverse("community:reach_create", args=[delivering.uuid])).status_code == 200


def test_the_measures_count_events_attendees_and_reach_in_a_fixed_number_of_queries(
    coordinator_viewer: Viewer, partnership: Partnership, plan: Strategy, django_assert_max_num_queries: Any
) -> None:
    network = partner_actions.create_network(viewer=coordinator_viewer, name="Faith Network")
    hate = theme(coordinator_viewer, "Hate crime")
    event(coordinator_viewer, held_on=dt.date(2025, 5, 1), headcount=50, networks=[network], themes=[hate])
    event(coordinator_viewer, held_on=dt.date(2025, 6, 1), headcount=30, themes=[hate])
    event(coordinator_viewer, held_on=dt.date(2025, 7, 1), headcount=None, networks=[network])
    event(coordinator_viewer, "Workshop", "Workshop", held_on=dt.date(2025, 8, 1), headcount=20)
    event(coordinator_viewer, "Too late", held_on=dt.date(2026, 4, 1), headcount=999)
    start, end = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    roundtable = str(event_type(coordinator_viewer).pk)

    assert events_held(partnership, {}, start, end).value == 4
    assert events_held(partnership, {"event_type": roundtable}, start, end).value == 3
    assert events_held(partnership, {"network": str(network.pk)}, start, end).value == 2
    assert (
        events_held(partnership, {"theme": str(hate.pk), "network": str(network.pk)}, start, end).value == 1
    )
    figure = attendees(partnership, {"event_type": roundtable}, start, end)
    assert figure.value == Decimal(80)
    assert figure.description == (
        "80 attendees counted at 3 engagement events of the type Roundtable between 1 April 2025 and "
        "31 March 2026 (1 with no head-count recorded)"
    )
    assert attendees(partnership, {"theme": str(hate.pk)}, start, end).value == Decimal(80)

    run = campaign(coordinator_viewer, starts_on=dt.date(2025, 9, 1))
    other = campaign(coordinator_viewer, "Posters", starts_on=dt.date(2025, 9, 1))
    for target, day, metric, number in (
        (run, dt.date(2025, 9, 30), "views", 1000),
        (run, dt.date(2025, 10, 31), "views", 500),
        (other, dt.date(2025, 10, 31), "views", 250),
        (run, dt.date(2025, 10, 31), "leaflets", 3000),
        (run, dt.date(2026, 5, 1), "views", 7777),
    ):
        actions.add_reach(
            viewer=coordinator_viewer, campaign=target, recorded_on=day, metric=metric, number=number
        )
    assert campaign_reach(partnership, {"metric": "views"}, start, end).value == Decimal(1750)
    assert campaign_reach(
        partnership, {"metric": "views", "campaign": str(run.pk)}, start, end
    ).value == Decimal(1500)

    # The number of queries does not grow with the data.
    for compute, params in (
        (events_held, {"event_type": roundtable, "theme": str(hate.pk), "network": str(network.pk)}),
        (attendees, {"event_type": roundtable, "theme": str(hate.pk), "network": str(network.pk)}),
        (campaign_reach, {"metric": "views", "campaign": str(run.pk)}),
    ):
        with CaptureQueriesContext(connection) as queries:
            compute(partnership, params, start, end)
        assert len(queries) <= 5, [q["sql"] for q in queries]

    # Plans find the sources, and a parameter of another partnership is refused.
    assert {m.code for m in MEASURES} <= set(source(m.code).code for m in MEASURES if source(m.code))  # type: ignore[union-attr]
    roundtables = action_titled("Host two community roundtables")
    measure = add_measure(
        viewer=coordinator_viewer,
        action=roundtables,
        source="community.attendees",
        params={"event_type": roundtable},
        period="dates",
        period_start=start,
        period_end=end,
    )
    assert measure.value == Decimal(80)
    with pytest.raises(Refused):
        add_measure(
            viewer=coordinator_viewer,
            action=roundtables,
            source="community.events",
            params={"event_type": "999999"},
        )


def test_the_summary_counts_campaigns_by_channel_with_their_reach_in_the_year(
    coordinator_viewer: Viewer,
    partnership: Partnership,
    steering: User,
    sign_in: Callable[..., Client],
    django_assert_max_num_queries: Any,
) -> None:
    radio, posters = channel(coordinator_viewer, "Radio"), channel(coordinator_viewer, "Posters")

    def reached(run: Campaign, *entries: tuple[dt.date, str, int]) -> Campaign:
        for day, metric, number in entries:
            actions.add_reach(
                viewer=coordinator_viewer, campaign=run, recorded_on=day, metric=metric, number=number
            )
        return run

    # 2025-26 runs from 1 April 2025 to 31 March 2026.
    reached(
        campaign(
            coordinator_viewer,
            "Secret campaign title",
            channels=[radio, posters],
            starts_on=dt.date(2025, 5, 1),
            ends_on=dt.date(2025, 7, 31),
        ),
        (dt.date(2025, 6, 30), "people_reached", 1200),
        (dt.date(2025, 7, 31), "leaflets", 300),
        (dt.date(2024, 12, 31), "people_reached", 99),  # the year before: not counted
    )
    reached(
        campaign(coordinator_viewer, "Radio only", channels=[radio], starts_on=dt.date(2026, 1, 10)),
        (dt.date(2026, 3, 31), "people_reached", 800),
        (dt.date(2026, 4, 1), "people_reached", 5),  # the next year
    )
    # Ended before the year, its final figure reported in it.
    reached(
        campaign(
            coordinator_viewer, "No channel", starts_on=dt.date(2024, 9, 1), ends_on=dt.date(2025, 2, 1)
        ),
        (dt.date(2025, 4, 15), "views", 40),
    )
    campaign(
        coordinator_viewer,
        "Ended before",
        channels=[posters],
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2024, 1, 1),
    )
    campaign(coordinator_viewer, "Starts after", channels=[radio], starts_on=dt.date(2026, 4, 2))
    client = sign_in(steering)
    url = reverse("community:summary") + "?year=2025"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    shown = page(response.content)
    assert Table.read(shown.by_id("campaign-reach")).rows == [
        {
            "Channel": "Radio",
            "Campaigns": "2",
            "Views": "0",
            "People reached": "2000",
            "Leaflets distributed": "300",
        },
        {
            "Channel": "Posters",
            "Campaigns": "1",
            "Views": "0",
            "People reached": "1200",
            "Leaflets distributed": "300",
        },
        {
            "Channel": "No channel recorded",
            "Campaigns": "1",
            "Views": "40",
            "People reached": "0",
            "Leaflets distributed": "0",
        },
        {
            "Channel": "All campaigns",
            "Campaigns": "3",
            "Views": "40",
            "People reached": "2000",
            "Leaflets distributed": "300",
        },
    ]
    assert "Secret campaign title" not in response.content.decode()
    # A year without campaigns says so.
    assert shown.by_id("campaigns").text == "Campaigns and their reach"
    empty = page(client.get(reverse("community:summary") + "?year=2019").content)
    assert empty.by_id("no-campaigns").text == "No campaigns ran in 2019-20."
