"""Anchors: the audit chain's head, signed and kept where the database cannot reach.

The hash chain shows an event altered in place, but not its newest events removed, nor an
event altered and every later one hashed again: whoever can write the table can build a
chain that verifies. So the head (the last event's id and hash) is signed with a key that
is not in the database (PREVENTHUB_AUDIT_ANCHOR_KEYS) and appended, one JSON line per
anchor, to a file in PREVENTHUB_AUDIT_ANCHOR_DIR, which the operator keeps off the
database server. `anchor_audit` (hourly, from cron) and `verify_audit` write anchors;
`verify_audit` checks the chain against every anchor in the file: an anchored event that
is gone means events were removed, one with another hash means the chain was re-hashed.

Anchors are written only after the chain they anchor has been checked, so a tampered
chain is never anchored. Events written since the last anchor are not yet covered."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from audit.models import AuditEvent
from lib.crypto import MasterKeys
from lib.hashchain import Anchor, BadAnchor, anchor_line, read_anchor

ANCHOR_FILE = "anchors.jsonl"
# Anchored events are looked up this many at a time (under SQLite's oldest limit on
# query parameters), so checking a long store holds one batch in memory.
_BATCH = 500
_TAIL_BYTES = 8192
_PROBLEMS_LISTED = 10


class AnchorStoreError(Exception):
    """The anchor file cannot be read or written, or does not exist and starting a new
    one was not asked for."""


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE


def _keys() -> MasterKeys:
    keys: MasterKeys = settings.AUDIT_ANCHOR_KEYS
    return keys


def write_anchor(event_id: int, event_hash: str, *, start: bool = False) -> Anchor:
    """Append a signed anchor of event `event_id`, which has hash `event_hash`, and wait
    until it is on disk. A new anchor file is started only when `start` is given, or
    outside production: in production a missing file more likely means the anchor store
    is not mounted than that no anchor was ever written."""
    keys = _keys()
    anchor = Anchor(
        event=event_id,
        hash=event_hash,
        at=timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        key=keys.current_id,
    )
    line = anchor_line(anchor, keys.keys[keys.current_id]).encode()
    path = anchor_path()
    may_start = start or not settings.PRODUCTION
    if may_start:
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as problem:
            raise AnchorStoreError(f"the anchor store {path.parent} cannot be made: {problem}") from None
    new = not path.exists()
    try:
        # O_APPEND and one write per line, under a lock: concurrent writers, on this host
        # or another, never interleave or overwrite.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | (os.O_CREAT if may_start else 0), 0o600)
    except FileNotFoundError:
        raise AnchorStoreError(
            f"there is no anchor file at {path}. If anchors were written before, the anchor "
            "store is not mounted: mount it and run again. If this is the first anchor, run "
            "again with --start."
        ) from None
    except OSError as problem:
        raise AnchorStoreError(f"the anchor file {path} cannot be opened: {problem}") from None
    try:
        # O_APPEND alone keeps appends whole on a local disk, not on NFS, where the anchor
        # store of several app servers usually is: a POSIX lock, which NFS carries to the
        # other hosts, makes each append wait for the one before it (released on close).
        fcntl.lockf(descriptor, fcntl.LOCK_EX)
        if os.write(descriptor, line) != len(line):
            raise AnchorStoreError(f"the anchor was not written whole to {path}")
        os.fsync(descriptor)
    except OSError as problem:
        raise AnchorStoreError(f"the anchor could not be written to {path}: {problem}") from None
    finally:
        os.close(descriptor)
    if new:
        # Best effort: the anchor itself is on disk; some network file systems refuse this.
        with contextlib.suppress(OSError):
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
    return anchor


@dataclass(frozen=True)
class Stored:
    """One line of the anchor file: its anchor, or why it cannot be trusted."""

    line: int | None  # None: the last line, read from the end of the file
    anchor: Anchor | None = None
    problem: str = ""

    def where(self) -> str:
        return f"line {self.line}" if self.line is not None else "the last line"


def _read(line: int | None, raw: bytes) -> Stored:
    try:
        return Stored(line, read_anchor(raw.decode("utf-8"), _keys().keys))
    except UnicodeDecodeError:
        return Stored(line, problem="it is not an anchor (not UTF-8)")
    except BadAnchor as problem:
        return Stored(line, problem=str(problem))


def _open() -> BinaryIO | None:
    try:
        return anchor_path().open("rb")
    except FileNotFoundError:
        return None
    except OSError as problem:
        raise AnchorStoreError(f"the anchor file {anchor_path()} cannot be read: {problem}") from None


def stored_anchors() -> Iterator[Stored]:
    """Every line of the anchor file, in order, read one at a time."""
    handle = _open()
    if handle is None:
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield _read(number, raw)


def last_anchor() -> Stored | None:
    """The anchor file's last line, read from its end."""
    handle = _open()
    if handle is None:
        return None
    with handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read()
    lines = [line for line in tail.split(b"\n") if line.strip()]
    if not lines:
        return None
    if len(lines) == 1 and size > _TAIL_BYTES:
        return Stored(None, problem="it is not an anchor (too long)")
    return _read(None, lines[-1])


