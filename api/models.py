"""API keys, the compact record of every call, and the rate-limit counters.

A key belongs to one partnership and is made for one integration. Its secret is shown once,
when it is made; only its prefix (to find it) and the SHA-256 of the whole token are kept.
Each key has a service user of its own (inactive, no password, no membership), so that the
audit events of the writes it makes name it as their actor and records that need an author
(a progress update, a referral) can have one; `created_by` records the coordinator who made
the key."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from accounts.models import Partnership


class ApiKey(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Name of the integration", max_length=100)
    scopes = models.JSONField(default=list)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "-created_at"], name="apikey_partnership")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ApiCall(models.Model):
    """One call to the API: which key (none when the key was missing or wrong), the method,
    the path, the answer's status, and when. No body, no query string: nothing a caller
    sends is kept here. Writes are also in the audit chain, through their actions."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, null=True, blank=True, related_name="calls")
    at = models.DateTimeField()
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["key", "-at"], name="apicall_key_recent")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class RateWindow(models.Model):
    """How many calls a key has made in one fixed window (a minute): one row per key and
    window, counted up in the database so that every app server shares the count."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    window_start = models.DateTimeField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="ratewindow_unique")]

    def __str__(self) -> str:
        return f"{self.key_id} {self.window_start}: {self.calls}"
