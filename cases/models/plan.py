"""A case's support plan: one per adopted case, kept in versions. Each version lists the
needs the support addresses, each tied to a factor of the latest vulnerability
assessment and met by some of the case's interventions; the chair signs a version off,
which locks it, and a revision is the next version, so earlier ones stay readable as
they were. A review of support records progress against each need of the version in
force. The writes are in cases.actions.plan."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from accounts.models import Partnership
from cases.models.channel import AssessmentFactor, FactorFinding, Referral
from cases.models.support import Intervention, Review
from cases.vault import DataKey, Sealed


class SupportPlan(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="support_plan")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Support plan of {self.referral_id}"


class SupportPlanVersion(models.Model):
    """A draft until the chair signs it off; then locked. Signing off the next version
    supersedes this one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)
    superseded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="support_plan_version")]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.signed_off_on is None

    @property
    def in_force(self) -> bool:
        return self.signed_off_on is not None and self.superseded_on is None


class PlanNeed(models.Model):
    """One need of one version, in words, with the factor it addresses and the outcome
    hoped for; `interventions` are those of the case that meet it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(SupportPlanVersion, on_delete=models.CASCADE, related_name="needs")
    position = models.PositiveSmallIntegerField()
    factor = models.ForeignKey(AssessmentFactor, on_delete=models.PROTECT, related_name="+")
    # The finding of the assessment the need was written against (the latest, then).
    finding = models.ForeignKey(
        FactorFinding, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    need_sealed = models.TextField(blank=True)
    outcome_sealed = models.TextField(blank=True)
    interventions = models.ManyToManyField(Intervention, blank=True, related_name="plan_needs")
    # Kept on the need so it opens without fetching the version, plan and referral.
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")

    need = Sealed(max_length=2000)
    outcome = Sealed(max_length=2000)  # what the support should achieve

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Need {self.position} of version {self.version_id}"


class ProgressRating(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    SOME = "some", "Some progress"
    GOOD = "good", "Good progress"
    ACHIEVED = "achieved", "Achieved"


class PlanProgressReview(models.Model):
    """Progress against a signed-off version's needs, recorded at a review."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(SupportPlanVersion, on_delete=models.CASCADE, related_name="progress_reviews")
    reviewed_on = models.DateField()
    # The review of support it was recorded at, when it was held at a panel.
    review = models.ForeignKey(Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"Progress on {self.reviewed_on}"


class NeedProgress(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    progress_review = models.ForeignKey(PlanProgressReview, on_delete=models.CASCADE, related_name="entries")
    need = models.ForeignKey(PlanNeed, on_delete=models.CASCADE, related_name="progress")
    rating = models.CharField(max_length=12, choices=ProgressRating.choices)
    note_sealed = models.TextField(blank=True)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")

    note = Sealed(max_length=2000)

    class Meta:
        ordering = ["need__position", "id"]
        constraints = [models.UniqueConstraint(fields=["progress_review", "need"], name="need_progress_once")]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}"
