"""Pages for the person's details, transfers, retention and subject access.
(Being written: every view below is to be implemented.)"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


person_edit = transfer_create = transfer_list = transfer_detail = transfer_accept = _todo
transfer_decline = retention_queue = retention_detail = retention_extend = retention_hold = _todo
retention_delete = subject_access = channel_settings = _todo
