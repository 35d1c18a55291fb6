"""The demo shows Tower Hamlets' elected members' rule and the Youth Services' 95% WRAP
target with its shortfall."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Partnership, User
from govuk.testing import Table, page
from training import compliance
from training.models import RequirementRule

pytestmark = pytest.mark.django_db


def test_the_demo_has_tower_hamlets_training_requirements(settings: Any, sign_in: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    tower_hamlets = Partnership.objects.get(slug="towerhamlets")
    assert compliance.stored(tower_hamlets) == compliance.computed_from_scratch(tower_hamlets)
    client = sign_in(User.objects.get(email="coordinator@towerhamlets.demo"))
    rows = Table.read(page(client.get(reverse("training:rule_list")).content).iter("table")[0]).rows
    by_name = {row["Requirement"]: row for row in rows}
    elected = by_name["Elected members: WRAP on induction"]
    assert elected["What it asks"] == (
        "Everyone at Councillors (elected members): Workshop to Raise Awareness of Prevent (WRAP) "
        "within 3 months of starting, refresher every 2 years, target 100%"
    )
    assert elected["Trained"] == "93.3% (42 of 45)"
    youth = by_name["Youth Services staff: WRAP"]
    assert youth["Trained"] == "88% (44 of 50)"
    assert youth["Against target"] == "Below target by 7 points"
    rule = RequirementRule.objects.get(partnership=tower_hamlets, name="Youth Services staff: WRAP")
    steering = sign_in(User.objects.get(email="steering@towerhamlets.demo"))
    table = Table.read(page(steering.get(rule.get_absolute_url()).content).by_id("organisations")).rows
    assert table == [
        {
            "Organisation": "Youth Services",
            "Trained": "88% (44)",
            "People recorded": "50",
            "Due soon": "0",
            "Overdue": "6",
            "Not yet trained": "0",
            "Against target": "Below target by 7 points",
            "Declared staff": table[0]["Declared staff"],
        }
    ]
    assert table[0]["Declared staff"].startswith("50 on ")
