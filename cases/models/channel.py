"""The Channel process from referral to panel: referral, police gateway assessment,
information sharing, vulnerability assessment and panel. See docs/channel.md
("States", "Moves", "Panels"); support, exit, transfer and retention are in
cases.models.support.

Free text about a person is encrypted with the referral's or the person's data key
(cases.vault); names and dates of birth stay searchable for matching."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models

from accounts.models import Partnership
from cases.vault import DataKey, Sealed, SealedDate, SealedNumber

# --- lists kept as data ------------------------------------------------------------------


class ListEntry(models.Model):
    """An entry of a list the Home Office statistics use; a partnership may add its own."""

    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class ConcernType(ListEntry):
    class Meta(ListEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="concern_type_code")]


class ReferralSector(ListEntry):
    class Meta(ListEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="referral_sector_code")]


class SupportService(ListEntry):
    """Services a referral or case can be signposted to."""

    class Meta(ListEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="support_service_code")]


# --- people ------------------------------------------------------------------------------


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Another gender"
    NOT_KNOWN = "not_known", "Not known"


class SpecialCategoryStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    NOT_KNOWN = "not_known", "Not known"
    DECLINED = "declined", "Declined to say"


SPECIAL_CATEGORIES = {
    "religion": "Religion or belief",
    "ethnicity": "Ethnicity",
    "health": "Health, including mental health and neurodiversity",
    "sexual_orientation": "Sexual orientation",
    "political_opinion": "Political opinion",
}


# The first padded size of a special-category answer: its JSON with a value of up to 200
# characters fits, so what was answered cannot be told from the token's length.
SPECIAL_CATEGORY_PADDING = 256


class Person(models.Model):
    """Someone referred, as the partnership knows them. One person, many referrals."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.NOT_KNOWN)
    # Everything that identifies the person is sealed; they are found by the blind index
    # of their names and date of birth (PersonNameKey).
    given_names_sealed = models.TextField(blank=True)
    family_name_sealed = models.TextField(blank=True)
    other_names_sealed = models.TextField(blank=True)
    date_of_birth_sealed = models.TextField(blank=True)
    address_sealed = models.TextField(blank=True)
    postcode_sealed = models.TextField(blank=True)
    school_or_employer_sealed = models.TextField(blank=True)
    contact_details_sealed = models.TextField(blank=True)
    religion_sealed = models.TextField(blank=True)
    ethnicity_sealed = models.TextField(blank=True)
    health_sealed = models.TextField(blank=True)
    sexual_orientation_sealed = models.TextField(blank=True)
    political_opinion_sealed = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    given_names = Sealed(max_length=200)
    family_name = Sealed(max_length=200)
    other_names = Sealed(max_length=1000)  # aliases and previous names, one per line
    date_of_birth = SealedDate()
    address = Sealed(max_length=1000)
    postcode = Sealed(max_length=10)
    school_or_employer = Sealed(max_length=200)
    contact_details = Sealed(max_length=1000)
    # Every answer, and no answer, gives a token of one length (up to 200 characters).
    religion = Sealed(max_length=500, padded_to=SPECIAL_CATEGORY_PADDING)
    ethnicity = Sealed(max_length=500, padded_to=SPECIAL_CATEGORY_PADDING)
    health = Sealed(max_length=500, padded_to=SPECIAL_CATEGORY_PADDING)
    sexual_orientation = Sealed(max_length=500, padded_to=SPECIAL_CATEGORY_PADDING)
    political_opinion = Sealed(max_length=500, padded_to=SPECIAL_CATEGORY_PADDING)

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part) or "Name not given"

    def other_name_list(self) -> list[str]:
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]

    def special_category(self, name: str) -> tuple[str, str]:
        """(status, value) of one special category attribute; ("", "") if never asked."""
        stored = getattr(self, name)
        if not stored:
            return "", ""
        decoded = json.loads(stored)
        return decoded["status"], decoded.get("value", "")

    def set_special_category(self, name: str, status: str, value: str = "") -> None:
        if name not in SPECIAL_CATEGORIES:
            raise ValueError(name)
        setattr(
            self,
            name,
            json.dumps({"status": status, "value": value if status == SpecialCategoryStatus.RECORDED else ""})
            if status
            else "",
        )