@dataclass
class Report:
    """How the chain in the database compares with the anchors."""

    anchors_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.problems


def _removed(anchor: Anchor, head: int | None) -> tuple[int, str]:
    """Anchored event `anchor.event` is gone: the first event of the gap it is in, and
    what to report."""
    before = AuditEvent.objects.filter(id__lt=anchor.event).aggregate(last=Max("id"))["last"]
    first = before + 1 if before is not None else 1
    removed = f"events {first}..{anchor.event} removed"
    if head is None or anchor.event > head:
        ends = f"the log now ends at event {head}" if head is not None else "the log is now empty"
        return first, f"truncated: {removed} ({ends}; event {anchor.event} was anchored at {anchor.at})"
    return first, f"{removed}: event {anchor.event}, anchored at {anchor.at}, is no longer in the log"


def check_anchors(anchors: Iterable[Stored]) -> Report:
    """Compare the chain in the database with `anchors`: each must be genuine, and the
    event it anchors must still be there with the hash it had."""
    report = Report()
    head: int | None = AuditEvent.objects.aggregate(last=Max("id"))["last"]
    untrusted: list[str] = []  # the first few lines that are not anchors
    untrusted_count = 0
    lowest_missing: Anchor | None = None  # anchored events that are gone
    highest_missing: Anchor | None = None
    altered: Anchor | None = None  # the lowest anchored event whose hash changed
    last_matching: int | None = None

    def compare(batch: list[Anchor]) -> None:
        nonlocal altered, last_matching, lowest_missing, highest_missing
        hashes = dict(
            AuditEvent.objects.filter(id__in={anchor.event for anchor in batch}).values_list("id", "hash")
        )
        for anchor in batch:
            stored = hashes.get(anchor.event)
            if stored is None:
                if lowest_missing is None or anchor.event < lowest_missing.event:
                    lowest_missing = anchor
                if highest_missing is None or anchor.event > highest_missing.event:
                    highest_missing = anchor
            elif stored != anchor.hash:
                if altered is None or anchor.event < altered.event:
                    altered = anchor
            elif last_matching is None or anchor.event > last_matching:
                last_matching = anchor.event
        report.anchors_checked += len(batch)

    batch: list[Anchor] = []
    for stored in anchors:
        if stored.anchor is None:
            untrusted_count += 1
            if len(untrusted) < _PROBLEMS_LISTED:
                untrusted.append(f"{stored.where()} of {anchor_path()}: {stored.problem}")
            continue
        batch.append(stored.anchor)
        if len(batch) == _BATCH:
            compare(batch)
            batch = []
    if batch:
        compare(batch)

    if highest_missing is not None and lowest_missing is not None:
        gap, problem = _removed(highest_missing, head)
        report.problems.append(problem)
        if lowest_missing.event < gap:  # another gap, further back
            report.problems.append(_removed(lowest_missing, head)[1])
    if altered is not None:
        problem = (
            f"re-hashed or altered at or before event {altered.event}: its hash is not the one "
            f"anchored at {altered.at}"
        )
        if last_matching is not None and last_matching < altered.event:
            problem += f" (event {last_matching} still has its anchored hash, so the change is after it)"
        report.problems.append(problem)
    report.problems.extend(untrusted)
    if untrusted_count > len(untrusted):
        report.problems.append(f"and {untrusted_count - len(untrusted)} more lines that cannot be trusted")
    return report
