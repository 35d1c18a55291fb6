"""The write path for accounts: people, partnerships, roles and two-factor devices."""

from __future__ import annotations

from django.db import transaction
from django_otp import devices_for_user

from accounts.models import Membership, Partnership, Role, SealedTOTPDevice, User
from audit.log import changes_between, created, record, record_outside_action


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
def reset_two_factor(*, actor: User, user: User) -> bool:
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
        partnership=None,
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
