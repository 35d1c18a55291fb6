"""Several app servers (issue 18, part 5): nothing may depend on one server's memory or
disk. Two gunicorn servers, started as `make serve` starts one (production settings,
deploy/gunicorn.conf.py), share one PostgreSQL database of this test's own and one upload
directory, and one person's requests go to each in turn, as a load balancer without
sticky sessions would send them: signing in with a password and a two-factor code, a
referral page by page, a document added, the case page, the download, signing out; then
the old session is refused by the other server.

Requests reach the servers as from a proxy that terminated TLS: with the service's host
name and X-Forwarded-Proto: https. PostgreSQL runs wherever the suite runs (CI included);
TWO_SERVERS_POSTGRES points the test at another server."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from django_otp.oath import TOTP

from govuk.testing import page
from lib.crypto import new_master_key_entry

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("TWO_SERVERS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
HOST = "preventhub.test"
EMAIL = "coordinator@two-servers.example.gov.uk"
PASSWORD = "a long password for two servers"
# Every wait is bounded: a server that does not answer fails the test, never hangs it.
START_SECONDS = 90
REQUEST_SECONDS = 60
SETUP_SECONDS = 600

SETUP = f"""
from accounts.models import Membership, Partnership, Role, SealedTOTPDevice, User
partnership = Partnership.objects.create(name="Two Servers", slug="two-servers", code="TS")
user = User.objects.create_user(email="{EMAIL}", password="{PASSWORD}", full_name="Cora Ordinator")
Membership.objects.create(user=user, partnership=partnership, role=Role.COORDINATOR)
device = SealedTOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
print("seed=" + device.bin_key.hex())
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin(statement: str) -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=10) as connection:
        connection.execute(statement)


@dataclass
class Servers:
    urls: list[str]
    uploads: Path
    seed: bytes
    logs: list[Path]


