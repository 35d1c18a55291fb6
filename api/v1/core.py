"""What every endpoint shares: bearer-key authentication with the database-held rate limit,
the scope check (a key without the endpoint's scope gets 404, as a role without the page
does), refusals as 422, the errors every operation declares, and bounded paging."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Annotated, Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.security import HttpBearer
from pydantic import AfterValidator

from accounts.access import Viewer
from api import actions
from api.access import Caller, caller_for
from lib.text import clean


class RowProblem(Schema):
    row: int = Field(description="The row's position in what was sent, from 1 (0: the whole of it).")
    problem: str


class Problem(Schema):
    """Why a call was not answered: a sentence, or for a body that does not validate, the
    list of what is wrong where; for completions, each row's problem."""

    detail: str | list[dict[str, Any]]
    field: str | None = None
    problems: list[RowProblem] | None = None
    problem_count: int | None = None


ERRORS: dict[int, type[Schema]] = {400: Problem, 401: Problem, 404: Problem, 422: Problem, 429: Problem}
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000


def responses(ok: type[Any], status: int = 200) -> dict[int, type[Any]]:
    return {status: ok, **ERRORS}


def _clean(value: str) -> str:
    return clean(value).strip()


# Text sent to the API: control characters taken out, as CleanTextMiddleware does for forms.
Text = Annotated[str, AfterValidator(_clean)]


class KeyAuth(HttpBearer):
    """`Authorization: Bearer ph_...`: the key's call, counted against its rate limit."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        caller = caller_for(token)
        if caller is None:
            return None
        request._api_caller = caller  # type: ignore[attr-defined]
        calls, left = actions.count_call(key=caller.key)
        if calls > actions.rate_limit():
            raise Throttled(wait=math.ceil(left))
        return caller


def acting(request: HttpRequest, scope: str) -> Viewer:
    """The viewer this call acts as, for the endpoint's scope; 404 without it."""
    caller: Caller = request.auth  # type: ignore[attr-defined]
    if not caller.allows(scope):
        raise Http404
    return caller.viewer(scope)


def refused_problem(message: str, field: str | None = None) -> dict[str, Any]:
    return {"detail": message, "field": field}


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Which page, from 1.")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"Items a page, at most {MAX_PAGE_SIZE}.")


T = TypeVar("T")


def page_of(
    queryset: QuerySet[Any], paging: Paging, shape: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    total = queryset.count()
    start = (paging.page - 1) * paging.page_size
    items: Iterable[Any] = queryset[start : start + paging.page_size] if start < total else []
    return {
        "items": [shape(item) for item in items],
        "page": paging.page,
        "page_size": paging.page_size,
        "total": total,
        "next_page": paging.page + 1 if start + paging.page_size < total else None,
    }


__all__ = [
    "ERRORS",
    "AuthenticationError",
    "HttpError",
    "KeyAuth",
    "Paging",
    "Problem",
    "Text",
    "acting",
    "page_of",
    "refused_problem",
    "responses",
]
