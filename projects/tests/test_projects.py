"""Commissioned projects and their quarterly returns: who sees what (a project provider
sees only their own projects), the return's review and lock, what changed since the last
submitted return, the funder's files read back by their headings, the plan's link to the
project, and the measures."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import action_titled, add_coordinator, viewer
from govuk.measures import MeasureSource, source
from govuk.testing import list_rows, page
from lib.errors import Refused
from partners.tests.builders import organisation
from plans.models import Action, ActionKind, Strategy
from projects import actions, documents, figures
from projects.models import MonitoringReturn, Project, ProjectQuarter, ReturnStatus
from projects.tests.builders import Q1, Q2, Q3, funder, project, project_provider

pytestmark = pytest.mark.django_db


def _enter(
    viewer_: Viewer,
    monitoring_return: MonitoringReturn,
    *,
    spend: str,
    actual: int,
    progress: str = "Going well.",
) -> None:
    project_ = monitoring_return.project
    output = project_.outputs.get()
    actions.save_return(
        viewer=viewer_,
        monitoring_return=monitoring_return,
        spend=Decimal(spend),
        actuals={output.pk: actual},
        milestones={},
        progress=progress,
        issues="",
        next_quarter="",
    )


@pytest.fixture
def training_project(coordinator_viewer: Viewer) -> Project:
    made = project(coordinator_viewer, "Community trainers")
    output = actions.add_output(
        viewer=coordinator_viewer, project=made, description="25 x 2 hour training sessions", target_total=25
    )
    for quarter in (Q1, Q2, Q3):
        actions.set_output_target(viewer=coordinator_viewer, output=output, quarter=quarter, target=6)
    return made


def test_a_project_provider_sees_their_projects_and_no_other(
    coordinator_viewer: Viewer, sign_in: Callable[..., Client], other_partnership: Partnership
) -> None:
    mine = project(coordinator_viewer, "Parenting programme")
    theirs = project(coordinator_viewer, "Youth football")
    user = project_provider(coordinator_viewer, mine.provider, "provider@example.org")
    elsewhere = viewer(add_coordinator(other_partnership), other_partnership)
    foreign = project(elsewhere, "Elsewhere project")
    client = sign_in(user)

    rows = list_rows(client, reverse("projects:project_list"))
    assert [row["Project"] for row in rows] == ["Parenting programme"]
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(foreign.get_absolute_url()).status_code == 404
    assert client.get(reverse("projects:return_start", args=[theirs.uuid])).status_code == 404
    assert client.get(reverse("projects:project_edit", args=[mine.uuid])).status_code == 404
    assert client.get(reverse("projects:funder_list")).status_code == 404
    # Nothing else of the partnership's projects app: no funders, no other provider's returns.
    other_return = actions.start_return(viewer=coordinator_viewer, project=theirs, quarter=Q1)
    assert client.get(other_return.get_absolute_url()).status_code == 404


def test_the_provider_enters_and_sends_and_only_the_coordinator_submits(
    coordinator_viewer: Viewer, training_project: Project, sign_in: Callable[..., Client], coordinator: User
) -> None:
    made = training_project
    user = project_provider(coordinator_viewer, made.provider, "provider@example.org")
    client = sign_in(user)
    response = client.post(reverse("projects:return_start", args=[made.uuid]), {"quarter": Q1.isoformat()})
    monitoring_return = MonitoringReturn.objects.get(project=made, quarter=Q1)
    assert response["Location"] == reverse("projects:return_edit", args=[monitoring_return.uuid])
    output = made.outputs.get()
    response = client.post(
        reverse("projects:return_edit", args=[monitoring_return.uuid]),
        {
            "spend": "1900.00",
            f"output_{output.pk}": "4",
            "progress": "Four sessions held.",
            "issues": "",
            "next_quarter": "",
        },
    )
    assert response.status_code == 302
    assert ProjectQuarter.objects.get(project=made, quarter=Q1).spend == Decimal("1900.00")
    assert client.post(reverse("projects:return_send", args=[monitoring_return.uuid])).status_code == 302
    monitoring_return.refresh_from_db()
    assert monitoring_return.status == ReturnStatus.IN_REVIEW
    # The provider cannot submit, nor change it while it is in review.
    assert client.post(reverse("projects:return_submit", args=[monitoring_return.uuid])).status_code == 404
    with pytest.raises(Refused):
        _enter(viewer(user, made.partnership), monitoring_return, spend="1.00", actual=1)
    coordinator_client = sign_in(coordinator)
    # The coordinator's home page lists it to review, and the link opens.
    home = page(coordinator_client.get("/").content)
    heading = "Project returns to review"
    [panel] = [s for s in home.iter("section") if [h.text for h in s.iter("h2")] == [heading]]
    [(label, href)] = panel.links()
    assert label.startswith(made.title) and href == monitoring_return.get_absolute_url()
    assert coordinator_client.get(href).status_code == 200
    response = coordinator_client.post(
        reverse("projects:return_send_back", args=[monitoring_return.uuid]),
        {"comment": "Add the spend evidence."},
    )
    assert response.status_code == 302
    monitoring_return.refresh_from_db()
    assert monitoring_return.status == ReturnStatus.SENT_BACK
    assert "Project returns to review" not in page(coordinator_client.get("/").content).text
    shown = page(client.get(monitoring_return.get_absolute_url()).content)
    assert "Add the spend evidence." in shown.text
    client.post(reverse("projects:return_send", args=[monitoring_return.uuid]))
    assert (
        coordinator_client.post(reverse("projects:return_submit", args=[monitoring_return.uuid])).status_code
        == 302
    )
    monitoring_return.refresh_from_db()
    assert monitoring_return.status == ReturnStatus.SUBMITTED
    assert (monitoring_return.snapshot or {})["outputs"][0]["actual_quarter"] == 4


def _xlsx_rows(content: bytes, sheet: str) -> list[dict[str, object]]:
    book = load_workbook(io.BytesIO(content))
    rows = list(book[sheet].iter_rows(values_only=True))
    headers = [str(cell) for cell in rows[0]]
    return [
        dict(zip(headers, row, strict=False)) for row in rows[1:] if any(cell is not None for cell in row)
    ]


def test_a_submitted_return_and_its_files_do_not_change_when_the_records_do(
    coordinator_viewer: Viewer, training_project: Project, sign_in: Callable[..., Client], coordinator: User
) -> None:
    made = training_project
    monitoring_return = actions.start_return(viewer=coordinator_viewer, project=made, quarter=Q1)
    _enter(coordinator_viewer, monitoring_return, spend="2000.00", actual=5)
    actions.submit_return(viewer=coordinator_viewer, monitoring_return=monitoring_return)
    client = sign_in(coordinator)
    xlsx_url = reverse("projects:return_download", args=[monitoring_return.uuid, "xlsx"])
    before_page = page(client.get(monitoring_return.get_absolute_url()).content)
    before_xlsx = _xlsx_rows(client.get(xlsx_url).content, "Outputs")
    before_html = documents.return_html(figures.report_of(monitoring_return), status="Submitted")

    actions.update_project(viewer=coordinator_viewer, project=made, title="Renamed project")
    actions.set_budget(viewer=coordinator_viewer, project=made, quarter=Q1, budget=Decimal("9999.00"))
    ProjectQuarter.objects.filter(project=made, quarter=Q1).update(spend=Decimal("1.00"))
    output = made.outputs.get()
    output.quarters.filter(quarter=Q1).update(actual=99)
    actions.update_output(viewer=coordinator_viewer, output=output, description="Changed output")

    monitoring_return.refresh_from_db()
    after_page = page(client.get(monitoring_return.get_absolute_url()).content)
    assert [t.rows for t in after_page.tables()] == [t.rows for t in before_page.tables()]
    assert _xlsx_rows(client.get(xlsx_url).content, "Outputs") == before_xlsx
    assert before_xlsx[0]["Output"] == "25 x 2 hour training sessions"
    assert before_xlsx[0]["Actual this quarter"] == 5
    assert documents.return_html(figures.report_of(monitoring_return), status="Submitted") == before_html
    pdf = client.get(reverse("projects:return_download", args=[monitoring_return.uuid, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    with pytest.raises(Refused):
        _enter(coordinator_viewer, monitoring_return, spend="1.00", actual=1)


def test_the_next_return_says_what_changed_since_the_last_submitted(
    coordinator_viewer: Viewer, training_project: Project, sign_in: Callable[..., Client], coordinator: User
) -> None:
    made = training_project
    first = actions.start_return(viewer=coordinator_viewer, project=made, quarter=Q1)
    _enter(coordinator_viewer, first, spend="2500.00", actual=6)
    actions.submit_return(viewer=coordinator_viewer, monitoring_return=first)
    actions.add_risk(
        viewer=coordinator_viewer,
        project=made,
        description="Venue closes",
        likelihood="low",
        impact="medium",
    )
    second = actions.start_return(viewer=coordinator_viewer, project=made, quarter=Q2)
    _enter(coordinator_viewer, second, spend="1000.00", actual=3)
    shown = page(sign_in(coordinator).get(second.get_absolute_url()).content)
    changes = [item.text for item in shown.by_id("changes-list").iter("li")]
    assert "25 x 2 hour training sessions: 6 to date before, 9 now." in changes
    assert "Spend to date rose from £2,500.00 to £3,500.00." in changes
    assert "New risk: Venue closes." in changes
    spend = next(t for t in shown.tables() if t.caption == "Spend against profile")
    assert spend.rows[-1]["Against profile"] == "Underspend"
    outputs = next(t for t in shown.tables() if t.caption == "Outputs this quarter and to date")
    assert outputs.rows[0]["Against target"] == "Behind target"


def test_the_funder_return_reads_back_by_its_headings_with_variance_marked_in_words_and_fill(
    coordinator_viewer: Viewer, training_project: Project, sign_in: Callable[..., Client], coordinator: User
) -> None:
    made = training_project
    other = project(coordinator_viewer, "Faith leaders forum")
    submitted = actions.start_return(viewer=coordinator_viewer, project=made, quarter=Q1)
    _enter(coordinator_viewer, submitted, spend="1500.00", actual=6)
    actions.submit_return(viewer=coordinator_viewer, monitoring_return=submitted)
    home_office = funder(coordinator_viewer)
    response = sign_in(coordinator).get(
        reverse("projects:funder_return", args=[home_office.uuid]), {"quarter": Q1.isoformat()}
    )
    assert response["Content-Type"] == documents.XLSX
    rows = {row["Project"]: row for row in _xlsx_rows(response.content, "Budget and spend")}
    assert rows["Community trainers"]["Return"] == "Submitted"
    assert rows["Community trainers"]["Spend this quarter (£)"] == 1500
    assert rows["Community trainers"]["Variance flag"] == "Underspend"
    assert rows[other.title]["Return"] == "Not started: not submitted"
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Budget and spend"]
    headers = [cell.value for cell in sheet[1]]
    flagged = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Community trainers")
    assert flagged[headers.index("Variance flag")].fill.fgColor.rgb.endswith("FFDD00")


def test_a_funder_layout_orders_and_names_the_sections(
    coordinator_viewer: Viewer, training_project: Project
) -> None:
    home_office = funder(coordinator_viewer)
    actions.update_layout(
        viewer=coordinator_viewer,
        funder=home_office,
        name=home_office.name,
        active=True,
        title="Prevent grant monitoring",
        sections=["outputs", "spend"],
        headings={"outputs": "Delivery against KPIs"},
        reference_fields="Local authority code: E09000030",
    )
    monitoring_return = actions.start_return(viewer=coordinator_viewer, project=training_project, quarter=Q1)
    report = figures.report_of(monitoring_return)
    assert report["sections"] == [["outputs", "Delivery against KPIs"], ["spend", "Budget and spend"]]
    book = load_workbook(io.BytesIO(documents.return_xlsx(report)))
    assert book.sheetnames == ["Delivery against KPIs", "Budget and spend"]


def test_the_plan_row_links_to_its_project_for_those_who_may_open_it(
    coordinator_viewer: Viewer,
    plan: Strategy,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
    coordinator: User,
) -> None:
    row = action_titled("Host two community roundtables")
    Action.objects.filter(pk=row.pk).update(kind=ActionKind.PROJECT)
    made = project(coordinator_viewer, "Roundtables project", action=Action.objects.get(pk=row.pk))
    client = sign_in(coordinator)
    for url in (plan.get_absolute_url(), row.get_absolute_url()):
        links = [href for text, href in page(client.get(url).content).links() if "Project record" in text]
        assert links == [made.get_absolute_url()]
        assert all(client.get(href).status_code == 200 for href in links)
    # The steering group sees aggregates only, and another row's owner nothing of it: no
    # link to a project they could not open.
    for user in (person(partnership, Role.STEERING), person(partnership, Role.ACTION_OWNER)):
        other_client = sign_in(user)
        for url in (plan.get_absolute_url(), row.get_absolute_url()):
            assert not [
                text for text, _ in page(other_client.get(url).content).links() if "Project record" in text
            ]
        assert other_client.get(made.get_absolute_url()).status_code == 404


def test_a_providers_page_in_the_register_links_to_the_projects_it_delivers(
    coordinator_viewer: Viewer,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
    coordinator: User,
) -> None:
    made = project(coordinator_viewer, "Parenting programme")
    project(coordinator_viewer, "Youth mentoring")  # another provider's
    provider = made.provider
    client = sign_in(coordinator)
    related = page(client.get(provider.get_absolute_url()).content).by_id("related")
    assert f"Commissioned projects of {provider.name}: 1 it delivers" in related.text
    [href] = [href for text, href in related.links() if text.startswith("Commissioned projects")]
    assert [row["Project"] for row in list_rows(client, href)] == ["Parenting programme"]
    # The steering group's link leads to the summary, where the project is a row of figures.
    steering_client = sign_in(person(partnership, Role.STEERING))
    related = page(steering_client.get(provider.get_absolute_url()).content).by_id("related")
    assert f"Commissioned projects of {provider.name}: 1 it delivers" in related.text
    [href] = [href for text, href in related.links() if text.startswith("Commissioned projects")]
    assert href == f"{reverse('projects:summary')}?year=2025"
    shown = page(steering_client.get(href).content)
    [table] = [t for t in shown.tables() if t.caption == f"Projects funded by {made.funder.name}"]
    assert {row["Project"]: row["Provider"] for row in table.rows}["Parenting programme"] == provider.name


def test_the_owner_of_a_project_row_reads_its_project_and_changes_nothing(
    coordinator_viewer: Viewer, plan: Strategy, owner: User, sign_in: Callable[..., Client]
) -> None:
    row = action_titled("Deliver WRAP training in colleges")  # owned by `owner`
    assert row.owner == owner
    Action.objects.filter(pk=row.pk).update(kind=ActionKind.PROJECT)
    theirs = project(coordinator_viewer, "WRAP in colleges", action=Action.objects.get(pk=row.pk))
    other = project(coordinator_viewer, "Parenting programme")
    client = sign_in(owner)
    [href] = [
        href
        for text, href in page(client.get(row.get_absolute_url()).content).links()
        if "Project record" in text
    ]
    assert href == theirs.get_absolute_url() and client.get(href).status_code == 200
    listed = list_rows(client, reverse("projects:project_list"))
    assert [r["Project"] for r in listed] == ["WRAP in colleges"]
    assert client.get(other.get_absolute_url()).status_code == 404
    for name in ("project_edit", "budget_edit", "return_start", "output_create"):
        assert client.get(reverse(f"projects:{name}", args=[theirs.uuid])).status_code == 404


def test_a_project_delivers_one_plan_row_of_kind_project_at_most(
    coordinator_viewer: Viewer, plan: Strategy
) -> None:
    ordinary = action_titled("Host two community roundtables")
    with pytest.raises(Refused):
        project(coordinator_viewer, "Wrong kind", action=ordinary)
    Action.objects.filter(pk=ordinary.pk).update(kind=ActionKind.PROJECT)
    row = Action.objects.get(pk=ordinary.pk)
    project(coordinator_viewer, "First", action=row)
    with pytest.raises(Refused):
        project(coordinator_viewer, "Second", action=row)


def _source(code: str) -> MeasureSource:
    found = source(code)
    assert found is not None
    return found


def test_the_measures_count_outputs_spend_and_milestones(
    coordinator_viewer: Viewer, training_project: Project, partnership: Partnership
) -> None:
    made = training_project
    for quarter, spend, actual in ((Q1, "2000.00", 5), (Q2, "2500.00", 6)):
        monitoring_return = actions.start_return(viewer=coordinator_viewer, project=made, quarter=quarter)
        _enter(coordinator_viewer, monitoring_return, spend=spend, actual=actual)
    output = made.outputs.get()
    year = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    params = _source("projects.output_actual").clean(partnership, {"output": str(output.pk)})
    assert _source("projects.output_actual").compute(partnership, params, *year).value == 11
    progress = _source("projects.output_progress").compute(partnership, params, *year)
    assert (progress.numerator, progress.denominator) == (11, 18)
    spent = _source("projects.spend").compute(partnership, {"project": str(made.pk)}, *year)
    assert spent.value == 4500
    of_budget = _source("projects.spend_of_budget").compute(partnership, {}, *year)
    assert (of_budget.numerator, of_budget.denominator) == (4500, 10000)
    actions.add_milestone(
        viewer=coordinator_viewer,
        project=made,
        title="Launch",
        due_on=dt.date(2025, 5, 1),
        status="done",
        completed_on=dt.date(2025, 5, 2),
    )
    done = _source("projects.milestones_completed").compute(partnership, {}, *year)
    assert done.value == 1
    with pytest.raises(Refused):
        _source("projects.output_actual").clean(partnership, {"output": "999999"})


def test_a_refused_project_writes_nothing(
    coordinator_viewer: Viewer, sign_in: Callable[..., Client], coordinator: User
) -> None:
    provider = organisation(coordinator_viewer, "Provider", "voluntary-community")
    client = sign_in(coordinator)
    response = client.post(
        reverse("projects:project_create"),
        {
            "title": "x" * 10_000,
            "provider": str(provider.uuid),
            "funder": str(funder(coordinator_viewer).uuid),
            "start_on_day": "31",
            "start_on_month": "2",
            "start_on_year": "2025",
            "end_on_day": "1",
            "end_on_month": "1",
            "end_on_year": "2020",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert not Project.objects.exists()
    # End before start, through the action.
    with pytest.raises(Refused):
        project(coordinator_viewer, "Backwards", start_on=dt.date(2025, 4, 1), end_on=dt.date(2024, 4, 1))


def test_the_return_form_refuses_bad_figures_and_saves_a_double_submission_once(
    coordinator_viewer: Viewer, training_project: Project, sign_in: Callable[..., Client], coordinator: User
) -> None:
    monitoring_return = actions.start_return(viewer=coordinator_viewer, project=training_project, quarter=Q1)
    output = training_project.outputs.get()
    url = reverse("projects:return_edit", args=[monitoring_return.uuid])
    client = sign_in(coordinator)
    written = AuditEvent.objects.exclude(verb__endswith=".viewed").count()
    word_paste = "Progress\u2028with a Word\u00a0paragraph\x0b" + "x" * 10_000
    for spend, actual in (
        ("-1", "4"),
        ("99999999999", "4"),
        ("12.345", "4"),
        ("100", "-3"),
        ("100", "1e308"),
    ):
        response = client.post(url, {"spend": spend, f"output_{output.pk}": actual, "progress": word_paste})
        assert response.status_code == 200
    assert AuditEvent.objects.exclude(verb__endswith=".viewed").count() == written
    assert not ProjectQuarter.objects.filter(
        project=training_project, quarter=Q1, spend__isnull=False
    ).exists()
    form = {
        "spend": "100.00",
        f"output_{output.pk}": "3",
        "progress": "Three sessions.",
        "submission": "token-1",
    }
    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, f"output_{output.pk}": "7"}).status_code == 302
    assert output.quarters.get(quarter=Q1).actual == 3
    unknown = reverse("projects:return_edit", args=["00000000-0000-0000-0000-000000000000"])
    assert client.post(unknown, form).status_code == 404
