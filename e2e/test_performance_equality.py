"""Equality monitoring on a phone 390 pixels wide, each page checked for accessibility: the
steering member opens "Equality" from the navigation and reads the rates of the demo, which
say they use the England and Wales shares; the coordinator opens the population figures and
is told what is wrong with a file that is not a Census table."""

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


def test_the_steering_member_reads_the_rates_and_the_coordinator_checks_a_file(
    browser: Browser, app_url: str
) -> None:
    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/")
        page.get_by_role("button", name="Menu").click()
        page.locator("#navigation").get_by_role("link", name="Equality", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Equality monitoring")
        expect(page.locator("#population-source")).to_contain_text("England and Wales")
        expect(page.locator("#ethnicity")).to_contain_text("Not recorded")
        _fits(checked)
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/performance/equality/population/")
        expect(page.get_by_label("Local authority codes")).to_have_value("E09000030")
        _fits(checked)
        page.get_by_label("Census 2021 table").set_input_files(
            files={"name": "table.csv", "mimeType": "text/csv", "buffer": b"Area,Count\nTower Hamlets,1\n"}
        )
        page.get_by_role("button", name="Check the file").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("no column of local authority codes")
        _fits(checked)
