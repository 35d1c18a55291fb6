from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q

from accounts.access import Viewer
from govuk.forms import DateField, ModelChoiceField, years_from_today
from lib import uploads
from lib.errors import Refused
from partners.models import Organisation
from plans.forms import free_text
from venues import access
from venues.actions import NAME_LIMIT
from venues.models import (
    MAX_AUDIENCE,
    MAX_RETENTION_MONTHS,
    MAX_SPEAKERS,
    CheckItem,
    CheckState,
    Decision,
    Finding,
    LettingsPolicy,
    Outcome,
    Venue,
    VenueCheck,
    VenueKind,
)

EARLIEST_EVENT = dt.date(2010, 1, 1)
MAX_DOCUMENT_MB = uploads.MAX_BYTES // (1024 * 1024)
# Pasted lists of speakers stop here, before they are split into names.
SPEAKERS_LIMIT = MAX_SPEAKERS * (NAME_LIMIT + 2)


def _number(
    label: str, *, minimum: int, maximum: int, required: bool = True, hint: str = ""
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        help_text=hint,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a whole number",
            "min_value": f"The {label.lower()} must be {minimum:,} or more",
            "max_value": f"The {label.lower()} must be {maximum:,} or fewer",
        },
    )


def _choice(label: str, queryset: Any = None, **kwargs: Any) -> ModelChoiceField:
    return ModelChoiceField(
        label=label,
        queryset=queryset if queryset is not None else VenueKind.objects.none(),
        to_field_name="uuid",
        error_messages={
            "required": f"Select the {label.lower()}",
            "invalid_choice": f"Choose the {label.lower()} in the list",
        },
        **kwargs,
    )


class CheckFilter(forms.Form):
    is_filter = True
    when = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All checks"),
            ("awaiting", "Awaiting a decision"),
            ("no_outcome", "Events this month without an outcome"),
        ],
    )
    state = forms.ChoiceField(label="State", required=False, choices=[("", "Any state"), *CheckState.choices])
    decision = forms.ChoiceField(
        label="Decision", required=False, choices=[("", "Any decision"), *Decision.choices]
    )


class CheckForm(forms.Form):
    venue = _choice("Venue")
    organiser = forms.CharField(
        label="Organising organisation",
        required=False,
        max_length=NAME_LIMIT,
        help_text=f"As the booking request names it. Up to {NAME_LIMIT} characters.",
        error_messages={"max_length": f"The organiser must be {NAME_LIMIT} characters or fewer"},
    )
    contact = forms.CharField(
        label="Contact person",
        required=False,
        max_length=NAME_LIMIT,
        help_text=f"Who made the booking request. Up to {NAME_LIMIT} characters.",
        error_messages={"max_length": f"The contact person must be {NAME_LIMIT} characters or fewer"},
    )
    event_title = free_text(
        VenueCheck,
        "event_title",
        label="Event title",
        required=True,
        required_message="Enter the event's title",
    )
    event_description = free_text(VenueCheck, "event_description", label="What the event is", rows=4)
    event_date = DateField(
        label="Date of the event",
        hint_example="14 3 2027",
        earliest=EARLIEST_EVENT,
        latest=years_from_today(3),
    )
    audience = _number(
        "Expected audience",
        minimum=0,
        maximum=MAX_AUDIENCE,
        required=False,
        hint="How many people the organiser expects",
    )
    speakers = forms.CharField(
        label="Speakers named",
        required=False,
        max_length=SPEAKERS_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"One name a line, as the request gives them; up to {MAX_SPEAKERS} speakers. "
        "Leave empty if none are named",
        error_messages={"max_length": f"Name {MAX_SPEAKERS} speakers or fewer, one a line"},
    )

    def __init__(self, *args: Any, viewer: Viewer, check: VenueCheck | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # A check keeps its venue even after the venue is retired.
        venues = access.venues(viewer).filter(Q(active=True) | Q(pk=check.venue_id if check else None))
        self.fields["venue"].queryset = venues.only("uuid", "name")  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["speakers"] = data["speakers"].splitlines()
        return data


class FindingsForm(forms.Form):
    """One text area per item to check: what it found."""

    def __init__(self, *args: Any, viewer: Viewer, check: VenueCheck, **kwargs: Any):
        super().__init__(*args, **kwargs)
        found = {finding.item_id: finding.note for finding in check.findings.all()}
        self.items: dict[str, CheckItem] = {}
        for item in access.items(viewer).filter(active=True) | access.items(viewer).filter(
            pk__in=list(found)
        ):
            name = f"item_{item.uuid}"
            if name in self.items:
                continue
            self.items[name] = item
            self.fields[name] = free_text(
                Finding,
                "note",
                label=item.label,
                rows=3,
                hint="What this found. Leave empty if it was not checked",
            )
            self.initial.setdefault(name, found.get(item.pk, ""))

    def values(self) -> dict[CheckItem, str]:
        return {item: self.cleaned_data.get(name, "") for name, item in self.items.items()}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision", "invalid_choice": "Select the decision"},
    )
    conditions = free_text(
        VenueCheck,
        "conditions",
        label="Conditions",
        rows=3,
        hint="For approval with conditions, for example: a council officer present",
    )
    reasons = free_text(
        VenueCheck,
        "reasons",
        label="Reasons",
        rows=5,
        required=True,
        required_message="Enter the reasons for the decision",
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened", "invalid_choice": "Select what happened"},
    )
    notes = free_text(VenueCheck, "outcome_notes", label="Notes", rows=4)


