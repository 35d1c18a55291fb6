from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import Q

from accounts.access import Viewer
from community import access
from community.actions import EARLIEST, latest_date
from community.models import (
    MAX_HEADCOUNT,
    MAX_REACH,
    Campaign,
    CampaignKind,
    Channel,
    EngagementEvent,
    EventType,
    FollowUp,
    ReachMetric,
    Theme,
)
from govuk.forms import DateField
from partners.models import Network, Organisation, Sector
from plans.forms import free_text
from plans.models import Action

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
# An action's title in a list of checkboxes: enough to tell it apart.
ACTION_LABEL = 120


def _date(label: str, example: str, *, required: bool = True) -> DateField:
    return DateField(
        label=label, hint_example=example, earliest=EARLIEST, latest=latest_date, required=required
    )


def _many(label: str, *, hint: str = "", noun: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Sector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=hint,
        error_messages={
            "invalid_choice": f"Choose {noun} from the list",
            "invalid_pk_value": f"Choose {noun} from the list",
        },
    )


def action_choices(
    viewer: Viewer, kept: list[Action] | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The partnership's plan actions, grouped under their plan, newest plan first."""
    groups: dict[str, list[tuple[str, str]]] = {}
    rows = access.plan_actions(viewer)
    for action in rows:
        label = f"{action.reference} {action.title}".strip()
        if len(label) > ACTION_LABEL:
            label = label[: ACTION_LABEL - 1] + "…"
        groups.setdefault(action.strategy.title, []).append((str(action.uuid), label))
    return list(groups.items())


def chosen_actions(viewer: Viewer, values: list[str]) -> list[Action]:
    return list(access.plan_actions(viewer).filter(uuid__in=values)) if values else []


class _Actions(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="Plan actions it delivers",
            required=False,
            error_messages={"invalid_choice": "Select plan actions from the list"},
            **kwargs,
        )


def _time(value: str) -> dt.time | None:
    value = value.strip()
    if not value:
        return None
    match = _TIME.match(value)
    if not match:
        raise forms.ValidationError("Enter the time in 24-hour form, like 18:30")
    return dt.time(int(match.group(1)), int(match.group(2)))


class EventForm(forms.Form):
    title = free_text(
        EngagementEvent, "title", label="Title", required=True, required_message="Enter the event's title"
    )
    event_type = forms.ModelChoiceField(
        label="Type of event",
        queryset=EventType.objects.none(),
        empty_label="Select a type",
        error_messages={
            "required": "Select the type of event",
            "invalid_choice": "Select a type from the list",
        },
    )
    held_on = _date("Date", "17 6 2026")
    ends_on = _date("End date", "18 6 2026", required=False)
    starts_at = forms.CharField(
        label="Start time",
        required=False,
        max_length=8,
        help_text="24-hour clock, for example 18:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    venue = free_text(EngagementEvent, "venue", label="Venue or place")
    headcount = forms.IntegerField(
        label="Head-count",
        required=False,
        min_value=0,
        max_value=MAX_HEADCOUNT,
        help_text="How many people came. Nothing about who they were is recorded.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter the head-count as a whole number, like 50",
            "min_value": "The head-count must be 0 or more",
            "max_value": f"The head-count must be {MAX_HEADCOUNT:,} or fewer",
        },
    )
    themes = _many("Themes", noun="themes")
    organisations = _many(
        "Organisations involved", noun="organisations", hint="From the register of organisations."
    )
    networks = _many("Networks involved", noun="networks")
    sectors = _many("Audience sectors", noun="sectors")
    actions = _Actions()
    feedback = free_text(
        EngagementEvent,
        "feedback",
        label="Feedback summary",
        rows=6,
        hint="What was said and asked, in summary. Do not name attendees",
    )

    def __init__(self, *args: Any, viewer: Viewer, event: EngagementEvent | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        kept_type = Q(pk=event.event_type_id) if event else Q(pk__in=[])
        self.fields["event_type"].queryset = EventType.objects.filter(  # type: ignore[attr-defined]
            Q(partnership=viewer.partnership, active=True) | kept_type
        )
        kept_themes = Q(pk__in=event.themes.values("pk")) if event else Q(pk__in=[])
        self.fields["themes"].queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            Q(partnership=viewer.partnership, active=True) | kept_themes
        )
        self.fields["organisations"].queryset = access.organisations(viewer).only("uuid", "name")  # type: ignore[attr-defined]
        self.fields["organisations"].to_field_name = "uuid"  # type: ignore[attr-defined]
        self.fields["networks"].queryset = access.networks(viewer)  # type: ignore[attr-defined]
        self.fields["networks"].to_field_name = "uuid"  # type: ignore[attr-defined]
        self.fields["sectors"].queryset = access.sectors(viewer)  # type: ignore[attr-defined]
        self.fields["actions"].choices = action_choices(viewer)  # type: ignore[attr-defined]
        self.viewer = viewer

    def clean_starts_at(self) -> dt.time | None:
        return _time(self.cleaned_data["starts_at"])

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["actions"] = chosen_actions(self.viewer, data["actions"])
        for name in ("themes", "organisations", "networks", "sectors"):
            data[name] = list(data[name])
        return data

    @staticmethod
    def initial_for(event: EngagementEvent) -> dict[str, Any]:
        return {
            "title": event.title,
            "event_type": event.event_type_id,
            "held_on": event.held_on,
            "ends_on": event.ends_on,
            "starts_at": f"{event.starts_at:%H:%M}" if event.starts_at else "",
            "venue": event.venue,
            "headcount": event.headcount,
            "themes": list(event.themes.all()),
            "organisations": list(event.organisations.all()),
            "networks": list(event.networks.all()),
            "sectors": list(event.sectors.all()),
            "actions": [str(uuid) for uuid in event.actions.values_list("uuid", flat=True)],
            "feedback": event.feedback,
        }


class FollowUpForm(forms.Form):
    text = free_text(
        FollowUp, "text", label="Follow-up", rows=3, required=True, required_message="Enter the follow-up"
    )
    due_on = _date("Due date", "30 9 2026", required=False)
    action = forms.ChoiceField(
        label="Plan action it feeds",
        required=False,
        error_messages={"invalid_choice": "Select an action from the list"},
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "No plan action"), *action_choices(viewer)]  # type: ignore[attr-defined]
        self.viewer = viewer

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        found = chosen_actions(self.viewer, [data["action"]] if data["action"] else [])
        data["action"] = found[0] if found else None
        return data


