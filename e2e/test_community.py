"""Engagement on a phone 390 pixels wide, every page checked for accessibility: Tower
Hamlets' coordinator records an event with its head-count and themes, adds a follow-up
linked to the plan and marks it done; the steering member opens "Engagement" and reads the
summary's counts, and cannot open the event."""

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


def test_the_coordinator_records_an_event_and_the_steering_member_reads_the_summary(
    browser: Browser, app_url: str
) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/community/")
        _fits(checked)
        page.get_by_role("link", name="Record an event").click()
        _fits(checked)
        page.get_by_role("button", name="Record event").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the event's title")
        _fits(checked)
        page.get_by_label("Title").fill("Women's Prevent awareness drop-in")
        page.get_by_label("Type of event").select_option(label="Drop-in")
        when = page.get_by_role("group", name="Date", exact=True)
        when.get_by_label("Day").fill("14")
        when.get_by_label("Month").fill("1")
        when.get_by_label("Year").fill("2019")
        page.get_by_label("Venue or place").fill("Demo data: Bow Idea Store")
        page.get_by_label("Head-count").fill("23")
        page.get_by_role("checkbox", name="Online safety").check()
        page.get_by_role("checkbox", name="Establish a Community Reference Group", exact=False).first.check()
        page.get_by_label("Feedback summary").fill("Demo data: mothers asked about online grooming.")
        page.get_by_role("button", name="Record event").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Event recorded")
        expect(page.locator("h1")).to_have_text("Women's Prevent awareness drop-in")
        _fits(checked)
        page.get_by_role("link", name="Add a follow-up").click()
        _fits(checked)
        page.get_by_label("Follow-up").fill("Share the online safety leaflet with the group")
        page.get_by_role("button", name="Add follow-up").click()
        expect(
            page.get_by_role("cell", name="Share the online safety leaflet with the group", exact=True)
        ).to_be_visible()
        _fits(checked)
        page.get_by_role("button", name="Share the online safety leaflet with the group").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Follow-up marked done")
        page.goto(
            app_url
            + "/community/?start_day=1&start_month=1&start_year=2019&end_day=31&end_month=1&end_year=2019"
        )
        expect(page.get_by_role("link", name="Women's Prevent awareness drop-in")).to_be_visible()
        _fits(checked)
    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/")
        page.get_by_role("button", name="Menu").click()
        page.locator("#navigation").get_by_role("link", name="Engagement", exact=True).click()
        expect(page.locator("h1")).to_contain_text("Engagement summary")
        _fits(checked)
        page.get_by_label("Financial year").select_option(label="2018-19")
        page.get_by_role("button", name="Show year").click()
        by_type = page.locator("#by-type")
        expect(by_type.get_by_role("row", name="Roundtable")).to_contain_text("104")
        expect(by_type.get_by_role("row", name="Drop-in")).to_contain_text("23")
        expect(page.get_by_text("Women's Prevent awareness drop-in")).to_have_count(0)
        _fits(checked)
        response = page.goto(app_url + "/community/")
        assert response is not None and response.status == 404
