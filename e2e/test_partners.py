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


def test_duty_checks_by_sector_and_the_partner_lead(browser: Browser, app_url: str, tmp_path: Path) -> None:
    """The coordinator reads the gaps by sector, follows a number to the schools behind it,
    records a check with an evidence file, and saves a column layout from a file's
    headings; the school's partner lead sees only their school, records a check and adds
    a contact; the steering group reads the numbers without links."""
    evidence = tmp_path / "filtering-report.txt"
    evidence.write_text("Filtering report: categories blocked, alerts to the DSL.")
    layout = tmp_path / "community.csv"
    layout.write_text("Group,Type,PC\nGurdwara Singh Sabha,Faith institution,IG11 8PZ\n")
    with signed_in(browser, app_url, "coordinator@barkingdagenham.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/partners/")
        page.get_by_role("link", name="Prevent duty checks by sector").click()
        expect(page.locator("h1")).to_have_text("Prevent duty checks by sector")
        _fits(checked)
        row = (
            page.get_by_role("row")
            .filter(has_text="School: maintained")
            .filter(has_text="IT filtering and monitoring")
        )
        row.get_by_role("link").last.click()
        _fits(checked)
        page.get_by_role("link", name="Jo Richardson Community School").click()
        _fits(checked)
        page.get_by_role("link", name="Record a duty check at Jo Richardson Community School").click()
        _fits(checked)
        page.get_by_label("Check", exact=True).select_option(label="IT filtering and monitoring")
        page.get_by_role("radio", name="Partly met").check()
        page.locator("[name=checked_on_day]").fill("1")
        page.locator("[name=checked_on_month]").fill("9")
        page.locator("[name=checked_on_year]").fill("2026")
        page.get_by_label("Notes").fill("Internet filtering on websites is in place; no monitoring yet.")
        page.get_by_label("Evidence file (optional)").set_input_files(str(evidence))
        page.get_by_role("button", name="Save check").click()
        expect(page.locator("#current-checks")).to_contain_text("Partly met")
        expect(page.get_by_role("link", name="filtering-report.txt")).to_be_visible()
        _fits(checked)
        page.goto(app_url + "/partners/import/")
        page.get_by_role("link", name="Save a column layout").click()
        _fits(checked)
        page.get_by_label("A file with the columns").set_input_files(str(layout))
        page.get_by_role("button", name="Read the headings").click()
        _fits(checked)
        page.get_by_label("Name of the layout").fill("Community team list")
        page.get_by_label("Column for name").select_option("Group")
        page.get_by_label("Column for sector").select_option("Type")
        page.get_by_label("Column for postcode").select_option("PC")
        page.get_by_role("button", name="Save layout").click()
        expect(page.locator("#saved-layouts")).to_contain_text("Community team list")
        _fits(checked)
        page.get_by_role("link", name="delete Community team list").click()
        _fits(checked)
        page.get_by_role("button", name="Delete layout").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Column layout Community team list deleted"
        )
        page.goto(app_url + "/partners/lists/")
        _fits(checked)
        page.get_by_role("link", name="Add to duty checklist").click()
        page.get_by_label("Check", exact=True).fill("Updated hall hire procedures")
        page.get_by_role("checkbox", name="Faith institution").check()
        page.get_by_role("button", name="Add").click()
        expect(page.locator("#checks ~ div").first).to_contain_text("Updated hall hire procedures")
        _fits(checked)
        page.goto(app_url + "/partners/")
        page.get_by_label("Name contains").fill("Robert Clack")
        page.get_by_role("button", name="Apply filters").click()
        page.get_by_role("link", name="Robert Clack School").click()
        expect(page.locator("#lead-list")).to_contain_text("partnerlead@barkingdagenham.demo")
        page.get_by_role("link", name="Appoint a partner lead for Robert Clack School").click()
        _fits(checked)
    with signed_in(browser, app_url, "partnerlead@barkingdagenham.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/partners/")
        expect(page.locator("#organisation-count")).to_have_text("1 organisation.")
        _fits(checked)
        page.get_by_role("link", name="Robert Clack School").click()
        expect(page.locator("#current-checks")).to_contain_text("A Prevent risk assessment")
        _fits(checked)
        page.get_by_role("link", name="Record a duty check at Robert Clack School").click()
        page.get_by_label("Check", exact=True).select_option(label="A Prevent risk assessment")
        page.get_by_role("radio", name="Met", exact=True).check()
        page.locator("[name=checked_on_day]").fill("2")
        page.locator("[name=checked_on_month]").fill("11")
        page.locator("[name=checked_on_year]").fill("2026")
        page.get_by_role("button", name="Save check").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("A Prevent risk assessment")
        _fits(checked)
        page.get_by_role("link", name="Add a contact at Robert Clack School").click()
        page.get_by_label("Name", exact=True).fill("Demo head of sixth form")
        page.get_by_label("Staff group").select_option(label="Teaching staff")
        page.get_by_role("button", name="Add contact").click()
        expect(page.get_by_role("row", name="Demo head of sixth form")).to_be_visible()
        _fits(checked)
        response = page.goto(app_url + "/partners/checks/")
        assert response is not None and response.status == 404
    with signed_in(browser, app_url, "steering@barkingdagenham.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/partners/checks/")
        expect(page.locator("#gaps")).to_contain_text("IT filtering and monitoring")
        expect(page.locator("#gaps a")).to_have_count(0)
        _fits(checked)


