"""Importing completions on a phone 390 pixels wide, every page checked for accessibility:
the coordinator uploads an e-learning export whose one bad row refuses the whole file, then
the corrected file, choosing the course every row is for and saving the column layout; the
same file again, through the saved layout, adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
HEADINGS = "Email address,Full name,Organisation,Completion date"
GOOD = (
    "a.teacher@robertclack.demo,Demo Teacher,Robert Clack School,03/02/2025\n"
    "b.tutor@bdcollege.demo,Demo Tutor,barking and dagenham college,2025-02-04\n"
)
COURSE = "Prevent duty training: Awareness course"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _upload(checked: Checked, file: Path, layout: str | None = None) -> None:
    page = checked.page
    page.get_by_label("Spreadsheet").set_input_files(str(file))
    if layout is not None:
        page.get_by_label("Column layout").select_option(label=layout)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Choose the columns")).to_be_visible()
    _fits(checked)


def test_import_an_elearning_export(browser: Browser, app_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "export-bad.csv"
    bad.write_text(f"{HEADINGS}\n{GOOD}c.nobody@nowhere.demo,Demo Nobody,Nowhere Academy,05/02/2025\n")
    good = tmp_path / "export.csv"
    good.write_text(f"{HEADINGS}\n{GOOD}")
    with signed_in(browser, app_url, "coordinator@barkingdagenham.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/training/imports/")
        _fits(checked)
        page.get_by_role("link", name="Import completions").click()
        _fits(checked)
        _upload(checked, bad)
        page.get_by_label("Or: every row is for this course").select_option(label=COURSE)
        page.get_by_role("button", name="Check and import").click()
        expect(page.get_by_role("heading", name="The file was not imported")).to_be_visible()
        expect(page.locator("#import-problems")).to_contain_text("Nowhere Academy")
        _fits(checked)
        page.get_by_role("link", name="Import another file").click()
        _upload(checked, good)
        page.get_by_label("Or: every row is for this course").select_option(label=COURSE)
        page.get_by_label("Save this layout as (optional)").fill("Home Office e-learning export")
        page.get_by_role("button", name="Check and import").click()
        expect(page.locator(".govuk-panel")).to_contain_text("2 completions added")
        expect(page.locator("#import-result")).to_contain_text("People added to the register")
        _fits(checked)
        page.get_by_role("link", name="Import another file").click()
        _upload(checked, good, layout="Home Office e-learning export")
        page.get_by_role("button", name="Check and import").click()
        expect(page.locator(".govuk-panel")).to_contain_text("0 completions added")
        page.get_by_role("link", name="Imported completions").click()
        expect(page.get_by_role("row", name="export-bad.csv")).to_contain_text("Not imported")
        _fits(checked)
