from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from accounts.models import Partnership
from govuk.links import uuid_url

# Objectives and actions are ordered by a single integer so that a plan's action
# table is one indexed range scan: objective position, area-of-focus position and
# action position, each given three decimal digits.
SLOT = 1000
MAX_POSITION = SLOT - 1

# The longest a piece of free text may be, in characters. Text fields carry theirs as a
# validator (a limit, not a column type, so no schema change); the forms, the import's
# columns and the action functions read every limit through text_limit, so they agree.
# Actions' long texts take what imports have always taken.
SUMMARY_LENGTH = 5000
ACTION_TEXT_LENGTH = 10_000
COMMENTARY_LENGTH = 5000


def text_limit(model: type[models.Model], name: str) -> int:
    """The longest text the model's field `name` takes."""
    field = model._meta.get_field(name)
    limit = getattr(field, "max_length", None)
    for validator in getattr(field, "validators", ()):
        if isinstance(validator, MaxLengthValidator):
            limit = min(limit or validator.limit_value, validator.limit_value)
    if not limit:
        raise LookupError(f"{model.__name__}.{name} has no length limit")
    return int(limit)


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


class NationalObjective(models.TextChoices):
    PREVENT_2011_IDEOLOGY = "prevent2011_ideology", "Prevent 2011: respond to the ideological challenge"
    PREVENT_2011_SUPPORT = "prevent2011_support", "Prevent 2011: prevent people being drawn into terrorism"
    PREVENT_2011_SECTORS = "prevent2011_sectors", "Prevent 2011: work with sectors and institutions"
    PREVENT_2023_IDEOLOGY = "prevent2023_ideology", "Prevent 2023: tackle the ideological causes of terrorism"
    PREVENT_2023_INTERVENE = "prevent2023_intervene", "Prevent 2023: intervene early"
    PREVENT_2023_REHABILITATE = (
        "prevent2023_rehabilitate",
        "Prevent 2023: enable disengagement and rehabilitation",
    )
    CONTEST_PURSUE = "contest_pursue", "CONTEST: Pursue"
    CONTEST_PREVENT = "contest_prevent", "CONTEST: Prevent"
    CONTEST_PROTECT = "contest_protect", "CONTEST: Protect"
    CONTEST_PREPARE = "contest_prepare", "CONTEST: Prepare"


class ActionKind(models.TextChoices):
    ACTION = "action", "Action"
    PROJECT = "project", "Commissioned project"


class Strategy(models.Model):
    """A partnership's strategy or delivery plan for a period."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="strategies")
    title = models.CharField(max_length=300)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT)
    source = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where the plan comes from, such as the committee report it was agreed in.",
    )
    summary = models.TextField(blank=True, validators=[MaxLengthValidator(SUMMARY_LENGTH)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "strategies"
        ordering = ["-period_start", "title"]
        indexes = [
            models.Index(fields=["partnership", "status", "-period_start"], name="strategy_partnership")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return uuid_url("plans:strategy_detail", self.uuid)


class Objective(models.Model):
    """A priority or objective of a strategy; with a parent, an area of focus within it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="objectives")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="areas_of_focus"
    )
    position = models.PositiveSmallIntegerField()
    sort_key = models.BigIntegerField()
    reference = models.CharField(
        max_length=60, blank=True, help_text="For example, Objective 1 or Priority 2."
    )
    title = models.CharField(max_length=600)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(SUMMARY_LENGTH)])

    class Meta:
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "sort_key"], name="objective_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}" if self.reference else self.title

    @property
    def is_area_of_focus(self) -> bool:
        return self.parent_id is not None


