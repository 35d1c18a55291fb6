"""Logs: one JSON object a line on standard output in production, readable lines in
development (see LOGGING in config/settings.py), each carrying the request's id.

The id comes from the proxy's X-Request-ID header when it sent a sensible one, so a line
in the proxy's log, gunicorn's access log (deploy/gunicorn.conf.py) and the application's
log can be matched; otherwise one is made. It is sent back in the response's X-Request-ID.
Nothing personal is logged here: no query strings (searches carry names), no bodies."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Request-ID"
_SENSIBLE = re.compile(r"[A-Za-z0-9._:-]{8,100}")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Give each request an id, for every log line written while it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        given = request.headers.get(HEADER, "")
        request_id = given if _SENSIBLE.fullmatch(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: the worker, commands), and
    cuts the request Django attaches to its error records down to its method and path: its
    text would carry the query string, and the JSON formatter writes every attribute."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            record.request = f"{request.method} {request.path}"
        return True
