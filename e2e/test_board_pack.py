"""The board pack on a phone 390 pixels wide, every page checked for accessibility: Tower
Hamlets' coordinator produces a pack for the scrutiny committee, marked OFFICIAL-SENSITIVE,
beside the one the demo produced, and downloads it; a steering member downloads it too
and is offered no form."""

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


def test_the_coordinator_produces_a_pack_and_steering_downloads_it(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/performance/board-pack/")
        _fits(checked)
        packs = page.locator("#packs tbody tr")
        expect(packs).to_have_count(1)  # the demo's
        page.get_by_label("Board or committee").fill("Overview and Scrutiny Committee")
        page.get_by_label("OFFICIAL-SENSITIVE").check()
        # Producing works out the protected releases of three years for the demo region first.
        page.get_by_role("button", name="Produce the board pack").click(timeout=60_000)
        expect(page.locator(".govuk-notification-banner")).to_contain_text("version 2", timeout=60_000)
        expect(packs).to_have_count(2)
        expect(packs.first).to_contain_text("OFFICIAL-SENSITIVE")
        _fits(checked)
        with page.expect_download() as download:
            packs.first.get_by_role("link", name="PDF").click()
        assert download.value.suggested_filename.endswith("-v2.pdf")
        with open(download.value.path(), "rb") as saved:
            assert saved.read(5) == b"%PDF-"
    with signed_in(browser, app_url, "steering@towerhamlets.demo", viewport=PHONE) as checked:
        page = checked.page
        page.goto(app_url + "/")
        page.goto(app_url + "/performance/board-pack/")
        _fits(checked)
        expect(page.get_by_role("button", name="Produce the board pack")).to_have_count(0)
        expect(page.locator("#packs tbody tr")).to_have_count(2)
        with page.expect_download() as download:
            page.locator("#packs tbody tr").first.get_by_role("link", name="PDF").click()
        assert download.value.suggested_filename.endswith(".pdf")
