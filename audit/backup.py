"""Backups of the data, and restoring one into a fresh database and upload store.

A backup is a folder `preventhub-<UTC time>` holding:

- `database.pgdump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite:
  a copy made with SQLite's online backup API, consistent while the service writes);
- `uploads.tar`, the upload store (case documents in it are already sealed with their
  record's data key; plan evidence and the like are stored as uploaded);
- `manifest.json`, written last: when, which engine, the audit chain's head (its last
  event and hash) and a SHA-256 of each file. A folder without it is incomplete.

What a backup never holds: the keys (field master keys, blind-index key, anchor keys,
SECRET_KEY: they are settings, never in the database) and the audit anchor file. Both are
kept apart from the data on purpose (docs/backup.md): a stolen backup without the keys
reads nothing personal, and anchors that a restorer cannot rewrite show a restored or
altered chain for what it is.

The database is dumped before the uploads are archived, so every document row in the dump
has its file in the archive (a file uploaded in between is archived without a row, and is
harmless)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Max

from audit.anchors import AnchorStoreError, Stored, anchor_path, check_anchors, stored_anchors
from audit.log import verify_chain
from audit.models import AuditEvent

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
UPLOADS = "uploads.tar"
FORMAT = 1

# What must be kept apart from every backup, said by `backup` each time it runs.
KEPT_APART = (
    "Not in this backup, and to be kept apart from it (docs/backup.md):",
    "- the keys, in the secret store and its escrow: PREVENTHUB_FIELD_KEYS, "
    "PREVENTHUB_BLIND_INDEX_KEY, PREVENTHUB_AUDIT_ANCHOR_KEYS and SECRET_KEY;",
    "- the audit anchor file {anchors}, on its own store.",
    "Without the field keys this backup reads nothing personal; without the anchors a restored "
    "chain cannot be checked.",
)


class BackupError(Exception):
    """A backup could not be taken or restored; the message says why and what to do."""


@dataclass
class Manifest:
    taken_at: str
    engine: str
    database: str
    uploads: str | None
    audit_head: int | None
    audit_head_hash: str
    files: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(self.__dict__, indent=2) + "\n")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / MANIFEST).read_text())
            return cls(**data)
        except FileNotFoundError:
            raise BackupError(
                f"{folder} holds no {MANIFEST}: it is not a backup, or an incomplete one"
            ) from None
        except (ValueError, TypeError) as problem:
            raise BackupError(f"{folder / MANIFEST} cannot be read: {problem}") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def pg_program(name: str) -> str:
    """pg_dump or pg_restore: from PREVENTHUB_PG_BIN if set, else on the PATH, else the
    newest of Debian's /usr/lib/postgresql/*/bin (a client older than the server refuses)."""
    folder = os.environ.get("PREVENTHUB_PG_BIN")
    if folder:
        return str(Path(folder) / name)
    debian = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if debian:
        return str(debian[-1])
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} was not found: install the PostgreSQL client or set PREVENTHUB_PG_BIN")


def _pg_environment() -> dict[str, str]:
    database = connection.settings_dict
    env = {**os.environ, "PGDATABASE": database["NAME"], "PGUSER": database["USER"] or ""}
    env["PGHOST"] = database["HOST"] or ""
    env["PGPORT"] = str(database["PORT"] or "")
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return {name: value for name, value in env.items() if value != "" or not name.startswith("PG")}


def _run(command: list[str]) -> None:
    try:
        subprocess.run(  # noqa: S603 - our own arguments, no shell
            command, env=_pg_environment(), check=True, capture_output=True, text=True, timeout=3600
        )
    except subprocess.CalledProcessError as problem:
        raise BackupError(f"{Path(command[0]).name} failed: {problem.stderr.strip()}") from None
    except (OSError, subprocess.TimeoutExpired) as problem:
        raise BackupError(f"{Path(command[0]).name} could not run: {problem}") from None


def upload_root() -> Path | None:
    """The upload store's folder, or None when uploads are not on the file system (an
    S3-compatible bucket is backed up by the bucket's versioning, not here)."""
    location = getattr(default_storage, "location", None)
    return Path(location) if location else None


