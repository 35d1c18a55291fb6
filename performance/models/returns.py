"""The partnership's quarterly return to its funder (Home Office Prevent funding): Channel
counts, training delivered, engagement and the commissioned projects' outputs and spend for
one financial quarter, with the partnership's narrative per section and a contact.

While a draft, the figures are computed from the records each time they are read; submitting
stores them in `snapshot`, which later edits to the records never change. A submitted return
reopened by the coordinator (with a reason) keeps its snapshot and is marked reopened; the
next version is a new draft. Counts of the partnership's work, never a person's details."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from accounts.models import Partnership
from govuk.links import uuid_url

NARRATIVE_LENGTH = 5000
REASON_LENGTH = 2000


class PartnershipReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    REOPENED = "reopened", "Reopened: replaced by a later version"


def _narrative(label: str) -> models.TextField:
    return models.TextField(
        label, blank=True, max_length=NARRATIVE_LENGTH, validators=[MaxLengthValidator(NARRATIVE_LENGTH)]
    )


class PartnershipReturn(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    # The first day of the financial quarter (lib.quarters.quarter_start).
    quarter = models.DateField()
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=PartnershipReturnStatus.choices, default=PartnershipReturnStatus.DRAFT
    )
    channel_narrative = _narrative("Channel")
    training_narrative = _narrative("Training delivered")
    engagement_narrative = _narrative("Engagement")
    projects_narrative = _narrative("Commissioned projects")
    contact_name = models.CharField("Contact name", max_length=200, blank=True)
    contact_email = models.EmailField("Contact email address", max_length=254, blank=True)
    contact_phone = models.CharField("Contact telephone number", max_length=40, blank=True)
    # Why this version was started: the reason the previous one was reopened.
    reopen_reason = models.TextField(
        "Why the return was reopened",
        blank=True,
        max_length=REASON_LENGTH,
        validators=[MaxLengthValidator(REASON_LENGTH)],
    )
    snapshot = models.JSONField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "quarter", "version"], name="partnership_return_version_once"
            )
        ]
        indexes = [
            models.Index(fields=["partnership", "quarter", "status"], name="partnership_return_quarter")
        ]

    def __str__(self) -> str:
        return f"Quarterly return from {self.quarter}, version {self.version}"

    def get_absolute_url(self) -> str:
        return uuid_url("performance:return_detail", self.uuid)

    @property
    def locked(self) -> bool:
        return self.status != PartnershipReturnStatus.DRAFT

    @property
    def was_submitted(self) -> bool:
        return self.submitted_at is not None
