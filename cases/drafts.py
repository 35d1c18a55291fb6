"""A referral being written, kept between the form's pages in the session. It holds
sensitive text, so it is encrypted with its own data key, wrapped by the master key
like any other and bound to the person writing it. A draft lasts REFERRAL_DRAFT_DAYS
from when it was started (PREVENTHUB_REFERRAL_DRAFT_DAYS, 30 by default): after that it
is cleared the next time it is loaded."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from lib import crypto

SESSION_KEY = "referral_draft"
_CONTEXT = "cases.referral-draft"


def _row(request: HttpRequest) -> str:
    return f"{_CONTEXT}:{request.user.pk}"


def _started(sealed: Any) -> str | None:
    """When the draft in the session was started, if it is still within its days."""
    try:
        written: str = sealed["started"]
        started = dt.datetime.fromisoformat(written)
    except (KeyError, TypeError, ValueError):
        return None
    if started.tzinfo is None or timezone.now() - started > dt.timedelta(days=settings.REFERRAL_DRAFT_DAYS):
        return None
    return written


def load(request: HttpRequest) -> dict[str, Any]:
    """The draft, or an empty one when there is none, it has expired or it does not
    open; a draft that is expired or does not open is cleared."""
    sealed = request.session.get(SESSION_KEY)
    if not sealed:
        return {}
    started = _started(sealed)
    if started is None:
        clear(request)
        return {}
    try:
        data_key = crypto.unwrap(
            settings.FIELD_MASTER_KEYS, sealed["key_id"], sealed["wrapped"], row=_row(request)
        )
        # The start is bound to the value, so it cannot be moved on without the key.
        return dict(json.loads(crypto.decrypt(data_key, sealed["token"], context=f"{_CONTEXT}:{started}")))
    except (crypto.KeyUnavailable, KeyError, TypeError, ValueError):
        clear(request)
        return {}


def save(request: HttpRequest, draft: dict[str, Any]) -> None:
    """Keep `draft`, under a new data key; it keeps the start of the draft it continues."""
    started = _started(request.session.get(SESSION_KEY)) or timezone.now().isoformat()
    data_key = crypto.generate_data_key()
    key_id, wrapped = crypto.wrap(settings.FIELD_MASTER_KEYS, data_key, row=_row(request))
    token = crypto.encrypt(data_key, json.dumps(draft, default=str), context=f"{_CONTEXT}:{started}")
    request.session[SESSION_KEY] = {"key_id": key_id, "wrapped": wrapped, "token": token, "started": started}


def clear(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
