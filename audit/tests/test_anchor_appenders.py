"""Several app servers share one anchor store (docs/deployment.md): anchors appended by
several processes at once each land whole, on a line of their own, and all verify."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from audit.anchors import ANCHOR_FILE, stored_anchors, write_anchor

WRITERS = 4
EACH = 25


def _append(writer: int) -> None:
    for number in range(EACH):
        write_anchor(writer * 1000 + number, f"{writer:02x}" * 32)


def test_anchors_appended_by_several_processes_at_once_are_all_whole(anchor_dir: Path) -> None:
    write_anchor(1, "00" * 32, start=True)
    forked = multiprocessing.get_context("fork")
    writers = [forked.Process(target=_append, args=(writer,)) for writer in range(1, WRITERS + 1)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=60)
        assert process.exitcode == 0
    stored = list(stored_anchors())
    assert all(line.anchor is not None for line in stored), [line.problem for line in stored if line.problem]
    assert len((anchor_dir / ANCHOR_FILE).read_text().splitlines()) == 1 + WRITERS * EACH
    events = sorted(line.anchor.event for line in stored if line.anchor)
    assert events == sorted([1, *(w * 1000 + n for w in range(1, WRITERS + 1) for n in range(EACH))])
