from __future__ import annotations

from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models

from accounts.models import Partnership


class AuditEvent(models.Model):
    """One entry in the append-only, hash-chained log. The database refuses UPDATE and
    DELETE on this table (see migration 0002)."""

    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=80)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["partnership", "-id"], name="audit_partnership_recent"),
            models.Index(fields=["object_id", "-id"], name="audit_object_recent"),
            models.Index(fields=["actor", "-id"], name="audit_actor_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb} {self.object_label}"

    def chain_payload(self) -> dict[str, Any]:
        return {
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(),
            "actor": self.actor_id,
            "partnership": self.partnership_id,
            "verb": self.verb,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "changes": self.changes,
        }
