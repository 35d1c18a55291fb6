"""The steering group's summary (aggregates only: figures by funder and in total for a
financial year, no project's page, return or file), and the partnership's return to one
funder in the funder's layout, as XLSX and as a tagged PDF, read back by their headings."""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from govuk.testing import Table, page
from govuk.testing_pdf import laid_out_text
from projects import actions, documents, figures
from projects import quarters as q
from projects.models import MonitoringReturn, Project
from projects.tests.builders import Q1, Q2, Q3, funder, project

pytestmark = pytest.mark.django_db


def _with_output(coordinator_viewer: Viewer, title: str, **values: Any) -> Project:
    made = project(coordinator_viewer, title, **values)
    output = actions.add_output(
        viewer=coordinator_viewer, project=made, description="25 x 2 hour training sessions", target_total=25
    )
    for quarter in (Q1, Q2, Q3):
        actions.set_output_target(viewer=coordinator_viewer, output=output, quarter=quarter, target=6)
    return made


def _return(
    coordinator_viewer: Viewer, made: Project, quarter: Any, *, spend: str, actual: int, submit: bool = False
) -> MonitoringReturn:
    monitoring_return = actions.start_return(viewer=coordinator_viewer, project=made, quarter=quarter)
    actions.save_return(
        viewer=coordinator_viewer,
        monitoring_return=monitoring_return,
        spend=Decimal(spend),
        actuals={made.outputs.get().pk: actual},
        milestones={},
        progress="A narrative the steering group must not read.",
        issues="",
        next_quarter="",
    )
    if submit:
        actions.submit_return(viewer=coordinator_viewer, monitoring_return=monitoring_return)
    return monitoring_return


@pytest.fixture
def two_funders(coordinator_viewer: Viewer) -> tuple[Project, Project, MonitoringReturn]:
    trainers = _with_output(coordinator_viewer, "Community trainers")
    first = _return(coordinator_viewer, trainers, Q1, spend="2000.00", actual=5, submit=True)
    _return(coordinator_viewer, trainers, Q2, spend="2500.00", actual=6)
    actions.add_risk(
        viewer=coordinator_viewer,
        project=trainers,
        description="Venue closes",
        likelihood="low",
        impact="low",
    )
    council = project(coordinator_viewer, "Faith leaders forum")
    actions.update_project(
        viewer=coordinator_viewer, project=council, funder=funder(coordinator_viewer, "Council")
    )
    return trainers, council, first


def _table(shown: Any, caption: str) -> Table:
    [table] = [t for t in shown.tables() if t.caption == caption]
    return table


def _internal_links(shown: Any) -> list[str]:
    return [href for _, href in shown.links() if href.startswith("/") and not href.startswith("/static/")]


