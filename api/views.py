"""The coordinator's API key pages (list with last use, make a key and see it once, revoke),
and the API's documentation page, written from the OpenAPI schema the API serves."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.access import Viewer, partnership_view
from api import actions, scopes
from api.access import KEY_MANAGERS, get_key, keys
from api.docs import operations
from api.forms import KeyForm
from govuk.pages import Done, button, posted, show_refusal
from lib.errors import Refused

MAX_LISTED = 200


@partnership_view(*KEY_MANAGERS)
def key_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    listed = list(keys(viewer).select_related("created_by")[:MAX_LISTED])
    rows = [(key, scopes.labels(key.scopes)) for key in listed]
    return render(request, "api/key_list.html", {"rows": rows})


@partnership_view(*KEY_MANAGERS)
def key_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """On success the page shows the key itself, once: it is not stored, so the answer is
    not a redirect but the page itself (201 Created), and (as on every partnership page) no
    browser keeps a copy."""
    form = KeyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.make_key(
                viewer=viewer, name=form.cleaned_data["name"], scopes_chosen=form.cleaned_data["scopes"]
            )
        except Refused as refused:
            show_refusal(form, refused)
        else:
            return render(
                request,
                "api/key_made.html",
                {"key": made.key, "token": made.token, "scopes": scopes.labels(made.key.scopes)},
                status=201,
            )
    return render(request, "api/key_form.html", {"form": form})


@partnership_view(*KEY_MANAGERS)
def key_revoke(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    key = get_key(viewer, uuid)

    def press() -> Done:
        actions.revoke_key(viewer=viewer, key=key)
        return Done(reverse("api:key_list"), f"Key for {key.name} revoked")

    return button(request, press=press, back=reverse("api:key_list"))


def documentation(request: HttpRequest) -> HttpResponse:
    """Open to anyone, like the schema it is written from: it describes the API, and holds
    nothing of any partnership."""
    context: dict[str, Any] = {
        "operations": operations(),
        "scopes": scopes.SCOPES,
        "schema_url": reverse("api:v1:openapi-json"),
    }
    return render(request, "api/documentation.html", context)
