from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.access import viewer_for


def viewer(request: HttpRequest) -> dict[str, Any]:
    """Who is signed in and in which partnership, for the header of every page."""
    if getattr(request, "user", None) and request.user.is_authenticated:
        return {"viewer": viewer_for(request)}
    return {}
