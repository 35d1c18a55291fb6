from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


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


class User(AbstractBaseUser, PermissionsMixin):
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
