"""A Prevent coordinator's journey through delivery plans, in a real browser, with
every page checked for accessibility."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PLAN = "Prevent Delivery Plan 2018-19"
ACTION = "Develop a Partnership Community Engagement Plan"


def _sign_in(checked: Checked, email: str) -> None:
    page = checked.page
    page.goto(checked.base + "/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    checked.axe()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()


def test_a_coordinator_updates_an_action_and_sees_it_in_history_audit_and_exports(
    checked_page: Checked, tmp_path: Path
) -> None:
    checked = checked_page
    page = checked.page

    # Sign in, with the error summary first.
    page.goto(checked.base + "/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    checked.axe()
    _sign_in(checked, "coordinator@towerhamlets.demo")
    expect(page.get_by_role("heading", name="What needs doing")).to_be_visible()
    checked.axe()

    # Open the plan: its four objectives and every action.
    page.get_by_role("link", name="Delivery plans").first.click()
    expect(page.get_by_role("heading", name="Delivery plans")).to_be_visible()
    checked.axe()
    page.get_by_role("link", name=PLAN).click()
    expect(page.get_by_role("heading", name=PLAN, level=1)).to_be_visible()
    for number in range(1, 5):
        expect(page.get_by_role("heading", name=re.compile(rf"^Objective {number}: "))).to_be_visible()
    # The demo plan's 31 actions, and any another browser test sharing this server has added
    # (the self-assessment's shortfall becomes an action of this plan).
    expect(page.locator("#action-count")).to_have_text(re.compile(r"^\d+ actions\.$"))
    total = int(page.locator("#action-count").inner_text().split()[0])
    assert total >= 31
    checked.axe()

    # Filter by RAG, then by lead, then overdue.
    page.get_by_role("checkbox", name="Red", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#action-count")).to_contain_text(f"of {total} actions match the filters")
    for tag in page.locator("tbody .govuk-tag--red").all_inner_texts():
        assert tag in ("Red", "Target date passed", "No update this quarter")
    checked.axe()
    page.get_by_role("link", name="Clear filters").first.click()
    page.get_by_label("Lead officer").select_option("Prevent Co-Ordinator")
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.get_by_role("link", name="Support the development of the East London Network")
    ).to_be_visible()
    page.get_by_label("Only overdue actions").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#action-count")).to_contain_text("match the filters")
    checked.axe()
    page.get_by_role("link", name="Clear filters").first.click()

    # Update an action: first with nothing filled in, then properly with evidence.
    page.get_by_role("link", name=ACTION).click()
    expect(page.get_by_role("heading", name=ACTION)).to_be_visible()
    checked.axe()
    page.get_by_role("link", name="Record a progress update").click()
    page.get_by_label("Day").fill("")
    page.get_by_role("button", name="Record update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a RAG status")
    expect(summary).to_contain_text("Enter a commentary on progress")
    checked.axe()
    page.get_by_label("Day").fill(str(date.today().day))
    page.get_by_role("radio", name="Amber", exact=True).check()
    page.get_by_label("Commentary").fill("Engagement plan drafted; consultation with faith groups in July.")
    evidence = tmp_path / "engagement-plan-draft.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% draft engagement plan\n")
    page.get_by_label("Evidence files (optional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Record update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Progress update recorded")
    history = page.locator(".govuk-summary-card").first
    expect(history).to_contain_text(f"{date.today():%-d %B %Y}: Amber")
    expect(history).to_contain_text("Engagement plan drafted; consultation with faith groups in July.")
    expect(history).to_contain_text("engagement-plan-draft.pdf")
    checked.axe()

    # The change is in the audit log.
    page.get_by_role("link", name="See every change to this action in the audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("Progress update recorded")
    checked.axe()

    # Export: the spreadsheet and CSV carry the new RAG; the report is a PDF.
    page.go_back()
    page.get_by_role("link", name=PLAN).click()
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download the plan as a spreadsheet (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert sheet is not None
    rows = {row[5]: row for row in sheet.iter_rows(values_only=True)}
    assert rows[ACTION][17] == "Amber"
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download the plan as CSV").click()
    csv_rows = list(csv.reader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(csv_rows) == total + 1  # a heading row and every action
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the committee report (PDF)").click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF-")

    # The other pages a coordinator reaches from here.
    page.get_by_role("link", name="Delivery plans").first.click()
    page.get_by_role("link", name=re.compile("^Overdue actions in active plans")).click()
    expect(page.get_by_role("heading", name="Overdue actions")).to_be_visible()
    checked.axe()
    page.goto(checked.base + "/plans/import/")
    checked.axe()
    page.goto(checked.base + "/plans/new/")
    checked.axe()

    # Sign out.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    checked.axe()


def test_a_steering_member_reads_plans_but_cannot_change_them(checked_page: Checked) -> None:
    checked = checked_page
    page = checked.page
    _sign_in(checked, "steering@towerhamlets.demo")
    page.get_by_role("link", name="Delivery plans").first.click()
    page.get_by_role("link", name=PLAN).click()
    expect(page.get_by_role("link", name="Add an action")).to_have_count(0)
    page.get_by_role("link", name=ACTION).click()
    expect(page.get_by_role("link", name="Record a progress update")).to_have_count(0)
    checked.axe()
    response = page.goto(checked.base + "/audit/")
    assert response is not None
    assert response.status == 404
    checked.console_errors.remove(
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    checked.axe()

    # Anyone may protect their account with an authenticator app.
    page.goto(checked.base + "/account/two-factor/")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the 6-digit code")
    checked.axe()


def test_an_action_owner_updates_their_action_without_javascript(browser: Browser, app_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(app_url + "/sign-in/")
    page.get_by_label("Email address").fill("owner@towerhamlets.demo")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name=re.compile("you own in active plans"))).to_be_visible()
    page.get_by_role("link", name=PLAN).first.click()
    page.get_by_role("checkbox", name="Green", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#action-count")).to_contain_text("match the filters")
    page.get_by_role("link", name="Clear filters").first.click()
    owned = "Deliver ongoing training and guidance for educational establishments"
    page.get_by_role("link", name=owned).click()
    page.get_by_role("link", name="Record a progress update").click()
    page.get_by_role("radio", name="Green", exact=True).check()
    page.get_by_label("Commentary").fill("WRAP refreshed for two further colleges.")
    page.get_by_role("button", name="Record update").click()
    expect(page.locator(".govuk-summary-card").first).to_contain_text(
        "WRAP refreshed for two further colleges."
    )
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    context.close()
