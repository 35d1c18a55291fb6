from __future__ import annotations

import logging
import os
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from lib import crypto

logger = logging.getLogger(__name__)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Prevent coordinator"
    CHAIR = "chair", "Channel panel chair"
    POLICE = "police", "Police Prevent officer"
    PANEL_MEMBER = "panel_member", "Panel member"
    PROVIDER = "provider", "Intervention provider"
    REFERRER = "referrer", "Referrer"
    ACTION_OWNER = "action_owner", "Action owner"
    STEERING = "steering", "Steering group member"
    FUNDER = "funder", "Funder or regional adviser"
    # An organisation's Prevent lead or designated safeguarding lead; which organisations
    # they lead is recorded by the partners app (partners.models.PartnerLead).
    PARTNER_LEAD = "partner_lead", "Partner lead"
    # Enters the quarterly figures of the commissioned projects they deliver; which projects
    # is recorded by the projects app.
    PROJECT_PROVIDER = "project_provider", "Project provider"
    # Records venue-hire and speaker due-diligence checks; sees those and nothing of cases.
    VENUE_OFFICER = "venue_officer", "Venue officer"
    # Reads only the aggregate statistics of the regions they are appointed to
    # (performance.models.Region), after disclosure control; nothing of one partnership.
    REGIONAL = "regional", "Regional adviser"


# The roles a partnership's coordinator may give (accounts.actions.invite_person). A regional
# adviser reads several partnerships' figures and is appointed by a system administrator.
GRANTABLE_ROLES = tuple(role for role in Role if role != Role.REGIONAL)


# The months after exit from which each post-exit review may be recorded: at most its due
# month, and the twelve-month review's window opens after the six-month review is due.
POST_EXIT_6_OPENS = (1, 6)
POST_EXIT_12_OPENS = (7, 12)


