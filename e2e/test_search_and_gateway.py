"""Search, "My cases" and gateway entries in the browser, on a phone 390 pixels wide (and
the search without JavaScript), every page checked for accessibility: the coordinator finds a referral
by a misspelt name and sees why it matched; the police officer adds a deconfliction entry
to it; the coordinator's "My cases" lists their allocated cases."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _checked(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_search_my_cases_and_deconfliction_entries(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.get_by_role("link", name="My cases").first.click()
        expect(page.get_by_role("heading", name="My cases")).to_be_visible()
        expect(page.locator("table tbody tr").first).to_be_visible()
        _checked(checked)
        page.get_by_role("link", name="Search cases").first.click()
        _checked(checked)
        page.get_by_label("Name").fill("Tarik Haloran")
        page.get_by_role("button", name="Search").click()
        row = page.locator("table tbody tr").filter(has_text="Tariq Halloran")
        expect(row).to_contain_text("given name sounds the same: Tarik / Tariq")
        expect(row).to_contain_text("family name sounds the same: Haloran / Halloran")
        _checked(checked)
        row.get_by_role("link").first.click()
        expect(page.get_by_role("table", name="Deconfliction")).to_contain_text("Hold: police activity")
        expect(page.get_by_role("table", name="Screening information")).to_contain_text("Riverside Academy")
        _checked(checked)
        case_url = page.url

    # The search is a plain posted form: it works without JavaScript (axe needs it, so not here).
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", java_script_enabled=False) as checked:
        page = checked.page
        page.goto(app_url + "/cases/search/")
        page.get_by_label("Postcode").fill("e3 4qx")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("table tbody tr").filter(has_text="Tariq Halloran")).to_contain_text(
            "same postcode"
        )

    with signed_in(browser, app_url, "police@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(case_url)
        page.get_by_role("link", name="Add a deconfliction entry").click()
        _checked(checked)
        page.get_by_label("Who was consulted").fill("Local intelligence unit")
        page.get_by_role("radio", name="No conflict").check()
        page.get_by_label("Checks made and any conditions").fill("Nothing further known locally.")
        page.get_by_role("button", name="Record deconfliction").click()
        expect(page.get_by_role("table", name="Deconfliction")).to_contain_text("Local intelligence unit")
        _checked(checked)
