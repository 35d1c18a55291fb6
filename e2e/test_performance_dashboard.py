"""The performance dashboard on a phone 390 pixels wide, every page checked for
accessibility: Tower Hamlets' coordinator opens it from the home page, reads each
indicator's chart with its table of figures (two years of demo history), and adds an
indicator through the form; a steering member reads the same dashboard after disclosure
control, where a Channel figure counting too few people reads "Suppressed", with no links
down to the cases."""

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


def test_the_coordinator_reads_the_dashboard_and_adds_an_indicator(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/")
        # The home page links to it (in the navigation, behind the menu on a phone).
        assert page.locator('a[href="/performance/"]').count() >= 1
        page.goto(app_url + "/performance/")
        expect(page.get_by_role("heading", name="Performance", level=1)).to_be_visible()
        expect(page.locator("#figures-as-of")).to_contain_text("Figures as of")
        section = page.locator("section.app-indicator").filter(
            has=page.get_by_role("heading", name="Referrals received", exact=True)
        )
        # The chart is drawn on the server, with its title; its figures are in a table beside it.
        expect(section.locator("svg title")).to_have_count(1)
        section.get_by_text("The figures in the chart").click()
        table = section.locator("table")
        expect(table.locator("tbody tr")).to_have_count(8)
        values = table.locator("tbody td.govuk-table__cell--numeric").all_inner_texts()
        assert sum(int(v) for v in values if v.isdigit()) >= 16, values  # two years of referrals
        expect(section.locator(".govuk-tag")).to_have_count(1)
        expect(page.locator("#disclosure-note")).to_have_count(0)
        _fits(checked)

        page.get_by_role("link", name="Set the indicators").click()
        _fits(checked)
        page.get_by_role("link", name="Add an indicator").click()
        _fits(checked)
        page.get_by_role("radio", name="Channel: referrals received").check()
        page.get_by_role("button", name="Continue").click()
        _fits(checked)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the target")
        _fits(checked)
        page.get_by_label("Name", exact=True).fill("Referrals received a year")
        page.get_by_role("radio", name="Financial year").check()
        page.get_by_role("radio", name="Higher is better").check()
        page.get_by_label("Target").fill("25")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Indicator added")
        expect(page.get_by_role("row").filter(has_text="Referrals received a year")).to_have_count(1)
        _fits(checked)
        page.goto(app_url + "/performance/")
        expect(page.get_by_role("heading", name="Referrals received a year")).to_be_visible()
        _fits(checked)


def test_a_steering_member_reads_figures_after_disclosure_control(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/")
        # The home page links to it (in the navigation, behind the menu on a phone).
        assert page.locator('a[href="/performance/"]').count() >= 1
        page.goto(app_url + "/performance/")
        expect(page.locator("#disclosure-note")).to_contain_text("Suppressed")
        section = page.locator("section.app-indicator").filter(
            has=page.get_by_role("heading", name="Referrals received", exact=True)
        )
        expect(section.locator("svg title")).to_have_count(1)
        section.get_by_text("The figures in the chart").click()
        suppressed = section.locator("tbody tr").filter(has_text="Suppressed")
        assert suppressed.count() >= 1
        expect(suppressed.first).to_contain_text("too few people")
        # No links down to the case lists, nor to setting the indicators.
        expect(section.locator("ul.govuk-list a")).to_have_count(0)
        expect(page.get_by_role("link", name="Set the indicators")).to_have_count(0)
        _fits(checked)
