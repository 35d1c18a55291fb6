"""A coordinator manages their partnership's users in the browser, on a phone 390 pixels wide
with every page checked for accessibility: they invite someone, who opens the link in the
e-mail (written to a file by the server, PREVENTHUB_MAIL_DIR), sets a password and signs in;
then the coordinator takes a role away without JavaScript. A forgotten password gets the same
answer for any address, with and without JavaScript. (axe-core needs JavaScript, so pages
seen without it are checked for what they do, and the same pages with it for accessibility.)"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from e2e.conftest import Checked, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE: ViewportSize = {"width": 390, "height": 844}
INVITEE = "nell.newcomer@example.gov.uk"
PASSWORD = "marble kettle orchard sky"


def _fits(checked: Checked) -> None:
    checked.axe()
    width = checked.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{checked.page.url} is {width} pixels wide on a phone"


def _link_sent_to(mail_dir: Path, address: str) -> str:
    """The path of the set-password link in the e-mail last sent to `address`."""
    bodies = []
    for file in sorted(mail_dir.iterdir(), key=lambda f: f.stat().st_mtime):
        # The file backend writes each message followed by a line of dashes.
        for raw in re.split(rb"\n-{79}\n", file.read_bytes()):
            if raw.strip():
                message = email.message_from_bytes(raw.strip(), policy=email.policy.default)
                if message["To"] == address:
                    bodies.append(message.get_body().get_content())  # type: ignore[union-attr]
    assert bodies, f"No e-mail was sent to {address}"
    found = re.search(r"https?://[^/\s]+(/sign-in/set-password/\S+/)", bodies[-1])
    assert found, bodies[-1]
    return found.group(1)


def _page(browser: Browser, app_url: str, *, java_script: bool) -> tuple[Checked, BrowserContext]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=java_script)
    page = context.new_page()
    page.set_default_timeout(15000)
    return Checked(page, app_url), context


def test_a_coordinator_invites_someone_who_sets_a_password_and_signs_in(
    browser: Browser, app_url: str, mail_dir: Path
) -> None:
    with signed_in(browser, app_url, "coordinator@cityoflondon.demo", viewport=PHONE) as checked:
        page = checked.page
        page.get_by_role("button", name="Menu").click()
        page.locator("#navigation").get_by_role("link", name="Users", exact=True).click()
        expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
        table = page.get_by_role("table", name=re.compile("People in City of London"))
        expect(table.get_by_role("row", name=re.compile("coordinator@cityoflondon.demo"))).to_contain_text(
            "Prevent coordinator"
        )
        _fits(checked)

        page.get_by_role("button", name="Invite a person").click()
        _fits(checked)
        page.get_by_role("button", name="Send invitation").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their work email address")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one role")
        _fits(checked)
        page.get_by_label("Work email address").fill(INVITEE)
        page.get_by_label("Full name").fill("Nell Newcomer")
        page.get_by_role("checkbox", name="Steering group member").check()
        page.get_by_role("checkbox", name="Action owner").check()
        page.get_by_role("button", name="Send invitation").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Nell Newcomer has been invited")
        expect(page.get_by_role("heading", name="Nell Newcomer")).to_be_visible()
        expect(page.locator(".govuk-summary-list")).to_contain_text("Invited")
        _fits(checked)

    link = _link_sent_to(mail_dir, INVITEE)
    invitee, context = _page(browser, app_url, java_script=True)
    try:
        page = invitee.page
        page.goto(app_url + link)
        expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
        # The token has left the address.
        assert page.url.endswith("/set/")
        _fits(invitee)
        page.get_by_label("Create a password").fill("short")
        page.get_by_label("Confirm your password").fill("short")
        page.get_by_role("button", name="Set password").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("too short")
        _fits(invitee)
        page.get_by_label("Create a password").fill(PASSWORD)
        page.get_by_label("Confirm your password").fill(PASSWORD)
        page.get_by_role("button", name="Set password").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password has been set")
        _fits(invitee)
        page.get_by_label("Email address").fill(INVITEE)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="What needs doing")).to_be_visible()
        _fits(invitee)
        # The link was spent.
        page.goto(app_url + link)
        expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
        _fits(invitee)
    finally:
        context.close()

    with signed_in(
        browser, app_url, "coordinator@cityoflondon.demo", viewport=PHONE, java_script_enabled=False
    ) as checked:
        page = checked.page
        page.goto(app_url + "/users/")
        table = page.get_by_role("table", name=re.compile("People in City of London"))
        row = table.get_by_role("row", name=re.compile("Nell Newcomer"))
        expect(row).to_contain_text("Active")
        row.get_by_role("link", name="Nell Newcomer").click()
        page.get_by_role("link", name="Change roles").click()
        page.get_by_role("checkbox", name="Action owner").uncheck()
        page.get_by_role("button", name="Save roles").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("roles have been changed")
        roles = page.locator(".govuk-summary-list__row", has_text="Roles here")
        expect(roles).to_contain_text("Steering group member")
        expect(roles).not_to_contain_text("Action owner")
        person_page = page.url
    with signed_in(browser, app_url, "coordinator@cityoflondon.demo", viewport=PHONE) as checked:
        checked.page.goto(person_page)
        expect(checked.page.locator(".govuk-summary-list")).to_contain_text("Steering group member")
        _fits(checked)
        checked.page.get_by_role("link", name="Change roles").click()
        expect(checked.page.get_by_role("checkbox", name="Action owner")).not_to_be_checked()
        _fits(checked)


def _ask_for_a_reset(page: Page, app_url: str, address: str) -> str:
    page.goto(app_url + "/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address").fill(address)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    return page.locator("main").inner_text()


def test_a_forgotten_password_gets_the_same_answer_for_any_address(browser: Browser, app_url: str) -> None:
    with_script, context = _page(browser, app_url, java_script=True)
    try:
        page = with_script.page
        page.goto(app_url + "/sign-in/forgotten-password/")
        _fits(with_script)
        page.get_by_role("button", name="Send the link").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
        _fits(with_script)
        known = _ask_for_a_reset(page, app_url, "steering@cityoflondon.demo")
        _fits(with_script)
    finally:
        context.close()
    without_script, context = _page(browser, app_url, java_script=False)
    try:
        unknown = _ask_for_a_reset(without_script.page, app_url, "nobody-at-all@example.gov.uk")
    finally:
        context.close()
    assert known == unknown
