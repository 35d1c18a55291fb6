from __future__ import annotations

from django import forms


class DisclosureRulesForm(forms.Form):
    threshold = forms.IntegerField(
        label="Suppress counts below",
        help_text="Counts from 1 up to one less than this are shown as [c]. The usual threshold is 5.",
        min_value=1,
        max_value=50,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the threshold",
            "invalid": "Enter the threshold as a whole number, like 5",
            "min_value": "The threshold must be 1 or more",
            "max_value": "The threshold must be 50 or less",
        },
    )
    round_to = forms.IntegerField(
        label="Round every count to the nearest (optional)",
        help_text="Leave empty for no rounding.",
        required=False,
        min_value=2,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the rounding as a whole number, like 5, or leave it empty",
            "min_value": "Round to a multiple of 2 or more, or leave it empty",
            "max_value": "Round to a multiple of 100 or less",
        },
    )
