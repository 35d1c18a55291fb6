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
from govuk.forms import DateField, ModelChoiceField, ModelMultipleChoiceField
from partners.models import Sector
from plans.forms import free_text
from plans.models import Action

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
# An action's title in a list of checkboxes: enough to tell it apart.
ACTION_LABEL = 120


def _date(label: str, example: str, *, required: bool = True) -> DateField:
    return DateField(
        label=label, hint_example=example, earliest=EARLIEST, latest=latest_date, required=required
    )


def _many(label: str, *, hint: str = "", noun: str) -> ModelMultipleChoiceField:
    return ModelMultipleChoiceField(
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


def action_choices(viewer: Viewer, *, grouped: bool = True) -> list[Any]:
    """The partnership's plan actions, newest plan first: grouped under their plan (for
    checkboxes), or flat with the plan named (for a select)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    rows = access.plan_actions(viewer).values_list("uuid", "reference", "title", "strategy__title")
    for uuid, reference, title, plan in rows:
        label = f"{reference} {title}".strip()
        if len(label) > ACTION_LABEL:
            label = label[: ACTION_LABEL - 1] + "…"
        groups.setdefault(plan, []).append((str(uuid), label))
    if grouped:
        return list(groups.items())
    return [(value, f"{label} ({plan})") for plan, options in groups.items() for value, label in options]


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
    event_type = ModelChoiceField(
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
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            ("", "No plan action"),
            *action_choices(viewer, grouped=False),
        ]
        self.viewer = viewer

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        found = chosen_actions(self.viewer, [data["action"]] if data["action"] else [])
        data["action"] = found[0] if found else None
        return data


def _options(rows: Any, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((str(value), label) for value, label in rows)]


class EventFilter(forms.Form):
    """The list's filters, offered as plain lists read with one query each (no model
    objects built): the list is the busiest page of the app."""

    is_filter = True
    start = _date("From", "1 4 2025", required=False)
    end = _date("To", "31 3 2026", required=False)
    event_type = forms.ChoiceField(label="Type", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)
    network = forms.ChoiceField(label="Network", required=False)
    sector = forms.ChoiceField(label="Audience sector", required=False)
    action = forms.ChoiceField(label="Plan action", required=False)

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        partnership = viewer.partnership
        choices = {
            "event_type": _options(
                EventType.objects.filter(partnership=partnership).values_list("pk", "label"), "Any type"
            ),
            "theme": _options(
                Theme.objects.filter(partnership=partnership).values_list("pk", "label"), "Any theme"
            ),
            "organisation": _options(
                access.organisations(viewer).order_by("name", "id").values_list("uuid", "name"),
                "Any organisation",
            ),
            "network": _options(access.networks(viewer).values_list("uuid", "name"), "Any network"),
            "sector": _options(access.sectors(viewer).values_list("pk", "label"), "Any sector"),
            "action": [("", "Any or none"), *action_choices(viewer, grouped=False)],
        }
        for name, offered in choices.items():
            self.fields[name].choices = offered  # type: ignore[attr-defined]


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
