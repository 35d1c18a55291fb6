"""A PostgreSQL server of the tests' own, for the tests that restart or stop it (the fault
tests) and for restoring backups into fresh databases. It is started from the PostgreSQL 15
binaries in a temporary folder, on a free loopback port, and never touches the shared
server on 5432. PostgreSQL refuses to run as root, so as root it runs as `postgres`.

One database, `preventhub_template`, is migrated once per test session; each test copies
it (CREATE DATABASE ... TEMPLATE), which takes a fraction of a second."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(os.environ.get("PREVENTHUB_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "preventhub_template"
TIMEOUT = 120


def available() -> bool:
    return (BIN / "initdb").exists() and (BIN / "pg_ctl").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_environment(**extra: str) -> dict[str, str]:
    """The environment of a manage.py process run by a test: development settings, none
    of pytest's or the test run's own database settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_URL", "PREVENTHUB_"))
    }
    return {**env, "PREVENTHUB_ENVIRONMENT": "development", "PYTHONUNBUFFERED": "1", **extra}


def manage(*args: str, env: dict[str, str], timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class PrivatePostgres:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="preventhub-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str, timeout: float = TIMEOUT) -> None:
        subprocess.run(
            [*self.as_user, *command], check=True, capture_output=True, timeout=timeout, cwd=self.folder
        )

    def init(self) -> None:
        self._run(
            str(BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
             "-tAq", "-v", "ON_ERROR_STOP=1", "-c", statement],
            check=True, capture_output=True, text=True, timeout=TIMEOUT,
        )  # fmt: skip
        return result.stdout.strip()

    def migrate_template(self) -> None:
        self.sql(f"CREATE DATABASE {TEMPLATE}")
        result = manage(
            "migrate", "--noinput", "-v0", env=app_environment(DATABASE_URL=self.url(TEMPLATE)), timeout=600
        )
        if result.returncode:
            raise RuntimeError(f"migrate failed on the private PostgreSQL: {result.stderr[-2000:]}")

    def new_database(self, name: str) -> str:
        self.sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def empty_database(self, name: str) -> str:
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def close(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    try:
        server.init()
        server.migrate_template()
        yield server
    finally:
        server.close()
