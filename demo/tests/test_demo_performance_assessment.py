"""The self-assessment in the demo: Tower Hamlets and Barking and Dagenham each have last
year's assessment completed and this year's in progress, quoting their source documents,
with evidence that opens for the coordinator; Barking and Dagenham's shortfall has become
a plan action; the funder reads the completed one only."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from govuk.testing import page
from performance.models import Assessment, AssessmentStatus, BenchmarkEvidence

pytestmark = pytest.mark.django_db


def test_the_demo_assessments_read_as_each_role(settings: Any, sign_in: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    for slug in ("towerhamlets", "barkingdagenham"):
        years = list(Assessment.objects.filter(partnership__slug=slug).order_by("year"))
        assert [a.status for a in years] == [AssessmentStatus.COMPLETED, AssessmentStatus.IN_PROGRESS]
        last, this = years
        assert BenchmarkEvidence.objects.filter(rating__assessment=last).exists()
        coordinator = sign_in(User.objects.get(email=f"coordinator@{slug}.demo"))
        for assessment in years:
            detail = page(coordinator.get(assessment.get_absolute_url()).content)
            main = detail.by_id("main-content")
            for _, href in main.links():
                if href.startswith("/") and not href.endswith("/pdf/"):
                    assert coordinator.get(href).status_code in (200, 302), href
        funder = sign_in(User.objects.get(email=f"funder@{slug}.demo"))
        assert funder.get(last.get_absolute_url()).status_code == 200
        assert funder.get(this.get_absolute_url()).status_code == 404
    tower = Assessment.objects.get(partnership__slug="towerhamlets", status=AssessmentStatus.COMPLETED)
    text = str(tower.snapshot)
    assert "Develop performance management framework for Prevent" in text
    assert "Robust hall hire procedures" in text
    barking = Assessment.objects.get(partnership__slug="barkingdagenham", status=AssessmentStatus.IN_PROGRESS)
    shortfall = barking.ratings.get(benchmark__code="board.group")
    assert shortfall.plan_action is not None
    assert "faith and community groups" in shortfall.plan_action.title
