"""Venue checks on a phone 390 pixels wide, every page checked for accessibility: the
Tower Hamlets venue officer records a booking request with two speakers, records what was
checked, and approves it with a condition (a council officer present); the check's page
shows the decision, and the page of the demo's second request by a declined organiser
lists the earlier, declined check."""

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


def test_the_venue_officer_records_a_booking_check_and_a_decision_with_conditions(
    browser: Browser, app_url: str
) -> None:
    from django.utils import timezone

    day = timezone.localdate()
    with signed_in(browser, app_url, "venues@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/")
        _fits(checked)
        page.get_by_role("link", name="Record a booking request").first.click()
        _fits(checked)
        page.get_by_label("Venue").select_option(label="Demo Riverside Community Hall")
        page.get_by_label("Organising organisation").fill("Browser Test Society")
        page.get_by_label("Contact person").fill("Browser Contact Example")
        page.get_by_label("Event title").fill("Browser test open lecture")
        date = page.get_by_role("group", name="Date of the event")
        date.get_by_label("Day").fill(str(day.day))
        date.get_by_label("Month").fill(str(day.month))
        date.get_by_label("Year").fill(str(day.year + 1))
        page.get_by_label("Expected audience").fill("150")
        page.get_by_label("Speakers named").fill("Speaker Browser-One\nSpeaker Browser-Two")
        page.get_by_role("button", name="Record the request").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Booking request recorded")
        _fits(checked)
        expect(page.locator("#request")).to_contain_text("Speaker Browser-Two")
        page.get_by_role("link", name="Record what was checked").click()
        _fits(checked)
        page.get_by_label("Open-source research").fill("Nothing of concern in open sources.")
        page.get_by_label("Advice from the Prevent team").fill("Advised a chaired format.")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("#findings")).to_contain_text("Advised a chaired format.")
        _fits(checked)
        page.get_by_role("link", name="Record the decision").click()
        _fits(checked)
        page.get_by_role("radio", name="Approved with conditions").check()
        page.get_by_role("textbox", name="Conditions").fill("A council officer present")
        page.get_by_role("textbox", name="Reasons").fill(
            "A lecture of public interest; the condition keeps it within the policy."
        )
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
        expect(page.locator("#decision")).to_contain_text("A council officer present")
        _fits(checked)
        page.get_by_role("link", name="Venue checks", exact=True).first.click()
        _fits(checked)
        page.get_by_role("link", name="Study circle").click()
        expect(page.locator("#earlier")).to_contain_text("Declined")
        _fits(checked)
