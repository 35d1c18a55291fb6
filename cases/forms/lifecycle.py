"""Forms for the person's details, transfers and retention. Ranges and rules the actions
enforce are not repeated here: a Refused from the action is shown against the field it
names."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Partnership
from cases.forms.common import TEXT
from cases.forms.intake import PersonStep
from govuk.forms import DateField, ModelChoiceField, today, years_from_today


class PersonForm(PersonStep):
    """The same questions as the referral form, to correct what was recorded."""


class TransferForm(forms.Form):
    to_partnership = ModelChoiceField(
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
        max_length=5000,
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
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter why the transfer is declined"},
    )


class ExtendForm(forms.Form):
    review_on = DateField(
        label="New review date", hint_example="1 4 2031", earliest=today, latest=years_from_today(25)
    )
    reason = forms.CharField(
        label="Why is the case kept longer?",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter why the case is kept longer"},
    )


class HoldForm(forms.Form):
    # Which way the coordinator meant to change the hold, so that two people pressing
    # the button at once cannot place and then release it.
    hold = forms.ChoiceField(
        choices=[("place", "Place"), ("release", "Release")], required=False, widget=forms.HiddenInput
    )
    reason = forms.CharField(label="Reason", max_length=5000, widget=TEXT)

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
        max_length=30,
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
