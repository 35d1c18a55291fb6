from __future__ import annotations

import base64
import time
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login

from accounts import actions
from accounts.access import (
    SESSION_PARTNERSHIP,
    Viewer,
    has_authenticator,
    is_verified,
    partnership_view,
    viewer_for,
)
from accounts.forms import CodeForm, PartnershipChoiceForm, SignInForm
from accounts.models import Partnership, SealedTOTPDevice, User
from govuk.pages import Done, form_page, posted

PENDING = "pending_sign_in"
PENDING_SECONDS = 300


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _code_error(user: User) -> str:
    for device in devices_for_user(user, confirmed=None):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            seconds = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
            return (
                f"You entered a wrong code. Wait {seconds} second{'s' if seconds != 1 else ''}, "
                "then enter the code your app shows"
            )
    return "The code is not correct. Enter the code your app shows now"


def _partnership(request: HttpRequest) -> Partnership | None:
    viewer = viewer_for(request)
    return viewer.partnership if viewer else None


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        user = authenticate(request, email=email, password=password)
        if getattr(request, "axes_locked_out", False):
            # AxesMiddleware replaces this response with the lockout page.
            return HttpResponse(status=429)
        if (
            not settings.DEMO
            and user is not None
            and (user.is_demo_account or password == settings.DEMO_PASSWORD)
        ):
            actions.record_failed_sign_in(email=email, reason="demo account outside the demo")
            form.add_error(
                None,
                "This is a demo account or the published demo password, and the demo is "
                "switched off. Ask your system administrator for an account.",
            )
        elif user is None:
            actions.record_failed_sign_in(email=email, reason="wrong email or password")
            form.add_error(None, "Enter a correct email address and password")
        elif has_authenticator(user):
            request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": _next_url(request),
            }
            return redirect("accounts:sign_in_code")
        else:
            login(request, user)
            actions.record_sign_in(user=user, partnership=_partnership(request), two_factor=False)
            return redirect(_next_url(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)})


def sign_in_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, "Your sign-in timed out. Sign in again.")
        return redirect("accounts:sign_in")
    user = User.objects.get(pk=pending["user"])
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is None:
            actions.record_failed_sign_in(email=user.email, reason="wrong two-factor code")
            form.add_error("code", _code_error(user))
        else:
            del request.session[PENDING]
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            actions.record_sign_in(user=user, partnership=_partnership(request), two_factor=True)
            return redirect(pending["next"])
    return render(request, "accounts/sign_in_code.html", {"form": form})


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    email = (request.POST.get("email") or "").strip().lower()
    actions.record_failed_sign_in(email=email, reason="locked out")
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": settings.LOCKOUT_MINUTES},
        status=429,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        actions.record_sign_out(user=request.user, partnership=_partnership(request))
    logout(request)
    return redirect("accounts:signed_out")


def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


def _qr_svg(device: SealedTOTPDevice) -> SafeString:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    # Drawn by qrcode from the device's own key: no user input reaches it.
    return mark_safe(  # noqa: S308
        svg.replace(
            "<svg ", '<svg role="img" aria-label="QR code for your authenticator app" class="app-qr" ', 1
        )
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: the key and its QR code are shown only for an unconfirmed device. Someone
    who already has an authenticator app is never shown a key again, nor given a new one
    here: they enter a code, or ask a system administrator to reset their second factor."""
    user = request.user
    assert isinstance(user, User)
    if has_authenticator(user):
        if not is_verified(request):
            verify = reverse("accounts:two_factor_verify")
            if "next" in request.GET or "next" in request.POST:
                verify += "?" + urlencode({"next": _next_url(request)})
            return redirect(verify)
        return render(request, "accounts/two_factor_done.html")
    device = actions.start_two_factor_enrolment(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.confirm_two_factor_device(user=user, device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, "Two-factor authentication is set up")
            return redirect(_next_url(request))
        form.add_error("code", _code_error(user))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not has_authenticator(user):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", _code_error(user))
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@partnership_view()
def partnership_switch(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        request.session[SESSION_PARTNERSHIP] = data["partnership"]
        request._viewer_resolved = False  # type: ignore[attr-defined]
        chosen = viewer_for(request)
        assert chosen is not None
        actions.record_partnership_switch(user=viewer.user, partnership=chosen.partnership)
        return Done(reverse("home"), f"You are now working in {chosen.partnership}")

    return form_page(
        request,
        PartnershipChoiceForm(
            posted(request),
            partnerships=viewer.partnerships,
            initial={"partnership": str(viewer.partnership.uuid) if viewer.partnership else None},
        ),
        save=save,
        template="accounts/partnership_switch.html",
    )
