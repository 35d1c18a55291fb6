"""The write path for accounts: people, partnerships, roles and two-factor devices."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.db import transaction
from django_otp import devices_for_user

from accounts import mail
from accounts.access import Viewer
from accounts.models import GRANTABLE_ROLES, Membership, Partnership, Role, SealedTOTPDevice, User
from accounts.tasks import send_password_reset
from audit.log import changes_between, created, record, record_outside_action
from lib.errors import Refused


@transaction.atomic
def create_partnership(*, actor: User | None, name: str, slug: str, code: str) -> Partnership:
    partnership = Partnership.objects.create(name=name, slug=slug, code=code)
    record(
        verb="accounts.partnership.created",
        actor=actor,
        partnership=partnership,
        target=partnership,
        changes=created({"name": name, "slug": slug, "code": code}),
    )
    return partnership


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    job_title: str = "",
    password: str | None = None,
    password_hash: str | None = None,
    is_demo_account: bool = False,
    is_system_administrator: bool = False,
) -> User:
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        job_title=job_title,
        is_demo_account=is_demo_account,
        is_staff=is_system_administrator,
        is_superuser=is_system_administrator,
    )
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    record(
        verb="accounts.user.created",
        actor=actor,
        partnership=None,
        target=user,
        label=user.email,
        changes=created(
            {
                "email": user.email,
                "full_name": full_name,
                "job_title": job_title,
                "is_system_administrator": is_system_administrator,
            }
        ),
    )
    return user


@transaction.atomic
def grant_role(
    *, actor: User | None, user: User, partnership: Partnership, role: Role, agency: str = ""
) -> Membership:
    membership, made = Membership.objects.get_or_create(
        user=user, partnership=partnership, role=role, defaults={"agency": agency}
    )
    if made:
        record(
            verb="accounts.role.granted",
            actor=actor,
            partnership=partnership,
            target=user,
            label=user.email,
            changes={"role": {"from": None, "to": role.value}},
        )
    return membership


@transaction.atomic
def revoke_role(*, actor: User | None, membership: Membership) -> None:
    record(
        verb="accounts.role.revoked",
        actor=actor,
        partnership=membership.partnership,
        target=membership.user,
        label=membership.user.email,
        changes={"role": {"from": membership.role, "to": None}},
    )
    membership.delete()


@transaction.atomic
def start_two_factor_enrolment(*, user: User) -> SealedTOTPDevice:
    """An unconfirmed authenticator for the user to scan; reused until confirmed, unless
    its seed can no longer be opened (its master key removed meanwhile): then a new one."""
    device = SealedTOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is not None and not device.seed_opens():
        device.delete()
        device = None
    if device is None:
        device = SealedTOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        record(
            verb="accounts.two_factor.enrolment_started",
            actor=user,
            partnership=None,
            target=user,
            label=user.email,
        )
    return device


@transaction.atomic
def confirm_two_factor_device(*, user: User, device: SealedTOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    SealedTOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    record(
        verb="accounts.two_factor.enrolled",
        actor=user,
        partnership=None,
        target=user,
        label=user.email,
        changes=changes_between({"two_factor": False}, {"two_factor": True}),
    )
    return True


@transaction.atomic
def reset_two_factor(*, actor: User, user: User, partnership: Partnership | None = None) -> bool:
    """Remove every second-factor device the user has, confirmed or half-enrolled, so that
    they set up an authenticator app again when they next sign in; a session verified with
    a removed device no longer counts as two-factor. The event says only that the second
    factor was reset, never anything about the key. False, recording nothing, when the
    user had no device."""
    user = User.objects.select_for_update().get(pk=user.pk)
    devices = list(devices_for_user(user, confirmed=None))
    if not devices:
        return False
    had_authenticator = any(device.confirmed for device in devices)
    for device in devices:
        device.delete()
    record(
        verb="accounts.user.two_factor_reset",
        actor=actor,
        partnership=partnership,
        target=user,
        label=user.email,
        changes={"two_factor": {"from": had_authenticator, "to": False}},
    )
    return True


def record_sign_in(*, user: User, partnership: Partnership | None, two_factor: bool) -> None:
    record_outside_action(
        verb="accounts.session.signed_in",
        actor=user,
        partnership=partnership,
        target=user,
        label=user.email,
        changes={"two_factor": {"from": None, "to": two_factor}},
    )


def record_sign_out(*, user: User, partnership: Partnership | None) -> None:
    record_outside_action(
        verb="accounts.session.signed_out",
        actor=user,
        partnership=partnership,
        target=user,
        label=user.email,
    )


def record_partnership_switch(*, user: User, partnership: Partnership) -> None:
    record_outside_action(
        verb="accounts.session.partnership_changed",
        actor=user,
        partnership=partnership,
        target=user,
        label=user.email,
    )


def record_failed_sign_in(*, email: str, reason: str) -> None:
    record_outside_action(
        verb="accounts.session.sign_in_refused",
        actor=None,
        partnership=None,
        label=email[:300],
        changes={"reason": {"from": None, "to": reason}},
    )


# Managing the people of a partnership: its coordinators invite people, give and take
# away roles, deactivate them and reset their second factor (docs/users.md). Each action
# locks the partnership's row and checks again, under the lock, that the viewer is still
# one of its active coordinators; no coordinator may take their own coordinator role away
# or deactivate themselves. So every change is made by a coordinator who remains one
# afterwards: a partnership never loses its last coordinator this way, even when two
# coordinators remove each other at the same moment. The person is e-mailed once the
# change has committed.


def _require_coordinator(viewer: Viewer) -> Partnership:
    """The viewer's partnership, locked, once the viewer is found still to be one of its
    coordinators: read again under the lock, as another coordinator may have just taken
    the role away."""
    partnership = Partnership.objects.select_for_update().get(pk=viewer.partnership.pk)
    still = Membership.objects.filter(
        user=viewer.user, user__is_active=True, partnership=partnership, role=Role.COORDINATOR
    ).exists()
    if not (viewer.has_any(Role.COORDINATOR) and still):
        raise Refused("Only a Prevent coordinator of this partnership can manage its users.")
    return partnership


def _member(partnership: Partnership, user: User) -> User:
    """The person, locked, if they are in the partnership; refused otherwise (the views
    answer 404 before this, through accounts.people.get_member)."""
    found = User.objects.select_for_update().filter(pk=user.pk, memberships__partnership=partnership).first()
    if found is None:
        raise Refused("This person is not in your partnership.")
    return found


def _roles_here(user: User, partnership: Partnership) -> dict[str, Membership]:
    return {m.role: m for m in Membership.objects.filter(user=user, partnership=partnership)}


def _grantable(roles: Iterable[str]) -> list[Role]:
    chosen = sorted(set(roles))
    if not chosen:
        raise Refused("Select at least one role", field="roles")
    if any(role not in GRANTABLE_ROLES for role in chosen):
        raise Refused("Select roles from the list", field="roles")
    return [Role(role) for role in chosen]


def _labels(roles: Iterable[str]) -> list[str]:
    return [Role(role).label for role in sorted(roles)]


@dataclass(frozen=True)
class Invited:
    user: User
    # "created": a new account, sent a set-password link; "link": an account whose
    # password was never set, sent a new link; "added": someone who already has a
    # password (in another partnership), told they were added.
    outcome: str


@transaction.atomic
def invite_person(
    *, viewer: Viewer, email: str, full_name: str, roles: Iterable[str], agency: str = ""
) -> Invited:
    """Add a person to the viewer's partnership with `roles`, creating their account if
    there is none. A new account has no password: the e-mail carries a link to set one. A
    person who already has a password (they work in another partnership) keeps it, and
    keeps the name they have: one partnership does not rename another's people."""
    partnership = _require_coordinator(viewer)
    chosen = _grantable(roles)
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email=email).first()
    if user is None:
        user = create_user(actor=viewer.user, email=email, full_name=full_name.strip(), password=None)
        outcome = "created"
    else:
        if Membership.objects.filter(user=user, partnership=partnership).exists():
            raise Refused(
                f"{email} is already in {partnership.name}. Change their roles from their page.",
                field="email",
            )
        if not user.is_active:
            if user.memberships.exists() or user.is_staff or user.is_superuser:
                raise Refused(
                    "This account has been switched off by a system administrator. Ask them "
                    "to switch it back on.",
                    field="email",
                )
            # An account closed when it left its last partnership opens again, but only
            # with a new password chosen through the link sent to its address.
            user.is_active = True
            user.set_unusable_password()
            user.save(update_fields=["is_active", "password"])
            record(
                verb="accounts.user.reactivated",
                actor=viewer.user,
                partnership=partnership,
                target=user,
                label=user.email,
                changes={"is_active": {"from": False, "to": True}},
            )
        outcome = "added" if user.has_usable_password() else "link"
    for role in chosen:
        grant_role(actor=viewer.user, user=user, partnership=partnership, role=role, agency=agency.strip())
    record(
        verb="accounts.user.invited",
        actor=viewer.user,
        partnership=partnership,
        target=user,
        label=user.email,
        changes={
            "roles": {"from": None, "to": [role.value for role in chosen]},
            "sent": {"from": None, "to": outcome},
        },
    )
    invited, by, roles_text = user.pk, viewer.user.full_name, _labels(chosen)
    if outcome == "added":
        transaction.on_commit(lambda: mail.send_added(invited, partnership.pk, by, roles_text))
    else:
        transaction.on_commit(lambda: mail.send_invitation(invited, partnership.pk, by, roles_text))
    return Invited(user, outcome)


