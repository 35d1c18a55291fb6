"""Who the signed-in user is acting as, and the one gate every partnership page
passes through. Records a user may not see answer 404, never 403: their existence
is not disclosed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django_otp import devices_for_user

from accounts.backends import loaded_memberships, memberships_of
from accounts.models import Partnership, Role, User

# These roles handle case data, so they must have signed in with a second factor.
TWO_FACTOR_ROLES = frozenset({Role.COORDINATOR, Role.CHAIR, Role.POLICE})

SESSION_PARTNERSHIP = "partnership"


@dataclass(frozen=True)
class Viewer:
    """A user acting in one partnership, with the roles they hold there."""

    user: User
    partnership: Partnership
    roles: frozenset[str]
    partnerships: tuple[Partnership, ...] = field(default=())

    def has_any(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def needs_two_factor(self, *, always: bool = False) -> bool:
        """Whether this viewer must have signed in with a second factor: always for case
        pages, otherwise for the roles that can reach case data."""
        if settings.DEMO and self.user.is_demo_account:
            return False
        return always or self.has_any(*TWO_FACTOR_ROLES)

    def role_labels(self) -> list[str]:
        return [Role(role).label for role in sorted(self.roles)]


def viewer_for(request: HttpRequest) -> Viewer | None:
    """The signed-in user in their current partnership; None for someone who belongs to
    no partnership (such as a system administrator)."""
    if getattr(request, "_viewer_resolved", False):
        return request._viewer  # type: ignore[attr-defined]
    user = request.user
    assert isinstance(user, User)
    memberships = loaded_memberships(user)
    if memberships is None:  # a user not loaded by MembershipBackend, as at sign-in
        memberships = list(memberships_of(user.pk))
    partnerships: dict[str, Partnership] = {}
    for membership in memberships:
        partnerships.setdefault(str(membership.partnership.uuid), membership.partnership)
    chosen = request.session.get(SESSION_PARTNERSHIP)
    if chosen not in partnerships:
        chosen = next(iter(partnerships), None)
        if chosen is not None:
            request.session[SESSION_PARTNERSHIP] = chosen
    partnership = partnerships.get(chosen) if chosen else None
    viewer = None
    if partnership is not None:
        roles = frozenset(m.role for m in memberships if m.partnership_id == partnership.pk)
        viewer = Viewer(user, partnership, roles, tuple(partnerships.values()))
    request._viewer = viewer  # type: ignore[attr-defined]
    request._viewer_resolved = True  # type: ignore[attr-defined]
    return viewer


def has_authenticator(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def two_factor_redirect(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    target = "accounts:two_factor_verify" if has_authenticator(user) else "accounts:two_factor_setup"
    return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))


def is_verified(request: HttpRequest) -> bool:
    verified: Callable[[], bool] | None = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def partnership_view(
    *roles: str, two_factor: bool = False
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Gate a view to signed-in users holding one of `roles` in their current
    partnership. Anyone else gets 404. Users whose roles need two-factor, or everyone
    when `two_factor` (case pages), are sent to set it up or enter a code first."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def gated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            viewer = viewer_for(request)
            if viewer is None or (roles and not viewer.has_any(*roles)):
                raise Http404
            if viewer.needs_two_factor(always=two_factor) and not is_verified(request):
                return two_factor_redirect(request)
            response = view(request, viewer, *args, **kwargs)
            # What a partnership's staff read is theirs alone: no browser or proxy keeps a
            # copy (a download sets its own header, which is kept).
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            return response

        gated.partnership_roles = roles  # type: ignore[attr-defined]
        return gated

    return decorator
