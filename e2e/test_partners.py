"""Partner organisations on a phone 390 pixels wide, every page checked for
accessibility: the coordinator imports a GIAS download (once with a bad row, refused
whole, then fixed), finds a school by filter, adds a contact and puts them in a network;
the steering group reads the network without contacts' names."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
HEADINGS = (
    "URN,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),NumberOfPupils,"
    "Trusts (name),Street,Town,Postcode"
)
SCHOOL = "Academy converter,Open,900,Thames Learning Trust,Ripple Road,Barking,IG11 0ZZ"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_import_a_gias_download_and_build_a_network(browser: Browser, app_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{HEADINGS}\n900001,,Academy converter,Open,900,Thames Learning Trust,Ripple Road,Barking,IG11 0ZZ\n"
    )
    good = tmp_path / "establishments.csv"
    good.write_text(f"{HEADINGS}\n900001,Thames View Academy,{SCHOOL}\n")
    with signed_in(browser, app_url, "coordinator@barkingdagenham.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/partners/")
        _fits(checked)
        page.get_by_role("link", name="Import from a spreadsheet").click()
        _fits(checked)
        page.get_by_role("radio", name="Get Information about Schools (GIAS) establishment download").check()
        page.get_by_label("Spreadsheet").set_input_files(str(bad))
        page.get_by_role("button", name="Check and import").click()
        expect(page.locator("#import-problems")).to_contain_text("Row 2: enter the organisation's name")
        _fits(checked)
        page.get_by_role("radio", name="Get Information about Schools (GIAS) establishment download").check()
        page.get_by_label("Spreadsheet").set_input_files(str(good))
        page.get_by_role("button", name="Check and import").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("2 organisations added")
        page.get_by_label("Name contains").fill("Thames View")
        page.get_by_role("button", name="Apply filters").click()
        _fits(checked)
        page.get_by_role("link", name="Thames View Academy").click()
        expect(page.locator("#organisation-details")).to_contain_text("Thames Learning Trust")
        _fits(checked)
        page.get_by_role("link", name="Add a contact at Thames View Academy").click()
        _fits(checked)
        page.get_by_label("Name", exact=True).fill("Demo head of year")
        page.get_by_label("Work email address").fill("hoy@thamesview.demo")
        page.get_by_role("checkbox", name="Prevent champion").check()
        page.get_by_role("button", name="Add contact").click()
        expect(page.get_by_role("row", name="Demo head of year")).to_be_visible()
        _fits(checked)
        page.goto(app_url + "/partners/networks/")
        page.get_by_role("link", name="Prevent champions").click()
        _fits(checked)
        page.get_by_role("link", name="Add a member to Prevent champions").click()
        page.get_by_label("Contact").select_option(label="Demo head of year, Thames View Academy")
        page.get_by_label("Day").fill("2")
        page.get_by_label("Month").fill("9")
        page.get_by_label("Year").fill("2025")
        page.get_by_role("button", name="Add member").click()
        expect(page.get_by_role("cell", name="Demo head of year", exact=True)).to_be_visible()
        _fits(checked)
    with signed_in(browser, app_url, "steering@barkingdagenham.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/partners/networks/")
        page.get_by_role("link", name="Prevent champions").click()
        expect(page.get_by_role("cell", name="Thames View Academy", exact=True)).to_be_visible()
        expect(page.get_by_text("Demo head of year")).to_have_count(0)
        _fits(checked)
