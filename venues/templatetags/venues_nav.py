"""{% venues_sections %}: the sub-navigation between the parts of venue checks."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from venues import sections

register = template.Library()


@register.inclusion_tag("venues/_sections.html", takes_context=True)
def venues_sections(context: dict[str, Any]) -> dict[str, Any]:
    viewer = context.get("viewer")
    request = context.get("request")
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    items = [
        {
            "label": section.label,
            "url": reverse(f"venues:{section.url_name}"),
            "current": section.url_name == current,
        }
        for section in (sections.visible(viewer) if viewer is not None else [])
    ]
    return {"items": items}
