"""Venue-hire and visiting-speaker due diligence: the venues a partnership lets, the
lettings policy that applies to each, and one check per booking request, recorded by a
person who decides. Nothing here scores, ranks or predicts anything about an organiser or
a speaker: there is no field for it.

The organiser and the names of the contact and the speakers are personal data that may
reveal political or religious opinion, so they are sealed at rest with the field master
key (lib.crypto.seal_secret, bound to the check and the field), and found again only
through keyed blind indexes (NameKey), never by a name in clear."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import models

from accounts.models import Partnership, User
from govuk.links import uuid_url
from lib import crypto
from partners.models import Organisation

DEFAULT_RETENTION_MONTHS = 24
MAX_RETENTION_MONTHS = 120
MAX_AUDIENCE = 1_000_000
MAX_SPEAKERS = 30


class VenueKind(models.Model):
    """A kind of venue; the seeded rows serve every partnership, which may add its own."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "label"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="venue_kind_code")]

    def __str__(self) -> str:
        return self.label


class CheckItem(models.Model):
    """Something checked before a booking is decided; seeded for every partnership, which
    may add its own."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "label"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="venue_check_item_code")]

    def __str__(self) -> str:
        return self.label


class VenueSettings(models.Model):
    """How long a closed check is kept after its event before it is reviewed for deletion."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    retention_months = models.PositiveSmallIntegerField(default=DEFAULT_RETENTION_MONTHS)

    def __str__(self) -> str:
        return f"Kept {self.retention_months} months after the event"


def policy_document_path(instance: LettingsPolicy, filename: str) -> str:
    # The stored name never includes the uploaded one.
    return f"lettings/{instance.uuid.hex[:2]}/{instance.uuid.hex}"


class LettingsPolicy(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=40, blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    summary = models.TextField(max_length=5000, blank=True)
    active = models.BooleanField(default=True)
    document = models.FileField(upload_to=policy_document_path, max_length=200, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    document_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})" if self.version else self.title

    def get_absolute_url(self) -> str:
        return uuid_url("venues:policy_edit", self.uuid)


class Venue(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.ForeignKey(VenueKind, on_delete=models.PROTECT, related_name="+")
    address = models.TextField(max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    policy = models.ForeignKey(
        LettingsPolicy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["partnership", "name", "id"], name="venue_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return uuid_url("venues:venue_edit", self.uuid)


class CheckState(models.TextChoices):
    REQUESTED = "requested", "Requested"
    UNDER_CHECK = "under_check", "Under check"
    DECIDED = "decided", "Decided"
    EVENT_RECORDED = "event_recorded", "Event recorded"
    CLOSED = "closed", "Closed"


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    CONDITIONS = "conditions", "Approved with conditions"
    DECLINED = "declined", "Declined"


class Outcome(models.TextChoices):
    AS_PLANNED = "as_planned", "Went ahead as planned"
    BREACHED = "breached", "Conditions breached"
    CANCELLED = "cancelled", "Cancelled"
    CONCERNS = "concerns", "Concerns reported"


def seal_context(check_uuid: uuid.UUID, field: str) -> str:
    return f"venues.check:{check_uuid}:{field}"


class VenueCheck(models.Model):
    """One booking request and what was decided about it. The `sealed_*` fields hold
    `key id$token` (lib.crypto.seal_secret); read them with `opened`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="checks")
    state = models.CharField(max_length=20, choices=CheckState.choices, default=CheckState.REQUESTED)
    sealed_organiser = models.TextField(blank=True, editable=False)
    sealed_contact = models.TextField(blank=True, editable=False)
    sealed_speakers = models.TextField(blank=True, editable=False)
    event_title = models.CharField(max_length=200)
    event_description = models.TextField(max_length=5000, blank=True)
    event_date = models.DateField()
    audience = models.PositiveIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    conditions = models.TextField(max_length=5000, blank=True)
    reasons = models.TextField(max_length=5000, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(max_length=5000, blank=True)
    outcome_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    outcome_at = models.DateTimeField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    kept_reason = models.TextField(max_length=2000, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["partnership", "-event_date", "-id"], name="venue_check_date"),
            models.Index(fields=["partnership", "state", "-event_date"], name="venue_check_state"),
            models.Index(fields=["partnership", "review_on"], name="venue_check_review"),
        ]

    def __str__(self) -> str:
        # No names: this is what audit events and messages show.
        return f"Venue check {self.uuid}"

    def get_absolute_url(self) -> str:
        return uuid_url("venues:check_detail", self.uuid)

    def seal(self, field: str, value: str) -> str:
        if not value:
            return ""
        return crypto.seal_secret(
            settings.FIELD_MASTER_KEYS, value.encode(), context=seal_context(self.uuid, field)
        )

    def opened(self, field: str) -> str:
        """The value of `sealed_<field>` in clear; "" when there is none or it cannot be
        opened (its master key is gone), which the page says."""
        sealed = getattr(self, f"sealed_{field}")
        if not sealed:
            return ""
        try:
            return crypto.open_secret(
                settings.FIELD_MASTER_KEYS, sealed, context=seal_context(self.uuid, field)
            ).decode()
        except crypto.KeyUnavailable:
            return ""

    @property
    def organiser(self) -> str:
        return self.opened("organiser")

    @property
    def contact(self) -> str:
        return self.opened("contact")

    @property
    def speakers(self) -> list[str]:
        opened = self.opened("speakers")
        return list(json.loads(opened)) if opened else []


class Finding(models.Model):
    """What one check item found for a check, in the officer's words."""

    check_record = models.ForeignKey(VenueCheck, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(max_length=5000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["check_record", "item"], name="venue_finding_item")]

    def __str__(self) -> str:
        return f"Finding of {self.item_id}"


class NameRole(models.TextChoices):
    ORGANISER = "organiser", "Organiser"
    CONTACT = "contact", "Contact"
    SPEAKER = "speaker", "Speaker"


class NameKey(models.Model):
    """A keyed digest of a name a check holds (lib.crypto.blind_index), so earlier checks
    naming the same organiser or speaker are found without the names in clear."""

    check_record = models.ForeignKey(VenueCheck, on_delete=models.CASCADE, related_name="name_keys")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=NameRole.choices)
    digest = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["partnership", "digest"], name="venue_name_key")]

    def __str__(self) -> str:
        return f"{self.role} key"
