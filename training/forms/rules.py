"""Forms for requirement rules and the compliance pages' filters."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.access import Viewer
from govuk.forms import ModelChoiceField, ModelMultipleChoiceField
from partners import access as partner_access
from partners.models import Organisation
from plans.forms import free_text
from training import access
from training.actions.rules import TARGETS
from training.compliance import Status
from training.models import AudienceKind, Course, RequirementRule


def _months(
    label: str, *, hint: str, minimum: int, maximum: int, required: bool = True
) -> forms.IntegerField:
    # Django fills its messages in with "%" formatting: a "%" in the label must be doubled.
    name = label.replace("%", "%%")
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=minimum,
        max_value=maximum,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": f"Enter {name.lower()}",
            "invalid": f"Enter {name.lower()} as a whole number, like 3",
            "min_value": f"{name} must be {minimum} or more",
            "max_value": f"{name} must be {maximum} or fewer",
        },
    )


class RuleForm(forms.Form):
    name = free_text(
        RequirementRule, "name", label="Name", required=True, required_message="Enter a name for the rule"
    )
    audience = forms.ChoiceField(
        label="Who it applies to",
        choices=AudienceKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who the rule applies to",
            "invalid_choice": "Select who the rule applies to from the list",
        },
    )
    sector = ModelChoiceField(
        label="Sector",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose a sector",
        help_text="When the rule applies to everyone in a sector",
        error_messages={"invalid_choice": "Select a sector from the list"},
    )
    organisation = ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Choose an organisation",
        help_text="When the rule applies to everyone at an organisation and those under it",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    staff_group = ModelChoiceField(
        label="Staff group",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose a staff group",
        help_text="When the rule applies to a staff group at every organisation",
        error_messages={"invalid_choice": "Select a staff group from the list"},
    )
    network = ModelChoiceField(
        label="Network",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Choose a network",
        help_text="When the rule applies to the members of a network",
        error_messages={"invalid_choice": "Select a network from the list"},
    )
    courses = ModelMultipleChoiceField(
        label="Courses",
        queryset=Course.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="uuid",
        help_text="A completion of any of them counts",
        error_messages={
            "required": "Select at least one course",
            "invalid_choice": "Select courses from the list",
            "invalid_pk_value": "Select courses from the list",
        },
    )
    due_within_months = _months(
        "Due within (months)",
        hint=(
            "Months after the person starts, or is appointed, by which they must first complete "
            "a course; 0 means on starting"
        ),
        minimum=0,
        maximum=120,
    )
    refresher_months = _months(
        "Refresher every (months)",
        hint="Months a completion counts before it must be repeated; leave empty if it never needs repeating",
        minimum=1,
        maximum=240,
        required=False,
    )
    target_percent = _months(
        "Target (%)",
        hint="The share of the audience who should be trained, such as 95",
        minimum=1,
        maximum=100,
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = partner_access.sectors(viewer)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = access.organisations(viewer).only("uuid", "name")  # type: ignore[attr-defined]
        self.fields["staff_group"].queryset = partner_access.staff_groups(viewer)  # type: ignore[attr-defined]
        self.fields["network"].queryset = partner_access.networks(viewer)  # type: ignore[attr-defined]
        self.fields["courses"].queryset = access.courses(viewer).filter(active=True)  # type: ignore[attr-defined]
        # Each kind of audience reveals the list that goes with it (GOV.UK conditional
        # reveals; without JavaScript all four show, and the action keeps the chosen one).
        self.conditional = {"audience": {kind.value: [target] for kind, target in TARGETS.items()}}


STATUS_CHOICES = [("", "Any status"), *((status, Status.LABELS[status]) for status in Status.ORDER)]


class ComplianceFilterForm(forms.Form):
    is_filter = True
    sector = ModelChoiceField(
        label="Sector", queryset=Organisation.objects.none(), required=False, empty_label="Any sector"
    )
    name = forms.CharField(label="Organisation name contains", required=False, max_length=200)
    status = forms.ChoiceField(label="Has people who are", choices=STATUS_CHOICES, required=False)

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = partner_access.sectors(viewer)  # type: ignore[attr-defined]


class PeopleFilterForm(forms.Form):
    is_filter = True
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, required=False)
    name = forms.CharField(label="Organisation name contains", required=False, max_length=200)
