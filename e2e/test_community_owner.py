"""An action owner's engagement on a phone 390 pixels wide, every page checked for
accessibility: Westminster's demo action owner, who owns "Training packages for
Westminster's educational institutions", records a campaign that delivers that action and
adds its reach, finds the campaign under "Delivered by" on the action's page, and gets 404
on the venue pages, which are not in their menu."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
TITLE = "Browser test: Prevent duty leaflet for governors"
ACTION = re.compile("Training packages for Westminster's educational institutions")


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_the_action_owner_records_a_campaign_for_their_action_and_cannot_open_venue_checks(
    browser: Browser, app_url: str
) -> None:
    with signed_in(browser, app_url, "owner@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.get_by_role("button", name="Menu").click()
        navigation = page.locator("#navigation")
        expect(navigation.get_by_role("link", name="Venue checks")).to_have_count(0)
        navigation.get_by_role("link", name="Engagement", exact=True).click()
        _fits(checked)
        page.get_by_role("navigation", name="Parts of engagement").get_by_role(
            "link", name="Campaigns"
        ).click()
        _fits(checked)
        page.get_by_role("link", name="Record a campaign").click()
        _fits(checked)
        page.get_by_label("Title").fill(TITLE)
        when = page.get_by_role("group", name="Start date", exact=True)
        when.get_by_label("Day").fill("1")
        when.get_by_label("Month").fill("9")
        when.get_by_label("Year").fill("2026")
        page.get_by_role("checkbox", name="Schools' newsletters").check()
        page.get_by_role("checkbox", name=ACTION).first.check()
        page.get_by_role("button", name="Record campaign").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Campaign recorded")
        expect(page.locator("h1")).to_have_text(TITLE)
        _fits(checked)
        # They recorded it, so they add its reach.
        page.get_by_role("link", name="Add a reach figure").click()
        _fits(checked)
        day = page.get_by_role("group", name="Date", exact=True)
        day.get_by_label("Day").fill("30")
        day.get_by_label("Month").fill("9")
        day.get_by_label("Year").fill("2026")
        page.get_by_role("radio", name="Leaflets distributed").check()
        page.get_by_label("Number").fill("180")
        page.get_by_role("button", name="Add figure").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Reach figure added")
        expect(page.locator("#reach-totals")).to_contain_text("Leaflets distributed: 180 in all")
        _fits(checked)
        # The action's page lists the campaign among what delivers it, and the link opens.
        page.get_by_role("link", name=ACTION).first.click()
        expect(page.get_by_role("link", name="Record a progress update")).to_be_visible()
        link = page.get_by_role("link", name=f"Campaign: {TITLE}")
        expect(link).to_be_visible()
        _fits(checked)
        link.click()
        expect(page.locator("h1")).to_have_text(TITLE)
        for path in ("/venues/", "/venues/venues/", "/venues/policies/", "/venues/checks/new/"):
            response = page.goto(app_url + path)
            assert response is not None and response.status == 404, path
