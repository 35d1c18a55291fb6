"""Inviting several people to a Channel panel at once, in the browser: on a phone 390 pixels
wide with every page checked for accessibility, and without JavaScript."""

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


def _next_meeting(checked: Checked) -> None:
    page = checked.page
    page.goto(checked.base + "/cases/panels/")
    page.locator("tbody tr", has_text="Scheduled").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()


def test_a_chair_invites_two_people_at_once_on_a_phone(browser: Browser, app_url: str) -> None:
    police = "Demo police prevent officer, Tower Hamlets"
    coordinator = "Demo prevent coordinator, Tower Hamlets"
    with signed_in(browser, app_url, "chair@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        _next_meeting(checked)
        checked.axe()
        _fits(checked)
        # Only people with a panel role are offered, and not the panel member already invited.
        invite = page.get_by_role("group", name="Invite panel members")
        expect(invite.get_by_role("checkbox")).to_have_count(3)
        expect(invite.get_by_role("checkbox", name=re.compile("panel member"))).to_have_count(0)
        expect(invite.get_by_role("checkbox", name=re.compile("intervention provider"))).to_have_count(0)
        # The minutes of a meeting still to come cannot be made final.
        expect(page.get_by_role("button", name="Make the minutes final")).to_have_count(0)
        page.get_by_role("button", name="Invite", exact=True).click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select who to invite")
        checked.axe()
        invite = page.get_by_role("group", name="Invite panel members")
        invite.get_by_role("checkbox", name=police).check()
        # Revealed once ticked, with the agency from their membership.
        expect(page.get_by_label(f"Agency {police} represents")).to_have_value("Police")
        invite.get_by_role("checkbox", name=coordinator).check()
        page.get_by_label(f"Agency {coordinator} represents").fill("Tower Hamlets Council")
        checked.axe()
        _fits(checked)
        page.get_by_role("button", name="Invite", exact=True).click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"Invited: {police} and {coordinator}."
        )
        invited = page.get_by_role("table", name="Who is invited")
        expect(invited.get_by_role("row", name=re.compile(re.escape(police)))).to_contain_text("Police")
        expect(invited.get_by_role("row", name=re.compile(re.escape(coordinator)))).to_contain_text(
            "Tower Hamlets Council"
        )
        expect(page.get_by_role("group", name="Invite panel members").get_by_role("checkbox")).to_have_count(
            1
        )
        checked.axe()
        _fits(checked)


def test_inviting_works_without_javascript(browser: Browser, app_url: str) -> None:
    police = "Demo police prevent officer, City of London"
    coordinator = "Demo prevent coordinator, City of London"
    with signed_in(browser, app_url, "chair@cityoflondon.demo", java_script_enabled=False) as checked:
        page = checked.page
        _next_meeting(checked)
        # Without JavaScript every agency box shows, ticked or not.
        expect(page.get_by_label(f"Agency {coordinator} represents")).to_be_visible()
        page.get_by_role("checkbox", name=police).check()
        page.get_by_role("checkbox", name=coordinator).check()
        page.get_by_label(f"Agency {coordinator} represents").fill("")
        page.get_by_role("button", name="Invite", exact=True).click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            f"Enter the agency {coordinator} represents"
        )
        page.get_by_label(f"Agency {coordinator} represents").fill("City of London Corporation")
        page.get_by_role("button", name="Invite", exact=True).click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"Invited: {police} and {coordinator}."
        )
        invited = page.get_by_role("table", name="Who is invited")
        expect(invited.get_by_role("row", name=re.compile(re.escape(coordinator)))).to_contain_text(
            "City of London Corporation"
        )