def test_the_steering_group_reads_the_summary_by_funder_and_in_total(
    two_funders: tuple[Project, Project, MonitoringReturn],
    steering: User,
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(steering)
    response = client.get(reverse("projects:summary"), {"year": "2025"})
    assert response.status_code == 200
    shown = page(response.content)
    by_funder = {row["Funder"]: row for row in _table(shown, "By funder").rows}
    home_office = by_funder["Home Office Prevent funding"]
    assert home_office["Projects"] == "1"
    assert home_office["Budget for the year"] == "£10,000.00"
    assert home_office["Budget to date"] == "£10,000.00"  # every quarter of 2025-26 has ended
    assert home_office["Spend to date"] == "£4,500.00"
    assert home_office["Variance"] == "-£5,500.00"
    assert home_office["Against profile"] == "Underspend"
    assert by_funder["Council"]["Projects"] == "1"
    assert by_funder["Council"]["Spend to date"] == "£0.00"
    assert by_funder["All funders"]["Projects"] == "2"
    assert by_funder["All funders"]["Budget for the year"] == "£20,000.00"
    assert by_funder["All funders"]["Spend to date"] == "£4,500.00"
    projects = _table(shown, "Projects funded by Home Office Prevent funding").rows
    assert [(row["Project"], row["Provider"]) for row in projects] == [
        ("Community trainers", "Community trainers provider")
    ]
    [output] = _table(shown, "Outputs of the projects funded by Home Office Prevent funding").rows
    assert (output["Project"], output["Output"]) == ("Community trainers", "25 x 2 hour training sessions")
    assert (output["Target in the year"], output["Actual in the year"]) == ("18", "11")
    # Figures only: no narrative, risk or person, and no link to a project or a return.
    assert "must not read" not in shown.text and "Venue closes" not in shown.text
    links = _internal_links(shown)
    assert links and all(client.get(href).status_code == 200 for href in links)
    summary = reverse("projects:summary")
    assert not [href for href in links if href.startswith("/projects/") and not href.startswith(summary)]


def test_the_steering_group_opens_no_project_return_or_file(
    two_funders: tuple[Project, Project, MonitoringReturn],
    steering: User,
    sign_in: Callable[..., Client],
) -> None:
    trainers, _, submitted = two_funders
    client = sign_in(steering)
    for url in (
        trainers.get_absolute_url(),
        submitted.get_absolute_url(),
        reverse("projects:return_download", args=[submitted.uuid, "xlsx"]),
        reverse("projects:return_download", args=[submitted.uuid, "pdf"]),
        reverse("projects:project_list"),
    ):
        assert client.get(url).status_code == 404, url
    # Their navigation leads to the summary, and it opens.
    home = page(client.get("/").content)
    [href] = [href for text, href in home.links() if text == "Projects"]
    assert href == reverse("projects:summary") and client.get(href).status_code == 200


def test_another_partnerships_steering_group_sees_none_of_it(
    two_funders: tuple[Project, Project, MonitoringReturn],
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    trainers, _, submitted = two_funders
    client = sign_in(person(other_partnership, Role.STEERING))
    shown = page(client.get(reverse("projects:summary"), {"year": "2025"}).content)
    assert not [t for t in shown.tables() if t.caption == "By funder"]
    assert shown.by_id("project-count").text.startswith("0 projects")
    assert "Community trainers" not in shown.text
    assert client.get(trainers.get_absolute_url()).status_code == 404
    assert client.get(submitted.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("year", ["abc", "1900", "2025.5", "9" * 30, "-1", ""])
def test_a_bad_year_falls_back_to_the_current_one(
    two_funders: tuple[Project, Project, MonitoringReturn],
    steering: User,
    sign_in: Callable[..., Client],
    year: str,
) -> None:
    response = sign_in(steering).get(reverse("projects:summary"), {"year": year})
    assert response.status_code == 200
    current = figures.year_of(timezone.localdate())
    [title] = page(response.content).iter("title")
    assert title.text.startswith(f"Commissioned projects: summary for {figures.year_label(current)}")


def test_the_summary_takes_the_same_queries_for_one_project_or_many(
    coordinator_viewer: Viewer, steering: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(steering)
    _with_output(coordinator_viewer, "First")

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("projects:summary"), {"year": "2025"}).status_code == 200
        return len(queries)

    counted()  # the first request of a session fills its caches
    one = counted()
    for number in range(4):
        made = _with_output(coordinator_viewer, f"More {number}")
        _return(coordinator_viewer, made, Q1, spend="100.00", actual=1)
    assert counted() == one


# --- the partnership's return to one funder --------------------------------------------------


def _inflate(pdf: bytes) -> bytes:
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    return b"\n".join(parts)


def _sheet(content: bytes, name: str) -> list[dict[str, object]]:
    rows = list(load_workbook(io.BytesIO(content))[name].iter_rows(values_only=True))
    headers = [str(cell) for cell in rows[0]]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]


@pytest.fixture
def laid_out(coordinator_viewer: Viewer, two_funders: tuple[Project, Project, MonitoringReturn]) -> Any:
    home_office = funder(coordinator_viewer)
    actions.update_layout(
        viewer=coordinator_viewer,
        funder=home_office,
        name=home_office.name,
        active=True,
        title="Prevent grant monitoring",
        sections=["outputs", "spend", "narrative"],
        headings={"outputs": "Delivery against KPIs", "narrative": "Commentary"},
        reference_fields="Local authority code: E09000030",
    )
    project(coordinator_viewer, "Youth mentoring")  # no return yet
    return home_office


def test_the_funder_return_xlsx_follows_the_funders_layout(
    laid_out: Any, sign_in: Callable[..., Client], coordinator: User
) -> None:
    response = sign_in(coordinator).get(
        reverse("projects:funder_return", args=[laid_out.uuid]), {"quarter": Q1.isoformat()}
    )
    assert response["Content-Type"] == documents.XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Return", "Delivery against KPIs", "Budget and spend", "Commentary"]
    about = {row["Field"]: row["Value"] for row in _sheet(response.content, "Return")}
    assert about["Return"] == "Prevent grant monitoring"
    assert about["Quarter"] == q.label(Q1)
    assert about["Local authority code"] == "E09000030"
    assert about["Projects active in the quarter"] == "2"
    outputs = _sheet(response.content, "Delivery against KPIs")
    assert [(r["Project"], r["Output"], r["Actual this quarter"]) for r in outputs] == [
        ("Community trainers", "25 x 2 hour training sessions", 5)
    ]
    spend = {row["Project"]: row for row in _sheet(response.content, "Budget and spend")}
    assert spend["Community trainers"]["Return"] == "Submitted"
    assert spend["Community trainers"]["Variance flag"] == "Underspend"
    assert spend["Youth mentoring"]["Return"] == "Not started: not submitted"
    commentary = _sheet(response.content, "Commentary")
    assert {(r["Project"], r["Question"]) for r in commentary} >= {
        ("Community trainers", "Progress this quarter")
    }
    # The Council's project is not the Home Office's, and risks were left out of the layout.
    assert "Faith leaders forum" not in spend
    assert not any("Risk" in name for name in book.sheetnames)
    assert AuditEvent.objects.filter(verb="projects.funder_return.downloaded").exists()


def test_the_funder_return_pdf_is_tagged_and_says_the_variance_in_words(
    laid_out: Any, sign_in: Callable[..., Client], coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    real = documents.funder_html

    def spy(*args: Any, **kwargs: Any) -> str:
        rendered.append(real(*args, **kwargs))
        return rendered[-1]

    monkeypatch.setattr(documents, "funder_html", spy)
    client = sign_in(coordinator)
    response = client.get(
        reverse("projects:funder_return_pdf", args=[laid_out.uuid]), {"quarter": Q1.isoformat()}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    inflated = _inflate(response.content)
    assert b"pdfuaid:part" in inflated and b"/StructTreeRoot" in inflated
    [html] = rendered
    text = re.sub(r"\s+", " ", laid_out_text(html))
    order = [text.index(heading) for heading in ("Delivery against KPIs", "Budget and spend", "Commentary")]
    assert order == sorted(order)
    assert "Local authority code" in text and "E09000030" in text
    assert "Community trainers provider Submitted 2500.00 2000.00 -500.00 Underspend" in text
    assert "Youth mentoring provider Not started: not submitted" in text
    assert "Risks" not in text and "Faith leaders forum" not in text
    assert 'class="flagged"' in html  # the colour beside the words


def test_the_funder_page_offers_both_files_and_each_opens(
    laid_out: Any, sign_in: Callable[..., Client], coordinator: User
) -> None:
    client = sign_in(coordinator)
    shown = page(client.get(reverse("projects:funder_list")).content)
    [form] = [
        f
        for f in shown.forms()
        if f.attrs.get("action") == reverse("projects:funder_return", args=[laid_out.uuid])
    ]
    buttons = {
        button.text: button.attrs.get("formaction", form.attrs["action"]) for button in form.iter("button")
    }
    assert set(buttons) == {
        f"Download (XLSX) the return to {laid_out.name}",
        f"Download (PDF) the return to {laid_out.name}",
    }
    for href in buttons.values():
        response = client.get(href, {"quarter": Q1.isoformat()})
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["projects:funder_return", "projects:funder_return_pdf"])
@pytest.mark.parametrize("quarter", ["garbage", "2025-04-02", "1990-04-01", "", "9" * 5000, "2025-13-01"])
def test_a_bad_quarter_answers_404(
    laid_out: Any, sign_in: Callable[..., Client], coordinator: User, name: str, quarter: str
) -> None:
    client = sign_in(coordinator)
    assert client.get(reverse(name, args=[laid_out.uuid]), {"quarter": quarter}).status_code == 404
    # Given twice, the last one counts.
    url = reverse(name, args=[laid_out.uuid])
    assert client.get(url, {"quarter": [Q1.isoformat(), quarter]}).status_code == 404
    # Control characters are taken out of every query before a view reads it
    # (govuk/middleware.py): what is left here is a good quarter.
    assert client.get(url, {"quarter": "2025-04-01\x00"}).status_code == 200


def test_another_partnership_gets_404_for_the_funder_return(
    laid_out: Any, other_partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    client = sign_in(person(other_partnership, Role.COORDINATOR))
    for name in ("projects:funder_return", "projects:funder_return_pdf"):
        assert client.get(reverse(name, args=[laid_out.uuid]), {"quarter": Q1.isoformat()}).status_code == 404
