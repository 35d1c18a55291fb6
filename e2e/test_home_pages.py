"""Every role's home page, and each list its numbers open, in the browser: accessible
(axe-core, WCAG 2.2 AA), usable on a phone 390 pixels wide without the page scrolling
sideways (a wide table scrolls inside its own region), and working without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
ROLES = ("coordinator", "chair", "police", "panel", "provider", "referrer", "owner", "steering")


def _fits(checked: Checked) -> None:
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_every_roles_home_page_and_the_lists_behind_its_numbers_on_a_phone(
    browser: Browser, app_url: str
) -> None:
    for mailbox in ROLES:
        with signed_in(browser, app_url, f"{mailbox}@towerhamlets.demo", viewport=PHONE) as checked:
            page = checked.page
            checked.axe()
            _fits(checked)
            links = page.locator("a.app-summary-counts__link")
            hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
            assert hrefs, f"{mailbox} has no numbers on their home page"
            for href in dict.fromkeys(hrefs):
                page.goto(app_url + str(href))
                expect(page.locator("h1")).to_be_visible()
                checked.axe()
                _fits(checked)


def test_the_home_page_and_its_lists_work_without_javascript(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", java_script_enabled=False) as checked:
        page = checked.page
        due = page.get_by_role("link", name=re.compile("panel actions? due"))
        before = int(due.inner_text().split()[0])
        due.click()
        expect(page.get_by_role("heading", name="Panel actions due")).to_be_visible()
        page.get_by_role("link", name=re.compile("^Close")).first.click()
        page.get_by_role("button", name="Close the action").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what was done")
        page.get_by_label("What was done").fill("Provider identified: mentoring starts next week.")
        page.get_by_role("button", name="Close the action").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("closed")
        page.get_by_role("link", name="Home").first.click()
        after = before - 1
        expect(
            page.get_by_role("link", name=f"{after} panel action{'' if after == 1 else 's'} due")
        ).to_be_visible()


def test_a_case_its_pages_a_plan_and_the_audit_log_fit_a_phone(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/cases/?state=in_support")
        page.locator("tbody tr a").first.click()
        for tab in (
            "Summary",
            "Sharing and assessment",
            "Panel and support",
            "Documents",
            "Transfer and retention",
        ):
            page.get_by_role("link", name=tab, exact=True).click()
            checked.axe()
            _fits(checked)
        page.goto(app_url + "/plans/")
        page.locator("tbody tr a").first.click()
        checked.axe()
        _fits(checked)
        page.goto(app_url + "/audit/")
        checked.axe()
        _fits(checked)
