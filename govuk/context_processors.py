from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from accounts.access import viewer_for
from accounts.models import Role
from cases.access import CASE_TEAM
from plans.access import PLAN_READERS


def service(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"demo": settings.DEMO}
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return context
    viewer = viewer_for(request)
    if viewer is None:
        return context
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    url_name = (request.resolver_match.url_name if request.resolver_match else "") or ""
    items = [("Home", reverse("home"), namespace == "" and url_name == "home")]
    in_cases = namespace == "cases"
    if viewer.has_any(*CASE_TEAM):
        items.append(("Cases", reverse("cases:case_list"), in_cases and "meeting" not in url_name))
        items.append(("Panels", reverse("cases:meeting_list"), in_cases and "meeting" in url_name))
    elif viewer.has_any(Role.PANEL_MEMBER):
        items.append(("Panel meetings", reverse("cases:meeting_list"), in_cases))
    if viewer.has_any(Role.REFERRER):
        items.append(
            ("Make a referral", reverse("cases:refer_start"), in_cases and url_name.startswith("refer"))
        )
        items.append(
            ("Your referrals", reverse("cases:my_referrals"), in_cases and url_name == "my_referrals")
        )
    if viewer.has_any(*PLAN_READERS):
        items.append(("Delivery plans", reverse("plans:strategy_list"), namespace == "plans"))
    if viewer.has_any(Role.COORDINATOR):
        items.append(("Audit log", reverse("audit:event_list"), namespace == "audit"))
    context["viewer"] = viewer
    context["navigation"] = [{"text": text, "href": href, "active": active} for text, href, active in items]
    return context
