"""Channel statistics in the browser, each page checked for accessibility: a steering member
on a phone 390 pixels wide opens "Statistics" from the navigation, reads the year's tables
after disclosure control (the ethnic group table among them), picks a quarter and downloads
the year as CSV with its notes; the coordinator sees the exact figures, said so; the
regional adviser, without JavaScript, opens the demo region's statistics from "Regional
statistics"."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from demo.performance_statistics import REGION_NAME, REGIONAL_EMAIL
from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_a_steering_member_reads_and_downloads_the_statistics_on_a_phone(
    browser: Browser, app_url: str
) -> None:
    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.get_by_role("button", name="Menu").click()
        page.locator("#navigation").get_by_role("link", name="Statistics", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Channel statistics")
        expect(page.locator("#disclosure")).to_contain_text("disclosure controlled")
        ethnicity = page.locator("table", has=page.locator("caption", has_text="by ethnic group"))
        expect(ethnicity.get_by_role("columnheader", name="Ethnic group")).to_be_visible()
        expect(ethnicity.get_by_role("rowheader", name="Not recorded")).to_be_visible()
        _fits(checked)
        page.get_by_label("Period").select_option("q1")
        page.get_by_role("button", name="Show figures").click()
        expect(page.locator("#period-heading")).to_contain_text("Quarter 1")
        # The year's tables only: the ethnic groups are counted for the year.
        expect(page.locator("caption", has_text="by ethnic group")).to_have_count(0)
        _fits(checked)
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "Notes" in text and "Counts from 1 to 4 are suppressed" in text
        assert "Referrals, discussed and adopted by ethnic group" in text


def test_the_coordinator_is_told_the_figures_are_exact(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo") as checked:
        page = checked.page
        page.goto(app_url + "/performance/statistics/")
        expect(page.locator(".govuk-warning-text")).to_contain_text("exact figures")
        expect(page.get_by_text("[c]", exact=True)).to_have_count(0)
        checked.axe()


def test_the_regional_adviser_opens_the_region_without_javascript(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, REGIONAL_EMAIL, java_script_enabled=False) as checked:
        page = checked.page
        page.locator("#navigation").get_by_role("link", name="Regional statistics").click()
        page.get_by_role("link", name=REGION_NAME).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(REGION_NAME)
        expect(page.locator("#disclosure")).to_contain_text("disclosure controlled")
        expect(page.locator("caption", has_text="by referral sector").first).to_be_visible()
        region_url = page.url
        # The adviser reads no partnership's own statistics.
        assert page.goto(app_url + "/performance/statistics/").status == 404  # type: ignore[union-attr]
    with signed_in(browser, app_url, REGIONAL_EMAIL) as checked:
        checked.page.goto(region_url)
        expect(checked.page.locator("caption", has_text="by ethnic group")).to_be_visible()
        checked.axe()


def test_a_funder_reads_the_dashboard_statistics_and_equality_after_disclosure_control(
    browser: Browser, app_url: str
) -> None:
    with signed_in(browser, app_url, "funder@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        for name, heading in (
            ("Performance", "Performance"),
            ("Statistics", "Channel statistics"),
            ("Equality", "Equality monitoring"),
        ):
            page.get_by_role("button", name="Menu").click()
            page.locator("#navigation").get_by_role("link", name=name, exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
            _fits(checked)
        page.goto(app_url + "/performance/statistics/")
        expect(page.locator("#disclosure")).to_contain_text("disclosure controlled")
        # A funder has no access to the cases: the case list answers 404.
        assert page.goto(app_url + "/cases/").status == 404  # type: ignore[union-attr]
