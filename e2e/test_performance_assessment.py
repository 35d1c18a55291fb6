"""The Prevent duty self-assessment on a phone 390 pixels wide, every page checked for
accessibility: the Tower Hamlets coordinator opens this year's assessment, rates a
benchmark with commentary and a plan action as evidence, turns a shortfall into a plan
action in one step and downloads the PDF; the coordinator words a benchmark marked as the
partnership's to edit its own way, sees it on the assessment, then goes back to the
framework's wording; the steering group member reads the same assessment, with last year's
rating beside each benchmark."""

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


def test_the_coordinator_rates_a_benchmark_and_turns_a_shortfall_into_a_plan_action(
    browser: Browser, app_url: str
) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/performance/assessment/")
        _fits(checked)
        page.get_by_role("table").get_by_role("link").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Prevent duty self-assessment")
        _fits(checked)
        rate = "Rate of the benchmark A partnership plan addresses the local risk"
        page.get_by_role("link", name=rate).click()
        _fits(checked)
        page.get_by_role("radio", name="Met", exact=True).check()
        page.get_by_role("textbox", name="Commentary").fill("Every action has a named lead officer.")
        page.get_by_role("group", name="Plan actions").get_by_role("checkbox").first.check()
        page.get_by_role("button", name="Save the rating").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Rating saved")
        expect(page.locator("[id='plan.owned']")).to_contain_text("Every action has a named lead officer.")
        _fits(checked)
        shortfall = "Create a plan action for the shortfall in A communications strategy"
        page.get_by_role("link", name=shortfall).click()
        _fits(checked)
        page.get_by_label("Plan and section").select_option(index=1)
        page.get_by_role("textbox", name="Action").fill("Adopt the Prevent communication strategy")
        page.get_by_role("button", name="Create the plan action").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan action created")
        section = page.locator("[id='communications.strategy']")
        expect(section.get_by_role("link", name="Adopt the Prevent communication strategy")).to_be_visible()
        _fits(checked)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download as PDF").click()
        assert download.value.suggested_filename.endswith(".pdf")


def test_the_coordinator_words_a_benchmark_the_partnerships_own_way(browser: Browser, app_url: str) -> None:
    own = "Public computers in libraries and Idea Stores filter extremist material."
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/performance/assessment/")
        page.get_by_role("table").get_by_role("link").first.click()
        section = page.locator("[id='venues.it']")
        framework = "Public IT and networks filter terrorist and extremist material."
        expect(section.get_by_role("heading", level=3)).to_have_text(framework)
        section.get_by_role("link", name="Change the wording").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Change the wording of a benchmark")
        _fits(checked)
        page.get_by_role("textbox", name="Statement").fill(own)
        page.get_by_role("textbox", name="What good looks like").fill(
            "Filtering is tested each quarter; misuse is reported to the Prevent lead."
        )
        page.get_by_role("button", name="Save the wording").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Wording saved")
        expect(section.get_by_role("heading", level=3)).to_have_text(own)
        expect(section).to_contain_text("Wording set by the partnership")
        expect(section).to_contain_text("Filtering is tested each quarter")
        expect(section).not_to_contain_text("Wording written for the product")
        _fits(checked)
        # And back to the framework's wording, which the other tests read.
        section.get_by_role("link", name="Change the wording").click()
        _fits(checked)
        page.get_by_role("button", name="Use the framework's wording again").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "The framework's wording is used again"
        )
        expect(section.get_by_role("heading", level=3)).to_have_text(framework)
        expect(section).not_to_contain_text("Wording set by the partnership")


def test_the_steering_group_reads_this_year_beside_last_year(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/performance/assessment/")
        _fits(checked)
        page.get_by_role("table").get_by_role("link").first.click()
        table = page.get_by_role("table").first
        expect(table.get_by_role("columnheader", name="Last year")).to_be_visible()
        expect(table).to_contain_text("Better")
        expect(page.get_by_role("link", name="Rate of the benchmark")).to_have_count(0)
        _fits(checked)
