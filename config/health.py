"""/healthz, for load balancers and uptime checks: whether this instance can serve,
judged by one round trip to the database. No sign-in, no session, no redirect, nothing
about what the service holds: 200 "ok" or 503 "unavailable", never cached.

Production settings turn on SECURE_SSL_REDIRECT; a probe over plain HTTP reaches this view
only while the path is listed in SECURE_REDIRECT_EXEMPT (as `^healthz$`). Like every
request, the probe must carry a Host header in ALLOWED_HOSTS."""

from __future__ import annotations

import logging

from django.db import Error, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _answer(word: str, status: int) -> HttpResponse:
    response = HttpResponse(f"{word}\n", content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as problem:
        # The reason goes to the operator's log, never to whoever asked.
        logger.warning("Health check: the database did not answer (%s: %s)", type(problem).__name__, problem)
        return _answer("unavailable", 503)
    return _answer("ok", 200)
