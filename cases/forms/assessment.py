"""Information sharing with partners, vulnerability assessments, and the local factors a
partnership adds to the assessment framework."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.forms.common import RECORDED_SINCE, TEXT
from cases.models import (
    AssessmentFactor,
    AssessmentFramework,
    Finding,
    LegalBasis,
    SharingDirection,
)
from govuk.forms import DateField, today, years_from_today


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
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter what was asked or shared"},
    )
    sent_on = DateField(label="Date sent", hint_example="2 12 2026", earliest=RECORDED_SINCE, latest=today)
    due_on = DateField(
        label="Answer due by",
        required=False,
        earliest=RECORDED_SINCE,
        latest=years_from_today(1),
        help_text="For a request only. Leave it blank for 10 working days after the date sent; "
        "for example, 16 12 2026",
    )


class SharingAnswerForm(forms.Form):
    response = forms.CharField(
        label="What the partner said or provided",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter what the partner said or provided"},
    )
    answered_on = DateField(
        label="Date answered", hint_example="9 12 2026", earliest=RECORDED_SINCE, latest=today
    )


class AssessmentForm(forms.Form):
    assessed_on = DateField(
        label="Date of the assessment", hint_example="3 12 2026", earliest=RECORDED_SINCE, latest=today
    )
    summary = forms.CharField(
        label="Summary",
        help_text="The assessors' conclusion, in words",
        max_length=10000,
        widget=TEXT,
        error_messages={"required": "Enter a summary of the assessment"},
    )
    management_plan = forms.CharField(
        label="Management plan",
        required=False,
        help_text="What will be done, by whom, and when",
        max_length=10000,
        widget=TEXT,
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
                label=f"Evidence: {factor.name}",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

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
            grouped.setdefault(factor.section.name, []).append(
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
    section = forms.ChoiceField(
        label="Part of the framework",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the part of the framework",
            "invalid_choice": "Select the part of the framework",
        },
    )
    name = forms.CharField(label="Factor", max_length=200, error_messages={"required": "Enter the factor"})
    guidance = forms.CharField(label="Guidance for assessors", required=False, max_length=2000, widget=TEXT)

    def __init__(self, *args: Any, framework: AssessmentFramework | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = framework.sections.all() if framework else []
        self.fields["section"].choices = [(section.code, section.name) for section in sections]  # type: ignore[attr-defined]


class FrameworkChoiceForm(forms.Form):
    framework = forms.TypedChoiceField(
        label="Framework",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the framework new assessments use",
            "invalid_choice": "Select a framework from the list",
        },
    )
    starts_on = DateField(
        label="Used for assessments dated from",
        hint_example="4 1 2027",
        earliest=today,
        latest=years_from_today(5),
        help_text="Today or later: assessments already recorded keep their framework. For example, 4 1 2027",
    )

    def __init__(self, *args: Any, frameworks: list[AssessmentFramework], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [(framework.pk, str(framework)) for framework in frameworks]  # type: ignore[attr-defined]
