"""The referral form, one question page at a time; cases.views.intake keeps the answers as
a draft between pages."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Partnership
from cases.forms.common import LONG_TEXT, TEXT, listed
from cases.models import (
    ConcernType,
    Gender,
    PersonAware,
    ReferralSector,
    Urgency,
)
from govuk.forms import DateField, ModelChoiceField, today

NAME_HINT = "Give at least one of their given names or family name"
NAME_MISSING = (
    "Enter the person's name, or as much of it as you know: at least one of given names or family name"
)


class PersonStep(forms.Form):
    title = "About the person"
    given_names = forms.CharField(label="Given names", required=False, max_length=200, help_text=NAME_HINT)
    family_name = forms.CharField(label="Family name", required=False, max_length=200, help_text=NAME_HINT)
    other_names = forms.CharField(
        label="Other names they use or have used",
        required=False,
        help_text="Nicknames, aliases or previous names, one per line",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date_of_birth = DateField(label="Date of birth", required=False, hint_example="27 3 2009", latest=today)
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        initial=Gender.NOT_KNOWN,
        error_messages={"required": "Select the person's gender, or not known"},
    )
    address = forms.CharField(
        label="Address", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    school_or_employer = forms.CharField(label="School, college or employer", required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("given_names", "").strip() or cleaned.get("family_name", "").strip()):
            self.add_error("family_name", NAME_MISSING)
        return cleaned


class ConcernStep(forms.Form):
    title = "The concern"
    concern_type = ModelChoiceField(
        label="What is the concern mainly about?",
        help_text="If you do not know, choose Not sure",
        queryset=ConcernType.objects.none(),
        to_field_name="code",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the concern is mainly about"},
    )
    narrative = forms.CharField(
        label="Describe the concern",
        help_text="What you saw or heard, when, and why it worries you",
        max_length=20000,
        widget=LONG_TEXT,
        error_messages={
            "required": "Describe the concern",
            "max_length": "The description must be 20,000 characters or fewer",
        },
    )
    vulnerabilities = forms.CharField(
        label="Vulnerabilities you know of",
        required=False,
        help_text="For example, mental health, special educational needs, isolation or a recent loss",
        max_length=10000,
        widget=TEXT,
    )
    urgency = forms.ChoiceField(
        label="How urgent is it?",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        initial=Urgency.ROUTINE,
        error_messages={"required": "Select how urgent it is"},
    )
    person_aware = forms.ChoiceField(
        label="Does the person know about this referral?",
        choices=PersonAware.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person knows"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concern_type"].queryset = listed(ConcernType, partnership)  # type: ignore[attr-defined]


class ReferrerStep(forms.Form):
    title = "About you"
    referrer_name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name"}
    )
    referrer_role = forms.CharField(label="Your role", required=False, max_length=200)
    referrer_organisation = forms.CharField(
        label="Your organisation", max_length=200, error_messages={"required": "Enter your organisation"}
    )
    sector = ModelChoiceField(
        label="Which sector is your organisation in?",
        queryset=ReferralSector.objects.none(),
        to_field_name="code",
        widget=forms.RadioSelect,
        error_messages={"required": "Select your organisation's sector"},
    )
    referrer_email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.gov.uk"},
    )
    referrer_phone = forms.CharField(label="Telephone", required=False, max_length=40)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = listed(ReferralSector, partnership)  # type: ignore[attr-defined]


class AdditionForm(forms.Form):
    """Further information from the referrer, while the referral waits at the gateway."""

    text = forms.CharField(
        label="What do you want to add?",
        help_text="Anything you have seen, heard or found out since you sent the referral",
        max_length=5000,
        widget=LONG_TEXT,
        error_messages={
            "required": "Enter the information you want to add",
            "max_length": "The information must be 5,000 characters or fewer",
        },
    )
