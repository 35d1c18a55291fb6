"""The demo's commissioned projects: Tower Hamlets' seven, transcribed from its delivery
plan with its providers unpublished or redacted as the plan leaves them, and Westminster's
parenting programme and youth project with the figures its report gives; their returns,
their links from the plan rows, and the measures those rows count."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from govuk.testing import list_rows, page
from plans.models import ActionMeasure
from projects.models import MonitoringReturn, Output, Project, ReturnStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())


def test_tower_hamlets_has_its_seven_projects_with_their_outputs_and_returns(
    demo: None, sign_in: Any
) -> None:
    projects = Project.objects.filter(partnership__slug="towerhamlets")
    assert projects.count() == 7
    providers = set(projects.values_list("provider__name", flat=True))
    assert all(name.startswith(("[Provider not published", "[Provider redacted")) for name in providers)
    outputs = set(Output.objects.filter(project__in=projects).values_list("description", "target_total"))
    assert {
        ("25 x 2 hour training sessions", 25),
        ("39 workshops delivered in the community", 39),
        ("500+ reached", 500),
        ("300 Workshops", 300),
    } <= outputs
    assert all(project.action is not None for project in projects.select_related("action"))
    submitted = MonitoringReturn.objects.filter(project__in=projects, status=ReturnStatus.SUBMITTED)
    assert submitted.count() == 7 * 4 - 1
    # The story: project D ended the year behind its 39 workshops; B caught up.
    measures = {
        measure.label: measure
        for measure in ActionMeasure.objects.filter(
            action__partnership__slug="towerhamlets", source="projects.output_actual"
        )
    }
    assert measures["39 workshops delivered in the community"].value == 37
    assert measures["25 x 2 hour training sessions"].value == 25
    # The project provider sees the project they report for, and only it.
    provider = User.objects.get(email="projectprovider@towerhamlets.demo")
    rows = list_rows(sign_in(provider), "/projects/")
    assert [row["Project"] for row in rows] == ["Family and community workshops"]


def test_westminster_reports_its_parenting_programme_and_youth_projects(demo: None, sign_in: Any) -> None:
    projects = Project.objects.filter(partnership__slug="westminster")
    parenting = projects.get(title__startswith="Prevent parenting programme")
    actuals = {
        output.description: sum(row.actual or 0 for row in output.quarters.all())
        for output in parenting.outputs.all()
    }
    assert actuals == {"Series of the programme delivered": 9, "Parents taking part": 122}
    youth = projects.get(title="Gangs and Radicalisation Project")
    assert sum(row.actual or 0 for row in youth.outputs.get().quarters.all()) == 92
    assert parenting.funder.name == "Home Office Prevent funding"
    assert parenting.funder.layout.title == "Quarterly monitoring report"
    coordinator = User.objects.get(email="coordinator@westminster.demo")
    client = sign_in(coordinator)
    latest = parenting.returns.order_by("-quarter").first()
    assert latest is not None
    shown = page(client.get(latest.get_absolute_url()).content)
    assert "9 series delivered over the year to 122 parents" in shown.text
    measures = ActionMeasure.objects.filter(
        action__partnership__slug="westminster", source="projects.output_actual"
    )
    assert {(m.label, m.value) for m in measures} >= {("Parents taking part", 122)}
