"""The partnership's quarterly return on a phone 390 pixels wide, every page checked for
accessibility: Tower Hamlets' coordinator opens this quarter's draft from the navigation,
writes its narrative, reviews and submits it; the funder then reads it, with the Channel
counts after disclosure control."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_the_coordinator_submits_the_return_and_the_funder_reads_it(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/performance/returns/")
        _fits(checked)
        page.get_by_role("row").filter(has_text="Draft").get_by_role("link").click()
        expect(page.get_by_text("Until it is submitted, this return reads the records")).to_be_visible()
        _fits(checked)
        page.get_by_role("link", name="Write the narrative and contact").click()
        _fits(checked)
        page.get_by_label("Engagement").fill("Two roundtables with faith leaders this quarter.")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Return saved as a draft")
        _fits(checked)
        page.get_by_role("link", name="Review and submit").click()
        _fits(checked)
        page.get_by_role("button", name="Submit the return").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("it is now locked")
        expect(page.get_by_role("link", name="Reopen the return")).to_be_visible()
        _fits(checked)
        submitted_url = page.url
    with signed_in(browser, app_url, "funder@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/performance/returns/")
        _fits(checked)
        page.goto(submitted_url)
        expect(page.get_by_text("Two roundtables with faith leaders this quarter.")).to_be_visible()
        expect(page.get_by_role("columnheader", name="In the funder's copy")).to_have_count(0)
        expect(page.get_by_role("link", name="Reopen the return")).to_have_count(0)
        _fits(checked)
