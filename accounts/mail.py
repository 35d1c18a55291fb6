"""The e-mails people get about their account: an invitation with a link to set a
password, a link to reset a forgotten one, and word of a change someone else made (roles,
access ended, second factor reset, password changed). Each is sent once the change has
committed (`transaction.on_commit` in accounts.actions), so a failure to send never undoes
the change; it is logged instead, and the coordinator can send an invitation again.

Links are built on SITE_URL, never on the request's Host header, which a visitor chooses."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse

from accounts.models import Partnership, User

logger = logging.getLogger(__name__)

SIGN_OFF = "\nPrevent Hub\n"


def set_password_link(user: User) -> str:
    """A link that lets whoever opens it set the user's password, once, for
    PASSWORD_LINK_HOURS (Django's token: made from the password hash, the last sign-in and
    the e-mail address, so setting a password or signing in spends it)."""
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:set_password", kwargs={"uid": user.uuid, "token": token})


def _hours() -> str:
    hours = settings.PASSWORD_LINK_HOURS
    return f"{hours} hour{'s' if hours != 1 else ''}"


def _sign_in() -> str:
    return settings.SITE_URL + reverse("accounts:sign_in")


def _send(user: User, subject: str, lines: list[str]) -> bool:
    try:
        send_mail(f"Prevent Hub: {subject}", "\n".join(lines) + "\n" + SIGN_OFF, None, [user.email])
    # The change has committed: a refused address or the relay down must not turn the
    # coordinator's page into an error.
    except Exception:
        logger.exception("The %r e-mail could not be sent to user %s", subject, user.pk)
        return False
    return True


def _roles(roles: list[str]) -> list[str]:
    return [f"- {role}" for role in roles]


def send_invitation(user_id: int, partnership_id: int, by: str, roles: list[str]) -> bool:
    user = User.objects.get(pk=user_id)
    partnership = Partnership.objects.get(pk=partnership_id)
    return _send(
        user,
        f"you are invited to {partnership.name}",
        [
            f"Dear {user.full_name},",
            "",
            f"{by} has invited you to work in {partnership.name} in Prevent Hub, with these roles:",
            *_roles(roles),
            "",
            "Set your password to start:",
            set_password_link(user),
            "",
            f"The link works once, for {_hours()}. If it has expired, use 'Forgotten your password?' "
            f"on the sign-in page ({_sign_in()}), or ask {by} to send a new invitation.",
            "",
            "If you were not expecting this, you can ignore this e-mail.",
        ],
    )


def send_added(user_id: int, partnership_id: int, by: str, roles: list[str]) -> bool:
    user = User.objects.get(pk=user_id)
    partnership = Partnership.objects.get(pk=partnership_id)
    return _send(
        user,
        f"you have been added to {partnership.name}",
        [
            f"Dear {user.full_name},",
            "",
            f"{by} has added you to {partnership.name} in Prevent Hub, with these roles:",
            *_roles(roles),
            "",
            f"Sign in as usual, with your password: {_sign_in()}",
            "Choose the partnership you work in from the link at the top of each page.",
        ],
    )


def send_roles_changed(user_id: int, partnership_id: int, by: str, roles: list[str]) -> bool:
    user = User.objects.get(pk=user_id)
    partnership = Partnership.objects.get(pk=partnership_id)
    return _send(
        user,
        f"your roles in {partnership.name} have changed",
        [
            f"Dear {user.full_name},",
            "",
            f"{by} has changed your roles in {partnership.name}. You now have these roles:",
            *_roles(roles),
            "",
            f"They apply from your next page in Prevent Hub: {_sign_in()}",
        ],
    )


def send_deactivated(user_id: int, partnership_name: str, account_closed: bool) -> bool:
    user = User.objects.get(pk=user_id)
    closing = (
        ["Your Prevent Hub account is now closed: you cannot sign in."]
        if account_closed
        else ["You can still sign in to work in the other partnerships you belong to."]
    )
    return _send(
        user,
        f"your access to {partnership_name} has ended",
        [
            f"Dear {user.full_name},",
            "",
            f"A coordinator of {partnership_name} has ended your access to its work in Prevent Hub.",
            *closing,
            "",
            f"If you think this is a mistake, contact the Prevent coordinator of {partnership_name}.",
        ],
    )


def send_two_factor_reset(user_id: int, by: str) -> bool:
    user = User.objects.get(pk=user_id)
    return _send(
        user,
        "your two-factor authentication was reset",
        [
            f"Dear {user.full_name},",
            "",
            f"{by} has reset your two-factor authentication. The next time you sign in you will "
            "set up an authenticator app again.",
            "",
            f"If you did not ask for this, tell {by} or your Prevent coordinator straight away.",
        ],
    )


def send_password_changed(user_id: int) -> bool:
    user = User.objects.get(pk=user_id)
    return _send(
        user,
        "your password was changed",
        [
            f"Dear {user.full_name},",
            "",
            "The password of your Prevent Hub account has just been changed through a link e-mailed to you.",
            "",
            "If this was not you, reset your password now with 'Forgotten your password?' on the "
            f"sign-in page ({_sign_in()}) and tell your Prevent coordinator.",
        ],
    )


def send_password_reset(user: User) -> bool:
    return _send(
        user,
        "reset your password",
        [
            f"Dear {user.full_name},",
            "",
            "Someone, probably you, asked to reset the password of your Prevent Hub account. "
            "Choose a new password here:",
            set_password_link(user),
            "",
            f"The link works once, for {_hours()}. If you did not ask for this, you can ignore this "
            "e-mail: your password has not changed.",
        ],
    )
