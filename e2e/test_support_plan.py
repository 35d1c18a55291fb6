"""The support plan on a phone 390 pixels wide, every page checked for accessibility
(axe-core, WCAG 2.2 AA) and for sideways scrolling: the coordinator opens the demo case's
plan from its panel and support page, reads an earlier version, drafts a revision and
changes a need; the chair signs the revision off; the coordinator records progress
against each need. An intervention provider cannot open the plan."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _checked(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _today(checked: Checked, legend: str) -> None:
    today = timezone.localdate()
    group = checked.page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))


def test_a_plan_is_revised_signed_off_and_reviewed_on_a_phone(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/cases/?state=in_support")
        # The demo has more than one case in support; the one with a plan says so.
        cases = [link.get_attribute("href") for link in page.locator("tbody tr").get_by_role("link").all()]
        with_plan = re.compile(r"Version 2, 2 needs, signed off by")
        for href in cases:
            page.goto(app_url + str(href))
            page.get_by_role("link", name="Panel and support").click()
            if page.get_by_text(with_plan).count():
                break
        _checked(checked)
        expect(page.get_by_text(with_plan)).to_be_visible()
        page.get_by_role("link", name="View the support plan").click()
        expect(page.get_by_role("heading", name="Support plan, version 2")).to_be_visible()
        _checked(checked)
        plan_url = page.url
        page.get_by_role("link", name="Version 1").click()
        expect(page.get_by_text("This version was replaced on")).to_be_visible()
        reviewed = page.get_by_role("table", name=re.compile("Review of"))
        expect(reviewed.get_by_role("cell", name="Achieved")).to_be_visible()
        _checked(checked)

        page.goto(plan_url)
        page.get_by_role("link", name="Revise the plan").click()
        _checked(checked)
        page.get_by_role("button", name="Draft a revision").click()
        expect(page.get_by_role("heading", name="Support plan, version 3")).to_be_visible()
        _checked(checked)
        page.get_by_role("link", name="Change need 1").click()
        _checked(checked)
        page.get_by_label("The need").fill("To tell trusted sources from the preacher's videos on his own.")
        page.get_by_role("button", name="Save need").click()
        expect(page.get_by_text("Need 1 changed")).to_be_visible()
        expect(page.get_by_role("link", name="Sign off this version")).to_have_count(0)
        _checked(checked)
        version_url = page.url

    with signed_in(browser, app_url, "chair@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(version_url)
        page.get_by_role("link", name="Sign off this version").click()
        _checked(checked)
        page.get_by_role("button", name="Sign off").click()
        # Nothing confirmed yet: the form says what is missing.
        expect(
            page.get_by_role("link", name="Confirm that you agree this version of the plan")
        ).to_be_visible()
        _checked(checked)
        page.get_by_label("I agree this version as the case's support plan").check()
        page.get_by_role("button", name="Sign off").click()
        expect(page.get_by_text("Version 3 of the support plan signed off")).to_be_visible()
        expect(page.get_by_role("link", name="Add a need")).to_have_count(0)
        _checked(checked)

    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(version_url)
        page.get_by_role("link", name="Record progress at a review").click()
        _checked(checked)
        _today(checked, "Date of the review")
        page.get_by_role("group", name=re.compile("Progress against need 1")).get_by_label(
            "Good progress"
        ).check()
        page.get_by_role("group", name=re.compile("Progress against need 2")).get_by_label(
            "Some progress"
        ).check()
        page.get_by_label("Notes on need 1").fill("Names two sources he trusts now.")
        page.get_by_role("button", name="Record progress").click()
        expect(page.get_by_text("Progress recorded")).to_be_visible()
        table = page.get_by_role("table", name=re.compile("Review of"))
        expect(table.get_by_role("cell", name="Names two sources he trusts now.")).to_be_visible()
        _checked(checked)

    with signed_in(browser, app_url, "provider@towerhamlets.demo", viewport=PHONE) as checked:
        response = checked.page.goto(version_url)
        assert response is not None and response.status == 404
