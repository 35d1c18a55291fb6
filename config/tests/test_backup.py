"""Issue 18, part 6: a backup restores into a fresh database and upload store, its audit
chain verifies against the anchor file kept apart from it, a case opens and its document
decrypts to the bytes uploaded. Every step runs as an operator runs it, as a command in a
process of its own: on PostgreSQL (a server of the tests' own, private_postgres.py) and on
SQLite (when the test run's database is SQLite: a copy of its freshly migrated database)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from config.tests import private_postgres as pg
from config.tests.private_postgres import app_environment, manage


def _step(*args: str, env: dict[str, str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "config.tests.scenario", *args],
        cwd=pg.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=pg.TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-2000:]
    return result.stdout


def _back_up_restore_and_open(tmp_path: Path, source: dict[str, str], target: dict[str, str]) -> None:
    anchors = tmp_path / "anchors"
    live = app_environment(
        PREVENTHUB_UPLOAD_DIR=str(tmp_path / "uploads"), PREVENTHUB_AUDIT_ANCHOR_DIR=str(anchors), **source
    )
    made = _step("case", env=live)
    _ok(manage("anchor_audit", env=live))
    said = _ok(manage("backup", str(tmp_path / "backups"), env=live))
    # The backup says what it does not hold, and does not hold it.
    assert "PREVENTHUB_FIELD_KEYS" in said and "anchors.jsonl" in said
    (folder,) = (tmp_path / "backups").iterdir()
    assert sorted(path.name for path in folder.iterdir()) in (
        ["database.pgdump", "manifest.json", "uploads.tar"],
        ["database.sqlite3", "manifest.json", "uploads.tar"],
    )
    assert not any("anchors" in name for name in (path.name for path in folder.iterdir()))

    # Elsewhere: a fresh database, an empty upload store, and a copy of the anchor file
    # (kept apart from the backup) where the restored service looks for it.
    kept_apart = tmp_path / "anchor-store-copy"
    shutil.copytree(anchors, kept_apart)
    restored = app_environment(
        PREVENTHUB_UPLOAD_DIR=str(tmp_path / "restored-uploads"),
        PREVENTHUB_AUDIT_ANCHOR_DIR=str(kept_apart),
        **target,
    )
    out = _ok(manage("restore", str(folder), env=restored))
    assert "Restored and checked." in out
    assert "Consistent with the 1 anchors" in out
    assert "Audit log intact" in _ok(manage("verify_audit", env=restored))
    opened = _step(
        "open-case", str(made["referral"]), str(made["document"]), str(made["email"]), env=restored
    )
    assert opened["page"] == 200 and str(made["name"]) in str(opened["page_text"])
    assert opened["download"] == 200 and opened["sha256"] == made["sha256"]

    # A second restore into the now full database is refused, and changes nothing.
    again = manage("restore", str(folder), env=restored)
    assert again.returncode != 0 and "not empty" in again.stderr
    assert "Audit log intact" in _ok(manage("verify_audit", env=restored))


@pytest.mark.xdist_group("private_postgres")
def test_a_postgresql_backup_restores_into_a_fresh_database_and_verifies(
    tmp_path: Path, private_server: pg.PrivatePostgres
) -> None:
    source = private_server.new_database("backup_source")
    target = private_server.empty_database("backup_target")
    _back_up_restore_and_open(tmp_path, {"DATABASE_URL": source}, {"DATABASE_URL": target})


@pytest.mark.skipif(connection.vendor != "sqlite", reason="copies the SQLite test database as its fresh one")
@pytest.mark.django_db
def test_a_sqlite_backup_restores_into_a_fresh_database_and_verifies(tmp_path: Path) -> None:
    # The test run's database, just migrated and holding nothing of this test yet, is
    # the live service's database: a file in its var folder.
    live_var = tmp_path / "live-var"
    live_var.mkdir()
    connection.ensure_connection()
    (live_var / "preventhub.sqlite3").write_bytes(connection.connection.serialize())
    restored_var = tmp_path / "restored-var"
    restored_var.mkdir()
    _back_up_restore_and_open(
        tmp_path, {"PREVENTHUB_VAR_DIR": str(live_var)}, {"PREVENTHUB_VAR_DIR": str(restored_var)}
    )
