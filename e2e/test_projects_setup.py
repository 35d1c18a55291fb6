"""Setting up a commissioned project through its pages on a phone 390 pixels wide, every
page checked for accessibility: Tower Hamlets' coordinator adds a project for the current
financial year, profiles a quarter's budget, adds an output with a quarter's target, a
milestone and a risk, appoints a project provider (and removes them again, leaving the
demo's provider reporting for their one project), then downloads the partnership's return
to the Home Office as XLSX and PDF. The steering member reads the projects summary, which
counts the new project, and gets 404 on the project's page."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import Checked, signed_in
from projects import quarters as q

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
TITLE = "Girls' mentoring pilot (browser test)"
PROVIDER = "Mulberry School for Girls"
FUNDER = "Home Office Prevent funding"
OUTPUT = "40 mentoring sessions"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _saved(checked: Checked, message: str) -> None:
    expect(checked.page.locator(".govuk-notification-banner")).to_contain_text(message)
    _fits(checked)


def _date(page: Page, group: str, day: dt.date) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def _rows(content: bytes, sheet: str) -> list[dict[str, object]]:
    rows = list(load_workbook(io.BytesIO(content))[sheet].iter_rows(values_only=True))
    headers = [str(cell) for cell in rows[0]]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]


def test_the_coordinator_sets_up_a_project_and_the_steering_member_reads_the_summary(
    browser: Browser, app_url: str
) -> None:
    today = dt.date.today()
    year = today.year if today.month >= 4 else today.year - 1
    first = dt.date(year, 4, 1)
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/projects/")
        _fits(checked)
        page.get_by_role("link", name="Add a project").click()
        _fits(checked)
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("Provider").select_option(label=PROVIDER)
        page.get_by_label("Funder").select_option(label=FUNDER)
        page.get_by_label("Grant reference").fill("HO-PREVENT-E2E-01")
        _date(page, "Start date", first)
        _date(page, "End date", dt.date(year + 1, 3, 31))
        page.get_by_role("radio", name="Active").check()
        page.get_by_role("button", name="Add project").click()
        _saved(checked, f"{TITLE} added")
        project_url = page.url

        # The link is the quarter's row header, named by the quarter and, to a screen
        # reader, what it does.
        page.get_by_role("table", name="Profile and spend by quarter").get_by_role(
            "link", name=q.label(first)
        ).click()
        _fits(checked)
        page.get_by_label("Budget for the quarter").fill("5000.00")
        page.get_by_role("button", name="Save").click()
        _saved(checked, f"Budget for {q.short_label(first)} saved")

        page.get_by_role("link", name="Add an output").click()
        page.get_by_label("Output", exact=True).fill(OUTPUT)
        page.get_by_label("Target for the whole project").fill("40")
        page.get_by_role("button", name="Save").click()
        _saved(checked, "Output added")
        page.get_by_role("link", name=f"Targets by quarter of {OUTPUT}").click()
        _fits(checked)
        page.get_by_label("Quarter", exact=True).select_option(label=q.label(first))
        page.get_by_label("Target for the quarter").fill("10")
        page.get_by_role("button", name="Save").click()
        _saved(checked, f"Target for {q.short_label(first)} saved")
        outputs = page.get_by_role("table", name="Outputs, target against actual")
        expect(outputs.get_by_role("row").filter(has_text=OUTPUT)).to_contain_text(f"{first:%b %Y}: – of 10")

        page.get_by_role("link", name="Add a milestone").click()
        _fits(checked)
        page.get_by_label("Milestone", exact=True).fill("Mentors matched")
        _date(page, "Due date", dt.date(year, 6, 30))
        page.get_by_role("radio", name="Not started").check()
        page.get_by_role("button", name="Save").click()
        _saved(checked, "Milestone added")

        page.get_by_role("link", name="Add a risk").click()
        _fits(checked)
        page.get_by_label("Risk", exact=True).fill("Too few volunteer mentors")
        page.get_by_role("group", name="Likelihood").get_by_role("radio", name="Medium").check()
        page.get_by_role("group", name="Impact").get_by_role("radio", name="High").check()
        page.get_by_label("Mitigation").fill("Recruit through the school's alumnae network")
        page.get_by_role("group", name="Status").get_by_role("radio", name="Open").check()
        page.get_by_role("button", name="Save").click()
        _saved(checked, "Risk added")
        risks = page.get_by_role("table", name="Risks")
        expect(risks.get_by_role("row").filter(has_text="Too few volunteer mentors")).to_contain_text(
            "Medium"
        )

        page.get_by_role("link", name="Appoint a project provider").click()
        _fits(checked)
        chooser = page.get_by_label("Project provider")
        demo_provider = chooser.locator("option", has_text="(projectprovider@towerhamlets.demo)")
        chooser.select_option(label=(demo_provider.text_content() or "").strip())
        page.get_by_role("button", name="Save").click()
        _saved(checked, f"now reports for {PROVIDER}")
        page.get_by_role("button", name=re.compile("^Remove ")).click()
        _saved(checked, f"no longer reports for {PROVIDER}")

        # The partnership's return to the Home Office for the quarter, in its layout.
        page.goto(app_url + "/projects/")
        page.get_by_role("link", name="Funders and their returns").click()
        _fits(checked)
        page.get_by_label(f"Quarter of the return to {FUNDER}").select_option(label=q.label(first))
        with page.expect_download() as xlsx:
            page.get_by_role("button", name=f"Download (XLSX) the return to {FUNDER}").click()
        content = Path(xlsx.value.path()).read_bytes()
        assert load_workbook(io.BytesIO(content)).sheetnames[:3] == [
            "Return",
            "Project details",
            "Output measures",
        ]
        about = {row["Field"]: row["Value"] for row in _rows(content, "Return")}
        assert about["Quarter"] == q.label(first)
        spend = {row["Project"]: row for row in _rows(content, "Budget and spend")}
        assert spend[TITLE]["Budget this quarter (£)"] == 5000
        assert spend[TITLE]["Return"] == "Not started: not submitted"
        outputs_sheet = [row for row in _rows(content, "Output measures") if row["Project"] == TITLE]
        assert [(row["Output"], row["Target this quarter"]) for row in outputs_sheet] == [(OUTPUT, 10)]
        with page.expect_download() as pdf:
            page.get_by_role("button", name=f"Download (PDF) the return to {FUNDER}").click()
        assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")

    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("link", name="Projects", exact=True).click()
        expect(page.get_by_role("heading", name="Commissioned projects: summary")).to_be_visible()
        _fits(checked)
        funded = page.get_by_role("table", name=f"Projects funded by {FUNDER}", exact=True)
        row = funded.get_by_role("row").filter(has_text=TITLE)
        expect(row).to_contain_text(PROVIDER)
        expect(row).to_contain_text("£5,000.00")
        expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
        # Aggregates only: the project's own page is not theirs to open.
        assert page.request.get(project_url).status == 404