@transaction.atomic
def resend_invitation(*, viewer: Viewer, user: User) -> None:
    """A new set-password link for someone in the partnership who has not set a password
    yet (their first link expired, or the e-mail went astray)."""
    partnership = _require_coordinator(viewer)
    user = _member(partnership, user)
    if user.has_usable_password() or not user.is_active:
        raise Refused(
            f"{user.full_name} has already set a password. They can reset it from the sign-in page."
        )
    record(
        verb="accounts.user.invitation_sent",
        actor=viewer.user,
        partnership=partnership,
        target=user,
        label=user.email,
    )
    invited, by, roles_text = user.pk, viewer.user.full_name, _labels(_roles_here(user, partnership))
    transaction.on_commit(lambda: mail.send_invitation(invited, partnership.pk, by, roles_text))


@transaction.atomic
def change_roles(*, viewer: Viewer, user: User, roles: Iterable[str]) -> bool:
    """Give and take away roles in the viewer's partnership so the person holds `roles`
    (and any role only a system administrator gives, which is left as it is). Refused when
    it would take the viewer's own coordinator role away (so the partnership keeps one).
    False, changing nothing, when the roles are already those."""
    partnership = _require_coordinator(viewer)
    user = _member(partnership, user)
    wanted = set(_grantable(roles))
    held = _roles_here(user, partnership)
    adding = wanted - set(held)
    removing = {role for role in held if role in GRANTABLE_ROLES and role not in wanted}
    if Role.COORDINATOR in removing and user.pk == viewer.user.pk:
        raise Refused(
            "You cannot remove your own coordinator role. Ask another coordinator to do it.", field="roles"
        )
    if not adding and not removing:
        return False
    agency = next((m.agency for m in held.values() if m.agency), "")
    for role in sorted(removing):
        revoke_role(actor=viewer.user, membership=held[role])
    for role in sorted(adding):
        grant_role(actor=viewer.user, user=user, partnership=partnership, role=Role(role), agency=agency)
    changed, by, now = user.pk, viewer.user.full_name, _labels(wanted | (set(held) - removing))
    transaction.on_commit(lambda: mail.send_roles_changed(changed, partnership.pk, by, now))
    return True


