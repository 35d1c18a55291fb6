from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SEEN = "seen"
# How stale the expiry may get. Sessions still end after SESSION_IDLE_MINUTES without
# activity, give or take this much.
RESOLUTION_SECONDS = 60


class SessionActivityMiddleware:
    """Push a session's expiry forward as its user is active. Saving the session on
    every request would write to the database on every page view; this writes at most
    once a minute per session. Sits just inside SessionMiddleware, which saves it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.session_key:
            now = int(time.time())
            if now - session.get(SEEN, 0) >= RESOLUTION_SECONDS:
                session[SEEN] = now
        return response
