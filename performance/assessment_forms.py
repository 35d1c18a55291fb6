"""Forms of the Prevent duty self-assessment: start a year's assessment, rate a benchmark
(the rating, commentary and evidence chosen from lists of the partnership's own records),
turn a shortfall into a plan action, and word a benchmark the partnership's own way."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.access import Viewer
from govuk.forms import DateField, ModelChoiceField
from performance import assessment_evidence as evidence
from performance.models import Assessment, BenchmarkRating, BenchmarkWording, EvidenceKind
from performance.models.assessment import year_label
from plans.forms import free_text
from plans.models import Action, Objective


class StartForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the year to assess",
            "invalid_choice": "Select a year from the list",
        },
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year_label(year)) for year in years]  # type: ignore[attr-defined]


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="Rating",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a rating", "invalid_choice": "Select a rating from the list"},
    )
    commentary = free_text(BenchmarkRating, "commentary", label="Commentary", rows=5)

    def __init__(self, *args: Any, viewer: Viewer, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [  # type: ignore[attr-defined]
            (rating["code"], rating["label"]) for rating in assessment.framework.ratings
        ]
        for kind, label in EvidenceKind.choices:
            self.fields[f"evidence_{kind}"] = forms.MultipleChoiceField(
                label=label,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=evidence.choices(viewer.partnership, kind),
                error_messages={"invalid_choice": "Choose evidence from the partnership's own records"},
            )

    def evidence_fields(self) -> list[Any]:
        return [self[f"evidence_{kind}"] for kind in EvidenceKind.values]

    def evidence_records(self) -> dict[str, list[str]]:
        return {kind: list(self.cleaned_data.get(f"evidence_{kind}") or []) for kind in EvidenceKind.values}

    @staticmethod
    def initial_for(rating: BenchmarkRating) -> dict[str, Any]:
        initial: dict[str, Any] = {"rating": rating.rating, "commentary": rating.commentary}
        for item in rating.evidence.all():
            initial.setdefault(f"evidence_{item.kind}", []).append(str(item.record))
        return initial


class _Objective(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = f"{obj.reference} {obj.title}".strip()
        return f"{obj.strategy.title}: {name[:120]}"


class ShortfallForm(forms.Form):
    objective = _Objective(
        label="Plan and section",
        queryset=Objective.objects.none(),
        to_field_name="uuid",
        help_text="The plan and the objective or area of focus the new action delivers",
        error_messages={
            "required": "Select the plan and section for the action",
            "invalid_choice": "Select a plan and section from the list",
        },
    )
    title = free_text(
        Action, "title", label="Action", rows=3, required=True, required_message="Enter the action"
    )
    target_date = DateField(label="Target date", required=False, hint_example="31 3 2027")

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = (  # type: ignore[attr-defined]
            Objective.objects.filter(strategy__partnership=viewer.partnership)
            .select_related("strategy")
            .order_by("-strategy__period_start", "strategy__title", "sort_key")
        )


class WordingForm(forms.Form):
    statement = free_text(
        BenchmarkWording,
        "statement",
        label="Statement",
        hint="The benchmark in one sentence",
        required=True,
        required_message="Enter the benchmark's statement",
    )
    good = free_text(
        BenchmarkWording,
        "good",
        label="What good looks like",
        rows=6,
        required=True,
        required_message="Enter what good looks like",
    )
