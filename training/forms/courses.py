from __future__ import annotations

from django import forms

from plans.forms import free_text
from training.actions.courses import MAX_VALIDITY
from training.models import Course, CourseKind


class CourseForm(forms.Form):
    title = free_text(
        Course, "title", label="Title", required=True, required_message="Enter the course's title"
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=CourseKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of course",
            "invalid_choice": "Select the kind of course",
        },
    )
    provider = free_text(Course, "provider", label="Provided by", hint="For example, Local Prevent team")
    description = free_text(Course, "description", label="Description", rows=4)
    validity_months = forms.IntegerField(
        label="Valid for (months)",
        required=False,
        min_value=1,
        max_value=MAX_VALIDITY,
        help_text="How long a completion counts before a refresher is due. Leave empty if it never expires.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the number of months as a whole number, like 24",
            "min_value": "The number of months must be 1 or more",
            "max_value": f"The number of months must be {MAX_VALIDITY} or fewer",
        },
    )
