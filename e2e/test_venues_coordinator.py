"""The coordinator's side of venue checks on a phone 390 pixels wide, every page checked for
accessibility: Westminster's coordinator sets the retention period and adds a kind of venue
of the partnership's own, adds a venue of that kind to the register under the lettings
policy, reads the policy on the page of the demo's check for an event today, records what
happened at the event and closes the check, then deletes at review the demo's old check
that is due; the steering member gets 404 on the check's page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
POLICY = "Hire of council premises: conditions of let"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_the_coordinator_keeps_the_register_closes_a_check_and_reviews_for_deletion(
    browser: Browser, app_url: str
) -> None:
    from django.utils import timezone

    from lib.dates import add_months

    review_on = add_months(timezone.localdate(), 36)
    with signed_in(browser, app_url, "coordinator@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        parts = page.get_by_role("navigation", name="Parts of venue checks")
        page.get_by_role("button", name="Menu").click()
        page.locator("#navigation").get_by_role("link", name="Venue checks", exact=True).click()
        _fits(checked)

        # Settings: the retention period and a kind of venue of the partnership's own.
        parts.get_by_role("link", name="Settings").click()
        _fits(checked)
        page.get_by_label("Months kept after the event").fill("36")
        page.get_by_role("button", name="Save the retention period").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Retention period saved")
        page.get_by_role("link", name="Add a kind of venue").click()
        _fits(checked)
        page.get_by_label("New entry").fill("Sports centre")
        page.get_by_role("button", name="Add").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Entry added")
        expect(page.locator("#kinds").get_by_role("row", name=re.compile("^Sports centre"))).to_contain_text(
            "This partnership"
        )
        _fits(checked)

        # The register: a venue of the new kind, under the partnership's lettings policy.
        parts.get_by_role("link", name="Venues").click()
        _fits(checked)
        page.get_by_role("link", name="Add a venue").click()
        _fits(checked)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the venue's name")
        _fits(checked)
        page.get_by_label("Name", exact=True).fill("Demo Paddington Sports Hall")
        page.get_by_label("Kind of venue").select_option(label="Sports centre")
        page.get_by_label("Postcode").fill("w2 1aa")
        page.get_by_label("Lettings policy that applies").select_option(label=f"{POLICY} (2)")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Venue added")
        row = page.locator("#venues").get_by_role("row", name=re.compile("Demo Paddington Sports Hall"))
        expect(row).to_contain_text("Sports centre")
        expect(row).to_contain_text("W2 1AA")
        expect(row).to_contain_text(POLICY)
        _fits(checked)

        # The demo's event today: the policy on its page, what happened, then closed.
        parts.get_by_role("link", name="Checks").click()
        page.get_by_role("link", name=re.compile("Charity quiz night")).click()
        expect(page.locator("#policy")).to_contain_text(POLICY)
        expect(page.locator("#policy")).to_contain_text("visiting speaker conditions")
        _fits(checked)
        check_url = page.url
        page.get_by_role("link", name="Record what happened").click()
        _fits(checked)
        page.get_by_role("button", name="Record what happened").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select what happened")
        _fits(checked)
        page.get_by_role("radio", name="Went ahead as planned").check()
        page.get_by_label("Notes").fill("About 60 attended; no concerns.")
        page.get_by_role("button", name="Record what happened").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "What happened at the event is recorded"
        )
        expect(page.locator("#outcome")).to_contain_text("Went ahead as planned")
        expect(page.locator("#outcome")).to_contain_text("About 60 attended; no concerns.")
        _fits(checked)
        page.get_by_role("button", name="Close the check").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"Check closed: it is due for review on {review_on.day} {review_on:%B %Y}"
        )
        expect(page.locator("#retention")).to_contain_text(f"{review_on.day} {review_on:%B %Y}")
        _fits(checked)

        # Review for deletion: the demo's old reading group is due; deleted, it has gone.
        page.locator(".govuk-breadcrumbs").get_by_role("link", name="Venue checks").click()
        parts.get_by_role("link", name="Review for deletion").click()
        expect(page.locator("#due").get_by_role("row", name=re.compile("Reading group"))).to_be_visible()
        _fits(checked)
        page.get_by_role("button", name="Delete Reading group").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Check deleted")
        expect(page.get_by_role("link", name="Reading group")).to_have_count(0)
        _fits(checked)
    with signed_in(browser, app_url, "steering@westminster.demo", viewport=PHONE) as checked:
        response = checked.page.goto(check_url)
        assert response is not None and response.status == 404
        response = checked.page.goto(app_url + "/venues/")
        assert response is not None and response.status == 404
