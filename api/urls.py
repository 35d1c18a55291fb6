from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path

from api import actions, views
from api.v1.routes import api

app_name = "api"


def _recorded(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Every call to the API leaves its compact record (api.models.ApiCall)."""

    @wraps(view)
    def recorded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        caller = getattr(request, "_api_caller", None)
        actions.note_call(
            key=caller.key if caller is not None else None,
            method=request.method or "",
            path=request.path,
            status=response.status_code,
        )
        return response

    return recorded


def _v1() -> tuple[list[Any], str, str]:
    patterns, app, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in ("openapi-json", "api-root"):
            pattern.callback = _recorded(pattern.callback)
    return patterns, app, namespace


urlpatterns = [
    path("keys/", views.key_list, name="key_list"),
    path("keys/new/", views.key_create, name="key_create"),
    path("keys/<uuid:uuid>/revoke/", views.key_revoke, name="key_revoke"),
    path("docs/", views.documentation, name="documentation"),
    path("v1/", _v1()),
]