class VenueForm(forms.Form):
    name = free_text(Venue, "name", label="Name", required=True, required_message="Enter the venue's name")
    kind = _choice("Kind of venue")
    address = free_text(Venue, "address", label="Address", rows=3)
    postcode = free_text(Venue, "postcode", label="Postcode", width="govuk-input--width-10")
    organisation = ModelChoiceField(
        label="Owning organisation",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Not recorded",
        error_messages={"invalid_choice": "Select an organisation from the register"},
    )
    policy = ModelChoiceField(
        label="Lettings policy that applies",
        queryset=LettingsPolicy.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="None recorded",
        error_messages={"invalid_choice": "Select a lettings policy from the list"},
    )
    active = forms.BooleanField(label="In use (clear to retire the venue)", required=False, initial=True)

    def __init__(self, *args: Any, viewer: Viewer, venue: Venue | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        kinds = access.kinds(viewer).filter(active=True)
        if venue is not None:
            kinds = kinds | access.kinds(viewer).filter(pk=venue.kind_id)
        self.fields["kind"].queryset = kinds.distinct()  # type: ignore[attr-defined]
        organisations = Organisation.objects.filter(partnership=viewer.partnership).only("uuid", "name")
        self.fields["organisation"].queryset = organisations.order_by("name")  # type: ignore[attr-defined]
        self.fields["policy"].queryset = access.policies(viewer)  # type: ignore[attr-defined]


class PolicyForm(forms.Form):
    title = free_text(
        LettingsPolicy, "title", label="Title", required=True, required_message="Enter the policy's title"
    )
    version = free_text(LettingsPolicy, "version", label="Version", width="govuk-input--width-10")
    adopted_on = DateField(
        label="Date adopted", hint_example="10 8 2018", required=False, latest=years_from_today(1)
    )
    summary = free_text(LettingsPolicy, "summary", label="Text or summary", rows=8)
    document = forms.FileField(
        label="Policy document (optional)",
        required=False,
        help_text=f"One file smaller than {MAX_DOCUMENT_MB}MB: {uploads.ALLOWED_DESCRIPTION}. "
        "A new file replaces the one kept",
        error_messages={"empty": "The selected file is empty"},
    )
    active = forms.BooleanField(label="In force (clear to retire the policy)", required=False, initial=True)

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload:
            try:
                uploads.check(upload)
            except Refused as refused:
                raise forms.ValidationError(refused.message) from None
        return upload or None


class RetentionForm(forms.Form):
    months = _number(
        "Months kept after the event",
        minimum=1,
        maximum=MAX_RETENTION_MONTHS,
        hint="A closed check is reviewed for deletion this many months after its event",
    )


class EntryForm(forms.Form):
    label = forms.CharField(
        label="New entry",
        max_length=120,
        error_messages={
            "required": "Enter the entry's name",
            "max_length": "The entry must be 120 characters or fewer",
        },
    )


class KeepForm(forms.Form):
    months = _number("Months to keep it", minimum=1, maximum=MAX_RETENTION_MONTHS)
    reason = free_text(
        VenueCheck,
        "kept_reason",
        label="Reason for keeping it",
        rows=3,
        required=True,
        required_message="Enter the reason for keeping the check",
    )
