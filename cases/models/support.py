"""The Channel case after adoption: consent, the support plan's interventions and their
sessions, reviews during support and after exit, transfers between partnerships, and
retention: when a closed case is reviewed for deletion, what deletion leaves behind
(an anonymous statistical record and a note of the erasure), and subject access.

Personal free text is sealed with the referral's data key, so destroying that key at
erasure makes every copy unreadable."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.digests import Delivery
from accounts.models import Partnership
from cases.models.channel import (
    SPECIAL_CATEGORY_PADDING,
    ConcernType,
    ListEntry,
    Referral,
    ReferralSector,
    ReferralState,
)
from cases.vault import DataKey, Sealed
from lib import crypto


class InterventionType(ListEntry):
    """Kinds of support a panel can agree, from the Channel guidance."""

    class Meta(ListEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="intervention_type_code")]


# --- consent -----------------------------------------------------------------------------


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Consent given"
    REFUSED = "refused", "Consent refused"


class ConsentGiver(models.TextChoices):
    PERSON = "person", "The person"
    PARENT = "parent", "A parent or guardian"
    LOCAL_AUTHORITY = "local_authority", "A local authority holding parental responsibility"
    BEST_INTERESTS = (
        "best_interests",
        "A best-interests decision: the person lacks capacity for this decision",
    )


class OnwardKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULTS_SOCIAL_CARE = "adults_social_care", "Adults' social care"
    HEALTH = "health", "Health"
    OTHER_SUPPORT = "other_support", "Other support"


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    TELEPHONE = "telephone", "By telephone"
    VIDEO = "video", "By video call"
    WRITING = "writing", "In writing"


class Consent(models.Model):
    """Whether the person, or a parent or guardian while they are under 18, agreed to
    Channel support. Channel is voluntary: support starts only after consent is given,
    and consent can be withdrawn at any time. Besides the person and a parent or guardian,
    consent comes from a local authority holding parental responsibility (which one, who
    gave it), or, for an adult who lacks capacity for this decision, from a best-interests
    decision after a capacity assessment (who assessed and when; who decided, who was
    consulted and why)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="consents")
    decision = models.CharField(max_length=10, choices=ConsentDecision.choices)
    given_by = models.CharField(max_length=20, choices=ConsentGiver.choices)
    age_on_the_day = models.PositiveSmallIntegerField(
        help_text="The person's age on the day, from their date of birth."
    )
    method = models.CharField(max_length=10, choices=ConsentMethod.choices)
    given_on = models.DateField()
    giver_name_sealed = models.TextField(blank=True)
    capacity_notes_sealed = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason_sealed = models.TextField(blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A local authority holding parental responsibility.
    local_authority_sealed = models.TextField(blank=True)
    authority_contact_sealed = models.TextField(blank=True)
    # A best-interests decision for an adult who lacks capacity for this decision.
    capacity_assessed_on = models.DateField(null=True, blank=True)
    capacity_assessor_sealed = models.TextField(blank=True)
    lacks_capacity = models.BooleanField(
        null=True,
        blank=True,
        help_text="The capacity assessment's outcome: lacks capacity for this decision.",
    )
    best_interests_decider_sealed = models.TextField(blank=True)
    best_interests_consulted_sealed = models.TextField(blank=True)
    best_interests_reasons_sealed = models.TextField(blank=True)

    giver_name = Sealed(max_length=200)  # the parent's or guardian's name
    capacity_notes = Sealed(max_length=5000)
    withdrawal_reason = Sealed(max_length=5000)
    local_authority = Sealed(max_length=200)  # which authority
    authority_contact = Sealed(max_length=200)  # who gave consent for it, and their role
    capacity_assessor = Sealed(max_length=200)
    best_interests_decider = Sealed(max_length=200)
    best_interests_consulted = Sealed(max_length=2000)
    best_interests_reasons = Sealed(max_length=5000)

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.given_on}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


