"""The private PostgreSQL server of the backup and fault tests (private_postgres.py): one
per test session, on the worker that runs the tests of the group `private_postgres`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from config.tests import private_postgres as pg


@pytest.fixture(scope="session")
def private_server() -> Iterator[pg.PrivatePostgres]:
    if not pg.available():
        pytest.fail(f"PostgreSQL 15's binaries are needed in {pg.BIN} (or set PREVENTHUB_PG_BIN)")
    with pg.private_postgres() as server:
        yield server