class PersonNameKey(models.Model):
    """The blind index: keyed hashes (cases.blind) of the keys lib.names.index_keys gives
    for a person's names and date of birth, so candidate earlier referrals are fetched by
    index rather than by decrypting every person of the partnership."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_name_key")]
        indexes = [models.Index(fields=["partnership", "key"], name="name_key_lookup")]

    def __str__(self) -> str:
        return self.key


# --- referrals ---------------------------------------------------------------------------


class ReferralState(models.TextChoices):
    RECEIVED = "received", "Waiting for gateway assessment"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOSTED = "signposted", "Signposted to another service"
    POLICE_LED = "police_led", "Police-led Prevent case management"
    PROGRESSED = "progressed", "Progressed to Channel"
    AT_PANEL = "at_panel", "On a panel agenda"
    ADOPTED = "adopted", "Adopted as a Channel case"
    NOT_ADOPTED_SIGNPOSTED = "not_adopted_signposted", "Not adopted, signposted"
    NOT_ADOPTED_NFA = "not_adopted_nfa", "Not adopted, no further action"
    DECLINED = "declined", "Adopted, but consent was refused"
    # Consent refused or withdrawn: the case stays open while the panel reconsiders it,
    # until consent is given or the panel closes it with a reason.
    CONSENT_UNDER_REVIEW = "consent_under_review", "Consent not given, under review"
    IN_SUPPORT = "in_support", "Receiving support"
    WITHDREW = "withdrew", "Withdrew from support"
    EXITED = "exited", "Exited: post-exit reviews due"
    CLOSED = "closed", "Closed after exit"
    ESCALATED = "escalated", "Returned to the police for police-led management"


CLOSED_STATES = frozenset(
    {
        ReferralState.NO_FURTHER_ACTION,
        ReferralState.SIGNPOSTED,
        ReferralState.POLICE_LED,
        ReferralState.NOT_ADOPTED_SIGNPOSTED,
        ReferralState.NOT_ADOPTED_NFA,
        ReferralState.DECLINED,
        ReferralState.WITHDREW,
        ReferralState.CLOSED,
        ReferralState.ESCALATED,
    }
)
OPEN_STATES = frozenset(ReferralState.values) - CLOSED_STATES


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent: there may be a risk of harm soon"


class PersonAware(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class ReferenceCounter(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="reference_counter")]

    def __str__(self) -> str:
        return f"{self.partnership} {self.year}: {self.last}"


class Referral(models.Model):
    """One concern raised about someone, and, once progressed, their Channel case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20)
    state = models.CharField(max_length=30, choices=ReferralState.choices, default=ReferralState.RECEIVED)
    received_at = models.DateTimeField()
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    # Who referred: a user of the service, or someone outside it recorded by staff.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referrer_name_sealed = models.TextField(blank=True)
    referrer_role_sealed = models.TextField(blank=True)
    referrer_organisation_sealed = models.TextField(blank=True)
    referrer_email_sealed = models.TextField(blank=True)
    referrer_phone_sealed = models.TextField(blank=True)
    sector = models.ForeignKey(ReferralSector, on_delete=models.PROTECT, related_name="+")
    concern_type = models.ForeignKey(ConcernType, on_delete=models.PROTECT, related_name="+")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    person_aware = models.CharField(max_length=10, choices=PersonAware.choices, default=PersonAware.NOT_KNOWN)
    # The person as the referrer described them; `person` is set once the police officer
    # links the referral to someone already known or confirms a new person.
    subject_gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.NOT_KNOWN)
    subject_given_names_sealed = models.TextField(blank=True)
    subject_family_name_sealed = models.TextField(blank=True)
    subject_other_names_sealed = models.TextField(blank=True)
    subject_date_of_birth_sealed = models.TextField(blank=True)
    subject_address_sealed = models.TextField(blank=True)
    subject_postcode_sealed = models.TextField(blank=True)
    subject_school_or_employer_sealed = models.TextField(blank=True)
    narrative_sealed = models.TextField(blank=True)
    vulnerabilities_sealed = models.TextField(blank=True)
    special_categories_sealed = models.TextField(blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    identity_decided_at = models.DateTimeField(null=True, blank=True)
    possible_matches = models.PositiveSmallIntegerField(
        default=0, help_text="Possible earlier referrals found when it was received."
    )
    # The national case-tracking system's reference, so the two systems can be reconciled:
    # not personal data, unique in the partnership when given (referral_national_reference).
    national_reference = models.CharField(max_length=40, blank=True)
    # The coordinator who looks after the case ("My cases").
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    referrer_name = Sealed(max_length=200)
    referrer_role = Sealed(max_length=200)
    referrer_organisation = Sealed(max_length=200)
    referrer_email = Sealed(max_length=254)
    referrer_phone = Sealed(max_length=40)
    subject_given_names = Sealed(max_length=200)
    subject_family_name = Sealed(max_length=200)
    subject_other_names = Sealed(max_length=1000)
    subject_date_of_birth = SealedDate()
    subject_address = Sealed(max_length=1000)
    subject_postcode = Sealed(max_length=10)
    subject_school_or_employer = Sealed(max_length=200)
    narrative = Sealed(max_length=20000)
    vulnerabilities = Sealed(max_length=10000)
    # As referred, JSON; copied to the person when confirmed.
    special_categories = Sealed(padded_to=4 * SPECIAL_CATEGORY_PADDING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="referral_reference"),
            models.UniqueConstraint(
                fields=["partnership", "national_reference"],
                name="referral_national_reference",
                condition=~models.Q(national_reference=""),
            ),
        ]
        indexes = [
            models.Index(
                fields=["allocated_to", "-received_at", "-id"],
                name="referral_allocated",
                condition=models.Q(allocated_to__isnull=False),
            ),
            # Referrals not yet linked to a person, which search checks one by one.
            models.Index(
                fields=["partnership", "-received_at", "-id"],
                name="referral_unlinked",
                condition=models.Q(person__isnull=True),
            ),
            models.Index(fields=["partnership", "state", "received_at", "id"], name="referral_queue"),
            models.Index(fields=["partnership", "-received_at", "-id"], name="referral_recent"),
            models.Index(fields=["submitted_by", "-received_at"], name="referral_by_referrer"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def subject_name(self) -> str:
        return (
            " ".join(p for p in (self.subject_given_names, self.subject_family_name) if p) or "Name not given"
        )

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES


class ReferralAddition(models.Model):
    """Further information the referrer sent while the referral waited at the gateway,
    sealed with the referral's data key."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="additions")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    text_sealed = models.TextField(blank=True)

    text = Sealed(max_length=5000)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"Further information on {self.referral_id}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


class DeconflictionOutcome(models.TextChoices):
    NO_CONFLICT = "no_conflict", "No conflict"
    HOLD = "hold", "Hold: police activity"
    CONDITIONS = "conditions", "Proceed with conditions"


class DeconflictionEntry(models.Model):
    """One round of deconfliction at the gateway: who was consulted and what they said.
    Repeated as often as needed; the latest entry is the one that counts (a hold stops the
    referral being progressed)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="deconflictions")
    consulted = models.CharField(max_length=200, help_text="Who, or which team, was consulted")
    outcome = models.CharField(max_length=20, choices=DeconflictionOutcome.choices)
    notes_sealed = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    notes = Sealed(max_length=5000)  # what was checked, and any conditions

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["referral", "-recorded_at", "-id"], name="deconfliction_latest")]

    def __str__(self) -> str:
        return f"Deconfliction of {self.referral_id}: {self.get_outcome_display()}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