class OnwardReferral(models.Model):
    """Where the person was referred on when consent was refused or withdrawn: children's
    or adults' social care, health or other support, to whom and when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="onward_referrals")
    kind = models.CharField(max_length=25, choices=OnwardKind.choices)
    referred_to_sealed = models.TextField(blank=True)
    referred_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    referred_to = Sealed(max_length=200)  # the organisation or team

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"Onward referral to {self.get_kind_display()}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


# --- exits and closures ------------------------------------------------------------------


class ClosureReason(models.TextChoices):
    """Why a case exits Channel or closes: one list, counted by the statistics."""

    NO_FURTHER_CONCERN = "no_further_concern", "No further concern"
    SUPPORT_COMPLETE = "support_complete", "Support complete"
    ESCALATED = "escalated", "Escalated to the police"
    MOVED = "moved", "Moved away or transferred"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    IN_CUSTODY = "in_custody", "In custody"
    DIED = "died", "Died"
    OTHER = "other", "Other"


class ClosureStage(models.TextChoices):
    EXIT = "exit", "Exit from support"
    CLOSURE = "closure", "Case closed"


class Closure(models.Model):
    """The reason recorded with an exit or a closure: a panel's exit or close decision,
    a case closed after consent was not given, or a case returned to the police. "Other"
    carries its own words; a return to the police carries the reasons for it. The latest
    is the case's reason in the statistics."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="closures")
    stage = models.CharField(max_length=10, choices=ClosureStage.choices)
    reason = models.CharField(max_length=20, choices=ClosureReason.choices)
    other_reason_sealed = models.TextField(blank=True)
    reasons_sealed = models.TextField(blank=True)
    decided_on = models.DateField()
    agenda_item = models.ForeignKey(
        "cases.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    other_reason = Sealed(max_length=500)  # what "other" was
    reasons = Sealed(max_length=5000)  # why the case went back to the police

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_reason_display()}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key

    @property
    def reason_label(self) -> str:
        if self.reason == ClosureReason.OTHER and self.other_reason:
            return f"Other: {self.other_reason}"
        return self.get_reason_display()


# --- support plan ------------------------------------------------------------------------


class Frequency(models.IntegerChoices):
    WEEKLY = 7, "Weekly"
    FORTNIGHTLY = 14, "Every two weeks"
    FOUR_WEEKLY = 28, "Every four weeks"
    SIX_WEEKLY = 42, "Every six weeks"


class InterventionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class Intervention(models.Model):
    """One part of a case's support plan, agreed by the panel. `session_due_on` is kept
    up to date by the actions so that interventions without a session within their
    expected frequency are found by index, however many cases the partnership has."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="interventions")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    intervention_type = models.ForeignKey(InterventionType, on_delete=models.PROTECT, related_name="+")
    provider_organisation = models.CharField(
        max_length=200, help_text="The Intervention Provider or partner agency delivering it."
    )
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_interventions",
        help_text="The intervention provider who logs its sessions, if they use the service.",
    )
    starts_on = models.DateField()
    frequency_days = models.PositiveSmallIntegerField(choices=Frequency.choices)
    status = models.CharField(
        max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.ACTIVE
    )
    last_session_on = models.DateField(null=True, blank=True)
    session_due_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason_sealed = models.TextField(blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(auto_now_add=True)

    end_reason = Sealed(max_length=200)

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [
            models.Index(
                fields=["partnership", "session_due_on"],
                name="intervention_session_due",
                condition=Q(status="active"),
            ),
            models.Index(fields=["provider", "status"], name="intervention_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type} by {self.provider_organisation}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


class SupportSession(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    attended = models.BooleanField()
    notes_sealed = models.TextField(blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)
    # Kept on the session so its notes are opened without fetching the referral.
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")

    notes = Sealed(max_length=5000)  # the minimum: what was covered, not what was said

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Session on {self.held_on}"


# --- reviews -----------------------------------------------------------------------------


class ReviewKind(models.TextChoices):
    SUPPORT = "support", "Review of support"
    AFTER_EXIT_6 = "after_exit_6", "Review 6 months after exit"
    AFTER_EXIT_12 = "after_exit_12", "Review 12 months after exit"
    # Consent not given: the day the case is to be reconsidered.
    RECONSIDER = "reconsider", "Reconsideration of consent"


class Review(models.Model):
    """A review that is due, and once held, what it found. Due reviews are found by a
    partial index on those not yet held, however many cases are closed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reviews")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=15, choices=ReviewKind.choices)
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    cancelled_on = models.DateField(null=True, blank=True)
    outcome_sealed = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agenda_item = models.ForeignKey(
        "cases.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )

    outcome = Sealed(max_length=10000)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["partnership", "due_on"],
                name="review_due",
                condition=Q(held_on__isnull=True, cancelled_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key

    @property
    def is_pending(self) -> bool:
        return self.held_on is None and self.cancelled_on is None


# --- transfer ----------------------------------------------------------------------------


class TransferStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the receiving partnership"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class CaseTransfer(models.Model):
    """A case sent to another partnership when the person moves. Once accepted, the
    referral belongs to the receiving partnership and this row is the sending
    partnership's read-only note of where it went."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    reference = models.CharField(max_length=20)
    from_partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    to_partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    state_when_sent = models.CharField(max_length=30, choices=ReferralState.choices)
    reason_sealed = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason_sealed = models.TextField(blank=True)

    reason = Sealed(max_length=5000)
    decline_reason = Sealed(max_length=5000)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["to_partnership", "status"], name="transfer_incoming"),
            models.Index(fields=["from_partnership", "-requested_at"], name="transfer_outgoing"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=Q(status="pending"), name="one_pending_transfer"
            )
        ]

    def __str__(self) -> str:
        return f"Transfer of {self.reference}"

    @property
    def data_key(self) -> DataKey:
        assert self.referral is not None
        return self.referral.data_key


# --- retention ---------------------------------------------------------------------------


class RetentionPeriod(models.Model):
    """A partnership's local retention policy for one closed outcome, in years from the
    day the case closed. Without a row the default in cases.retention applies."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=30, choices=ReferralState.choices)
    years = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "outcome"], name="retention_period_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.years} years"


class RetentionSchedule(models.Model):
    """When a closed case is next reviewed for deletion."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="retention")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=30, choices=ReferralState.choices)
    closed_on = models.DateField()
    review_on = models.DateField()
    legal_hold = models.BooleanField(default=False)
    note_sealed = models.TextField(blank=True)  # the latest extension's or hold's reason
    updated_at = models.DateTimeField(auto_now=True)

    note = Sealed(max_length=5000)

    class Meta:
        indexes = [models.Index(fields=["partnership", "review_on"], name="retention_review")]

    def __str__(self) -> str:
        return f"Review for deletion on {self.review_on}"

    @property
    def uuid(self) -> uuid.UUID:
        return self.referral.uuid

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


class Erasure(models.Model):
    """That a case was deleted, and when: the reference, never the person."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20)
    outcome = models.CharField(max_length=30, choices=ReferralState.choices)
    closed_on = models.DateField()
    erased_at = models.DateTimeField()
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person_erased = models.BooleanField(help_text="Whether this was the person's last referral.")

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} erased"


class AgeBand(models.TextChoices):
    UNDER_11 = "0-10", "10 and under"
    AGE_11_15 = "11-15", "11 to 15"
    AGE_16_17 = "16-17", "16 to 17"
    AGE_18_20 = "18-20", "18 to 20"
    AGE_21_30 = "21-30", "21 to 30"
    AGE_31_40 = "31-40", "31 to 40"
    AGE_41_50 = "41-50", "41 to 50"
    OVER_50 = "51+", "51 and over"
    UNKNOWN = "unknown", "Unknown"


