"""Communications on a phone 390 pixels wide, every page checked for accessibility: Tower
Hamlets' coordinator records a counter-narrative campaign linked to a plan action, adds
two reach figures, opens the action from the campaign and finds the campaign linked there,
and downloads the campaigns as CSV, read back by its headings; the steering member reads
the campaign's reach by channel in the engagement summary, and no campaign's title."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
TITLE = "Browser test: far-right stickers answered"
ACTION = re.compile("Host two Community Roundtable events")


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _fill_date(page: Page, group: str, day: int, month: int, year: int) -> None:
    fields = page.get_by_role("group", name=group, exact=True)
    fields.get_by_label("Day").fill(str(day))
    fields.get_by_label("Month").fill(str(month))
    fields.get_by_label("Year").fill(str(year))


def read_table(page: Page, selector: str) -> list[dict[str, Any]]:
    """A table's body rows as its reader sees them: each header with its cell."""
    expect(page.locator(selector)).to_be_visible()
    rows: list[dict[str, Any]] = page.locator(selector).evaluate(
        """table => {
            const headers = [...table.tHead.rows[0].cells].map(cell => cell.innerText.trim());
            return [...table.tBodies[0].rows].map(row => Object.fromEntries(
                [...row.cells].map((cell, i) => [headers[i], cell.innerText.trim()])));
        }"""
    )
    return rows


def test_the_coordinator_records_a_campaign_with_reach_and_the_steering_member_reads_it(
    browser: Browser, app_url: str, tmp_path: Path
) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/community/")
        page.get_by_role("navigation", name="Parts of engagement").get_by_role(
            "link", name="Campaigns"
        ).click()
        _fits(checked)
        page.get_by_role("link", name="Record a campaign").click()
        _fits(checked)
        page.get_by_role("button", name="Record campaign").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the campaign's title")
        _fits(checked)
        page.get_by_label("Title").fill(TITLE)
        page.get_by_role("radio", name="Counter-narrative activity").check()
        _fill_date(page, "Start date", 1, 5, 2016)
        _fill_date(page, "End date (optional)", 31, 7, 2016)
        page.get_by_role("checkbox", name="Social media").check()
        page.get_by_role("checkbox", name="Print").check()
        page.get_by_label("Audience (optional)").fill("Residents of the streets where stickers appeared")
        page.get_by_role("checkbox", name=ACTION).first.check()
        page.get_by_role("button", name="Record campaign").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Campaign recorded")
        expect(page.locator("h1")).to_have_text(TITLE)
        _fits(checked)
        for day, month, measure, number in (
            (30, 6, "People reached", "2500"),
            (31, 7, "Leaflets distributed", "400"),
        ):
            page.get_by_role("link", name="Add a reach figure").click()
            _fits(checked)
            _fill_date(page, "Date", day, month, 2016)
            page.get_by_role("radio", name=measure).check()
            page.get_by_label("Number").fill(number)
            page.get_by_role("button", name="Add figure").click()
            expect(page.locator(".govuk-notification-banner")).to_contain_text("Reach figure added")
        assert read_table(page, "[aria-labelledby='reach-caption'] table") == [
            {"Date": "30 Jun 2016", "What was counted": "People reached", "Number": "2500"},
            {"Date": "31 Jul 2016", "What was counted": "Leaflets distributed", "Number": "400"},
        ]
        _fits(checked)
        # The plan action it delivers links back to it.
        page.get_by_role("link", name=ACTION).first.click()
        link = page.get_by_role("link", name=f"Campaign: {TITLE}")
        expect(link).to_be_visible()
        _fits(checked)
        link.click()
        expect(page.locator("h1")).to_have_text(TITLE)
        page.locator(".govuk-breadcrumbs").get_by_role("link", name="Campaigns").click()
        _fits(checked)
        with page.expect_download() as download_info:
            page.get_by_role("link", name="CSV").click()
        saved = tmp_path / "campaigns.csv"
        download_info.value.save_as(saved)
        with saved.open(encoding="utf-8-sig", newline="") as exported:
            [row] = [row for row in csv.DictReader(exported) if row["Title"] == TITLE]
        assert row["Kind"] == "Counter-narrative activity"
        assert (row["Start date"], row["End date"]) == ("01/05/2016", "31/07/2016")
        assert row["Channels"] == "Print; Social media"
        assert row["Reach"] == "Leaflets distributed: 400; People reached: 2,500"
        assert re.search(ACTION, row["Plan actions"])
    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/community/summary/")
        page.get_by_label("Financial year").select_option(label="2016-17")
        page.get_by_role("button", name="Show year").click()
        expect(page.locator("h1")).to_have_text("Engagement summary 2016-17")
        figures = {"Campaigns": "1", "People reached": "2500", "Leaflets distributed": "400"}
        assert read_table(page, "#campaign-reach") == [
            {"Channel": "Social media", **figures},
            {"Channel": "Print", **figures},
            {"Channel": "All campaigns", **figures},
        ]
        expect(page.get_by_text(TITLE)).to_have_count(0)
        _fits(checked)
