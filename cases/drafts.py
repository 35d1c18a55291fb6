"""A referral being written, kept between the form's pages in the session. It holds
sensitive text, so it is encrypted with its own data key, wrapped by the master key
like any other."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from lib import crypto

SESSION_KEY = "referral_draft"
_CONTEXT = "cases.referral-draft"


def load(request: HttpRequest) -> dict[str, Any]:
    sealed = request.session.get(SESSION_KEY)
    if not sealed:
        return {}
    try:
        data_key = crypto.unwrap(settings.FIELD_MASTER_KEYS, sealed["key_id"], sealed["wrapped"])
        return dict(json.loads(crypto.decrypt(data_key, sealed["token"], context=_CONTEXT)))
    except (crypto.KeyUnavailable, KeyError, ValueError):
        return {}


def save(request: HttpRequest, draft: dict[str, Any]) -> None:
    data_key = crypto.generate_data_key()
    key_id, wrapped = crypto.wrap(settings.FIELD_MASTER_KEYS, data_key)
    token = crypto.encrypt(data_key, json.dumps(draft, default=str), context=_CONTEXT)
    request.session[SESSION_KEY] = {"key_id": key_id, "wrapped": wrapped, "token": token}


def clear(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