class StatisticalRecord(models.Model):
    """One referral as the Home Office statistics count it: no name, no date of birth,
    no free text. Kept up to date by every change of the referral's state, and kept
    when the referral is erased, so published figures do not change."""

    referral = models.OneToOneField(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="statistics"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    financial_year = models.PositiveSmallIntegerField(help_text="2025 means April 2025 to March 2026.")
    sector = models.ForeignKey(ReferralSector, on_delete=models.PROTECT, related_name="+")
    concern_type = models.ForeignKey(ConcernType, on_delete=models.PROTECT, related_name="+")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    gender = models.CharField(max_length=10)
    gateway_outcome = models.CharField(max_length=20, blank=True)
    discussed_at_panel = models.BooleanField(default=False)
    adopted = models.BooleanField(default=False)
    consent_given_by = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=30, choices=ReferralState.choices)
    closure_reason = models.CharField(max_length=20, blank=True)
    # For the Channel indicators (cases/measures.py): the day received, whether the gateway
    # decided within the partnership's target (working days; None while undecided), and the
    # days from receipt to the first panel that discussed it (None until one has).
    received_on = models.DateField(null=True, blank=True)
    gateway_decided_on = models.DateField(null=True, blank=True)
    gateway_within_target = models.BooleanField(null=True, blank=True)
    first_panel_on = models.DateField(null=True, blank=True)
    days_to_panel = models.PositiveIntegerField(null=True, blank=True)
    # Equality monitoring (cases.equality): whether the referral is in the EqualityCount tally,
    # and, sealed with the referral's data key, the groups it was counted in, so a change
    # takes it out of the right ones. Erasure destroys the key and empties the column: the
    # tally keeps the referral, no one can tell any more where.
    equality_counted = models.BooleanField(default=False)
    equality_counted_as_sealed = models.TextField(blank=True)

    equality_counted_as = Sealed(max_length=500, padded_to=SPECIAL_CATEGORY_PADDING)
    # The quarter of the financial year the referral was received in (1 = April to June);
    # empty for a record whose referral was erased before quarters were kept.
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    # When the record last changed: with the count, the version of a scope's figures that
    # tells a stored protected release (performance) it must be worked out again.
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["partnership", "financial_year"], name="statistics_year"),
            models.Index(fields=["partnership", "received_on"], name="statistics_received"),
            models.Index(fields=["partnership", "financial_year", "changed_at"], name="statistics_version"),
        ]

    def __str__(self) -> str:
        return f"Statistical record {self.pk}"

    @property
    def data_key(self) -> DataKey:
        """The referral's data key, which seals the groups counted; gone with the referral."""
        if self.referral is None:
            raise crypto.KeyUnavailable("the referral has been erased")
        return self.referral.data_key

    @property
    def uuid(self) -> uuid.UUID:
        """What the sealed value is bound to: the referral (one record each)."""
        if self.referral is None:
            raise crypto.KeyUnavailable("the referral has been erased")
        return self.referral.uuid


class EqualityCount(models.Model):
    """How many referrals received in a quarter fall in one group of one equality dimension
    (ethnic group, religion), kept by cases.statistics.refresh as referrals change: counts
    only, so figures need no one's special category data in clear. `referrals` counts every
    referral; `discussed` those discussed at a Channel panel; `adopted` those adopted."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    quarter_start = models.DateField()
    dimension = models.CharField(max_length=20)
    group = models.CharField(max_length=40)
    referrals = models.PositiveIntegerField(default=0)
    discussed = models.PositiveIntegerField(default=0)
    adopted = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "quarter_start", "dimension", "group"], name="equality_count_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.group} from {self.quarter_start}: {self.referrals}"


class SubjectAccessExport(models.Model):
    """That everything held about a person was produced for a subject access request,
    by whom and when. The files themselves are not kept."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "cases.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="subject_access"
    )
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    produced_at = models.DateTimeField()
    referrals = models.PositiveSmallIntegerField()
    keyed_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="Of the archive handed over: HMAC-SHA256 with the blind-index key.",
    )

    class Meta:
        ordering = ["-produced_at", "-id"]

    def __str__(self) -> str:
        return f"Subject access export {self.uuid}"


class DigestDelivery(Delivery):
    """One follow-up digest e-mail sent: written in the same transaction as the sending and
    its audit event, and unique, so a digest run again on the same day (its worker killed
    halfway, or queued twice) sends only the e-mails not yet sent, and none twice
    (accounts.digests.send_once, from cases.tasks.send_follow_up_digest)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "partnership", "day"], name="one_follow_up_digest_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up digest of {self.day} to user {self.recipient_id}"
