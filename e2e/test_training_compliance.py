"""Training compliance on a phone 390 pixels wide, every page checked for accessibility:
the Tower Hamlets coordinator reads the Youth Services' 95% WRAP target at 88%, filters
the organisations, lists the people overdue and adds a requirement; the steering group
reads the figures without a name."""

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


def test_compliance_against_a_target_and_the_people_behind_it(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/training/rules/")
        _fits(checked)
        page.get_by_role("link", name="Youth Services staff: WRAP").click()
        expect(page.locator("#rule-total")).to_contain_text("88%: 44 of 50 people recorded")
        expect(page.locator("#rule-total")).to_contain_text("Below target by 7 points")
        _fits(checked)
        page.get_by_label("Has people who are").select_option(label="Overdue")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("#organisations")).to_contain_text("Youth Services")
        _fits(checked)
        page.get_by_role("link", name="overdue").click()
        expect(page.locator("#people tbody tr")).to_have_count(6)
        _fits(checked)
        page.goto(app_url + "/training/compliance/sectors/")
        _fits(checked)
        page.goto(app_url + "/training/rules/new/")
        _fits(checked)
        page.get_by_label("Name", exact=True).fill("Managers' awareness")
        page.get_by_role("radio", name="A staff group").check()
        page.locator("#id_staff_group").select_option(label="Managers and leaders")
        page.get_by_role("checkbox", name="Prevent duty training: Awareness course").check()
        page.get_by_label("Due within (months)").fill("6")
        page.get_by_label("Target (%)").fill("90")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("#rule-summary")).to_contain_text(
            "Managers and leaders: Prevent duty training: Awareness course within 6 months of starting, "
            "no refresher, target 90%"
        )
        _fits(checked)
    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/training/rules/")
        page.get_by_role("link", name="Elected members: WRAP on induction").click()
        expect(page.locator("#organisations")).to_contain_text("Councillors (elected members)")
        expect(page.get_by_text("Demo councillor")).to_have_count(0)
        _fits(checked)
        page.get_by_role("link", name="Councillors (elected members)").click()
        expect(page.locator("#own")).to_contain_text("Youth Services staff: WRAP")
        _fits(checked)