def test_the_coordinator_corrects_the_register_and_tunes_the_checklist(
    browser: Browser, app_url: str
) -> None:
    """The coordinator switches a seeded check off and on again, changes the sectors of a
    check of the partnership's own, corrects and deletes a staff count, and corrects and
    deletes a network membership."""
    with signed_in(browser, app_url, "coordinator@barkingdagenham.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/partners/lists/")
        page.get_by_role("button", name="Switch off Visiting speakers policy").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Visiting speakers policy: switched off for the partnership"
        )
        _fits(checked)
        page.goto(app_url + "/partners/checks/")
        expect(page.locator("#gaps")).not_to_contain_text("Visiting speakers policy")
        page.goto(app_url + "/partners/lists/")
        page.get_by_role("button", name="Switch on Visiting speakers policy").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("switched on again")
        page.get_by_role("link", name="Add to duty checklist").click()
        page.get_by_label("Check", exact=True).fill("Room bookings log kept")
        page.get_by_role("checkbox", name="Faith institution").check()
        page.get_by_role("button", name="Add").click()
        page.get_by_role("link", name="Change Room bookings log kept").click()
        _fits(checked)
        page.get_by_role("checkbox", name="Voluntary and community").check()
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Room bookings log kept: check saved"
        )
        expect(page.get_by_role("row", name="Room bookings log kept")).to_contain_text("2 sectors")
        page.get_by_role("button", name="Retire Room bookings log kept").click()
        expect(page.get_by_role("row", name="Room bookings log kept")).to_contain_text("No")

        page.goto(app_url + "/partners/")
        page.get_by_label("Name contains").fill("Eastbury")
        page.get_by_role("button", name="Apply filters").click()
        page.get_by_role("link", name="Eastbury Community School").click()
        page.get_by_role("link", name="Record staff numbers of Eastbury Community School").click()
        page.get_by_label("Staff group").select_option(label="Support staff")
        page.get_by_label("Number of staff").fill("31")
        page.get_by_label("Day").fill("1")
        page.get_by_label("Month").fill("9")
        page.get_by_label("Year").fill("2025")
        page.get_by_role("button", name="Save").click()
        page.get_by_role("link", name="Change Support staff counted on 1 September 2025").click()
        expect(page.get_by_role("heading", name="Correct staff numbers")).to_be_visible()
        _fits(checked)
        page.get_by_label("Number of staff").fill("13")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Staff numbers corrected")
        expect(page.get_by_role("row").filter(has_text="Support staff")).to_contain_text("13")
        _fits(checked)
        page.get_by_role("link", name="Delete Support staff counted on 1 September 2025").click()
        _fits(checked)
        page.get_by_role("button", name="Delete count").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Staff count deleted")
        expect(page.get_by_role("row").filter(has_text="Support staff")).to_have_count(0)

        page.goto(app_url + "/partners/networks/")
        page.get_by_role("link", name="Prevent champions").click()
        page.get_by_role("link", name="Add a member to Prevent champions").click()
        page.get_by_label("Contact").select_option(
            label="Demo safeguarding lead 2, Eastbury Community School"
        )
        page.get_by_label("Day").fill("3")
        page.get_by_label("Month").fill("3")
        page.get_by_label("Year").fill("2025")
        page.get_by_role("button", name="Add member").click()
        page.get_by_role(
            "link", name="Correct the dates of Demo safeguarding lead 2, joined 3 March 2025"
        ).click()
        _fits(checked)
        page.get_by_role("group", name="Date joined").get_by_label("Day").fill("4")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Membership of Demo safeguarding lead 2 corrected"
        )
        expect(page.get_by_role("row").filter(has_text="Demo safeguarding lead 2")).to_contain_text(
            "4 March 2025"
        )
        _fits(checked)
        page.get_by_role(
            "link", name="Delete the membership of Demo safeguarding lead 2, joined 4 March 2025"
        ).click()
        _fits(checked)
        page.get_by_role("button", name="Delete membership").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Membership of Demo safeguarding lead 2 deleted"
        )
        expect(page.get_by_role("row").filter(has_text="Demo safeguarding lead 2")).to_have_count(0)