@dataclass(frozen=True)
class Deactivated:
    user: User
    # Whether the account was switched off: it was in no other partnership.
    account_closed: bool


@transaction.atomic
def deactivate_in_partnership(*, viewer: Viewer, user: User) -> Deactivated:
    """End the person's access to the viewer's partnership: every role they hold here goes.
    Their account is switched off only when they are left in no partnership (and are not a
    system administrator): a coordinator never ends someone's work in another partnership,
    whose coordinators decide about it."""
    partnership = _require_coordinator(viewer)
    user = _member(partnership, user)
    if user.pk == viewer.user.pk:
        raise Refused("You cannot deactivate your own account. Ask another coordinator to do it.")
    held = _roles_here(user, partnership)
    Membership.objects.filter(user=user, partnership=partnership).delete()
    elsewhere = Membership.objects.filter(user=user).exists()
    closed = not elsewhere and not user.is_staff and not user.is_superuser
    if closed:
        user.is_active = False
        user.save(update_fields=["is_active"])
    record(
        verb="accounts.user.deactivated",
        actor=viewer.user,
        partnership=partnership,
        target=user,
        label=user.email,
        changes={
            "roles": {"from": sorted(held), "to": []},
            "is_active": {"from": True, "to": not closed},
        },
    )
    ended, name = user.pk, partnership.name
    transaction.on_commit(lambda: mail.send_deactivated(ended, name, closed))
    return Deactivated(user, closed)


