"""Training: courses, the sessions that deliver them, the completions that count, and the
rules that say who must complete what by when. The people trained are the partners app's
contacts (partners.models.Contact: work details only), so nothing here is sealed.

Training builds on the register of partner organisations (partners): a completion belongs
to a person at an organisation, and a rule's audience is a sector, an organisation, a staff
group or a network."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.digests import Delivery
from accounts.models import Partnership
from govuk.links import uuid_url
from partners.models import Contact, Network, Organisation, Sector, StaffGroup


class CourseKind(models.TextChoices):
    ELEARNING = "elearning", "E-learning"
    FACE_TO_FACE = "face_to_face", "Face-to-face workshop"
    BRIEFING = "briefing", "Briefing"


class Course(models.Model):
    """A course: the seeded national ones (partnership empty) serve every partnership, and a
    partnership may add its own. `validity_months` is how long a completion counts before a
    refresher is due; empty means it does not expire."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code = models.SlugField(max_length=60)
    title = models.CharField("Title", max_length=200)
    kind = models.CharField("Kind", max_length=20, choices=CourseKind.choices)
    provider = models.CharField("Provided by", max_length=200, blank=True)
    description = models.CharField("Description", max_length=2000, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        "Valid for (months)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="training_course_code")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return uuid_url("training:course_detail", self.uuid)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    """One delivery of a course: attendance is by person (SessionPlace), or, for a briefing
    to a large audience, a head-count only."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField("Starts")
    venue = models.CharField("Venue", max_length=300, blank=True)
    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_sessions"
    )
    trainer = models.CharField("Trainer", max_length=200, blank=True)
    trainer_accreditation = models.CharField(
        "Trainer's facilitator accreditation", max_length=200, blank=True
    )
    trainer_accreditation_expires = models.DateField("Accreditation expires", null=True, blank=True)
    capacity = models.PositiveIntegerField("Places", null=True, blank=True)
    headcount = models.PositiveIntegerField("Head-count", null=True, blank=True)
    # A briefing to a large audience counts heads (`headcount`) and books no one.
    headcount_only = models.BooleanField("Head-count only", default=False)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "id"]
        indexes = [models.Index(fields=["partnership", "starts_at"], name="training_session_when")]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return uuid_url("training:session_detail", self.uuid)


class PlaceStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    ABSENT = "absent", "Did not attend"


