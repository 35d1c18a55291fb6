from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Partnership, Role, User
from cases.models import (
    SPECIAL_CATEGORIES,
    AgendaItem,
    AssessmentFactor,
    ConcernType,
    Dimension,
    Finding,
    GatewayDecision,
    Gender,
    LegalBasis,
    PanelDecision,
    PersonAware,
    ReferralSector,
    SharingDirection,
    SpecialCategoryStatus,
    SupportService,
    Urgency,
)
from govuk.forms import DateField
from lib import uploads
from lib.errors import Refused

TEXT = forms.Textarea(attrs={"rows": 4})
LONG_TEXT = forms.Textarea(attrs={"rows": 8})


def listed(model: type, partnership: Partnership) -> QuerySet:
    return model.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership), active=True)  # type: ignore[attr-defined]


def _not_future(value: dt.date | None, label: str) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} must be today or in the past")
    return value


# --- the referral form, one page at a time ---------------------------------------------


class PersonStep(forms.Form):
    title = "About the person"
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    other_names = forms.CharField(
        label="Other names they use or have used",
        required=False,
        help_text="Nicknames, aliases or previous names, one per line",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date_of_birth = DateField(label="Date of birth", required=False, hint_example="27 3 2009")
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        initial=Gender.NOT_KNOWN,
        error_messages={"required": "Select the person's gender, or not known"},
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    school_or_employer = forms.CharField(label="School, college or employer", required=False, max_length=200)

    def clean_date_of_birth(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("date_of_birth"), "Date of birth")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("given_names", "").strip() or cleaned.get("family_name", "").strip()):
            self.add_error("family_name", "Enter the person's name, or as much of it as you know")
        return cleaned


