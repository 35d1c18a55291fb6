"""The demo shows Barking and Dagenham's register of schools and the City of London's
Faith Network."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Partnership, Role, User
from govuk.testing import Table, page
from partners.models import Network

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_register_and_a_faith_network(settings: Any, sign_in: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    barking = Partnership.objects.get(slug="barkingdagenham")
    coordinator = User.objects.get(memberships__partnership=barking, memberships__role=Role.COORDINATOR)
    client = sign_in(coordinator)
    rows = Table.read(page(client.get(reverse("partners:organisation_list")).content).iter("table")[0]).rows
    by_name = {row["Organisation"]: row for row in rows}
    assert by_name["Robert Clack School"]["Sector"] == "School: maintained"
    assert by_name["Youth Service"]["Part of"] == "Barking and Dagenham Council"
    city = Partnership.objects.get(slug="cityoflondon")
    network = Network.objects.get(partnership=city, name="Faith Network")
    steering = User.objects.get(email="steering@cityoflondon.demo")
    shown = page(sign_in(steering).get(network.get_absolute_url()).content)
    members = Table.read(shown.iter("table")[0]).rows
    assert [row["Organisation"] for row in members] == [
        "St Paul's Cathedral",
        "Bevis Marks Synagogue",
        "City of London Corporation",
    ]
    assert members[2]["Left"] == "30 June 2020"
