from __future__ import annotations

from django import forms

from api import scopes


class KeyForm(forms.Form):
    name = forms.CharField(
        label="Name of the integration",
        help_text="The system that will use the key, such as the council's learning system",
        max_length=100,
        error_messages={
            "required": "Enter the name of the integration",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    scopes = forms.MultipleChoiceField(
        label="What may the key do?",
        help_text="Choose only what the integration needs",
        choices=[(scope.code, scope.label) for scope in scopes.SCOPES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose what the key may do",
            "invalid_choice": "Choose what the key may do from the list",
        },
    )
