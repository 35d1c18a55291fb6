"""The forms of indicators: which figure (a measure source, govuk.measures), then its
choices, the period, the target and the RAG rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from govuk.measures import MeasureSource, Unit
from performance.models import Direction, Indicator, PeriodKind
from performance.models.indicators import DESCRIPTION_LENGTH, NAME_LENGTH
from plans import forms_measures


def _number(label: str, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=11,
        decimal_places=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a number, like 95 or 120",
            "min_value": f"Enter the {label.lower()} as 0 or more",
            "max_digits": f"Enter the {label.lower()} with fewer than 11 digits",
            "max_decimal_places": f"Enter the {label.lower()} with at most one decimal place",
            "max_whole_digits": f"Enter the {label.lower()} with fewer than 11 digits",
        },
        **kwargs,
    )


class SourceForm(forms_measures.SourceForm):
    """Plans' choice of a measure source (every app's figures), worded for an indicator."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].label = "What should this indicator count?"


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=NAME_LENGTH,
        help_text="As the plan words it, such as 95% of Youth Services staff are WRAP trained.",
        error_messages={
            "required": "Enter the indicator's name",
            "max_length": f"The name must be {NAME_LENGTH} characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The description must be {DESCRIPTION_LENGTH} characters or fewer"},
    )
    period = forms.ChoiceField(
        label="Period",
        choices=PeriodKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a period", "invalid_choice": "Choose a period from the list"},
    )
    direction = forms.ChoiceField(
        label="Which way is better?",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether higher or lower is better",
            "invalid_choice": "Choose whether higher or lower is better",
        },
    )
    target = _number("Target")
    amber_margin = _number(
        "Amber margin",
        required=False,
        help_text="How far short of the target is still amber, in the same units. Leave empty for none.",
    )
    order = forms.IntegerField(
        label="Position on the dashboard (optional)",
        required=False,
        min_value=0,
        max_value=999,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the position as a whole number from 0 to 999",
            "min_value": "Enter the position as a whole number from 0 to 999",
            "max_value": "Enter the position as a whole number from 0 to 999",
        },
    )

    def __init__(self, *args: Any, source: MeasureSource, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        fields: dict[str, forms.Field] = {
            "name": self.fields.pop("name"),
            "description": self.fields.pop("description"),
        }
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
        for name in ("period", "direction", "target", "amber_margin", "order"):
            fields[name] = self.fields.pop(name)
        if source.unit == Unit.PERCENTAGE:
            fields["target"].label = "Target (%)"
            fields["target"].help_text = "A percentage, such as 95."
        fields["period"].help_text = source.hint
        self.fields = fields

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data.get("description", ""),
            "source": self.source.code,
            "params": {p.name: data.get(p.name) or "" for p in self.source.parameters},
            "period": data["period"],
            "direction": data["direction"],
            "target": data["target"],
            "amber_margin": data.get("amber_margin"),
            "order": data.get("order") or 0,
        }


def initial_for(indicator: Indicator) -> dict[str, Any]:
    return {
        "name": indicator.name,
        "description": indicator.description,
        "period": indicator.period,
        "direction": indicator.direction,
        "target": indicator.target,
        "amber_margin": indicator.amber_margin,
        "order": indicator.order,
        **(indicator.params or {}),
    }
