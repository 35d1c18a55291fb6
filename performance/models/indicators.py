"""Indicators: what a partnership measures its Prevent work by (a measure source, a period,
a target and RAG rules), the stored summary of their values by period, and the mark that
says the summary is behind the records (performance/summaries.py)."""

from __future__ import annotations

import uuid

from django.db import models

from accounts.models import Partnership

NAME_LENGTH = 200
DESCRIPTION_LENGTH = 2000


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Financial year"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Indicator(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=NAME_LENGTH)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=60, help_text="The measure source's code, such as cases.referrals_received."
    )
    params = models.JSONField(default=dict, blank=True)
    period = models.CharField(max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    target = models.DecimalField(max_digits=12, decimal_places=1)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    amber_margin = models.DecimalField(
        max_digits=12, decimal_places=1, default=0, help_text="How far short of the target is still amber."
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name", "id"]
        indexes = [models.Index(fields=["partnership", "active", "order"], name="indicator_partnership")]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """An indicator's figure for one period, as last computed. The current period is
    counted to the day it was computed (`period_end` is the period's own last day)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=1, null=True, blank=True)
    numerator = models.IntegerField(null=True, blank=True)
    denominator = models.IntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="indicator_value_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} from {self.period_start}"


class StaleFigures(models.Model):
    """The partnership's indicator values are behind its records: written in the same
    transaction as any audited write of the partnership, cleared by the task that
    recomputes them."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Figures of {self.partnership_id} stale since {self.marked_at}"
