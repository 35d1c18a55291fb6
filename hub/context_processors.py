"""The service navigation on every page: the entries the capabilities declare
(hub.collect) that the viewer may open, the current section marked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from accounts.access import viewer_for
from hub.collect import contributions


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    viewer = viewer_for(request)
    if viewer is None:
        return {}
    match = request.resolver_match
    page = f"{match.namespace}:{match.url_name}" if match and match.url_name else ""
    entries = [entry for entry in contributions().navigation if entry.shown_to(viewer)]
    best = max((entry.match(page) for entry in entries), default=-1)
    current = next((entry for entry in entries if best >= 0 and entry.match(page) == best), None)
    items = [("Home", reverse("home"), page == ":home")]
    items += [(entry.label, reverse(entry.url_name), entry is current) for entry in entries]
    return {"navigation": [{"text": text, "href": href, "active": active} for text, href, active in items]}
