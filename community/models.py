"""Engagement with communities (events, their head-counts, themes and follow-ups) and
communications campaigns with their reach. No attendee's personal data is recorded: an
event holds how many came, never who."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from accounts.models import Partnership
from govuk.links import uuid_url
from partners.models import Network, Organisation, Sector
from plans.models import Action

MAX_HEADCOUNT = 1_000_000
MAX_REACH = 1_000_000_000
TEXT_LIMIT = 5000


class ListEntry(models.Model):
    """An entry of one of the partnership's configurable lists. Each partnership gets the
    defaults when it is created (community.lists) and may add its own and retire any;
    records that use a retired entry keep it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    label = models.CharField("Name", max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["position", "label", "id"]

    def __str__(self) -> str:
        return self.label


class EventType(ListEntry):
    class Meta(ListEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["partnership", "label"], name="community_type_label")]


class Theme(ListEntry):
    class Meta(ListEntry.Meta):
        constraints = [models.UniqueConstraint(fields=["partnership", "label"], name="community_theme_label")]


class Channel(ListEntry):
    class Meta(ListEntry.Meta):
        constraints = [
            models.UniqueConstraint(fields=["partnership", "label"], name="community_channel_label")
        ]


class EngagementEvent(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+", db_index=False)
    held_on = models.DateField("Date")
    ends_on = models.DateField("End date", null=True, blank=True)
    starts_at = models.TimeField("Start time", null=True, blank=True)
    title = models.CharField("Title", max_length=200)
    event_type = models.ForeignKey(EventType, on_delete=models.PROTECT, related_name="+")
    venue = models.CharField("Venue or place", max_length=300, blank=True)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    networks = models.ManyToManyField(Network, blank=True, related_name="+")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+")
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    actions = models.ManyToManyField(Action, blank=True, related_name="+")
    headcount = models.PositiveIntegerField("Head-count", null=True, blank=True)
    feedback = models.TextField("Feedback summary", max_length=TEXT_LIMIT, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("held_on")),
                name="community_event_ends_after_start",
            )
        ]
        indexes = [
            # The list, latest first, and its pages (govuk.paging keys).
            models.Index(fields=["partnership", "-held_on", "-id"], name="community_event_list"),
            models.Index(
                fields=["partnership", "event_type", "-held_on", "-id"], name="community_event_type"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return uuid_url("community:event_detail", self.uuid)


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class FollowUp(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(EngagementEvent, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField("Follow-up", max_length=1000)
    due_on = models.DateField("Due date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    action = models.ForeignKey(Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="community_follow_up_due")]

    def __str__(self) -> str:
        return self.text


class CampaignKind(models.TextChoices):
    CAMPAIGN = "campaign", "Campaign"
    COUNTER_NARRATIVE = "counter_narrative", "Counter-narrative activity"


class Campaign(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+", db_index=False)
    title = models.CharField("Title", max_length=200)
    kind = models.CharField(
        "Kind", max_length=20, choices=CampaignKind.choices, default=CampaignKind.CAMPAIGN
    )
    channels = models.ManyToManyField(Channel, blank=True, related_name="+")
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+")
    audience = models.CharField("Audience", max_length=500, blank=True)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date", null=True, blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="+")
    notes = models.TextField("Notes", max_length=TEXT_LIMIT, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="community_campaign_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["partnership", "-starts_on", "-id"], name="community_campaign_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return uuid_url("community:campaign_detail", self.uuid)


class ReachMetric(models.TextChoices):
    IMPRESSIONS = "impressions", "Impressions"
    VIEWS = "views", "Views"
    PEOPLE_REACHED = "people_reached", "People reached"
    LEAFLETS = "leaflets", "Leaflets distributed"
    ENGAGEMENTS = "engagements", "Engagements (likes, shares, comments)"


class ReachEntry(models.Model):
    """A reach figure as of a date. Entries add up: each counts what was reached since the
    one before (a month's impressions, a batch of leaflets)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reach")
    recorded_on = models.DateField("Date")
    metric = models.CharField("Measure", max_length=20, choices=ReachMetric.choices)
    number = models.PositiveBigIntegerField("Number")

    class Meta:
        ordering = ["recorded_on", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.get_metric_display().lower()} on {self.recorded_on}"
