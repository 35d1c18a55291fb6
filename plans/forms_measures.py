"""The forms of measures: which figure (a source offered by an app, govuk.measures), then
that figure's choices, a target and a period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from govuk import measures as registry
from govuk.forms import DateField
from govuk.measures import MeasureSource, Unit
from plans.models import ActionMeasure, MeasurePeriod


class SourceForm(forms.Form):
    source = forms.ChoiceField(
        label="What should this action count?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a figure", "invalid_choice": "Choose a figure from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, source.label) for code, source in registry.sources().items()]


class MeasureForm(forms.Form):
    """A measure of one source: its parameters' fields sit between the wording and the
    target, each a list computed for the partnership."""

    label = forms.CharField(
        label="What it counts, in your words",
        required=False,
        max_length=200,
        help_text="For example, Youth Service staff WRAP trained. Up to 200 characters.",
        error_messages={"max_length": "What it counts must be 200 characters or fewer"},
    )
    target = forms.DecimalField(
        label="Target",
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter the target as a number, like 95 or 120",
            "min_value": "Enter a target of 0 or more",
            "max_digits": "Enter a target of fewer than 12 digits",
            "max_decimal_places": "Enter the target with at most one decimal place",
            "max_whole_digits": "Enter a target of fewer than 12 digits",
        },
    )
    period = forms.ChoiceField(
        label="Period",
        choices=MeasurePeriod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a period", "invalid_choice": "Choose a period from the list"},
    )
    period_start = DateField(
        label="Period starts",
        required=False,
        help_text="Only for dates you choose. For example, 1 4 2026",
    )
    period_end = DateField(
        label="Period ends",
        required=False,
        help_text="Only for dates you choose. For example, 31 3 2027",
    )

    def __init__(self, *args: Any, source: MeasureSource, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        fields: dict[str, forms.Field] = {"label": self.fields.pop("label")}
        for parameter in source.parameters:
            empty = "Choose one" if parameter.required else "Any"
            fields[parameter.name] = forms.ChoiceField(
                label=parameter.label,
                required=parameter.required,
                choices=[("", empty), *parameter.choices(partnership)],
                help_text=parameter.hint,
                error_messages={
                    "required": f"Choose a {parameter.label.lower()}",
                    "invalid_choice": f"Choose a {parameter.label.lower()} from the list",
                },
            )
        for name in ("target", "period", "period_start", "period_end"):
            fields[name] = self.fields.pop(name)
        if source.unit == Unit.PERCENTAGE:
            fields["target"].label = "Target (%)"
            fields["target"].help_text = "A percentage, such as 95."
        else:
            fields["target"].help_text = "A number, such as 120."
        fields["period"].help_text = source.hint
        self.fields = fields

    def measure_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "source": self.source.code,
            "params": {p.name: data.get(p.name) or "" for p in self.source.parameters},
            "label": data.get("label", ""),
            "target": data.get("target"),
            "period": data.get("period", ""),
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
        }


def initial_for(measure: ActionMeasure) -> dict[str, Any]:
    return {
        "label": measure.label,
        "target": measure.target,
        "period": measure.period,
        "period_start": measure.period_start,
        "period_end": measure.period_end,
        **(measure.params or {}),
    }
