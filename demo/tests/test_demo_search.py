"""The demo shows gateway entries, a national reference, and a coordinator's "My cases"
(issue 14, parts 10 and 11)."""

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Partnership, Role
from cases.models import DeconflictionEntry, Referral, ScreeningInformation
from govuk.testing import Table, page

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_has_cases_and_the_gateway_has_repeated_entries(
    settings: Any, sign_in: Callable[..., Client]
) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    for partnership in Partnership.objects.all():
        held = DeconflictionEntry.objects.filter(referral__partnership=partnership)
        assert list(held.order_by("recorded_at", "id").values_list("outcome", flat=True))[-2:] == [
            "hold",
            "conditions",
        ]
        assert ScreeningInformation.objects.filter(referral__partnership=partnership).exists()
        assert Referral.objects.filter(partnership=partnership).exclude(national_reference="").count() == 1
    partnership = Partnership.objects.get(slug="towerhamlets")
    coordinator = partnership.memberships.get(role=Role.COORDINATOR).user
    client = sign_in(coordinator)
    [table] = [Table.read(t) for t in page(client.get("/cases/mine/").content).iter("table")]
    assert len(table.rows) >= 4
    assert "open cases allocated to you" in page(client.get("/").content).text
    national = Referral.objects.get(partnership=partnership, national_reference__gt="")
    rows = Table.read(
        page(client.post("/cases/search/", {"reference": national.national_reference}).content).iter("table")[
            0
        ]
    ).rows
    assert [(row["Reference"], row["National reference"]) for row in rows] == [
        (national.reference, national.national_reference)
    ]
