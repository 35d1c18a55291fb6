"""Several app servers share one anchor store (docs/deployment.md): anchors appended by
several processes at once each land whole, on a line of their own, and all verify."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from audit.anchors import ANCHOR_FILE, stored_anchors, write_anchor

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
EACH = 25

# One writer: Django set up as a command would be, then EACH anchors appended.
PROGRAM = """
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from audit.anchors import write_anchor
for number in range({each}):
    write_anchor({writer} * 1000 + number, "{writer:02x}" * 32)
"""


def test_anchors_appended_by_several_processes_at_once_are_all_whole(
    anchor_dir: Path, tmp_path: Path
) -> None:
    write_anchor(1, "00" * 32, start=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREVENTHUB_", "DJANGO_"))}
    env |= {
        "PREVENTHUB_ENVIRONMENT": "development",
        "PREVENTHUB_VAR_DIR": str(tmp_path / "var"),
        "PREVENTHUB_AUDIT_ANCHOR_DIR": str(anchor_dir),
    }
    env.pop("DATABASE_URL", None)
    # Each writer is a process of its own, as on separate servers, all started at once.
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", PROGRAM.format(each=EACH, writer=writer)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for writer in range(1, WRITERS + 1)
    ]
    for process in writers:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors.decode()
    stored = list(stored_anchors())
    assert all(line.anchor is not None for line in stored), [line.problem for line in stored if line.problem]
    assert len((anchor_dir / ANCHOR_FILE).read_text().splitlines()) == 1 + WRITERS * EACH
    events = sorted(line.anchor.event for line in stored if line.anchor)
    assert events == sorted([1, *(w * 1000 + n for w in range(1, WRITERS + 1) for n in range(EACH))])
