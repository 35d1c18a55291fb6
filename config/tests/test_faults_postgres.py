"""Issue 18, part 8: PostgreSQL restarted (an immediate stop, as a crash, then a start)
under page traffic and during a training import, on a server of the tests' own
(private_postgres.py), never the shared one.

- Page traffic: an application server (runserver, its connections kept for 60 s and
  health-checked, as configured) takes a stream of progress updates; the database is
  restarted in the middle. Every update that was acknowledged (a redirect) is in the
  database afterwards; requests during the outage fail with an error page within a bound,
  not a hang; and the same server, not restarted, takes updates again.
- An import: a file of completions being checked or saved when the database restarts
  lands whole or not at all, its batch says which, and a second try lands it once."""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from config.tests import private_postgres as pg
from config.tests.private_postgres import app_environment

pytestmark = pytest.mark.xdist_group("private_postgres")

BOUND = 30  # seconds a request may take, outage or not


def _step(*args: str, env: dict[str, str], timeout: float = pg.TIMEOUT) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "config.tests.scenario", *args],
        cwd=pg.ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _restart(server: pg.PrivatePostgres) -> None:
    server.stop("immediate")
    time.sleep(1)
    server.start()


# --- page traffic ------------------------------------------------------------------------


class Browser:
    """A client outside Django: cookies, the form's CSRF and submission tokens."""

    def __init__(self, base: str, cookie: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.cookie = cookie

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        csrf = next((c.value for c in self.jar if c.name == "csrftoken"), None)
        request.add_header("Cookie", self.cookie + (f"; csrftoken={csrf}" if csrf else ""))
        try:
            with self.opener.open(request, timeout=BOUND) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def post_update(self, path: str, commentary: str) -> int:
        """GET the form, POST it; the status of the POST (302: acknowledged), or of the
        GET when that fails."""
        status, html = self._open(urllib.request.Request(self.base + path))  # noqa: S310 - our own server
        if status != 200:
            return status
        fields = {
            name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)  # type: ignore[union-attr]
            for name in ("csrfmiddlewaretoken", "submission")
        }
        data = {
            **fields,
            "update_date_day": "1",
            "update_date_month": "6",
            "update_date_year": "2018",
            "rag": "amber",
            "commentary": commentary,
        }
        request = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data).encode())  # noqa: S310
        return self._open(request)[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_a_restart_under_page_traffic_loses_no_acknowledged_write_and_the_app_recovers(
    tmp_path: Path, private_server: pg.PrivatePostgres
) -> None:
    env = app_environment(
        DATABASE_URL=private_server.new_database("traffic"),
        PREVENTHUB_UPLOAD_DIR=str(tmp_path / "uploads"),
        PREVENTHUB_AUDIT_ANCHOR_DIR=str(tmp_path / "anchors"),
        DEBUG="false",
    )
    made = _step("plan-session", env=env)
    port = pg._free_port()
    app = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=pg.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        browser = Browser(f"http://127.0.0.1:{port}", str(made["cookie"]))
        path = f"/plans/actions/{made['action']}/updates/new/"
        deadline = time.monotonic() + 120
        while True:  # the server is up
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "the application server did not start"
                time.sleep(0.2)
        acknowledged: list[str] = []
        failed: list[int] = []
        n = 0

        def write() -> int:
            nonlocal n
            n += 1
            started = time.monotonic()
            status = browser.post_update(path, f"fault write {n}")
            assert time.monotonic() - started < BOUND + 5, "a request hung"
            if status == 302:
                acknowledged.append(f"fault write {n}")
            else:
                failed.append(status)
            return status

        for _ in range(5):
            assert write() == 302
        private_server.stop("immediate")
        for _ in range(3):  # the database is down: an error page, soon
            assert write() in (500, 503)
        private_server.start()
        deadline = time.monotonic() + 120
        recovered = 0
        while recovered < 5:  # the same application server, not restarted
            assert time.monotonic() < deadline, f"the app did not recover: {failed[-5:]}"
            recovered = recovered + 1 if write() == 302 else 0
        assert app.poll() is None
    finally:
        app.terminate()
        app.wait(timeout=30)
    stored = private_server.sql(
        "SELECT commentary FROM plans_progressupdate WHERE commentary LIKE 'fault write %'", "traffic"
    ).splitlines()
    assert set(acknowledged) <= set(stored)
    assert len(stored) == len(set(stored))  # none saved twice


# --- an import ---------------------------------------------------------------------------

ROWS = 20_000


def _batch(server: pg.PrivatePostgres, uuid: str) -> str:
    assert re.fullmatch(r"[0-9a-f-]{36}", uuid)
    return server.sql(f"SELECT status FROM training_importbatch WHERE uuid = '{uuid}'", "imports")  # noqa: S608


def _completions(server: pg.PrivatePostgres) -> int:
    return int(server.sql("SELECT count(*) FROM training_completion", "imports"))


def test_an_import_cut_by_a_restart_lands_whole_or_not_at_all_and_a_retry_lands_it_once(
    tmp_path: Path, private_server: pg.PrivatePostgres
) -> None:
    env = app_environment(
        DATABASE_URL=private_server.new_database("imports"),
        PREVENTHUB_UPLOAD_DIR=str(tmp_path / "uploads"),
        PREVENTHUB_AUDIT_ANCHOR_DIR=str(tmp_path / "anchors"),
    )
    before = _completions(private_server)
    batch = str(_step("import-file", str(ROWS), env=env)["batch"])
    running = subprocess.Popen(
        [sys.executable, "-m", "config.tests.scenario", "run-import", batch],
        cwd=pg.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while _batch(private_server, batch) not in ("checking", "saving"):
            assert running.poll() is None, running.communicate()
            assert time.monotonic() < deadline, "the import did not start"
            time.sleep(0.05)
        _restart(private_server)
        out, err = running.communicate(timeout=180)
    finally:
        if running.poll() is None:
            running.kill()
            running.wait(timeout=30)
    status = _batch(private_server, batch)
    landed = _completions(private_server) - before
    # Whole or not at all, and the batch says which.
    assert (status, landed) in (("refused", 0), ("done", ROWS)), (status, landed, out, err[-2000:])

    if status == "done":
        return
    # Tried again (uploaded again: a stopped import's file is not kept), it lands once.
    again = str(_step("import-file", str(ROWS), env=env)["batch"])
    assert _step("run-import", again, env=env, timeout=600) == {"status": "done"}
    assert _completions(private_server) - before == ROWS
