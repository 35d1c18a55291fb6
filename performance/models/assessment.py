"""The Prevent duty self-assessment: a versioned framework of benchmarks under headings
(loaded as data, performance/assessment_framework.py), and each partnership's assessment
of a financial year against one framework version: every benchmark rated by a person
(never computed), with commentary and evidence naming records elsewhere in the product.
Completing an assessment stores `snapshot`, what it said then; a completed assessment is
read from its snapshot only, so later edits of the evidence records do not change it.
A benchmark whose wording no source gives (`partnership_to_edit`) may be worded by each
partnership its own way (`BenchmarkWording`), read by its assessments in progress."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.models import Partnership

__all__ = [
    "Assessment",
    "AssessmentStatus",
    "Benchmark",
    "BenchmarkEvidence",
    "BenchmarkFramework",
    "BenchmarkHeading",
    "BenchmarkRating",
    "BenchmarkWording",
    "EvidenceKind",
]

COMMENTARY_LENGTH = 5000
# "What good looks like" in a partnership's own wording of a benchmark.
GOOD_LENGTH = 2000


class BenchmarkFramework(models.Model):
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    published_on = models.DateField()
    source = models.CharField(max_length=300, blank=True)
    # [{"code", "label", "shortfall"}], from worst to best.
    ratings = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="performance_benchmark_framework_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, version {self.version}"

    def rating_label(self, code: str) -> str:
        return next((r["label"] for r in self.ratings if r["code"] == code), "")

    def rank(self, code: str) -> int | None:
        return next((i for i, r in enumerate(self.ratings) if r["code"] == code), None)

    def is_shortfall(self, code: str) -> bool:
        return any(r["code"] == code and r["shortfall"] for r in self.ratings)


class BenchmarkHeading(models.Model):
    framework = models.ForeignKey(BenchmarkFramework, on_delete=models.PROTECT, related_name="headings")
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="performance_benchmark_heading_code")
        ]

    def __str__(self) -> str:
        return self.title


class Benchmark(models.Model):
    heading = models.ForeignKey(BenchmarkHeading, on_delete=models.PROTECT, related_name="benchmarks")
    # Stable from one framework version to the next, so that years can be compared.
    code = models.CharField(max_length=60)
    statement = models.CharField(max_length=300)
    good = models.TextField("What good looks like")
    source = models.CharField(max_length=300, blank=True)
    partnership_to_edit = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["heading__position", "position"]
        constraints = [models.UniqueConstraint(fields=["heading", "code"], name="performance_benchmark_code")]

    def __str__(self) -> str:
        return self.statement


class BenchmarkWording(models.Model):
    """A partnership's own wording of a benchmark marked `partnership_to_edit`, shown by
    its assessments in progress in place of the framework's; a completed assessment keeps
    the wording its snapshot stored. Removing it goes back to the framework's wording."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="+")
    statement = models.CharField(max_length=300)
    good = models.TextField("What good looks like", max_length=GOOD_LENGTH)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "benchmark"], name="performance_benchmark_wording_once"
            )
        ]

    def __str__(self) -> str:
        return self.statement


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class Assessment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(BenchmarkFramework, on_delete=models.PROTECT, related_name="+")
    # The financial year starting in April of `year`.
    year = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS
    )
    snapshot = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="performance_assessment_year")
        ]

    def __str__(self) -> str:
        return f"Prevent duty self-assessment {self.year_label}"

    def get_absolute_url(self) -> str:
        return reverse("performance:assessment_detail", kwargs={"uuid": self.uuid})

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def locked(self) -> bool:
        return self.status == AssessmentStatus.COMPLETED


def year_label(year: int) -> str:
    return f"{year} to {year + 1}"


class BenchmarkRating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=40, blank=True)
    commentary = models.TextField(blank=True, max_length=COMMENTARY_LENGTH)
    # The plan action created for a shortfall (performance.assessment_actions.create_shortfall_action).
    plan_action = models.ForeignKey(
        "plans.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "benchmark"], name="performance_rating_benchmark")
        ]

    def __str__(self) -> str:
        return f"{self.benchmark.code}: {self.rating or 'not rated'}"


class EvidenceKind(models.TextChoices):
    PLAN_ACTION = "plan_action", "Plan actions"
    TRAINING_RULE = "training_rule", "Training compliance"
    VENUE_CHECK = "venue_check", "Venue checks"
    LETTINGS_POLICY = "lettings_policy", "Lettings policies"
    DUTY_CHECK = "duty_check", "Organisations' duty checks"


class BenchmarkEvidence(models.Model):
    """A record elsewhere in the product, named by its kind and uuid (the apps it names
    never import performance; the record is read through evidence.py)."""

    rating = models.ForeignKey(BenchmarkRating, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    record = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rating", "kind", "record"], name="performance_evidence_record")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record}"
