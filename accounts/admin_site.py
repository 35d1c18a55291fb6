"""The Django admin is for system administrators only. Anyone else gets 404, and
administrators sign in through the service's own sign-in with two-factor. No admin page
shows a second-factor key: django_otp's own device admins, which show each device's key
and QR code, are taken off the site, and a person's second factor is reset from their
page in the user admin (accounts/admin.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.models import Device

from accounts.access import is_verified, two_factor_redirect


def _administrator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


def _verified(request: HttpRequest) -> bool:
    return is_verified(request) or (settings.DEMO and getattr(request.user, "is_demo_account", False))


def hide_second_factor_devices(site: AdminSite) -> None:
    """Unregister every django_otp device admin (TOTP, static tokens, e-mail, HOTP: each
    shows the device's key or its tokens, and its config page the otpauth URI)."""
    for model in [model for model in site._registry if issubclass(model, Device)]:
        site.unregister(model)


def restrict_admin_to_system_administrators(site: AdminSite) -> None:
    # Done at start-up too (accounts/apps.py); again here for any other site.
    hide_second_factor_devices(site)

    def has_permission(request: HttpRequest) -> bool:
        return _administrator(request) and _verified(request)

    def login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if not request.user.is_authenticated:
            target = request.GET.get("next") or reverse("admin:index")
            return redirect(reverse("accounts:sign_in") + "?" + urlencode({"next": target}))
        if not _administrator(request):
            raise Http404
        return two_factor_redirect(request)

    admin_view = site.admin_view

    def administrators_only(
        view: Callable[..., HttpResponse], cacheable: bool = False
    ) -> Callable[..., HttpResponse]:
        wrapped = admin_view(view, cacheable)

        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not _administrator(request):
                raise Http404
            return wrapped(request, *args, **kwargs)

        return update_wrapper(gated, view)

    site.admin_view = administrators_only  # type: ignore[method-assign,assignment]
    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login = login  # type: ignore[method-assign]
    site.site_header = "Prevent Hub administration"
    site.site_title = "Prevent Hub administration"
