"""A plan measure added by the action's owner, on a phone 390 pixels wide, every page
checked for accessibility: Westminster's action owner adds a measure (completions of a
course in the plan's period) to the action they own, "Training packages for Westminster's
educational institutions", recalculates it and reads it beside the RAG on the strategy
page; a measure of an action they do not own (one the coordinator adds) answers 404."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
STRATEGY = "Prevent delivery in Westminster 2017-18"
OWNED = "Training packages for Westminster's educational institutions"
NOT_OWNED = "Support, advice and training to Higher and Further Education Institutions"
LABEL = "Staff trained in the plan's year"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _add_completions_measure(checked: Checked, label: str) -> None:
    """On an action's page: add a measure of the completions of any course in the plan's period."""
    page = checked.page
    page.get_by_role("link", name="Add a measure").click()
    _fits(checked)
    page.get_by_role("radio", name="Completions of a course").check()
    page.get_by_role("button", name="Continue").click()
    _fits(checked)
    page.get_by_label("What it counts, in your words").fill(label)
    page.get_by_role("radio", name="The plan's period").check()
    page.get_by_role("button", name="Add measure").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Measure added")


def test_the_owner_adds_and_recalculates_a_measure_of_their_action(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/plans/")
        page.get_by_role("link", name=STRATEGY).click()
        page.get_by_role("link", name=NOT_OWNED).click()
        _add_completions_measure(checked, "Completions in the HE and FE sector")
        others = page.get_by_role("link", name="Change measure Completions in the HE and FE sector")
        other_measure = others.get_attribute("href")
        assert other_measure and other_measure.startswith("/plans/measures/")
    with signed_in(browser, app_url, "owner@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/plans/")
        page.get_by_role("link", name=STRATEGY).click()
        _fits(checked)
        page.get_by_role("link", name=OWNED).click()
        expect(page.locator("#measures ~ .govuk-summary-card").first).to_be_visible()
        _fits(checked)
        _add_completions_measure(checked, LABEL)
        card = page.locator(".govuk-summary-card").filter(has_text=LABEL)
        expect(card).to_contain_text("Computed")
        _fits(checked)
        card.get_by_role("button", name=f"Recalculate {LABEL}").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Measure recalculated")
        expect(page.locator(".govuk-summary-card").filter(has_text=LABEL)).to_contain_text("Computed")
        _fits(checked)
        page.get_by_role("link", name=STRATEGY).click()
        row = page.get_by_role("row").filter(has_text=OWNED)
        expect(row).to_contain_text(LABEL)
        expect(row).to_contain_text("Computed")
        _fits(checked)
        # Not theirs: the coordinator's measure of an action they do not own.
        response = page.goto(app_url + other_measure)
        assert response is not None and response.status == 404
        response = page.goto(app_url + other_measure.replace("/edit/", "/recalculate/"))
        assert response is not None and response.status == 404