class SessionPlace(models.Model):
    """A person booked on a session; attending it records their completion."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="places")
    person = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.BOOKED)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="training_place_once")]

    def __str__(self) -> str:
        return f"{self.person} at {self.session}"


class CompletionSource(models.TextChoices):
    SESSION = "session", "Attended a session"
    IMPORT = "import", "Imported from a file"
    RECORDED = "recorded", "Recorded by hand"
    API = "api", "Sent by a partner system"


class Completion(models.Model):
    """A person completed a course on a date. One row per person, course and date, so that
    importing the same file twice changes nothing."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of their own: the indexes below lead with them, and each index costs a
    # bulk import (training/importing.py) time on every row.
    #
    # Only `person` is a foreign-key constraint in the database. PostgreSQL checks a
    # constraint row by row (at commit, one look-up each): for a million imported rows
    # the one on the course cost about 4.5 CPU seconds, those on the partnership and the
    # session (null in every imported row) about 3 together, a sixth of the import. The others
    # need no check of their own: a completion's partnership is its person's (every
    # writer sets it so, and the person's row holds the partnership by its own
    # constraint); courses are never deleted, only deactivated (and PROTECT refuses a
    # delete through Django); a session's deletion sets its completions' session to
    # null through Django, and imported completions have none. Django still follows
    # all four relations on delete.
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    person = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="completions", db_index=False)
    # Indexed by training_completion_course below: nothing reads completions by course
    # across partnerships.
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    completed_on = models.DateField("Date completed")
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
        db_index=False,  # indexed below where set: an imported completion has none
        db_constraint=False,
    )
    source = models.CharField(max_length=10, choices=CompletionSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "completed_on"], name="training_completion_once"
            )
        ]
        indexes = [
            models.Index(fields=["partnership", "course", "completed_on"], name="training_completion_course"),
            models.Index(
                fields=["session"],
                condition=models.Q(session__isnull=False),
                name="training_completion_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} completed {self.course} on {self.completed_on}"


class ConfidenceQuestion(models.Model):
    """A question asked before and after a session ("How confident are you that you would
    recognise ...?"), answered on a scale of 1 to 5; seeded, and a partnership may add its own."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Moment(models.TextChoices):
    BEFORE = "before", "Before the session"
    AFTER = "after", "After the session"


class ConfidenceTally(models.Model):
    """How many at a session answered a confidence question with each score, before or after:
    counts only, never who answered what, so the answers are reported in aggregate only."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="confidence")
    question = models.ForeignKey(ConfidenceQuestion, on_delete=models.PROTECT, related_name="+")
    moment = models.CharField(max_length=10, choices=Moment.choices)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "question", "moment", "score"], name="training_confidence_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} scored {self.score} {self.moment}"


class AudienceKind(models.TextChoices):
    SECTOR = "sector", "Everyone in a sector"
    ORGANISATION = "organisation", "Everyone at an organisation (and the organisations under it)"
    STAFF_GROUP = "staff_group", "A staff group"
    NETWORK = "network", "Members of a network"


class RequirementRule(models.Model):
    """Who must complete what, by when: an audience, any of a set of courses, due within
    N months of starting, a refresher every M months, and a target percentage."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Name", max_length=200)
    audience = models.CharField("Who it applies to", max_length=20, choices=AudienceKind.choices)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff_group = models.ForeignKey(
        StaffGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    network = models.ForeignKey(Network, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    courses = models.ManyToManyField(Course, related_name="+")
    due_within_months = models.PositiveSmallIntegerField(
        "Due within (months of starting)", validators=[MaxValueValidator(120)]
    )
    refresher_months = models.PositiveSmallIntegerField(
        "Refresher every (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    target_percent = models.PositiveSmallIntegerField(
        "Target (%)", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="training_rule_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return uuid_url("training:rule_detail", self.uuid)


class ComplianceEntry(models.Model):
    """The summary compliance is read from: one row per requirement rule and person in its
    audience, holding the dates that decide the person's status (training.compliance).
    Status depends on today's date, so it is not stored; the dates are, and pages compare
    them with today. Kept in step by training.compliance.refresh_people, refresh_rule and
    refresh_organisations, in the transaction of the change that moves them."""

    # Not indexed alone: the constraint and the index below lead with it.
    rule = models.ForeignKey(RequirementRule, on_delete=models.CASCADE, related_name="+", db_index=False)
    person = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    # Copied from the person and their organisation, so the counts group without a join.
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="+")
    # The latest completion of any of the rule's courses, and the day it stops counting
    # (null: it never does, the rule having no refresher).
    completed_on = models.DateField(null=True)
    expires_on = models.DateField(null=True)
    # The day by which the person must (again) complete one of the courses; null when a
    # completion that never expires is held.
    due_on = models.DateField(null=True)
    # A person who has left stops counting from this day.
    left_on = models.DateField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "person"], name="training_compliance_once")]
        indexes = [
            # The pages count a rule's rows by organisation from this index alone (an
            # index-only scan, in organisation order): it holds every column they compare.
            models.Index(
                fields=["rule", "organisation", "completed_on", "expires_on", "due_on", "left_on"],
                name="training_compliance_counts",
            ),
            models.Index(fields=["person"], name="training_compliance_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} under rule {self.rule_id}"


# --- importing completions (training/importing.py) ---------------------------------------


class ImportLayout(models.Model):
    """A saved column layout for completion imports: which heading of a source's file
    (an e-learning certificate export, a learning system's report) feeds which field
    (training.importing.FIELDS), reused for each file from that source."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Name", max_length=100)
    columns = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="training_layout_name")]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Waiting for its columns"
    QUEUED = "queued", "Waiting to start"
    CHECKING = "checking", "Checking rows"
    SAVING = "saving", "Saving"
    DONE = "done", "Imported"
    REFUSED = "refused", "Not imported"


class ImportBatch(models.Model):
    """One file of completions, from upload to its result. The file itself is kept in
    storage (`stored_name`) only until it has been read; the problems found are kept as
    the first ones here and all of them in a CSV file in storage (`error_file`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    stored_name = models.CharField(max_length=300, blank=True)
    headings = models.JSONField(default=list)
    columns = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    background = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    completions_added = models.PositiveIntegerField(default=0)
    people_added = models.PositiveIntegerField(default=0)
    already_recorded = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    error_file = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "created_at"], name="training_import_when")]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return uuid_url("training:import_detail", self.uuid)


class DigestDelivery(Delivery):
    """One training digest e-mail sent: written in the same transaction as the sending and
    its audit event, and unique, so a digest run again on the same day (its worker killed
    halfway, or queued twice) sends only the e-mails not yet sent, and none twice
    (accounts.digests.send_once)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "partnership", "day"], name="one_training_digest_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Training digest of {self.day} to user {self.recipient_id}"
