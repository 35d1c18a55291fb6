from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from accounts.models import GRANTABLE_ROLES, Partnership, User


def email_field(label: str, required: str, *, autocomplete: str) -> forms.EmailField:
    """An e-mail address field with the service's error messages."""
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages={
            "required": required,
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
    )


class SignInForm(forms.Form):
    email = email_field("Email address", "Enter your email address", autocomplete="email")
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


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in GRANTABLE_ROLES]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            choices=_role_choices,
            label="Roles in this partnership",
            help_text="Select all that apply",
            error_messages={
                "required": "Select at least one role",
                "invalid_choice": "Select roles from the list",
                "invalid_list": "Select roles from the list",
            },
            **kwargs,  # type: ignore[arg-type]
        )


class InviteForm(forms.Form):
    email = email_field("Work email address", "Enter their work email address", autocomplete="off")
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="Someone who already has a Prevent Hub account keeps the name on it",
        error_messages={
            "required": "Enter their full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    roles = RolesField()
    agency = forms.CharField(
        label="Organisation they represent (optional)",
        max_length=200,
        required=False,
        help_text="For example, Tower Hamlets Council or Metropolitan Police",
        error_messages={"max_length": "Organisation must be 200 characters or fewer"},
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError("Enter their full name")
        return name


class RolesForm(forms.Form):
    roles = RolesField()


class PasswordResetRequestForm(forms.Form):
    email = email_field("Email address", "Enter your email address", autocomplete="email")


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. A few unrelated words make a good one",
        strip=False,
        max_length=1024,
        error_messages={
            "required": "Enter a password",
            "max_length": "Password must be 1,024 characters or fewer",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label="Confirm your password",
        strip=False,
        max_length=1024,
        error_messages={
            "required": "Enter the password again",
            "max_length": "Password must be 1,024 characters or fewer",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if "password" in data and data.get("password_again") != data["password"]:
            self.add_error("password_again", "The passwords do not match. Enter the same password twice")
        return data
