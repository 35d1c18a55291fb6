"""The referral form on a phone 390 pixels wide, every page checked for accessibility: the
ethnicity question's free text appears once "Any other White background" is chosen; the
referrer then opens a copy of what they sent and adds information to it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _fits(checked: Checked) -> None:
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _page_checked(checked: Checked) -> None:
    checked.axe()
    _fits(checked)


def test_a_referrer_refers_on_a_phone_and_adds_information(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "referrer@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/cases/refer/")
        page.get_by_role("button", name="Start now").click()
        _page_checked(checked)
        expect(page.get_by_text("Date of birth (optional)")).to_be_visible()
        page.get_by_label("Family name").fill("Kowalski")
        page.get_by_role("radio", name="Not known").check()
        page.get_by_role("button", name="Continue").click()
        _page_checked(checked)
        page.get_by_role("radio", name="Not sure").check()
        page.get_by_label("Describe the concern").fill("Repeats slogans from a video he watched.")
        page.get_by_role("radio", name="Routine").check()
        page.get_by_role("radio", name="No", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        _page_checked(checked)
        page.get_by_role("radio", name="Education").check()
        page.get_by_role("button", name="Continue").click()
        _page_checked(checked)
        # The free text is hidden until its choice is made, then revealed.
        described = page.get_by_label("Describe the White background")
        expect(described).to_be_hidden()
        expect(page.get_by_label("Religion or belief: what is recorded")).to_be_hidden()
        page.get_by_role("radio", name="Any other White background").check()
        expect(described).to_be_visible()
        described.fill("Polish")
        _page_checked(checked)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_text("Any other White background: Polish")).to_be_visible()
        _page_checked(checked)
        page.get_by_role("button", name="Send referral").click()
        reference = page.locator(".govuk-panel__body strong").inner_text()
        page.get_by_role("link", name="See the referrals you have made").click()
        page.get_by_role("link", name=re.compile(reference)).click()
        expect(page.get_by_role("heading", name="What you sent")).to_be_visible()
        expect(page.get_by_text("Repeats slogans from a video he watched.")).to_be_visible()
        _page_checked(checked)
        page.get_by_role("link", name="Add information").click()
        _page_checked(checked)
        page.get_by_label("What do you want to add?").fill("He has since shared the video with his brother.")
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Information added")
        expect(page.get_by_text("He has since shared the video with his brother.")).to_be_visible()
        _page_checked(checked)