class EventFilter(forms.Form):
    is_filter = True
    start = _date("From", "1 4 2025", required=False)
    end = _date("To", "31 3 2026", required=False)
    event_type = forms.ModelChoiceField(
        label="Type", queryset=EventType.objects.none(), required=False, empty_label="Any type"
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.none(), required=False, empty_label="Any theme"
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label="Any organisation",
    )
    network = forms.ModelChoiceField(
        label="Network",
        queryset=Network.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label="Any network",
    )
    sector = forms.ModelChoiceField(
        label="Audience sector", queryset=Sector.objects.none(), required=False, empty_label="Any sector"
    )
    action = forms.ChoiceField(label="Plan action", required=False)

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].queryset = EventType.objects.filter(partnership=viewer.partnership)  # type: ignore[attr-defined]
        self.fields["theme"].queryset = Theme.objects.filter(partnership=viewer.partnership)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = access.organisations(viewer).only("uuid", "name")  # type: ignore[attr-defined]
        self.fields["network"].queryset = access.networks(viewer)  # type: ignore[attr-defined]
        self.fields["sector"].queryset = access.sectors(viewer)  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", "Any or none"), *action_choices(viewer)]  # type: ignore[attr-defined]


class CampaignForm(forms.Form):
    title = free_text(
        Campaign, "title", label="Title", required=True, required_message="Enter the campaign's title"
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=CampaignKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of activity",
            "invalid_choice": "Select the kind of activity",
        },
    )
    starts_on = _date("Start date", "1 9 2026")
    ends_on = _date("End date", "30 11 2026", required=False)
    channels = _many("Channels", noun="channels")
    sectors = _many("Audience sectors", noun="sectors")
    audience = free_text(Campaign, "audience", label="Audience", hint="Who it is for, in words")
    actions = _Actions()
    notes = free_text(Campaign, "notes", label="Notes", rows=5)

    def __init__(self, *args: Any, viewer: Viewer, campaign: Campaign | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        kept = Q(pk__in=campaign.channels.values("pk")) if campaign else Q(pk__in=[])
        self.fields["channels"].queryset = Channel.objects.filter(  # type: ignore[attr-defined]
            Q(partnership=viewer.partnership, active=True) | kept
        )
        self.fields["sectors"].queryset = access.sectors(viewer)  # type: ignore[attr-defined]
        self.fields["actions"].choices = action_choices(viewer)  # type: ignore[attr-defined]
        self.viewer = viewer

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["actions"] = chosen_actions(self.viewer, data["actions"])
        data["channels"] = list(data["channels"])
        data["sectors"] = list(data["sectors"])
        return data

    @staticmethod
    def initial_for(campaign: Campaign) -> dict[str, Any]:
        return {
            "title": campaign.title,
            "kind": campaign.kind,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "channels": list(campaign.channels.all()),
            "sectors": list(campaign.sectors.all()),
            "audience": campaign.audience,
            "actions": [str(uuid) for uuid in campaign.actions.values_list("uuid", flat=True)],
            "notes": campaign.notes,
        }


class ReachForm(forms.Form):
    recorded_on = _date("Date", "30 9 2026")
    metric = forms.ChoiceField(
        label="What was counted",
        choices=ReachMetric.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was counted", "invalid_choice": "Select what was counted"},
    )
    number = forms.IntegerField(
        label="Number",
        min_value=0,
        max_value=MAX_REACH,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the number",
            "invalid": "Enter the number as a whole number, like 2500",
            "min_value": "The number must be 0 or more",
            "max_value": f"The number must be {MAX_REACH:,} or fewer",
        },
    )


class ListEntryForm(forms.Form):
    label = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={
            "required": "Enter the name of the entry",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
