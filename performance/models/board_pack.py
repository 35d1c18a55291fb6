"""The board pack: each PDF produced for a safeguarding board or scrutiny committee, with
its version, as it was sent (performance/board_pack.py assembles it)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from accounts.models import Partnership

AUDIENCE_LENGTH = 200


class Marking(models.TextChoices):
    """Government Security Classifications: the pack holds only protected figures, so
    OFFICIAL is the default; the coordinator may mark it OFFICIAL-SENSITIVE."""

    OFFICIAL = "official", "OFFICIAL"
    SENSITIVE = "official-sensitive", "OFFICIAL-SENSITIVE"


class BoardPack(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    audience = models.CharField(
        max_length=AUDIENCE_LENGTH, help_text="The board or committee the pack is for."
    )
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.OFFICIAL)
    # The quarter the pack reports on (its first day); figures are as at its last day.
    period_start = models.DateField()
    period_end = models.DateField()
    # 1, 2, ... for the partnership's packs on the same quarter.
    version = models.PositiveIntegerField()
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    produced_at = models.DateTimeField()
    # The pack as sent, and the HTML it was drawn from (enough to draw it again).
    pdf = models.BinaryField()
    html = models.TextField()
    size = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period_start", "version"], name="board_pack_unique_version"
            )
        ]
        indexes = [models.Index(fields=["partnership", "-produced_at"], name="board_pack_recent")]

    def __str__(self) -> str:
        return f"{self.title}, version {self.version}"
