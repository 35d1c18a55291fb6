"""The coordinator's API keys on a phone 390 pixels wide, every page checked for
accessibility: Westminster's coordinator makes a key for an integration (refused first
without a name), sees it once, uses it, finds it listed by its first characters with its
last use (never the key itself), reads the API's documentation page, and revokes the key,
after which it opens nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def test_the_coordinator_makes_a_key_sees_it_once_and_revokes_it(browser: Browser, app_url: str) -> None:
    with signed_in(browser, app_url, "coordinator@westminster.demo", viewport=PHONE) as checked:
        page = checked.page
        page.get_by_role("button", name="Menu").click()
        page.locator("#navigation").get_by_role("link", name="API keys", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("API keys")
        _fits(checked)

        page.get_by_role("link", name="Make a key").click()
        _fits(checked)
        page.get_by_role("button", name="Make the key").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the integration")
        _fits(checked)
        page.get_by_label("Name of the integration").fill("Council learning system")
        page.get_by_label("Read organisations").check()
        page.get_by_role("button", name="Make the key").click()
        expect(page.locator(".govuk-panel")).to_contain_text("Key made for Council learning system")
        _fits(checked)
        token = page.locator("#api-key").inner_text().strip()
        assert re.fullmatch(r"ph_[0-9a-f]{12}_[A-Za-z0-9_-]+", token), token

        answer = page.request.get(
            f"{app_url}/api/v1/organisations", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status == 200
        assert answer.json()["items"]
        assert (
            page.request.get(f"{app_url}/api/v1/plans", headers={"Authorization": f"Bearer {token}"}).status
            == 404
        )

        page.get_by_role("link", name="Back to the API keys").click()
        _fits(checked)
        assert token not in page.content()
        row = page.locator("#keys").get_by_role("row", name=re.compile("Council learning system"))
        expect(row).to_contain_text(token.split("_")[1])
        expect(row).to_contain_text("Read organisations")
        expect(row).not_to_contain_text("Never")

        page.get_by_role("link", name="Prevent Hub API").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Prevent Hub API")
        expect(page.locator("main")).to_contain_text("/api/v1/training/completions")
        _fits(checked)
        page.go_back()

        row.get_by_role("button", name="Revoke").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Key for Council learning system revoked"
        )
        expect(
            page.locator("#keys").get_by_role("row", name=re.compile("Council learning system"))
        ).to_contain_text("Revoked")
        _fits(checked)
        revoked = page.request.get(
            f"{app_url}/api/v1/organisations", headers={"Authorization": f"Bearer {token}"}
        )
        assert revoked.status == 401
