from __future__ import annotations

from django import forms

from accounts.models import Partnership


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        # Hashing a password takes time in proportion to its length: a megabyte of it
        # would tie up a worker.
        max_length=1024,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in the app, for example 123456",
        max_length=10,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-10",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code must be 6 numbers, for example 123456")
        return code


class PartnershipChoiceForm(forms.Form):
    partnership = forms.ChoiceField(
        label="Which partnership do you want to work in?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a partnership"},
    )

    def __init__(self, *args: object, partnerships: tuple[Partnership, ...], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["partnership"].choices = [(str(p.uuid), p.name) for p in partnerships]  # type: ignore[attr-defined]
