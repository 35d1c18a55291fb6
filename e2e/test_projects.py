"""A quarterly return on a phone 390 pixels wide, every page checked for accessibility:
Tower Hamlets' project provider opens the project they report for, enters the quarter's
figures and narrative in its draft return and sends it for review; the coordinator
submits it, and it is locked."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
PROJECT = "Family and community workshops"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_the_provider_enters_a_return_and_the_coordinator_submits_it(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "projectprovider@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/projects/")
        _fits(checked)
        expect(page.get_by_role("row")).to_have_count(2)  # the heading row and their one project
        page.get_by_role("link", name=PROJECT).click()
        _fits(checked)
        page.get_by_role("link", name="January 2019 quarter").click()
        expect(page.get_by_text("Draft", exact=True)).to_be_visible()
        _fits(checked)
        page.get_by_role("link", name="Enter the quarter's figures").click()
        _fits(checked)
        page.get_by_label("Spend this quarter").fill("3950.00")
        page.get_by_label("actual this quarter").fill("9")
        page.get_by_label("Progress this quarter").fill("Nine workshops held, three of them in Mosques.")
        page.get_by_role("button", name="Save as a draft").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Return saved as a draft")
        _fits(checked)
        page.get_by_role("button", name="Send for review").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("sent to the coordinator")
        expect(page.get_by_role("button", name="Submit the return")).to_have_count(0)
        _fits(checked)
        review_url = page.url
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(review_url)
        _fits(checked)
        expect(page.get_by_text("Nine workshops held, three of them in Mosques.")).to_be_visible()
        page.get_by_role("button", name="Submit the return").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("it is now locked")
        expect(page.get_by_text("This is the return as it was submitted")).to_be_visible()
        expect(page.get_by_role("link", name="Enter the quarter's figures")).to_have_count(0)
        _fits(checked)
        page.get_by_role("link", name=PROJECT).first.click()
        _fits(checked)
