"""Links to records by UUID. Long tables link every row, so each URL name is reversed
once and the UUID put into the result, rather than reversing per row."""

from __future__ import annotations

import functools
import uuid

from django.urls import reverse


@functools.cache
def _around_uuid(name: str) -> tuple[str, str]:
    marker = uuid.UUID(int=0)
    before, after = reverse(name, kwargs={"uuid": marker}).split(str(marker))
    return before, after


def uuid_url(name: str, value: uuid.UUID) -> str:
    before, after = _around_uuid(name)
    return f"{before}{value}{after}"