@transaction.atomic
def reset_member_two_factor(*, viewer: Viewer, user: User) -> None:
    """A coordinator resets the second factor of someone in their partnership who lost or
    changed their phone. Not their own (another coordinator or a system administrator
    does that), and not a system administrator's, which only another administrator resets."""
    partnership = _require_coordinator(viewer)
    user = _member(partnership, user)
    if user.pk == viewer.user.pk:
        raise Refused("You cannot reset your own two-factor authentication. Ask another coordinator.")
    if user.is_staff or user.is_superuser:
        raise Refused("A system administrator's two-factor authentication is reset by another administrator.")
    if not reset_two_factor(actor=viewer.user, user=user, partnership=partnership):
        raise Refused(f"{user.full_name} has no authenticator app to reset.")
    person, by = user.pk, viewer.user.full_name
    transaction.on_commit(lambda: mail.send_two_factor_reset(person, by))


def request_password_reset(*, email: str) -> None:
    """Someone asked for a link to set a new password. The same work is done whatever the
    address: the request is recorded and the e-mail queued for the task worker, which
    looks the address up (accounts.tasks.send_password_reset). So the answer, and the time
    it takes, say nothing about whether an account uses the address."""
    email = email.strip().lower()[:254]
    record_outside_action(
        verb="accounts.password.reset_requested",
        actor=None,
        partnership=None,
        label=email[:300],
    )
    send_password_reset.enqueue(email)


@transaction.atomic
def set_password_from_link(*, user: User, password: str) -> None:
    """The person followed a set-password link (an invitation or a reset) and chose a
    password. The link stops working, as the password it was made from has changed. Failed
    sign-ins that locked the account are cleared: whoever chose the password has shown
    they read the account's e-mail. A password that replaced another is confirmed by e-mail."""
    user = User.objects.select_for_update().get(pk=user.pk)
    had_password = user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    AccessAttempt.objects.filter(username__iexact=user.email).delete()
    record(
        verb="accounts.password.set",
        actor=user,
        partnership=None,
        target=user,
        label=user.email,
        changes={"password": {"from": "set" if had_password else None, "to": "changed"}},
    )
    if had_password:
        person = user.pk
        transaction.on_commit(lambda: mail.send_password_changed(person))
