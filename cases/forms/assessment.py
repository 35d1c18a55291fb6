"""Information sharing with partners, vulnerability assessments, and the local factors a
partnership adds to the assessment framework."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from cases.forms.common import TEXT, not_future
from cases.models import (
    AssessmentFactor,
    Dimension,
    Finding,
    LegalBasis,
    SharingDirection,
)
from govuk.forms import DateField


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
    due_on = DateField(
        label="Answer due by",
        required=False,
        help_text="For a request only. Leave it blank for 10 working days after the date sent; "
        "for example, 16 12 2026",
    )

    def clean_sent_on(self) -> dt.date | None:
        return not_future(self.cleaned_data.get("sent_on"), "Date sent")


class SharingAnswerForm(forms.Form):
    response = forms.CharField(
        label="What the partner said or provided",
        widget=TEXT,
        error_messages={"required": "Enter what the partner said or provided"},
    )
    answered_on = DateField(label="Date answered", hint_example="9 12 2026")

    def clean_answered_on(self) -> dt.date | None:
        return not_future(self.cleaned_data.get("answered_on"), "Date answered")


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
        return not_future(self.cleaned_data.get("assessed_on"), "Date of the assessment")

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
