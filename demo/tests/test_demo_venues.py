"""Venue checks in the demo: each partnership's venue officer has recorded a lettings
policy tied to its plan (Tower Hamlets' "Updated Hall Hire Procedures", the City of
London's aim to make venues harder to book for those promoting extremism), a declined
booking, one approved with conditions and one whose outcome is recorded; the declined
organiser's later request lists the earlier check; the speakers' names are sealed and
clash with no Channel demo name; Barking and Dagenham's speakers action counts the checks."""

from __future__ import annotations

import inspect
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import Partnership, Role, User
from demo import channel, channel_consent, channel_panels, channel_plan, channel_search, channel_support
from govuk.testing import Table, page
from plans.models import ActionMeasure
from venues.models import Decision, LettingsPolicy, VenueCheck

pytestmark = pytest.mark.django_db


def test_each_partnership_has_its_venue_checks(settings: Any, sign_in: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    assert LettingsPolicy.objects.filter(
        partnership__slug="towerhamlets", title="Updated Hall Hire Procedures"
    ).exists()
    city = LettingsPolicy.objects.get(partnership__slug="cityoflondon")
    assert "harder for them to access and book meeting venues" in city.summary
    for partnership in Partnership.objects.all():
        checks = VenueCheck.objects.filter(partnership=partnership)
        officer = User.objects.get(email=f"venues@{partnership.slug}.demo")
        assert set(checks.values_list("created_by", flat=True)) == {officer.pk}
        decisions = set(checks.values_list("decision", flat=True))
        assert {Decision.DECLINED, Decision.CONDITIONS, Decision.APPROVED} <= decisions
        assert checks.exclude(outcome="").exists()
    # Every name is made up and none is a Channel demo name.
    names = {
        name
        for record in VenueCheck.objects.all()
        for name in [record.organiser, record.contact, *record.speakers]
        if name
    }
    assert all(name.casefold().startswith(("demo ", "speaker ")) for name in names), names
    channel_text = " ".join(
        inspect.getsource(module)
        for module in (
            channel,
            channel_consent,
            channel_panels,
            channel_plan,
            channel_search,
            channel_support,
        )
    )
    for name in names:
        assert name not in channel_text
        for part in name.replace("-", " ").split():
            if part not in ("Demo", "Speaker", "Contact", "Friends", "of", "the", "Hall", "Forum"):
                assert f'"{part}"' not in channel_text, part
    # The later request by the declined organiser shows the earlier, declined check.
    later = VenueCheck.objects.get(partnership__slug="towerhamlets", event_title="Study circle")
    client = sign_in(User.objects.get(email="venues@towerhamlets.demo"))
    earlier = Table.read(page(client.get(later.get_absolute_url()).content).by_id("earlier"))
    assert [row["Decision"] for row in earlier.rows] == ["Declined"]
    measure = ActionMeasure.objects.get(source="venues.checks_decided")
    assert measure.action.partnership.slug == "barkingdagenham"
    assert measure.value is not None and measure.value >= 3
    steering = User.objects.get(email="steering@barkingdagenham.demo")
    assert Role.STEERING in set(steering.memberships.values_list("role", flat=True))
    steering_client = sign_in(steering)
    assert steering_client.get(later.get_absolute_url()).status_code == 404
    shown = page(steering_client.get(measure.action.get_absolute_url()).content)
    assert "venue checks decided" in shown.text.lower()
