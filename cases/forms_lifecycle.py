"""Forms for the person's details, transfers, retention and the partnership's Channel
settings. Ranges and rules the actions enforce are not repeated here: a Refused from
the action is shown against the field it names."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Partnership
from cases.forms import TEXT, PersonStep
from cases.models import ReferralState
from cases.retention import DEFAULT_YEARS
from govuk.forms import DateField


class PersonForm(PersonStep):
    """The same questions as the referral form, to correct what was recorded."""


class TransferForm(forms.Form):
    to_partnership = forms.ModelChoiceField(
        label="Partnership the case moves to",
        queryset=Partnership.objects.none(),
        to_field_name="uuid",
        empty_label="Select a partnership",
        help_text="Where the person now lives",
        error_messages={"required": "Select the partnership the case moves to"},
    )
    reason = forms.CharField(
        label="Reason for the transfer",
        help_text="The receiving coordinator reads this before deciding, for example when the family moved",
        widget=TEXT,
        error_messages={"required": "Enter why the case is being transferred"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_partnership"].queryset = Partnership.objects.exclude(pk=partnership.pk)  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining the transfer?",
        help_text="The sending partnership reads this, so that it can keep the case or offer it elsewhere",
        widget=TEXT,
        error_messages={"required": "Enter why the transfer is declined"},
    )


class ExtendForm(forms.Form):
    review_on = DateField(label="New review date", hint_example="1 4 2031")
    reason = forms.CharField(
        label="Why is the case kept longer?",
        widget=TEXT,
        error_messages={"required": "Enter why the case is kept longer"},
    )


class HoldForm(forms.Form):
    # Which way the coordinator meant to change the hold, so that two people pressing
    # the button at once cannot place and then release it.
    hold = forms.ChoiceField(
        choices=[("place", "Place"), ("release", "Release")], required=False, widget=forms.HiddenInput
    )
    reason = forms.CharField(label="Reason", widget=TEXT)

    def __init__(self, *args: Any, held: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held = held
        reason = self.fields["reason"]
        if held:
            reason.label = "Why is the legal hold released?"
            reason.error_messages["required"] = "Enter why the legal hold is released"
        else:
            reason.label = "Why is a legal hold placed?"
            reason.help_text = "For example, litigation, an inquiry or a complaint that needs the record"
            reason.error_messages["required"] = "Enter why the legal hold is placed"
        self.initial.setdefault("hold", "release" if held else "place")

    def place(self) -> bool:
        chosen = self.cleaned_data.get("hold")
        return chosen == "place" if chosen else not self.held


class DeleteForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["reference"].help_text = f"Type {expected} to confirm"
        self.fields["reference"].error_messages["required"] = (
            f"Enter the case reference, {expected}, to confirm the deletion"
        )

    def clean_reference(self) -> str:
        typed = self.cleaned_data["reference"].strip()
        if typed.upper() != self.expected.upper():
            raise forms.ValidationError(
                f"The reference does not match this case. Type {self.expected} to confirm the deletion"
            )
        return typed


def _whole_number(label: str, required: str, invalid: str) -> forms.IntegerField:
    # GOV.UK asks for a text input with a numeric keyboard, not type="number".
    return forms.IntegerField(
        label=label,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"required": required, "invalid": invalid},
    )


class ChannelSettingsForm(forms.Form):
    gateway_target_days = _whole_number(
        "Gateway target, in working days",
        "Enter the gateway target in working days",
        "The gateway target must be a whole number of working days, like 5",
    )
    support_review_weeks = _whole_number(
        "Weeks between reviews of a case receiving support",
        "Enter the number of weeks between support reviews",
        "The weeks between support reviews must be a whole number, like 12",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gateway_target_days"].help_text = (
            "The police gateway assessment should be made within this many working days of a "
            "referral arriving. The gateway queue marks referrals waiting longer as over target."
        )
        self.fields["support_review_weeks"].help_text = (
            "A panel review of a case receiving support falls due this many weeks after consent "
            "is given, and again after each review at which support continues."
        )
        for outcome in self.outcomes():
            label = ReferralState(outcome).label
            self.fields[f"retention_years_{outcome}"] = _whole_number(
                f"{label}: years kept",
                f"Enter how many years a case is kept after “{label}”",
                f"Years kept after “{label}” must be a whole number, like {DEFAULT_YEARS[outcome]}",
            )
            self.fields[f"retention_years_{outcome}"].help_text = f"Default: {DEFAULT_YEARS[outcome]} years"

    @staticmethod
    def outcomes() -> list[str]:
        """The closed outcomes in the order a case reaches them."""
        return [state for state in ReferralState.values if state in DEFAULT_YEARS]

    def policy_fields(self) -> list[forms.BoundField]:
        return [self["gateway_target_days"], self["support_review_weeks"]]

    def retention_fields(self) -> list[forms.BoundField]:
        return [self[f"retention_years_{outcome}"] for outcome in self.outcomes()]

    def retention_years(self) -> dict[str, int]:
        return {outcome: self.cleaned_data[f"retention_years_{outcome}"] for outcome in self.outcomes()}