class ConcernStep(forms.Form):
    title = "The concern"
    concern_type = forms.ModelChoiceField(
        label="What is the concern mainly about?",
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
    sector = forms.ModelChoiceField(
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


class SpecialCategoryForm(forms.Form):
    """Optional equality and special category information. Every question may be left
    unanswered, answered "not known" or "declined"."""

    title = "Equality information (optional)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in SPECIAL_CATEGORIES.items():
            self.fields[f"{name}_status"] = forms.ChoiceField(
                label=label,
                required=False,
                widget=forms.RadioSelect,
                choices=SpecialCategoryStatus.choices,
            )
            self.fields[f"{name}_value"] = forms.CharField(
                label=f"{label}: what is recorded",
                required=False,
                max_length=500,
                help_text="Only if you chose Recorded",
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, label in SPECIAL_CATEGORIES.items():
            status, value = cleaned.get(f"{name}_status", ""), cleaned.get(f"{name}_value", "").strip()
            if status == SpecialCategoryStatus.RECORDED and not value:
                self.add_error(
                    f"{name}_value", f"Enter what is recorded for {label.lower()}, or choose another answer"
                )
        return cleaned

    def values(self) -> dict[str, tuple[str, str]]:
        return {
            name: (
                self.cleaned_data.get(f"{name}_status", ""),
                self.cleaned_data.get(f"{name}_value", "").strip(),
            )
            for name in SPECIAL_CATEGORIES
        }


# --- gateway -----------------------------------------------------------------------------


class DeconflictionForm(forms.Form):
    checks = forms.CharField(
        label="Checks made",
        help_text="Which systems were checked and what they show, for example PNC, PND, local intelligence",
        widget=TEXT,
        error_messages={"required": "Enter the checks made"},
    )


class GatewayDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=GatewayDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    signposted_to = forms.ModelChoiceField(
        label="Service signposted to",
        queryset=SupportService.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="Select a service",
        help_text="Only if the decision is to signpost",
    )
    reasons = forms.CharField(
        label="Reasons", widget=TEXT, error_messages={"required": "Enter the reasons for the decision"}
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signposted_to"].queryset = listed(SupportService, partnership)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == GatewayDecision.SIGNPOSTED and not cleaned.get("signposted_to"):
            self.add_error("signposted_to", "Select the service the person is signposted to")
        return cleaned


class IdentityForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)


# --- information sharing -----------------------------------------------------------------


class SharingForm(forms.Form):
    direction = forms.ChoiceField(
        label="What happened?",
        choices=SharingDirection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether information was requested or disclosed"},
    )
    partner = forms.CharField(
        label="Partner organisation and team",
        max_length=200,
        error_messages={"required": "Enter the partner organisation"},
    )
    partner_contact = forms.CharField(label="Contact at the partner", required=False, max_length=200)
    legal_basis = forms.ChoiceField(
        label="Legal basis",
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the legal basis"},
    )
    subject = forms.CharField(
        label="What was asked for or shared",
        widget=TEXT,
        error_messages={"required": "Enter what was asked or shared"},
    )
    sent_on = DateField(label="Date sent", hint_example="2 12 2026")

    def clean_sent_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("sent_on"), "Date sent")


class SharingAnswerForm(forms.Form):
    response = forms.CharField(
        label="What the partner said or provided",
        widget=TEXT,
        error_messages={"required": "Enter what the partner said or provided"},
    )
    answered_on = DateField(label="Date answered", hint_example="9 12 2026")

    def clean_answered_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("answered_on"), "Date answered")


# --- vulnerability assessment ------------------------------------------------------------


class AssessmentForm(forms.Form):
    assessed_on = DateField(label="Date of the assessment", hint_example="3 12 2026")
    summary = forms.CharField(
        label="Summary",
        help_text="The assessors' conclusion, in words",
        widget=TEXT,
        error_messages={"required": "Enter a summary of the assessment"},
    )
    management_plan = forms.CharField(
        label="Management plan", required=False, help_text="What will be done, by whom, and when", widget=TEXT
    )

    def __init__(self, *args: Any, factors: list[AssessmentFactor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.factors = factors
        for factor in factors:
            self.fields[f"finding_{factor.pk}"] = forms.ChoiceField(
                label=factor.name,
                choices=Finding.choices,
                widget=forms.RadioSelect,
                initial=Finding.NOT_KNOWN,
                help_text=factor.guidance,
                error_messages={"required": f"Select what is known about {factor.name.lower()}"},
            )
            self.fields[f"evidence_{factor.pk}"] = forms.CharField(
                label=f"Evidence: {factor.name}", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean_assessed_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("assessed_on"), "Date of the assessment")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for factor in self.factors:
            if (
                cleaned.get(f"finding_{factor.pk}") == Finding.PRESENT
                and not cleaned.get(f"evidence_{factor.pk}", "").strip()
            ):
                self.add_error(
                    f"evidence_{factor.pk}", f"Enter the evidence that {factor.name.lower()} is present"
                )
        return cleaned

    def sections(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        grouped: dict[str, list[tuple[forms.BoundField, forms.BoundField]]] = {}
        for factor in self.factors:
            grouped.setdefault(factor.get_dimension_display(), []).append(
                (self[f"finding_{factor.pk}"], self[f"evidence_{factor.pk}"])
            )
        return list(grouped.items())

    def findings(self) -> dict[int, tuple[str, str]]:
        return {
            factor.pk: (
                self.cleaned_data[f"finding_{factor.pk}"],
                self.cleaned_data.get(f"evidence_{factor.pk}", ""),
            )
            for factor in self.factors
        }


class FactorForm(forms.Form):
    dimension = forms.ChoiceField(
        label="Part of the framework",
        choices=Dimension.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select engagement, intent or capability"},
    )
    name = forms.CharField(label="Factor", max_length=200, error_messages={"required": "Enter the factor"})
    guidance = forms.CharField(label="Guidance for assessors", required=False, widget=TEXT)


# --- panels ------------------------------------------------------------------------------

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class MeetingForm(forms.Form):
    meets_on = DateField(label="Date", hint_example="14 1 2027")
    time = forms.CharField(
        label="Time",
        help_text="24-hour clock, for example 10:00 or 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time the meeting starts"},
    )
    location = forms.CharField(label="Where", required=False, max_length=200)
    chair = forms.ModelChoiceField(
        label="Chair",
        queryset=User.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select the chair"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__partnership=partnership, memberships__role=Role.CHAIR, is_active=True
        )

    def clean_time(self) -> dt.time:
        match = _TIME.match(self.cleaned_data["time"].strip())
        if not match:
            raise forms.ValidationError("Enter the time in 24-hour form, like 10:00")
        return dt.time(int(match.group(1)), int(match.group(2)))

    def meets_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["meets_on"], self.cleaned_data["time"])
        )


class InviteForm(forms.Form):
    member = forms.ModelChoiceField(
        label="Who",
        queryset=User.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select who to invite"},
    )
    agency = forms.CharField(
        label="Agency they represent",
        max_length=200,
        help_text="For example, children's social care, health, education, probation or housing",
        error_messages={"required": "Enter the agency they represent"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__partnership=partnership, is_active=True)
            .distinct()
            .order_by("full_name")
        )


class AgendaForm(forms.Form):
    referral = forms.ModelChoiceField(
        label="Case",
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label="Select a case",
        error_messages={"required": "Select a case to put on the agenda"},
    )

    def __init__(self, *args: Any, referrals: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = referrals  # type: ignore[attr-defined]
        self.fields["referral"].label_from_instance = lambda r: f"{r.reference}: {r.person or r.subject_name}"  # type: ignore[attr-defined]


class PanelDecisionForm(forms.Form):
    ACTIONS = 3

    decision = forms.ChoiceField(
        label="Decision",
        choices=PanelDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the panel's decision",
            "invalid_choice": "Select one of the decisions listed for this case",
        },
    )
    signposted_to = forms.ModelChoiceField(
        label="Service signposted to",
        queryset=SupportService.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="Select a service",
        help_text="Only if the panel does not adopt and signposts",
    )
    reasons = forms.CharField(
        label="Reasons", widget=TEXT, error_messages={"required": "Enter the reasons for the decision"}
    )

    def __init__(self, *args: Any, item: AgendaItem, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the panel may decide depends on why the case is on the agenda.
        choices = item.decision_choices()
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]
        if PanelDecision.NOT_ADOPT_SIGNPOST in dict(choices):
            self.fields["signposted_to"].queryset = listed(SupportService, partnership)  # type: ignore[attr-defined]
        else:
            del self.fields["signposted_to"]
        owners = User.objects.filter(memberships__partnership=partnership, is_active=True).distinct()
        for number in range(1, self.ACTIONS + 1):
            self.fields[f"action_{number}"] = forms.CharField(
                label=f"Action {number}",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"action_{number}_owner"] = forms.ModelChoiceField(
                label=f"Action {number}: owner",
                queryset=owners,
                to_field_name="uuid",
                required=False,
                empty_label="Select an owner",
            )
            self.fields[f"action_{number}_due"] = DateField(label=f"Action {number}: due", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == PanelDecision.NOT_ADOPT_SIGNPOST and not cleaned.get("signposted_to"):
            self.add_error("signposted_to", "Select the service the person is signposted to")
        for number in range(1, self.ACTIONS + 1):
            text = cleaned.get(f"action_{number}", "").strip()
            if not text:
                continue
            if not cleaned.get(f"action_{number}_owner"):
                self.add_error(f"action_{number}_owner", f"Select who owns action {number}")
            if not cleaned.get(f"action_{number}_due"):
                self.add_error(f"action_{number}_due", f"Enter when action {number} is due")
        return cleaned

    def action_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"action_{n}"], self[f"action_{n}_owner"], self[f"action_{n}_due"])
            for n in range(1, self.ACTIONS + 1)
        ]


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=f"Smaller than {uploads.MAX_BYTES // (1024 * 1024)}MB: {uploads.ALLOWED_DESCRIPTION}",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
    description = forms.CharField(label="What it is", required=False, max_length=500)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            uploads.check(upload)
        except Refused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload
