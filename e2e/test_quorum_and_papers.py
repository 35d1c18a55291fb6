"""Quorum and panel papers in the browser (issue 14, parts 2 and 3): the demo panel member
reads the papers of a case on a meeting they are invited to, and the chair records
attendance with apologies and a deputy, on a phone 390 pixels wide, every page checked
for accessibility."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _fits(checked: Checked) -> None:
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _yesterdays_meeting(checked: Checked) -> None:
    """demo/channel_panels.py: held yesterday at 10:00, chaired by its deputy chair."""
    held = timezone.localtime(timezone.now() - dt.timedelta(days=1)).replace(hour=10, minute=0)
    page = checked.page
    page.goto(checked.base + "/cases/panels/")
    # Whole date only: "5 December 2026, 10:00" is also inside "15 December 2026, 10:00".
    when = re.compile(rf"(?<!\d){re.escape(f'{held:%-d %B %Y, %H:%M}')}")
    page.locator("tbody tr", has_text=when).get_by_role("link").click()
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()


def test_the_panel_member_reads_the_papers_on_a_phone(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "panel@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        _yesterdays_meeting(checked)
        checked.axe()
        _fits(checked)
        page.get_by_role("link", name=re.compile("^Panel papers for ")).click()
        expect(page.get_by_role("heading", name=re.compile("^Panel papers: "))).to_be_visible()
        expect(page.get_by_text("OFFICIAL-SENSITIVE")).to_be_visible()
        expect(page.get_by_role("heading", name="Latest vulnerability assessment")).to_be_visible()
        sharing = page.get_by_role("table", name="Information requested and disclosed")
        expect(
            sharing.get_by_role("row", name=re.compile("Children's Social Care, Early Help"))
        ).to_contain_text("Information requested from a partner")
        checked.axe()
        _fits(checked)
        # The agenda PDF is for the organisers.
        expect(page.get_by_role("link", name=re.compile("agenda with the panel papers"))).to_have_count(0)


def test_the_chair_records_apologies_and_a_deputy(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "chair@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        _yesterdays_meeting(checked)
        expect(page.locator("#quorum")).to_contain_text("Quorate")
        with page.expect_download() as agenda:
            page.get_by_role("link", name=re.compile("agenda with the panel papers")).click()
        assert agenda.value.suggested_filename.startswith("channel-panel-agenda-")
        page.get_by_role("link", name="Record attendance").click()
        checked.axe()
        _fits(checked)
        police = page.get_by_role("group", name=re.compile("police prevent officer", re.IGNORECASE))
        police.get_by_role("radio", name="Sent apologies").check()
        page.get_by_role("button", name="Save attendance").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "The panel is not quorate: record a police officer as present."
        )
        checked.axe()
        page.get_by_role("link", name="Record attendance").click()
        police = page.get_by_role("group", name=re.compile("police prevent officer", re.IGNORECASE))
        expect(police.get_by_role("radio", name="Sent apologies")).to_be_checked()
        page.get_by_label(re.compile("^Deputy for Demo police prevent officer")).fill("DS Jo Ward")
        page.get_by_label(re.compile("^Role and agency of Demo police prevent officer")).fill(
            "Prevent sergeant, Police"
        )
        page.get_by_role("button", name="Save attendance").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("The panel is quorate.")
        invited = page.get_by_role("table", name="Who is invited")
        expect(
            invited.get_by_role("row", name=re.compile("police prevent officer", re.IGNORECASE))
        ).to_contain_text("Sent apologies; represented by DS Jo Ward, Prevent sergeant, Police")
        checked.axe()
        _fits(checked)
