"""Submitted text cleaned in one place, before any view, form or filter reads it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from lib import crypto
from lib.text import clean, has_control

logger = logging.getLogger(__name__)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def cleaned(data: QueryDict) -> QueryDict:
    """`data` with control characters taken out of every name and value (lib.text); the
    same object when there are none, which is nearly always."""
    if not any(has_control(name) or any(map(has_control, values)) for name, values in data.lists()):
        return data
    result = QueryDict(mutable=True)
    for name, values in data.lists():
        result.setlist(clean(name), [clean(value) for value in values])
    result._mutable = False
    return result


class CleanTextMiddleware:
    """Control characters pasted from Word (a vertical tab, \\x01) or typed into an
    address (NUL, which PostgreSQL refuses) never reach a form, a filter or the database:
    every query parameter and every field of a submitted form is cleaned here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The stubs type these as immutable; the cleaned copies are made immutable too.
        request.GET = cleaned(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = cleaned(request.POST)  # type: ignore[assignment]
        return self.get_response(request)


class SealedValueMiddleware:
    """A personal value that cannot be opened (its key destroyed or not configured, or the
    stored token damaged) answers with a page that says so, never a server error: the
    rest of the service keeps working, and the log says which record and why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, crypto.KeyUnavailable):
            return None
        logger.error("A sealed value could not be opened on %s: %s", request.path, exception)
        return render(request, "govuk/cannot_open.html", status=503)
