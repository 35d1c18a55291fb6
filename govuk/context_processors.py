from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    """Whether the demo is on, for the banner every page shows while it is."""
    return {"demo": settings.DEMO}
