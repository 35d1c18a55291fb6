"""The demo's engagement and communications hold what demo/community.py says: Tower Hamlets'
two roundtables and Community Reference Group meetings, the City of London's Faith Network
forums, Westminster's parent coffee mornings and website pages, Barking and Dagenham's
workshop and conference; every invented detail labelled demo data; the plan measures
reading them; and the steering member reading the summary."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Partnership, User
from community.models import Campaign, EngagementEvent, FollowUp, FollowUpStatus
from govuk.testing import Table, page
from plans.models import ActionMeasure

pytestmark = pytest.mark.django_db


def test_the_demo_engagement_quotes_the_sources_and_feeds_the_plans(settings: Any, sign_in: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    for slug in ("towerhamlets", "cityoflondon", "westminster", "barkingdagenham"):
        events = EngagementEvent.objects.filter(partnership__slug=slug)
        assert events.count() >= 2, slug
        # Invented venues and feedback say so.
        assert not events.exclude(venue__startswith="Demo data").exists(), slug
        assert not events.exclude(feedback__startswith="Demo data").exists(), slug

    tower_hamlets = Partnership.objects.get(slug="towerhamlets")
    roundtables = EngagementEvent.objects.filter(partnership=tower_hamlets, event_type__label="Roundtable")
    assert roundtables.count() == 2
    assert all(
        event.actions.filter(title__startswith="Host two Community Roundtable").exists()
        for event in roundtables
    )
    assert "Roundtable event in a local space with 50 attendees" in roundtables.earliest("held_on").feedback
    assert EngagementEvent.objects.filter(
        partnership=tower_hamlets,
        title__contains="Peer Review Rec 6",
        actions__recommendation="Peer Review Rec 6",
    ).exists()
    # The roundtable action counts its attendees: 46 and 58, against two events of 50.
    attendees = ActionMeasure.objects.get(action__partnership=tower_hamlets, source="community.attendees")
    assert attendees.value == Decimal(104) and attendees.target == Decimal(100)
    held = ActionMeasure.objects.get(action__partnership=tower_hamlets, source="community.events")
    assert held.value == Decimal(2)
    # Some follow-ups are linked to the plan's actions, and one is overdue for the home panel.
    follow_ups = FollowUp.objects.filter(event__partnership=tower_hamlets)
    assert follow_ups.filter(action__isnull=False).count() >= 3
    assert follow_ups.filter(status=FollowUpStatus.OPEN, due_on__isnull=False).exists()

    city = Partnership.objects.get(slug="cityoflondon")
    forums = EngagementEvent.objects.filter(partnership=city, networks__name="Faith Network")
    assert forums.count() == 3
    assert set(forums.first().organisations.values_list("name", flat=True)) == {  # type: ignore[union-attr]
        "St Paul's Cathedral",
        "Bevis Marks Synagogue",
    }
    assert ActionMeasure.objects.get(action__partnership=city, source="community.events").value == Decimal(3)

    westminster = Partnership.objects.get(slug="westminster")
    assert (
        EngagementEvent.objects.filter(
            partnership=westminster, title__startswith="Parent coffee morning"
        ).count()
        == 3
    )
    website = Campaign.objects.get(partnership=westminster, title="Prevent pages on the Council website")
    assert sum(website.reach.values_list("number", flat=True)) == 2_340 + 3_105 + 2_870
    assert Campaign.objects.filter(partnership=tower_hamlets, kind="counter_narrative").exists()

    # The steering member reads the summary: the 2018-19 roundtables by type.
    steering = sign_in(User.objects.get(email="steering@towerhamlets.demo"))
    shown = page(steering.get(reverse("community:summary") + "?year=2018").content)
    by_type = {row["Type"]: row for row in Table.read(shown.by_id("by-type")).rows}
    assert by_type["Roundtable"] == {"Type": "Roundtable", "Events": "2", "Attendees": "104"}
    by_quarter = {row["Quarter"]: row for row in Table.read(shown.by_id("by-quarter")).rows}
    assert by_quarter["Q3 2018-19"]["Attendees"] == "46"
    assert by_quarter["Q4 2018-19"]["Events"] == "3"  # the second roundtable and two group meetings
    assert steering.get(roundtables.first().get_absolute_url()).status_code == 404  # type: ignore[union-attr]
