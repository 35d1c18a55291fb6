"""The forms of a completions import: the file (and a saved layout, if any), then which
of the file's headings feeds which detail."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.access import Viewer
from govuk.forms import ModelChoiceField
from training import access, importing
from training.models import Course, ImportBatch, ImportLayout


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text=(
            "A CSV file (up to 1,000,000 rows) or an XLSX file (up to 5,000 rows) with one completion per row"
        ),
        error_messages={
            "required": "Select a CSV or XLSX file to import",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or XLSX file to import",
        },
    )
    layout = ModelChoiceField(
        label="Column layout",
        queryset=ImportLayout.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Choose the columns after uploading",
        help_text="A layout saved from an earlier file from the same source",
        error_messages={"invalid_choice": "Select a column layout from the list"},
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["layout"].queryset = importing.layouts(viewer)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = str(upload.name).lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX file")
        if upload.size > importing.max_bytes():
            raise forms.ValidationError(
                f"The selected file must be smaller than {importing.max_bytes() // (1024 * 1024)}MB"
            )
        return upload


NOT_IN_FILE = ""


class ColumnsForm(forms.Form):
    """One choice of heading per detail; the course may instead be one for every row."""

    course_for_all = ModelChoiceField(
        label="Or: every row is for this course",
        queryset=Course.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="The file has a course column",
        help_text="For an export of one course's certificates, which has no course column",
        error_messages={"invalid_choice": "Select a course from the list"},
    )
    save_as = forms.CharField(
        label="Save this layout as (optional)",
        required=False,
        max_length=100,
        help_text="For example, Home Office e-learning export. Up to 100 characters.",
        error_messages={"max_length": "The name of the layout must be 100 characters or fewer"},
    )

    def __init__(self, *args: Any, viewer: Viewer, batch: ImportBatch, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, "Not in the file"), *((heading, heading) for heading in batch.headings)]
        fields: dict[str, forms.Field] = {}
        for name in importing.FIELDS:
            fields[name] = forms.ChoiceField(
                label=importing.LABELS[name],
                choices=choices,
                required=name in importing.REQUIRED,
                help_text=_HINTS.get(name, ""),
                error_messages={
                    "required": f"Select the column that holds the {importing.LABELS[name].lower()}",
                    "invalid_choice": f"Select a heading of the file for {importing.LABELS[name].lower()}",
                },
            )
        fields["course_for_all"] = self.fields.pop("course_for_all")
        fields["save_as"] = self.fields.pop("save_as")
        self.fields = fields
        self.fields["course_for_all"].queryset = access.courses(viewer)  # type: ignore[attr-defined]

    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in importing.FIELDS}


_HINTS = {
    "email": "People are matched by their work e-mail address, whatever its capitals",
    "name": "Needed for anyone not on the register yet",
    "organisation": "Matched by name or URN; needed for anyone not on the register yet",
    "course": "Matched by the course's code or title",
    "completed_on": "Such as 25/03/2024, 2024-03-25 or an Excel date",
}
