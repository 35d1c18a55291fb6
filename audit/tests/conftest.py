"""The audit tests keep their anchors in a folder of each test's own, never in var/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def anchor_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "audit-anchors"
    with override_settings(AUDIT_ANCHOR_DIR=folder):
        yield folder
