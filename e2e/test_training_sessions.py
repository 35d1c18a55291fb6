"""Training sessions on a phone 390 pixels wide, every page checked for accessibility: the
Westminster coordinator schedules a session, books two people, records that one attended and
downloads their certificate; the partner lead of a school records attendance at the session
the school hosted, adds a new person and downloads a certificate; the steering group reads
the counts without names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _certificate(checked: Checked, link_name: re.Pattern[str], tmp_path: Path) -> None:
    with checked.page.expect_download() as download:
        checked.page.get_by_role("link", name=link_name).first.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")


def test_the_coordinator_schedules_books_records_and_downloads_a_certificate(
    browser: Browser, app_url: str, tmp_path: Path
) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    with signed_in(browser, app_url, "coordinator@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/training/sessions/")
        expect(page.get_by_role("heading", name="Training sessions")).to_be_visible()
        _fits(checked)
        page.get_by_role("link", name="Schedule a session").click()
        _fits(checked)
        page.get_by_label("Course").select_option(label="Workshop to Raise Awareness of Prevent (WRAP)")
        day = page.get_by_role("group", name="Date")
        day.get_by_label("Day").fill(str(today.day))
        day.get_by_label("Month").fill(str(today.month))
        day.get_by_label("Year").fill(str(today.year))
        page.get_by_label("Time").fill("00:00")
        page.get_by_label("Venue").fill("Council House (browser test)")
        page.get_by_label("Host organisation").select_option(label="Bellfield Primary School")
        page.locator("#id_trainer").fill("Browser Trainer")
        page.get_by_label("Places").fill("10")
        page.get_by_role("button", name="Schedule session").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Session scheduled")
        _fits(checked)
        page.get_by_role("link", name="Book people").click()
        page.get_by_label("Name, email or organisation contains").fill("Bellfield")
        page.get_by_role("button", name="Search").click()
        _fits(checked)
        boxes = page.get_by_role("checkbox")
        first_name = boxes.nth(0).evaluate("box => box.labels[0].textContent").split(",")[0]
        boxes.nth(0).check()
        boxes.nth(1).check()
        page.get_by_role("button", name="Book selected people").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Booked 2 people")
        _fits(checked)
        page.get_by_role("link", name="Record attendance").click()
        _fits(checked)
        page.get_by_role("group", name=re.compile(f"^{re.escape(first_name)},")).get_by_role(
            "radio", name="Attended"
        ).check()
        page.get_by_role("button", name="Save attendance").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("1 completion added")
        _fits(checked)
        _certificate(checked, re.compile(f"Certificate of {re.escape(first_name)}"), tmp_path)


def test_the_partner_lead_records_attendance_at_their_schools_session(
    browser: Browser, app_url: str, tmp_path: Path
) -> None:
    with signed_in(browser, app_url, "partnerlead@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/training/sessions/")
        _fits(checked)
        # Only the school's sessions are listed.
        hosts = page.locator("tbody tr td:nth-child(3)").all_text_contents()
        assert hosts and set(hosts) == {"Westminster City School"}
        page.locator("tbody tr").first.get_by_role("link").click()
        _fits(checked)
        page.get_by_role("link", name="Add a new person").click()
        _fits(checked)
        page.get_by_label("Full name").fill("Browser Newcomer")
        page.get_by_label("Work email address").fill("newcomer@ashbridge.demo")
        page.get_by_label("Organisation").select_option(label="Westminster City School")
        page.get_by_role("button", name="Add and book").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Browser Newcomer added and booked"
        )
        _fits(checked)
        page.get_by_role("link", name="Record attendance").click()
        for group in page.get_by_role("group").all():
            radios = group.get_by_role("radio", name="Attended")
            if radios.count():
                radios.check()
        _fits(checked)
        page.get_by_role("button", name="Save attendance").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("7 completions added")
        _fits(checked)
        _certificate(checked, re.compile("Certificate of Browser Newcomer"), tmp_path)
        page.get_by_role("link", name="Browser Newcomer", exact=True).click()
        expect(page.get_by_role("heading", name="Browser Newcomer")).to_be_visible()
        _fits(checked)
    with signed_in(browser, app_url, "steering@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/training/sessions/?when=past")
        _fits(checked)
        expect(page.get_by_text("Browser Newcomer")).to_have_count(0)
