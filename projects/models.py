"""Commissioned projects of a partnership: who provides them, who funds them, their budget
profiled by financial quarter and the spend against it, their output targets and actuals,
outcomes, milestones and risks, and the quarterly monitoring returns sent to their funders.
Organisations' work, not personal data: nothing here is sealed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from accounts.models import Partnership
from govuk.links import uuid_url
from partners.models import Organisation
from plans.models import Action

TEXT_LENGTH = 5000
# The largest sum of money a quarter's budget or spend may hold, in pounds, and the most
# a quarter's output may count: bigger figures are typing mistakes.
MAX_MONEY = 100_000_000
MAX_COUNT = 10_000_000


class Funder(models.Model):
    """Who funds a project ("Home Office Prevent funding"): a list per partnership,
    seeded with defaults and kept by the coordinator."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("Name", max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="project_funder_name")]

    def __str__(self) -> str:
        return self.name


class ReturnSection(models.TextChoices):
    DETAILS = "details", "Project details"
    SPEND = "spend", "Budget and spend"
    OUTPUTS = "outputs", "Outputs"
    OUTCOMES = "outcomes", "Outcomes"
    MILESTONES = "milestones", "Milestones"
    RISKS = "risks", "Risks"
    NARRATIVE = "narrative", "Progress this quarter"


DEFAULT_SECTIONS = ",".join(ReturnSection.values)


class ReturnLayout(models.Model):
    """How a funder wants its return: which sections, in which order, under which
    headings, and the reference fields it asks for at the top (such as its programme
    name or the council's code)."""

    funder = models.OneToOneField(Funder, on_delete=models.CASCADE, related_name="layout")
    title = models.CharField("Title of the return", max_length=200, default="Quarterly monitoring return")
    # Section codes (ReturnSection) in the order they appear, separated by commas.
    sections = models.CharField(max_length=200, default=DEFAULT_SECTIONS)
    # {section code: heading} for the headings the funder words differently.
    headings = models.JSONField(default=dict, blank=True)
    # "Label: value" per line, printed at the top of every return to this funder.
    reference_fields = models.TextField(
        "Reference fields", blank=True, validators=[MaxLengthValidator(2000)], max_length=2000
    )

    def __str__(self) -> str:
        return f"Return layout of {self.funder}"

    def section_list(self) -> list[tuple[str, str]]:
        """(code, heading) of each section shown, in order."""
        known = dict(ReturnSection.choices)
        shown: list[tuple[str, str]] = []
        for code in self.sections.split(","):
            if code in known and code not in dict(shown):
                shown.append((code, str(self.headings.get(code) or known[code])))
        return shown

    def reference_list(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.reference_fields.splitlines():
            label, _, value = line.partition(":")
            if label.strip():
                rows.append((label.strip(), value.strip()))
        return rows


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"


class Project(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("Title", max_length=300)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="projects")
    grant_reference = models.CharField("Grant reference", max_length=60, blank=True)
    start_on = models.DateField("Start date")
    end_on = models.DateField("End date")
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE)
    description = models.TextField(
        "Description", blank=True, max_length=TEXT_LENGTH, validators=[MaxLengthValidator(TEXT_LENGTH)]
    )
    # The plan row of kind "commissioned project" this project delivers: at most one each.
    action = models.OneToOneField(Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["partnership", "title", "id"], name="project_title"),
            models.Index(fields=["provider", "title", "id"], name="project_provider"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return uuid_url("projects:project_detail", self.uuid)


class ProjectQuarter(models.Model):
    """One financial quarter of a project (`quarter` is its first day): the budget
    profiled for it and the spend recorded."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="quarters")
    quarter = models.DateField()
    budget = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    spend = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["quarter"]
        constraints = [models.UniqueConstraint(fields=["project", "quarter"], name="project_quarter_once")]

    def __str__(self) -> str:
        return f"{self.project} from {self.quarter}"


class Output(models.Model):
    """Something the project promises to deliver ("25 x 2 hour training sessions"), with a
    target for the whole project and, where profiled, per quarter."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    description = models.CharField("Output", max_length=300)
    target_total = models.PositiveIntegerField("Target for the whole project", null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class OutputQuarter(models.Model):
    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="quarters")
    quarter = models.DateField()
    target = models.PositiveIntegerField(null=True, blank=True)
    actual = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["quarter"]
        constraints = [
            models.UniqueConstraint(fields=["output", "quarter"], name="project_output_quarter_once")
        ]

    def __str__(self) -> str:
        return f"{self.output} from {self.quarter}"


class Outcome(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    description = models.CharField("Outcome", max_length=300)
    target = models.CharField("Target", max_length=300, blank=True)
    result = models.TextField(
        "Result so far", blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"


class Milestone(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("Milestone", max_length=300)
    due_on = models.DateField("Due date")
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    completed_on = models.DateField("Date completed", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Level(models.TextChoices):
    """How likely a risk is, or how much it would matter: words, never scores."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField("Risk", max_length=500)
    likelihood = models.CharField(max_length=10, choices=Level.choices)
    impact = models.CharField(max_length=10, choices=Level.choices)
    mitigation = models.TextField(
        "Mitigation", blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class ProjectProvider(models.Model):
    """A user holding the project provider role who reports for an organisation's
    projects, and sees those projects and nothing else of the partnership here."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="project_provider_once")]

    def __str__(self) -> str:
        return f"{self.user} reports for {self.organisation}"


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "Sent for review"
    SENT_BACK = "sent_back", "Sent back"
    SUBMITTED = "submitted", "Submitted"


class MonitoringReturn(models.Model):
    """A project's return for one financial quarter. Until submitted it reads the
    project's records as they are; submitting stores `snapshot`, what was reported, which
    later edits to the records do not change."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="returns")
    quarter = models.DateField()
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    progress = models.TextField("Progress this quarter", blank=True, max_length=TEXT_LENGTH)
    issues = models.TextField("Issues and how they are being dealt with", blank=True, max_length=TEXT_LENGTH)
    next_quarter = models.TextField("Plans for next quarter", blank=True, max_length=TEXT_LENGTH)
    review_comment = models.TextField("Comment", blank=True, max_length=2000)
    snapshot = models.JSONField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-quarter"]
        constraints = [models.UniqueConstraint(fields=["project", "quarter"], name="project_return_once")]
        indexes = [models.Index(fields=["project", "status", "quarter"], name="project_return_status")]

    def __str__(self) -> str:
        return f"Return of {self.project} for the quarter from {self.quarter}"

    def get_absolute_url(self) -> str:
        return uuid_url("projects:return_detail", self.uuid)

    @property
    def locked(self) -> bool:
        return self.status == ReturnStatus.SUBMITTED