def take_backup(destination: Path, *, now: dt.datetime | None = None) -> tuple[Path, Manifest]:
    """Write a backup folder under `destination` and return it with its manifest."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    folder = destination / f"preventhub-{moment:%Y%m%dT%H%M%SZ}"
    try:
        folder.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        raise BackupError(f"{folder} already exists: wait a second, or remove it") from None
    except OSError as problem:
        raise BackupError(f"{folder} cannot be made: {problem}") from None
    engine = _engine()
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    try:
        if engine == "postgresql":
            database = PG_DUMP
            _run(
                [
                    pg_program("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "-f",
                    str(folder / database),
                ]
            )
        else:
            database = SQLITE_COPY
            connection.ensure_connection()
            target = sqlite3.connect(folder / database)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        uploads = None
        root = upload_root()
        if root is not None:
            uploads = UPLOADS
            with tarfile.open(folder / uploads, "w") as archive:
                if root.exists():
                    archive.add(root, arcname=".")
    except OSError as problem:
        raise BackupError(f"The backup could not be written to {folder}: {problem}") from None
    manifest = Manifest(
        taken_at=moment.isoformat(timespec="seconds"),
        engine=engine,
        database=database,
        uploads=uploads,
        audit_head=head[0] if head else None,
        audit_head_hash=head[1] if head else "",
        files={name: _sha256(folder / name) for name in (database, uploads) if name},
    )
    manifest.write(folder)
    return folder, manifest


# --- restore -------------------------------------------------------------------------


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _uploads_are_empty(root: Path) -> bool:
    return not root.exists() or not any(root.iterdir())


def check_backup(folder: Path) -> Manifest:
    manifest = Manifest.read(folder)
    for name, expected in manifest.files.items():
        path = folder / name
        if not path.exists():
            raise BackupError(f"{path} is missing from the backup")
        if _sha256(path) != expected:
            raise BackupError(f"{path} is not the file the backup wrote (its SHA-256 differs): it is damaged")
    return manifest


def restore_backup(folder: Path, *, force: bool = False) -> Manifest:
    """Put the backup in `folder` into the configured database and upload store, which
    must be empty unless `force`. Migrations are run afterwards by the command."""
    manifest = check_backup(folder)
    if manifest.engine != _engine():
        raise BackupError(
            f"The backup is of a {manifest.engine} database; the configured database is {_engine()}"
        )
    root = upload_root()
    if not force:
        if not _database_is_empty():
            raise BackupError(
                "The configured database is not empty: restore into a new, empty database "
                "(or give --force to replace what is in it)"
            )
        if manifest.uploads and root is not None and not _uploads_are_empty(root):
            raise BackupError(
                f"The upload store {root} is not empty: restore into an empty folder "
                "(or give --force to add the backup's files to it)"
            )
    if manifest.engine == "postgresql":
        command = [pg_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        if force:
            command += ["--clean", "--if-exists"]
        connection.close()
        _run([*command, "--dbname", connection.settings_dict["NAME"], str(folder / manifest.database)])
    else:
        connection.ensure_connection()
        source = sqlite3.connect(folder / manifest.database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    if manifest.uploads and root is not None:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tarfile.open(folder / manifest.uploads) as archive:
            archive.extractall(root, filter="data")
    return manifest


@dataclass
class Check:
    """What `restore` found once the backup was in: the chain, the anchors up to the
    backup's head, and the anchors of events written after the backup was taken."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_restored(manifest: Manifest, *, files: Callable[[], list[tuple[str, str]]] | None = None) -> Check:
    check = Check()
    head = AuditEvent.objects.aggregate(last=Max("id"))["last"]
    if head != manifest.audit_head:
        check.problems.append(
            f"The restored audit log ends at event {head}, the backup's manifest says {manifest.audit_head}"
        )
    verdict = verify_chain()
    if not verdict.intact:
        check.problems.append(
            f"The restored audit log is broken at event {verdict.broken_at}: {verdict.reason}"
        )
    else:
        check.notes.append(f"Audit log intact: {verdict.links_checked} events verified.")
    try:
        anchors = list(stored_anchors())
    except AnchorStoreError as problem:
        check.problems.append(f"The anchors cannot be read: {problem}")
        anchors = []
    within: list[Stored] = []
    later: list[int] = []
    for stored in anchors:
        if stored.anchor is not None and head is not None and stored.anchor.event > head:
            later.append(stored.anchor.event)
        else:
            within.append(stored)
    if not anchors:
        check.problems.append(
            f"No anchors in {anchor_path()}: put the anchor file back (it is kept apart from "
            "backups) so the restored chain can be checked, then run verify_audit"
        )
    else:
        report = check_anchors(within)
        if report.consistent:
            check.notes.append(f"Consistent with the {report.anchors_checked} anchors up to event {head}.")
        else:
            check.problems += [f"Anchors: {found}" for found in report.problems]
    if later:
        check.notes.append(
            f"Events {head + 1 if head else 1}..{max(later)} were anchored after this backup was "
            "taken and are not in it: they are lost with this restore (docs/backup.md says what to do)."
        )
    check.problems += [f"{name}: {missing}" for name, missing in (files or _missing_documents)()]
    return check


def _missing_documents() -> list[tuple[str, str]]:
    """Rows of the upload store's files (any model's FileField, and case documents' sealed
    files) whose file is not in the restored store."""
    from django.apps import apps
    from django.db.models import FileField

    missing: list[tuple[str, str]] = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.get_fields() if isinstance(f, FileField)]
        if model._meta.label == "cases.CaseDocument":
            names.append("stored_as")
        for name in names:
            for stored in (
                model._default_manager.exclude(**{name: ""}).values_list(name, flat=True).iterator()
            ):
                with contextlib.suppress(OSError):
                    if default_storage.exists(stored):
                        continue
                missing.append((f"{model._meta.label}.{name}", f"{stored} is not in the upload store"))
                if len(missing) >= 10:
                    return missing
    return missing
