"""The browser tests drive the real application: a server started the way `make run`
starts it (migrated, demo loaded) on a fresh database, in Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# Chromium's background services try to reach Google; this machine's network refuses them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The suite runs the browser tests beside the others on two processors; an assertion
# waits as long as an action does, rather than Playwright's five seconds.
expect.set_options(timeout=15_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_database(url: str, name: str, action: str) -> None:
    import psycopg

    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')
        else:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the server writes each e-mail it sends, as a file (PREVENTHUB_MAIL_DIR)."""
    return tmp_path_factory.mktemp("e2e-mail")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, mail_dir: Path) -> Iterator[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= {
        "PREVENTHUB_VAR_DIR": str(tmp_path_factory.mktemp("e2e-var")),
        "PREVENTHUB_MAIL_DIR": str(mail_dir),
        "PREVENTHUB_DEMO": "true",
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
    }
    database_url = os.environ.get("DATABASE_URL", "")
    database_name = f"preventhub_e2e_{os.getpid()}"
    if database_url:
        _postgres_database(database_url, database_name, "create")
        env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + f"/{database_name}"
    manage = [sys.executable, "manage.py"]
    port = _free_port()
    server = None
    try:
        for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/sign-in/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("The application server did not start")
        yield url
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if database_url:
            _postgres_database(database_url, database_name, "drop")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Checked:
    """A page whose every visit is checked with axe-core against WCAG 2.2 A and AA,
    and for errors in the browser console (a Content Security Policy violation
    shows there)."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.console_errors: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def axe(self) -> None:
        # A click that navigates returns before the new page has loaded; axe must run on it,
        # not on the document being replaced.
        for attempt in range(3):
            self.page.wait_for_load_state("load")
            try:
                self.page.evaluate(AXE.read_text())
                result: dict[str, Any] = self.page.evaluate(
                    "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
                )
                break
            except PlaywrightError:
                # The page was replaced while axe ran: run it again on the new one.
                if attempt == 2:
                    raise
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        assert not violations, f"Accessibility violations on {self.page.url}:\n" + "\n".join(violations)
        assert not self.console_errors, f"Browser console errors on {self.page.url}: {self.console_errors}"
        self.checked.append(self.page.url)


@pytest.fixture
def checked_page(browser: Browser, app_url: str) -> Iterator[Checked]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Checked(page, app_url)
    context.close()


@contextmanager
def signed_in(browser: Browser, app_url: str, email: str, **context_options: Any) -> Iterator[Checked]:
    """A page signed in as a demo account, on its home page; `context_options` such as a
    phone's viewport or no JavaScript go to the browser context."""
    context = browser.new_context(accept_downloads=True, **context_options)
    page = context.new_page()
    page.set_default_timeout(15000)
    checked = Checked(page, app_url)
    page.goto(app_url + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="What needs doing")).to_be_visible()
    try:
        yield checked
    finally:
        context.close()


def panel_meeting_now(checked: Checked, *, quorate: bool = True) -> None:
    """As a chair or coordinator: schedule a Channel panel meeting at the present minute and
    open it. It has begun, so its decisions can be recorded (none can be before a meeting
    begins). Unless told otherwise it is made quorate (`make_quorate`)."""
    from django.utils import timezone

    page = checked.page
    page.goto(checked.base + "/cases/panels/new/")
    now = timezone.localtime()
    day = page.get_by_role("group", name="Date")
    day.get_by_label("Day").fill(str(now.day))
    day.get_by_label("Month").fill(str(now.month))
    day.get_by_label("Year").fill(str(now.year))
    page.get_by_label("Time").fill(f"{now:%H:%M}")
    page.get_by_label("Where").fill("Committee room 3 (browser test)")
    page.get_by_label("Chair", exact=True).select_option(index=1)
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()
    checked.axe()
    if quorate:
        make_quorate(checked)


def make_quorate(checked: Checked) -> None:
    """On a meeting's page, as a chair or coordinator: invite the police officer and record
    them and the chair as present, so that the panel may adopt, not adopt, exit or close
    (cases.quorum); back on the meeting's page."""
    import re

    page = checked.page
    police = page.get_by_role("checkbox", name=re.compile("police prevent officer", re.IGNORECASE))
    if police.count():
        police.check()
        page.get_by_role("button", name="Invite", exact=True).click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Invited:")
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_role("group", name=re.compile(", chair$")).get_by_role("radio", name="Present").check()
    page.get_by_role("group", name=re.compile("police prevent officer", re.IGNORECASE)).get_by_role(
        "radio", name="Present"
    ).check()
    for group in page.get_by_role("group").all():
        if group.get_by_role("radio").count() and not group.get_by_role("radio", checked=True).count():
            group.get_by_role("radio", name="Present").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The panel is quorate.")
