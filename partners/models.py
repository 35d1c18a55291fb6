"""Partner organisations of a partnership: the register of who the partnership works
with. Organisation data is not personal data, so nothing here is sealed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from accounts.models import Partnership
from govuk.links import uuid_url


class Sector(models.Model):
    """A sector an organisation belongs to; the seeded rows serve every partnership, and a
    partnership may add its own (like the Channel lists, cases.models.ListEntry)."""

    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "label"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="partner_sector_code")]

    def __str__(self) -> str:
        return self.label


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Name", max_length=200)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+")
    address = models.CharField("Address", max_length=500, blank=True)
    postcode = models.CharField("Postcode", max_length=10, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    status = models.CharField(
        max_length=10, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    # The Department for Education's unique reference number, or any other register's.
    urn = models.CharField("URN", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "urn"], condition=~models.Q(urn=""), name="partner_organisation_urn"
            )
        ]
        indexes = [models.Index(fields=["partnership", "name", "id"], name="partner_org_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return uuid_url("partners:organisation_detail", self.uuid)


class StaffGroup(models.Model):
    """A group of staff counted at an organisation (the denominators of compliance)."""

    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="partner_staff_group_code")
        ]

    def __str__(self) -> str:
        return self.label


MAX_STAFF = 1_000_000


class StaffCount(models.Model):
    """How many staff of a group an organisation had on a date; later rows do not replace
    earlier ones, so a rate can use the count of its time."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staff_counts")
    staff_group = models.ForeignKey(StaffGroup, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    counted_on = models.DateField("Date counted")

    class Meta:
        ordering = ["-counted_on", "staff_group__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "staff_group", "counted_on"], name="partner_staff_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.staff_group} on {self.counted_on}"


# --- people and networks -------------------------------------------------------------------


class ContactRole(models.Model):
    """A role a contact holds, such as Prevent lead; seeded for every partnership, and a
    partnership may add its own."""

    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="partner_contact_role_code")
        ]

    def __str__(self) -> str:
        return self.label


class Contact(models.Model):
    """Someone at an organisation, with work details only (never home details): a contact
    of the partnership, and the person the training records count (training.Completion).
    A work e-mail address names one person in a partnership, so imports match by it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The organisation's partnership, kept beside it so that a person is found by e-mail
    # in one index and compliance counts need no join.
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("Name", max_length=200)
    job_title = models.CharField("Job title", max_length=200, blank=True)
    email = models.EmailField("Work email address", max_length=254, blank=True)
    phone = models.CharField("Work phone number", max_length=40, blank=True)
    roles = models.ManyToManyField(ContactRole, blank=True, related_name="+")
    staff_group = models.ForeignKey(
        StaffGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When they started in the post (or were appointed, for an elected member): a
    # requirement due "within N months of starting" counts from here.
    started_on = models.DateField("Date started", null=True, blank=True)
    # A leaver stays on record (their completions are history) but no longer counts.
    left_on = models.DateField("Date left", null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "partnership", condition=~models.Q(email=""), name="partner_contact_email"
            )
        ]
        indexes = [models.Index(fields=["organisation", "staff_group"], name="partner_contact_group")]

    def __str__(self) -> str:
        return self.name


class PartnerLead(models.Model):
    """A user who leads on Prevent for an organisation (its Prevent lead or designated
    safeguarding lead) and, holding the partner lead role, sees that organisation's record,
    staff and sessions, and nothing of other organisations' people."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="leads")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="partner_lead_once")]

    def __str__(self) -> str:
        return f"{self.user} leads {self.organisation}"


class Network(models.Model):
    """A group the partnership convenes, such as its Faith Network."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Name", max_length=200)
    description = models.CharField("Description", max_length=2000, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="partner_network_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return uuid_url("partners:network_detail", self.uuid)


class NetworkMember(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="memberships")
    joined = models.DateField("Date joined")
    left = models.DateField("Date left", null=True, blank=True)

    class Meta:
        ordering = ["joined", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left__isnull=True) | models.Q(left__gte=models.F("joined")),
                name="partner_member_left_after_joined",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} in {self.network}"


class ColumnMapping(models.Model):
    """A saved column layout for imports: which heading of a file feeds which field of an
    organisation (partners.importing.FIELDS), reused for each file of that layout."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Name", max_length=100)
    columns = models.JSONField(default=dict)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="partner_mapping_name")]

    def __str__(self) -> str:
        return self.name


# --- Prevent duty checks --------------------------------------------------------------------


class CheckItem(models.Model):
    """One line of the Prevent duty checklist, such as "IT filtering and monitoring", and
    the sectors it applies to. Seeded for every partnership (`partnership` null); a
    partnership may add its own and retire them."""

    code = models.SlugField(max_length=60)
    label = models.CharField("Check", max_length=200)
    hint = models.CharField("What to look for", max_length=500, blank=True)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sectors = models.ManyToManyField(Sector, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "label", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="partner_check_item_code")
        ]

    def __str__(self) -> str:
        return self.label


class CheckItemOverride(models.Model):
    """A partnership's setting for a seeded check: `active` False switches the check off for
    that partnership (it is no longer offered or counted in its register of gaps) without
    touching the seed every partnership shares. Switched on again, the row stays with
    `active` True."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(CheckItem, on_delete=models.CASCADE, related_name="overrides")
    active = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "item"], name="partner_check_override_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} {'on' if self.active else 'off'} for {self.partnership_id}"


class CheckStatus(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


def check_evidence_path(instance: DutyCheck, filename: str) -> str:
    # The stored name never includes the uploaded one, which may hold personal data.
    return f"checks/{instance.uuid.hex[:2]}/{instance.uuid.hex}"


class DutyCheck(models.Model):
    """One check of one item at one organisation. A new check adds a row; the one with the
    latest date checked (then the newest) is `current` and counts in the register."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(CheckItem, on_delete=models.PROTECT, related_name="checks")
    status = models.CharField(max_length=20, choices=CheckStatus.choices)
    checked_on = models.DateField("Date checked")
    next_due_on = models.DateField("Next check due", null=True, blank=True)
    notes = models.TextField("Notes", max_length=2000, blank=True)
    evidence = models.FileField(upload_to=check_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(default=0)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    current = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item"],
                condition=models.Q(current=True),
                name="partner_check_current",
            )
        ]
        indexes = [models.Index(fields=["item", "current", "status"], name="partner_check_item_status")]

    def __str__(self) -> str:
        return f"{self.item} at {self.organisation}: {self.get_status_display()}"
