"""Forms for a case's support plan: a need, the chair's sign-off, and progress at a
review. The rules (a signed-off version is locked, only the chair signs off, dates
against the plan's history) are the actions' (cases.actions.plan)."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.forms.common import RECORDED_SINCE, TEXT
from cases.models import FactorFinding, Intervention, PlanNeed, ProgressRating, Review
from govuk.forms import DateField, ModelChoiceField, ModelMultipleChoiceField, today


class FindingChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        finding: FactorFinding = obj
        found = finding.get_finding_display().lower()
        return f"{finding.factor.section.name}: {finding.factor.name} ({found})"


class InterventionChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        intervention: Intervention = obj
        ended = ", ended" if intervention.status != "active" else ""
        return (
            f"{intervention.intervention_type.label}, {intervention.provider_organisation} "
            f"({intervention.get_frequency_days_display().lower()}{ended})"
        )


class DraftPlanForm(forms.Form):
    """Nothing to fill in: the button confirms."""


class NeedForm(forms.Form):
    finding = FindingChoiceField(
        label="Which factor of the latest vulnerability assessment does this need address?",
        queryset=FactorFinding.objects.none(),
        to_field_name="uuid",
        empty_label="Select a factor",
        error_messages={"required": "Select a factor of the latest vulnerability assessment"},
    )
    need = forms.CharField(
        label="The need",
        help_text="What the person needs help with, in plain words",
        max_length=2000,
        widget=TEXT,
        error_messages={"required": "Enter the need"},
    )
    outcome = forms.CharField(
        label="Intended outcome",
        help_text="What the support should achieve, so that a review can tell whether it has",
        max_length=2000,
        widget=TEXT,
        error_messages={"required": "Enter the outcome the support should achieve"},
    )
    interventions = InterventionChoiceField(
        label="Interventions that meet this need",
        queryset=Intervention.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each need must have at least one before the chair signs the plan off. "
        "Agree an intervention on the case's panel and support page first if it is not listed.",
    )

    def __init__(self, *args: Any, findings: Any, interventions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings  # type: ignore[attr-defined]
        self.fields["interventions"].queryset = interventions  # type: ignore[attr-defined]


class RemoveNeedForm(forms.Form):
    """Nothing to fill in: the button confirms."""


class SignOffForm(forms.Form):
    signed_off_on = DateField(
        label="Date of sign-off", hint_example="14 2 2026", earliest=RECORDED_SINCE, latest=today
    )
    confirm = forms.BooleanField(
        label="I agree this version as the case's support plan",
        help_text="Once signed off it cannot be changed: a change is a new version, and this one "
        "stays readable.",
        error_messages={"required": "Confirm that you agree this version of the plan"},
    )


class ProgressForm(forms.Form):
    reviewed_on = DateField(
        label="Date of the review", hint_example="12 9 2026", earliest=RECORDED_SINCE, latest=today
    )
    review = ModelChoiceField(
        label="Review of support",
        queryset=Review.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Not at a panel review",
        help_text="The review held at a panel, if progress was reviewed there",
    )

    def __init__(self, *args: Any, needs: list[PlanNeed], reviews: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews  # type: ignore[attr-defined]
        self.fields["review"].label_from_instance = lambda review: f"Held on {review.held_on:%-d %B %Y}"  # type: ignore[attr-defined]
        self.needs = needs
        for need in needs:
            self.fields[f"rating_{need.position}"] = forms.ChoiceField(
                label=f"Progress against need {need.position}: {need.factor.name}",
                help_text=need.need,
                choices=ProgressRating.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select the progress against need {need.position}"},
            )
            self.fields[f"note_{need.position}"] = forms.CharField(
                label=f"Notes on need {need.position}",
                required=False,
                max_length=2000,
                widget=TEXT,
                help_text="What has changed and what the evidence is",
            )

    def entries(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            need.pk: (data.get(f"rating_{need.position}", ""), data.get(f"note_{need.position}", ""))
            for need in self.needs
        }