class Action(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Denormalised from the strategy so partnership-wide lists need no join. Both keys
    # are served by the composite indexes below, which also give the table's order.
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+", db_index=False)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions", db_index=False)
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=10, choices=ActionKind.choices, default=ActionKind.ACTION)
    position = models.PositiveSmallIntegerField()
    sort_key = models.BigIntegerField()
    reference = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=600)
    description = models.TextField(blank=True, validators=[MaxLengthValidator(ACTION_TEXT_LENGTH)])
    outcomes = models.TextField(blank=True, validators=[MaxLengthValidator(ACTION_TEXT_LENGTH)])
    outputs = models.TextField(
        blank=True, help_text="One output per line.", validators=[MaxLengthValidator(ACTION_TEXT_LENGTH)]
    )
    target_date = models.DateField(null=True, blank=True)
    timescale = models.CharField(
        max_length=200, blank=True, help_text="As the plan words it, such as Ongoing."
    )
    lead_officer = models.CharField(max_length=300, blank=True)
    lead_agency = models.CharField(max_length=300, blank=True)
    partners = models.TextField(blank=True, validators=[MaxLengthValidator(ACTION_TEXT_LENGTH)])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        help_text="The Prevent Hub user who updates this action.",
    )
    recommendation = models.CharField(max_length=200, blank=True)
    national_objective = models.CharField(max_length=30, choices=NationalObjective.choices, blank=True)
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    last_update_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_key"]
        constraints = [models.UniqueConstraint(fields=["strategy", "sort_key"], name="action_unique_order")]
        indexes = [
            models.Index(fields=["partnership", "strategy", "sort_key"], name="action_partnership_order"),
            models.Index(fields=["owner"], name="action_owner"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return uuid_url("plans:action_detail", self.uuid)

    def output_list(self) -> list[str]:
        return [line.strip(" •-\t") for line in self.outputs.splitlines() if line.strip(" •-\t")]


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # The stored name never includes the uploaded one, which may hold personal data.
    return f"evidence/{instance.uuid.hex[:2]}/{instance.uuid.hex}"


class ProgressUpdate(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    update_date = models.DateField(help_text="The date the update describes progress at.")
    rag = models.CharField(max_length=10, choices=Rag.choices)
    commentary = models.TextField(validators=[MaxLengthValidator(COMMENTARY_LENGTH)])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField(default=False, help_text="Invented for the demonstration.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-update_date", "-id"]
        indexes = [models.Index(fields=["action", "-update_date", "-id"], name="update_action_recent")]

    def __str__(self) -> str:
        return f"{self.get_rag_display()} on {self.update_date:%d %b %Y}"


class EvidenceFile(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class MeasurePeriod(models.TextChoices):
    """What period a measure counts over (plans.measures.period_of reads them)."""

    PLAN = "plan", "The plan's period"
    DATES = "dates", "Dates you choose"
    QUARTER = "quarter", "This quarter (April to June, July to September, and so on)"
    TERM = (
        "term",
        "This school term (autumn: September to December, spring: January to March, summer: April to August)",
    )
    YEAR = "year", "This financial year (April to March)"


class ActionMeasure(models.Model):
    """A figure an action's output is measured by: a source offered by an app
    (govuk.measures), its parameters, a target and a period, and the value last computed,
    with when. The value is stored, not computed for each page: the page says when it was
    computed, a button recalculates it and `manage.py recalculate_measures` runs daily."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="measures")
    source = models.CharField("Figure", max_length=60)
    params = models.JSONField(default=dict, blank=True)
    label = models.CharField(
        "What it counts, in your words",
        max_length=200,
        blank=True,
        help_text="For example, Youth Service staff WRAP trained.",
    )
    target = models.DecimalField("Target", max_digits=12, decimal_places=1, null=True, blank=True)
    period = models.CharField(
        "Period", max_length=10, choices=MeasurePeriod.choices, default=MeasurePeriod.PLAN
    )
    period_start = models.DateField("Period starts", null=True, blank=True)
    period_end = models.DateField("Period ends", null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=1, null=True, blank=True)
    numerator = models.PositiveBigIntegerField(null=True, blank=True)
    denominator = models.PositiveBigIntegerField(null=True, blank=True)
    description = models.CharField(max_length=1000, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "id"]

    def __str__(self) -> str:
        return self.label or self.source