def _legal_bases() -> list[tuple[str, str]]:
    return LegalBasis.choices  # defined with information sharing, below


class ScreeningInformation(models.Model):
    """Information gathered during gateway screening, before the case is progressed: where
    it came from and what it says (both sealed), and the legal basis for having it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="screening")
    source_sealed = models.TextField(blank=True)
    what_sealed = models.TextField(blank=True)
    legal_basis = models.CharField(max_length=20, choices=_legal_bases)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    source = Sealed(max_length=200)  # who gave it: it may name a school or a person
    what = Sealed(max_length=5000)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Screening information {self.uuid}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


class GatewayDecision(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOSTED = "signposted", "Signpost to another service"
    POLICE_LED = "police_led", "Police-led Prevent case management"
    PROGRESS = "progress", "Progress to Channel"


class GatewayAssessment(models.Model):
    """The police gateway assessment of one referral: when deconfliction was last recorded
    (its entries are DeconflictionEntry) and the gateway decision."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="gateway")
    deconflicted_at = models.DateTimeField(null=True, blank=True)
    deconflicted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=GatewayDecision.choices, blank=True)
    signposted_to = models.ForeignKey(
        SupportService, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reasons_sealed = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    reasons = Sealed(max_length=5000)

    def __str__(self) -> str:
        return f"Gateway assessment of {self.referral_id}"

    @property
    def uuid(self) -> uuid.UUID:
        return self.referral.uuid

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


# --- information sharing -----------------------------------------------------------------


class LegalBasis(models.TextChoices):
    CTSA_S38 = "ctsa_s38", "Counter-Terrorism and Security Act 2015, s.38: partners' duty to cooperate"
    PUBLIC_TASK = "public_task", "UK GDPR Art 6(1)(e) public task, with DPA 2018 Sch 1 safeguarding"
    LEGAL_OBLIGATION = "legal_obligation", "UK GDPR Art 6(1)(c) legal obligation"
    VITAL_INTERESTS = "vital_interests", "UK GDPR Art 6(1)(d) vital interests"
    CONSENT = "consent", "Consent of the person (or parent or guardian)"


class SharingDirection(models.TextChoices):
    REQUEST = "request", "Information requested from a partner"
    DISCLOSURE = "disclosure", "Information disclosed to a partner"


class SharingRequest(models.Model):
    """Information asked of, or given to, a partner about a referral. Every disclosure of
    case information is one of these."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sharing_requests")
    # The referral's partnership, kept here so that the requests waiting for an answer
    # are found by index (sharing_answer_due), however many the partnership has made.
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=12, choices=SharingDirection.choices)
    partner = models.CharField(max_length=200, help_text="Organisation and team")
    partner_contact = models.CharField(max_length=200, blank=True)
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    subject_sealed = models.TextField(blank=True)
    response_sealed = models.TextField(blank=True)
    sent_at = models.DateTimeField()
    # When the partner's answer to a request is due; a disclosure has none.
    due_on = models.DateField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    subject = Sealed(max_length=5000)  # what was asked or shared
    response = Sealed(max_length=5000)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(
                fields=["partnership", "due_on"],
                name="sharing_answer_due",
                condition=models.Q(direction="request", answered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.partner}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


# --- vulnerability assessment ------------------------------------------------------------


class AssessmentFramework(models.Model):
    """A versioned list of factors in sections, such as the Vulnerability Assessment
    Framework (2012). Loaded from a data file (`manage.py load_assessment_framework`,
    cases/framework_data.py); a partnership chooses, from a date, the one its new
    assessments use (FrameworkChoice)."""

    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    published_on = models.DateField(null=True, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    source_title = models.CharField(max_length=300, blank=True)
    # The default for a partnership that has chosen none.
    is_current = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="framework_version")]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class AssessmentSection(models.Model):
    """A part of a framework whose factors are assessed together: the 2012 framework's
    three dimensions (engagement, intent, capability), or whatever a later one has."""

    framework = models.ForeignKey(AssessmentFramework, on_delete=models.PROTECT, related_name="sections")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="framework_section_code")]

    def __str__(self) -> str:
        return self.name


class AssessmentFactor(models.Model):
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.PROTECT, related_name="factors")
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set for a factor a partnership added for itself.",
    )
    # Always a section of `framework`.
    section = models.ForeignKey(AssessmentSection, on_delete=models.PROTECT, related_name="factors")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["section__position", "position", "id"]

    def __str__(self) -> str:
        return self.name


class FrameworkChoice(models.Model):
    """From `starts_on`, the partnership's new assessments use `framework`. Choices are
    kept, never changed: the latest made for a day wins. Without one, the framework
    marked `is_current` is used."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["partnership", "starts_on"], name="framework_choice_from")]

    def __str__(self) -> str:
        return f"{self.framework} from {self.starts_on}"


class Finding(models.TextChoices):
    PRESENT = "present", "Present"
    NOT_PRESENT = "not_present", "Not present"
    NOT_KNOWN = "not_known", "Not known"


class VulnerabilityAssessment(models.Model):
    """One version of a referral's assessment. Versions are compared, never scored."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveSmallIntegerField()
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary_sealed = models.TextField(blank=True)
    management_plan_sealed = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    summary = Sealed(max_length=10000)
    management_plan = Sealed(max_length=10000)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["referral", "version"], name="assessment_version")]

    def __str__(self) -> str:
        return f"Assessment {self.version} of {self.referral_id}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


class FactorFinding(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(VulnerabilityAssessment, on_delete=models.CASCADE, related_name="findings")
    factor = models.ForeignKey(AssessmentFactor, on_delete=models.PROTECT, related_name="+")
    finding = models.CharField(max_length=12, choices=Finding.choices, default=Finding.NOT_KNOWN)
    evidence_sealed = models.TextField(blank=True)
    # Kept on the finding so the data key is reached without fetching the assessment.
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")

    evidence = Sealed(max_length=5000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "factor"], name="finding_factor")]

    def __str__(self) -> str:
        return f"{self.factor}: {self.get_finding_display()}"


# --- panels ------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CLOSED = "closed", "Closed: minutes final"


class Attendance(models.TextChoices):
    """Whether someone expected at a panel meeting was there; blank until recorded."""

    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class PanelMeeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    meets_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Whoever chairs this meeting if the chair cannot: someone with a panel role here.
    deputy_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The chair and the deputy chair take part whether or not they are invited; their
    # attendance is recorded on the meeting (cases.quorum).
    chair_attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True)
    deputy_chair_attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-meets_at"]
        indexes = [models.Index(fields=["partnership", "-meets_at"], name="meeting_recent")]

    def __str__(self) -> str:
        return f"Channel panel, {self.meets_at:%d %B %Y}"


class PanelInvitation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_invitations"
    )
    agency = models.CharField(max_length=200)
    invited_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True)
    # Someone who came in the member's place (a professional's name and role, kept plain
    # as the agency is); only when the member was not there themselves.
    deputy_name = models.CharField(max_length=200, blank=True)
    deputy_role = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["agency", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="invitation_member")]

    def __str__(self) -> str:
        return f"{self.member} ({self.agency})"

    @property
    def attended(self) -> bool | None:
        """Whether the member was there in person; None until recorded."""
        return None if not self.attendance else self.attendance == Attendance.PRESENT

    @property
    def represented(self) -> bool:
        """Whether a deputy came in the member's place."""
        return self.attendance != Attendance.PRESENT and bool(self.deputy_name.strip())

    def attendance_text(self) -> str:
        if self.withdrawn_at:
            return "Invitation withdrawn"
        if not self.attendance:
            return "Not recorded"
        text = self.get_attendance_display()
        if self.represented:
            deputy = self.deputy_name + (f", {self.deputy_role}" if self.deputy_role else "")
            text += f"; represented by {deputy}"
        return text


class PanelDecision(models.TextChoices):
    ADOPT = "adopt", "Adopt as a Channel case"
    NOT_ADOPT_SIGNPOST = "not_adopt_signpost", "Do not adopt: signpost to another service"
    NOT_ADOPT_NFA = "not_adopt_nfa", "Do not adopt: no further action"
    DEFER = "defer", "Defer to the next meeting"
    CONTINUE = "continue", "Continue support: progress reviewed"
    EXIT = "exit", "Exit: the vulnerability has been removed or significantly reduced"
    POST_EXIT_REVIEW = "post_exit_review", "Post-exit review held"
    CLOSE = "close", "Close the case now"
    KEEP_UNDER_REVIEW = "keep_under_review", "Keep under review: reconsider again later"
    CLOSE_NOT_GIVEN = "close_not_given", "Close the case: consent not given"


class AgendaPurpose(models.TextChoices):
    ADOPTION = "adoption", "Decide whether to adopt"
    SUPPORT_REVIEW = "support_review", "Review support"
    POST_EXIT_REVIEW = "post_exit_review", "Post-exit review"
    RECONSIDER = "reconsider", "Reconsider: consent not given"


# What a panel may decide for each purpose of a case's place on the agenda.
DECISIONS_FOR = {
    AgendaPurpose.ADOPTION: (
        PanelDecision.ADOPT,
        PanelDecision.NOT_ADOPT_SIGNPOST,
        PanelDecision.NOT_ADOPT_NFA,
        PanelDecision.DEFER,
    ),
    AgendaPurpose.SUPPORT_REVIEW: (PanelDecision.CONTINUE, PanelDecision.EXIT, PanelDecision.DEFER),
    AgendaPurpose.POST_EXIT_REVIEW: (
        PanelDecision.POST_EXIT_REVIEW,
        PanelDecision.CLOSE,
        PanelDecision.DEFER,
    ),
    AgendaPurpose.RECONSIDER: (
        PanelDecision.KEEP_UNDER_REVIEW,
        PanelDecision.CLOSE_NOT_GIVEN,
        PanelDecision.DEFER,
    ),
}


class AgendaItem(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="agenda")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    purpose = models.CharField(max_length=20, choices=AgendaPurpose.choices, default=AgendaPurpose.ADOPTION)
    decision = models.CharField(max_length=20, choices=PanelDecision.choices, blank=True)
    signposted_to = models.ForeignKey(
        SupportService, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reasons_sealed = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    reasons = Sealed(max_length=5000)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["meeting", "referral"], name="agenda_referral")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.referral}"

    def decision_choices(self) -> list[tuple[str, str]]:
        return [(d.value, d.label) for d in DECISIONS_FOR[AgendaPurpose(self.purpose)]]

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