class Partnership(models.Model):
    """A local Prevent partnership: the tenant every record belongs to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    code = models.CharField(
        max_length=6, unique=True, help_text="Short code used in human references, like TH."
    )
    gateway_target_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="Working days (England and Wales) within which the police gateway assessment "
        "of a referral should be made. Local policy: no statutory figure exists.",
    )
    support_review_weeks = models.PositiveSmallIntegerField(
        default=12,
        help_text="Weeks between panel reviews of a case receiving support. Local policy: the "
        "guidance asks for regular review without fixing an interval.",
    )
    # When each post-exit review may first be recorded, in months after the exit. Reviews
    # fall due 6 and 12 months after exit; a review recorded much earlier would not be one.
    post_exit_6_opens_months = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(POST_EXIT_6_OPENS[0]), MaxValueValidator(POST_EXIT_6_OPENS[1])],
        help_text="Months after exit from which the six-month review may be recorded. Local policy.",
    )
    post_exit_12_opens_months = models.PositiveSmallIntegerField(
        default=11,
        validators=[MinValueValidator(POST_EXIT_12_OPENS[0]), MaxValueValidator(POST_EXIT_12_OPENS[1])],
        help_text="Months after exit from which the twelve-month review may be recorded. Local policy.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


# The type checker cannot follow the relation to SealedTOTPDevice, whose user field and
# manager come from django_otp's untyped Device.
class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="System administrators reach the Django admin.")
    is_demo_account = models.BooleanField(
        default=False,
        help_text="Demo accounts skip two-factor sign-in while the demo setting is on, "
        "and cannot sign in at all when it is off.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Membership(models.Model):
    """One role a user holds in one partnership. A person with several roles has
    several memberships."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.CharField(max_length=200, blank=True, help_text="The organisation the person represents.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership", "role"], name="membership_unique_role")
        ]
        indexes = [models.Index(fields=["partnership", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.partnership}"


# A new authenticator's seed: 160 bits, as RFC 4226 recommends and TOTPDevice generates.
SEED_BYTES = 20


def seed_context(user_id: int, device_uuid: uuid.UUID | str) -> str:
    """What a sealed seed is bound to: its account and its own device row, so a sealed seed
    copied to another person's device, or to another device row, does not open."""
    return f"accounts.totp:{user_id}:{device_uuid}"


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP) whose seed is kept encrypted at rest.

    Why a model of its own rather than django_otp's TOTPDevice or a proxy of it:
    TOTPDevice keeps the seed as hex in `key` (80 characters at most, checked by a hex
    validator), too short for a sealed seed and the wrong shape for it; and a proxy would
    not be a device of its own to django_otp, whose `device_classes()` skips proxies, so
    every row would still be loaded as a plain TOTPDevice, which reads `key` as hex. (A
    multi-table subclass would keep `key` in TOTPDevice's table.) So this is a concrete
    device built on django_otp's own abstract pieces (Device, ThrottlingMixin,
    TimestampMixin): `devices_for_user`, `match_token`, `Device.from_persistent_id` and the
    OTP middleware find it like any other device.

    The seed is sealed with the current field master key (`lib.crypto.seal_secret`), bound
    to the user and to this row's `uuid` (`seed_context`); `bin_key` opens it. Verification,
    throttling, drift and the otpauth:// URL are TOTPDevice's own methods, borrowed
    unchanged (they read only `bin_key` and the fields declared here, which have
    TOTPDevice's names and defaults), so no TOTP logic is written again here; this is why
    django_otp.plugins.otp_totp stays installed, its own table left empty by migration
    accounts 0004. A seed that
    cannot be opened (its master key gone, the sealed text damaged or moved) makes
    `verify_token` fail and log, never raise. `accounts.two_factor_seeds.reseal_all`
    reseals seeds after the master key is rotated."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sealed_seed = models.TextField(
        editable=False,
        help_text="The seed, encrypted with a field master key: `key id$token`.",
    )
    step = models.PositiveSmallIntegerField(default=30, help_text="The time step in seconds.")
    t0 = models.BigIntegerField(default=0, help_text="The Unix time at which to begin counting steps.")
    digits = models.PositiveSmallIntegerField(
        choices=[(6, 6), (8, 8)], default=6, help_text="The number of digits to expect in a token."
    )
    tolerance = models.PositiveSmallIntegerField(
        default=1, help_text="The number of time steps in the past or future to allow."
    )
    drift = models.SmallIntegerField(
        default=0, help_text="The number of time steps the prover is known to deviate from our clock."
    )
    last_t = models.BigIntegerField(
        default=-1,
        help_text="The t value of the latest verified token. The next token must be at a higher time step.",
    )

    class Meta(Device.Meta):
        verbose_name = "authenticator app"

    # django_otp's TOTP logic, unchanged.
    _verify_with_seed = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new device gets a new seed, as TOTPDevice's `key` has a random default; an
        # existing device never gets one behind its owner's back.
        if self._state.adding and not self.sealed_seed:
            self.seal_seed(os.urandom(SEED_BYTES))
        super().save(*args, **kwargs)

    def seal_seed(self, seed: bytes) -> None:
        """Seal `seed` with the current master key (the row still has to be saved)."""
        assert self.user_id is not None, "a seed is bound to its user: set the user first"
        self.sealed_seed = crypto.seal_secret(
            settings.FIELD_MASTER_KEYS, seed, context=seed_context(self.user_id, self.uuid)
        )

    @property
    def bin_key(self) -> bytes:
        """The seed, opened; raises crypto.KeyUnavailable when it cannot be."""
        return crypto.open_secret(
            settings.FIELD_MASTER_KEYS, self.sealed_seed, context=seed_context(self.user_id, self.uuid)
        )

    def seed_opens(self) -> bool:
        try:
            self.bin_key  # noqa: B018
        except crypto.KeyUnavailable as problem:
            self.report_unopenable(problem)
            return False
        return True

    def report_unopenable(self, problem: crypto.KeyUnavailable) -> None:
        logger.error(
            "The seed of second-factor device %s (user %s) cannot be opened: %s",
            self.pk,
            self.user_id,
            problem,
        )

    @property
    def sealed_by_key_id(self) -> str:
        return crypto.sealed_secret_key_id(self.sealed_seed)

    def verify_token(self, token: Any) -> bool:
        try:
            return bool(self._verify_with_seed(token))
        except crypto.KeyUnavailable as problem:
            # TOTPDevice.verify_token opens the seed before it changes anything, so nothing
            # has been saved: the code is simply not accepted.
            self.report_unopenable(problem)
            return False
