"""Channel, issue 14 parts 6 to 8, in a real browser with every page checked for
accessibility: the coordinator finds a case whose consent was refused due to be
reconsidered on the follow-up list, records consent given by a local authority holding
parental responsibility (its details revealed by the choice), and then returns the case to
the police; without JavaScript, every route's details show on the consent form."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _today(checked: Checked, legend: str) -> None:
    today = timezone.localdate()
    group = checked.page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))


def test_a_case_under_review_is_consented_to_by_a_local_authority_then_returned_to_the_police(
    browser: Browser, app_url: str
) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo") as checked:
        page = checked.page
        page.goto(app_url + "/cases/follow-up/")
        checked.axe()
        due = page.locator("#reconsiderations tbody tr")
        expect(due).to_have_count(1)
        due.get_by_role("link").first.click()
        expect(page.get_by_text("Stage: Consent not given, under review")).to_be_visible()
        expect(page.get_by_text("to be reconsidered on")).to_be_visible()
        expect(page.get_by_role("table", name="Onward referrals")).to_contain_text("Children's social care")
        checked.axe()
        page.get_by_role("link", name="Record consent").first.click()
        checked.axe()
        authority = page.get_by_role("textbox", name="Local authority holding parental responsibility")
        expect(authority).to_be_hidden()
        page.get_by_role("radio", name="Consent given").check()
        page.get_by_role("radio", name="A local authority holding parental responsibility").check()
        expect(authority).to_be_visible()
        checked.axe()
        authority.fill("Tower Hamlets Council (browser test)")
        page.get_by_label("Who gave or refused consent for the local authority").fill("Social worker (test)")
        page.get_by_role("radio", name="In person").check()
        _today(checked, "Date of the decision")
        page.get_by_role("button", name="Record consent").click()
        expect(page.get_by_text("Stage: Receiving support")).to_be_visible()
        expect(page.get_by_text("Tower Hamlets Council (browser test)")).to_be_visible()
        checked.axe()

        page.get_by_role("link", name="Summary").click()
        page.get_by_role("link", name="Return to the police").click()
        checked.axe()
        page.get_by_role("button", name="Return to the police").click()
        expect(page.get_by_text("Enter why the case is returned to the police").first).to_be_visible()
        checked.axe()
        page.get_by_label("Why the case is returned to the police").fill("The risk has grown (browser test).")
        page.get_by_role("button", name="Return to the police").click()
        expect(page.get_by_text("Stage: Returned to the police for police-led management")).to_be_visible()
        checked.axe()


def test_without_javascript_the_consent_form_shows_every_route(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@westminster.demo", java_script_enabled=False) as checked:
        page = checked.page
        page.goto(app_url + "/cases/?state=consent_under_review")
        page.locator("tbody tr").first.get_by_role("link").first.click()
        page.get_by_role("link", name="Record consent").first.click()
        for label in (
            "Name of the parent or guardian",
            "Local authority holding parental responsibility",
            "Who assessed the person's capacity",
            "Who made the best-interests decision",
            "Organisation or team referred to",
        ):
            expect(page.get_by_role("textbox", name=label)).to_be_visible()
