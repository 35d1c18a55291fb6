"""A plan measure on a phone 390 pixels wide, every page checked for accessibility: the City
of London's coordinator adds a measure (members of the Faith Network, with a target) to an
action of the 2017-18 strategy, sees its value with when it was computed on the action page
and beside the RAG on the strategy page; the steering group reads it there."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
ACTION = "Attend and support events and meetings throughout the year"
STRATEGY = "City Prevent Strategy 2017-18"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_add_a_measure_and_read_it_on_the_strategy_page(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@cityoflondon.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/plans/")
        page.get_by_role("link", name=STRATEGY).click()
        page.get_by_role("link", name=ACTION).click()
        _fits(checked)
        page.get_by_role("link", name="Add a measure").click()
        _fits(checked)
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a figure")
        _fits(checked)
        page.get_by_role("radio", name="Members of a network").check()
        page.get_by_role("button", name="Continue").click()
        _fits(checked)
        page.get_by_role("button", name="Add measure").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a network")
        _fits(checked)
        page.get_by_label("What it counts, in your words").fill("Faith Network members")
        page.get_by_label("Network").select_option(label="Faith Network")
        page.get_by_label("Target").fill("5")
        page.get_by_role("radio", name="The plan's period").check()
        page.get_by_role("button", name="Add measure").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Measure added")
        measures = page.locator("#measures + .govuk-summary-card")
        expect(measures).to_contain_text("3 members of Faith Network on 31 March 2018")
        expect(measures).to_contain_text("Target 5 (not met)")
        expect(measures).to_contain_text("Computed")
        _fits(checked)
        page.get_by_role("link", name=STRATEGY).click()
        row = page.get_by_role("row").filter(has_text=ACTION)
        expect(row).to_contain_text("3 Faith Network members")
        expect(row).to_contain_text("Target 5 · Computed")
        _fits(checked)
    with signed_in(browser, app_url, "steering@cityoflondon.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/plans/")
        page.get_by_role("link", name=STRATEGY).click()
        expect(page.get_by_role("row").filter(has_text=ACTION)).to_contain_text("3 Faith Network members")
        page.get_by_role("link", name=ACTION).click()
        expect(page.locator("#measures + .govuk-summary-card")).to_contain_text("Faith Network members")
        expect(page.get_by_role("button", name="Recalculate")).to_have_count(0)
        _fits(checked)
