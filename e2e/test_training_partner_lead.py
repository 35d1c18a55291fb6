"""Training compliance for a partner lead, on a phone 390 pixels wide, every page checked
for accessibility: Westminster's coordinator adds a requirement for teaching staff (who
work at many of its institutions); the partner lead of Westminster City School reads it
with their school's figures only, downloads the organisations (CSV) holding their school
alone, opens their school's compliance page and gets 404 on another organisation's."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
RULE = "Teaching staff: Prevent in education"
SCHOOL = "Westminster City School"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_a_partner_lead_reads_and_downloads_their_organisation_only(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/training/rules/new/")
        page.get_by_label("Name", exact=True).fill(RULE)
        page.get_by_role("radio", name="A staff group").check()
        page.locator("#id_staff_group").select_option(label="Teaching staff")
        page.get_by_role("checkbox", name="Prevent in educational settings").check()
        page.get_by_label("Due within (months)").fill("6")
        page.get_by_label("Target (%)").fill("90")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("#rule-summary")).to_contain_text(
            "Teaching staff: Prevent in educational settings"
        )
        rows = page.locator("#organisations tbody tr")
        expect(rows.first).to_be_visible()
        assert rows.count() > 1
        other = page.locator("#organisations tbody th a").filter(has_not_text=SCHOOL).first
        other_page = other.get_attribute("href")
        assert other_page and other_page.startswith("/training/compliance/organisations/")
    with signed_in(browser, app_url, "partnerlead@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/training/rules/")
        _fits(checked)
        page.get_by_role("link", name=RULE).click()
        expect(page.get_by_role("heading", name="Your organisations")).to_be_visible()
        names = page.locator("#organisations tbody th")
        expect(names).to_have_text([SCHOOL])
        _fits(checked)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the organisations (CSV)").click()
        content = download.value.path().read_text(encoding="utf-8-sig")
        assert [row["Organisation"] for row in csv.DictReader(io.StringIO(content))] == [SCHOOL]
        page.get_by_role("link", name=SCHOOL).click()
        expect(page.get_by_role("heading", name="Training compliance")).to_be_visible()
        expect(page.locator("#own")).to_contain_text(RULE)
        _fits(checked)
        response = page.goto(app_url + other_page)
        assert response is not None and response.status == 404
