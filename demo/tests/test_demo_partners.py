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


def test_barking_and_dagenhams_schools_have_duty_checks_with_gaps_and_each_partnership_a_partner_lead(
    settings: Any, sign_in: Any
) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    barking = Partnership.objects.get(slug="barkingdagenham")
    coordinator = User.objects.get(memberships__partnership=barking, memberships__role=Role.COORDINATOR)
    client = sign_in(coordinator)
    shown = page(client.get(reverse("partners:check_register")).content)
    [table] = [t for t in shown.tables() if t.caption == "Duty checks by sector and check"]
    rows = {(row["Sector"], row["Check"]): row for row in table.rows}
    filtering = rows[("School: maintained", "IT filtering and monitoring")]
    assert (filtering["Not met or partly met"], filtering["Never checked"]) == ("1", "2")
    libraries = rows[("Local authority service", "IT filtering and monitoring")]
    assert libraries["Met"] == "1"
    assert any(row["Overdue"] != "0" for row in table.rows)
    for slug in ("towerhamlets", "cityoflondon", "barkingdagenham", "westminster"):
        lead = User.objects.get(email=f"partnerlead@{slug}.demo")
        listed = Table.read(
            page(sign_in(lead).get(reverse("partners:organisation_list")).content).iter("table")[0]
        )
        assert len(listed.rows) == 1, slug
