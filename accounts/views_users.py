"""The Users pages of a partnership, for its Prevent coordinators: who is in it, inviting
someone, changing their roles, ending their access and resetting their second factor. And
the pages anyone reaches by e-mail: asking for a password reset, and setting a password
from a link (docs/users.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts import actions, people
from accounts.access import Viewer, partnership_view
from accounts.forms import InviteForm, NewPasswordForm, PasswordResetRequestForm, RolesForm
from accounts.models import Role, User
from govuk.pages import Done, button, form_page, posted

MANAGERS = (Role.COORDINATOR,)


def _hours() -> dict[str, int]:
    return {"link_hours": settings.PASSWORD_LINK_HOURS}


def _person_url(member: people.Member) -> str:
    return reverse("accounts:user_detail", kwargs={"uuid": member.user.uuid})


@partnership_view(*MANAGERS)
def user_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    return render(request, "accounts/users/list.html", {"members": people.members(viewer)})


@partnership_view(*MANAGERS)
def user_invite(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        invited = actions.invite_person(
            viewer=viewer,
            email=data["email"],
            full_name=data["full_name"],
            roles=data["roles"],
            agency=data["agency"],
        )
        if invited.outcome == "added":
            said = f"{invited.user.full_name} has been added to {viewer.partnership.name} and told by email"
        else:
            said = f"{invited.user.full_name} has been invited: we have emailed them a link to set a password"
        return Done(reverse("accounts:user_detail", kwargs={"uuid": invited.user.uuid}), said)

    return form_page(
        request,
        InviteForm(posted(request)),
        save=save,
        template="accounts/users/invite.html",
        context=_hours(),
    )


@partnership_view(*MANAGERS)
def user_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    member = people.get_member(viewer, uuid)
    return render(
        request,
        "accounts/users/detail.html",
        {"member": member, "is_self": member.user.pk == viewer.user.pk},
    )


@partnership_view(*MANAGERS)
def user_roles(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    member = people.get_member(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        if actions.change_roles(viewer=viewer, user=member.user, roles=data["roles"]):
            return Done(_person_url(member), f"{member.user.full_name}'s roles have been changed")
        return Done(_person_url(member), f"{member.user.full_name}'s roles are unchanged")

    form = RolesForm(posted(request), initial={"roles": sorted(member.role_values)})
    return form_page(
        request, form, save=save, template="accounts/users/roles.html", context={"member": member}
    )


def _confirm(
    request: HttpRequest, member: people.Member, template: str, press: Callable[[], Done]
) -> HttpResponse:
    """A page that asks to confirm, and its button: GET shows it, POST acts."""
    if request.method == "POST":
        return button(request, press=press, back=request.path)
    return render(request, template, {"member": member})


@partnership_view(*MANAGERS)
def user_deactivate(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    member = people.get_member(viewer, uuid)

    def press() -> Done:
        done = actions.deactivate_in_partnership(viewer=viewer, user=member.user)
        closed = " Their account is closed." if done.account_closed else ""
        return Done(
            reverse("accounts:user_list"),
            f"{member.user.full_name} no longer has access to {viewer.partnership.name}.{closed}",
        )

    return _confirm(request, member, "accounts/users/deactivate.html", press)


@partnership_view(*MANAGERS)
def user_two_factor_reset(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    member = people.get_member(viewer, uuid)

    def press() -> Done:
        actions.reset_member_two_factor(viewer=viewer, user=member.user)
        return Done(
            _person_url(member),
            f"{member.user.full_name}'s two-factor authentication has been reset. They will set up "
            "an authenticator app again when they next sign in",
        )

    return _confirm(request, member, "accounts/users/two_factor_reset.html", press)


@partnership_view(*MANAGERS)
def user_invitation_resend(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    member = people.get_member(viewer, uuid)

    def press() -> Done:
        actions.resend_invitation(viewer=viewer, user=member.user)
        return Done(
            _person_url(member), f"We have emailed {member.user.full_name} a new link to set their password"
        )

    return button(request, press=press, back=_person_url(member))


# Forgotten passwords and set-password links: no sign-in needed.


def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        actions.request_password_reset(email=form.cleaned_data["email"])
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset.html", {"form": form})


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html", _hours())


# The token moves from the link into the session, and the page it was in is left at once,
# so the token is not in the address while the person types (nor in the browser's history
# of the page, nor sent on in a Referer header), as Django's own reset view does.
LINK_SESSION = "set_password_link"
FROM_SESSION = "set"


def _linked_user(uid: str) -> User | None:
    try:
        key = UUID(uid)
    except ValueError:
        return None
    return User.objects.filter(uuid=key, is_active=True).first()


def _valid(user: User | None, token: str) -> bool:
    return user is not None and 0 < len(token) <= 100 and default_token_generator.check_token(user, token)


def set_password(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    user = _linked_user(uid)
    if token != FROM_SESSION:
        if not _valid(user, token):
            return render(request, "accounts/link_not_valid.html", _hours())
        request.session[LINK_SESSION] = {"user": uid, "token": token}
        return redirect("accounts:set_password", uid=uid, token=FROM_SESSION)
    held = request.session.get(LINK_SESSION) or {}
    if user is None or held.get("user") != uid or not _valid(user, str(held.get("token", ""))):
        return render(request, "accounts/link_not_valid.html", _hours())
    form = NewPasswordForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        actions.set_password_from_link(user=user, password=form.cleaned_data["password"])
        request.session.pop(LINK_SESSION, None)
        messages.success(request, "Your password has been set. Sign in with it now")
        return redirect("accounts:sign_in")
    return render(request, "accounts/set_password.html", {"form": form, "person": user})
