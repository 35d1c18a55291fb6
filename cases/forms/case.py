"""Forms for the case at any stage: the person's equality information and documents."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.models import (
    SPECIAL_CATEGORIES,
    SpecialCategoryStatus,
)
from lib import uploads
from lib.errors import Refused


class SpecialCategoryForm(forms.Form):
    """Optional equality and special category information. Every question may be left
    unanswered, answered "not known" or "declined"."""

    title = "Equality information (optional)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in SPECIAL_CATEGORIES.items():
            self.fields[f"{name}_status"] = forms.ChoiceField(
                label=label,
                required=False,
                widget=forms.RadioSelect,
                choices=SpecialCategoryStatus.choices,
            )
            self.fields[f"{name}_value"] = forms.CharField(
                label=f"{label}: what is recorded",
                required=False,
                max_length=500,
                help_text="Only if you chose Recorded",
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, label in SPECIAL_CATEGORIES.items():
            status, value = cleaned.get(f"{name}_status", ""), cleaned.get(f"{name}_value", "").strip()
            if status == SpecialCategoryStatus.RECORDED and not value:
                self.add_error(
                    f"{name}_value", f"Enter what is recorded for {label.lower()}, or choose another answer"
                )
        return cleaned

    def values(self) -> dict[str, tuple[str, str]]:
        return {
            name: (
                self.cleaned_data.get(f"{name}_status", ""),
                self.cleaned_data.get(f"{name}_value", "").strip(),
            )
            for name in SPECIAL_CATEGORIES
        }


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=f"Smaller than {uploads.MAX_BYTES // (1024 * 1024)}MB: {uploads.ALLOWED_DESCRIPTION}",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
    description = forms.CharField(label="What it is", required=False, max_length=500)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            uploads.check(upload)
        except Refused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload
