"""Channel statistics: each partnership's disclosure rules, the regions a regional adviser
reads, and the stored protected releases (worked out again when the figures move)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from accounts.models import Partnership


class DisclosureRules(models.Model):
    """A partnership's disclosure rules (performance.disclosure.Rules), set by its
    coordinator. A partnership without a row uses the defaults."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    threshold = models.PositiveSmallIntegerField(default=5)
    round_to = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Disclosure rules of {self.partnership}"


class Region(models.Model):
    """Partnerships whose figures are published together, for the regional advisers
    appointed to read them (as aggregates only)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120, unique=True)
    partnerships = models.ManyToManyField(Partnership, related_name="regions")
    readers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="regions_read", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StoredRelease(models.Model):
    """A protected release as last worked out for a scope (the partnerships protected
    together, named in `scope`) and a financial year, stored in parts: one for each
    partnership and region of the scope (`part` is its key prefix, empty for a partnership
    alone), each with its tables and its published cells' values as shown (None where
    suppressed), so that a page reads only its own. `version` is the figures' version the
    release was worked out from, the same in every part."""

    scope = models.CharField(max_length=200)
    financial_year = models.PositiveSmallIntegerField()
    part = models.CharField(max_length=40, blank=True, default="")
    version = models.CharField(max_length=200)
    cells = models.JSONField()
    worked_out_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "financial_year", "part"], name="stored_release_part_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Protected release {self.scope} {self.financial_year}"