def _environment(tmp: Path, database: str) -> dict[str, str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREVENTHUB_", "DJANGO_", "GUNICORN_")) and key != "DATABASE_URL"
    }
    return clean | {
        "PREVENTHUB_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "PREVENTHUB_FIELD_KEYS": new_master_key_entry("two-servers"),
        "PREVENTHUB_BLIND_INDEX_KEY": new_master_key_entry("two-servers"),
        "PREVENTHUB_AUDIT_ANCHOR_KEYS": new_master_key_entry("two-servers"),
        "PREVENTHUB_AUDIT_ANCHOR_DIR": str(tmp / "anchors"),
        "PREVENTHUB_VAR_DIR": str(tmp / "var"),
        # The one upload directory both servers mount.
        "PREVENTHUB_UPLOAD_DIR": str(tmp / "shared-uploads"),
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "GUNICORN_WORKERS": "1",
        "PYTHONUNBUFFERED": "1",
    }


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server at {url} stopped:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/healthz", headers={"Host": HOST}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    tmp = tmp_path_factory.mktemp("two-servers")
    database = f"preventhub_two_servers_{os.getpid()}"
    env = _environment(tmp, database)
    manage = [sys.executable, "manage.py"]
    started: list[subprocess.Popen[bytes]] = []
    _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{database}"')
    try:
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(
                manage + command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=SETUP_SECONDS
            )
        made = subprocess.run(
            [*manage, "shell", "-c", SETUP],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=SETUP_SECONDS,
        )
        seed = bytes.fromhex(re.findall(r"^seed=([0-9a-f]+)$", made.stdout, re.MULTILINE)[-1])
        urls, logs = [], []
        for name in ("a", "b"):
            port = _free_port()
            log = tmp / f"server-{name}.log"
            logs.append(log)
            with log.open("wb") as output:
                started.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "gunicorn",
                            "--config",
                            "deploy/gunicorn.conf.py",
                            "config.wsgi:application",
                        ],
                        cwd=ROOT,
                        env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
                        stdout=output,
                        stderr=subprocess.STDOUT,
                    )
                )
            urls.append(f"http://127.0.0.1:{port}")
        for url, server, log in zip(urls, started, logs, strict=True):
            _wait_until_up(url, server, log)
        yield Servers(urls, tmp / "shared-uploads", seed, logs)
    finally:
        for server in started:
            server.terminate()
        for server in started:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class Browser:
    """One person's browser behind a load balancer that sends each request to the next
    server in turn. Cookies are kept here (the servers set them Secure, for HTTPS at the
    proxy); redirects are not followed, so each response is the one server's answer."""

    urls: list[str]
    cookies: dict[str, str] = field(default_factory=dict)
    sent_to: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        base = self.urls[len(self.sent_to) % len(self.urls)]
        self.sent_to.append(base)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        response = requests.request(
            method, base + path, headers=headers, allow_redirects=False, timeout=REQUEST_SECONDS, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def submit(self, path: str, data: dict[str, str], **kwargs: Any) -> requests.Response:
        """Fill in the form on `path` as a browser would: its hidden fields (the CSRF and
        submission tokens) with `data`, from one server; sent to the next."""
        shown = self.get(path)
        assert shown.status_code == 200, (path, shown.status_code)
        hidden = {
            element.attrs["name"]: element.attrs.get("value", "")
            for element in page(shown.content).iter("input")
            if element.attrs.get("type") == "hidden" and element.attrs.get("name")
        }
        return self.request("POST", path, data=hidden | data, **kwargs)


def _redirected_to(response: requests.Response) -> str:
    assert response.status_code == 302, (response.status_code, response.text[:2000])
    return response.headers["Location"]


def test_one_persons_requests_go_to_two_servers_in_turn(servers: Servers) -> None:
    browser = Browser(servers.urls)
    # Signing in: the password on one server, the code on the other.
    assert _redirected_to(browser.submit("/sign-in/", {"email": EMAIL, "password": PASSWORD})) == (
        "/sign-in/code/"
    )
    code = TOTP(servers.seed).token()
    assert _redirected_to(browser.submit("/sign-in/code/", {"code": f"{code:06d}"})) == "/"
    assert "What needs doing" in browser.get("/").text

    # A referral, page by page: its draft lives in the session, in the database.
    steps = {
        "person": {"given_names": "Jordan", "family_name": "Hughes", "gender": "female"},
        "concern": {
            "concern_type": "incel",
            "narrative": "Posts about hating women and admiring attackers.",
            "urgency": "routine",
            "person_aware": "no",
        },
        "you": {
            "referrer_name": "Cora Ordinator",
            "referrer_organisation": "Bow School",
            "sector": "education",
        },
        "equality": {"religion_status": "declined"},
    }
    following = [*list(steps)[1:], "check"]
    for (step, answers), after in zip(steps.items(), following, strict=True):
        assert _redirected_to(browser.submit(f"/cases/refer/{step}/", answers)) == f"/cases/refer/{after}/"
    sent = _redirected_to(browser.submit("/cases/refer/check/", {}))
    uuid = re.fullmatch(r"/cases/refer/sent/([0-9a-f-]+)/", sent)
    assert uuid, sent
    case = f"/cases/{uuid.group(1)}/"

    # A document, sealed before it is stored in the shared upload directory.
    content = b"%PDF-1.4\n% notes of a meeting with Jordan's school\n%%EOF\n"
    added = browser.submit(
        f"{case}documents/new/",
        {"description": "School's notes"},
        files={"file": ("school-notes.pdf", content, "application/pdf")},
    )
    assert _redirected_to(added) == f"{case}documents/"
    stored = [path for path in servers.uploads.rglob("*") if path.is_file()]
    assert len(stored) == 1
    assert b"Jordan" not in stored[0].read_bytes()

    # The case page and its documents, then the download, each from whichever server.
    summary = browser.get(case)
    assert summary.status_code == 200
    assert "Hughes" in summary.text
    documents = browser.get(f"{case}documents/")
    assert documents.status_code == 200
    links = [
        element.attrs["href"]
        for element in page(documents.content).iter("a")
        if element.attrs.get("href", "").startswith("/cases/documents/")
    ]
    assert len(links) == 1
    download = browser.get(links[0])
    assert download.status_code == 200
    assert download.content == content

    # Signing out on one server ends the session on both.
    old_cookies = dict(browser.cookies)
    assert _redirected_to(_sign_out(browser)) == "/signed-out/"
    # The old session cookie, sent to the server that did not sign it out.
    stale = Browser([url for url in servers.urls if url != browser.sent_to[-1]], old_cookies)
    refused = stale.get(case)
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith("/sign-in/")

    # Every request went to the servers in turn, and both answered.
    assert set(browser.sent_to) == set(servers.urls)
    assert all(a != b for a, b in zip(browser.sent_to, browser.sent_to[1:], strict=False))

    # Each server logged every request as a JSON line, with its id and without any query.
    for log in servers.logs:
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
        requests_logged = [line for line in lines if line["logger"] == "gunicorn.access"]
        assert requests_logged
        assert all(len(line["request_id"]) == 32 and "?" not in line["path"] for line in requests_logged)
        assert "Hughes" not in log.read_text()


def _sign_out(browser: Browser) -> requests.Response:
    """The sign-out button is a form on every page; its CSRF token is read from the home page."""
    home = browser.get("/")
    token = next(
        element.attrs["value"]
        for element in page(home.content).iter("input")
        if element.attrs.get("name") == "csrfmiddlewaretoken"
    )
    return browser.request("POST", "/sign-out/", data={"csrfmiddlewaretoken": token})