class PanelAction(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    # The case's partnership, kept here so that open actions are found by index
    # (panel_action_open), however many the partnership's panels have agreed.
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    description_sealed = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note_sealed = models.TextField(blank=True)

    description = Sealed(max_length=1000)
    done_note = Sealed(max_length=5000)  # what was done, recorded when the action is closed

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["partnership", "due_on"],
                name="panel_action_open",
                condition=models.Q(done_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Action due {self.due_on}"

    data_key_path = "agenda_item__referral__data_key"

    @property
    def data_key(self) -> DataKey:
        return self.agenda_item.referral.data_key


# --- documents ---------------------------------------------------------------------------


class CaseDocument(models.Model):
    """A file kept with a referral. Its content and name are encrypted with the
    referral's data key and it is stored outside the web root under an opaque name."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="documents")
    stored_as = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    # No digest and no exact size in the clear: the size is sealed with the name, and the
    # file on disk is padded (lib.crypto.encrypt_bytes).
    name_sealed = models.TextField()
    description_sealed = models.TextField(blank=True)
    size_sealed = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    name = Sealed(max_length=255)
    description = Sealed(max_length=500)
    size = SealedNumber()  # in bytes

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"Document {self.uuid}"

    @property
    def data_key(self) -> DataKey:
        return self.referral.data_key


# --- chronology --------------------------------------------------------------------------


class EventKind(models.TextChoices):
    RECEIVED = "received", "Referral received"
    IDENTITY_LINKED = "identity_linked", "Linked to a person already known"
    IDENTITY_CONFIRMED = "identity_confirmed", "Confirmed as a new person"
    DECONFLICTED = "deconflicted", "Deconfliction recorded"
    GATEWAY_DECISION = "gateway_decision", "Gateway decision"
    SHARING = "sharing", "Information sharing"
    SHARING_ANSWERED = "sharing_answered", "Information sharing answered"
    ASSESSMENT = "assessment", "Vulnerability assessment"
    AGENDA = "agenda", "Put on a panel agenda"
    PANEL_DECISION = "panel_decision", "Panel decision"
    PANEL_ACTION = "panel_action", "Panel action"
    DOCUMENT = "document", "Document added"
    PERSON_UPDATED = "person_updated", "The person's details corrected"
    CONSENT = "consent", "Consent"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    INTERVENTION = "intervention", "Intervention agreed"
    INTERVENTION_ENDED = "intervention_ended", "Intervention ended"
    SESSION = "session", "Support session"
    REVIEW = "review", "Review"
    EXIT = "exit", "Exit from support"
    CLOSED = "closed", "Case closed"
    TRANSFER = "transfer", "Transfer"
    RETENTION = "retention", "Retention"
    ADDITION = "addition", "Further information from the referrer"
    SUPPORT_PLAN = "support_plan", "Support plan"
    SCREENING = "screening", "Gateway screening information"
    NATIONAL_REFERENCE = "national_reference", "National case-tracking reference"
    ALLOCATED = "allocated", "Allocated worker"
    ONWARD_REFERRAL = "onward_referral", "Onward referral"
    RETURNED_TO_POLICE = "returned_to_police", "Returned to the police"


class CaseEvent(models.Model):
    """One entry of a referral's chronology. Its summary never holds personal values."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["referral", "-occurred_at", "-id"], name="event_chronology")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"


def sealed_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
