"""The forms of equality monitoring's population page."""

from __future__ import annotations

from typing import Any

from django import forms

from performance import population


class AreaForm(forms.Form):
    local_authority_codes = forms.CharField(
        label="Local authority codes",
        help_text="The Office for National Statistics codes of the areas the partnership serves, "
        "separated by commas, such as E09000030 for Tower Hamlets",
        max_length=200,
        required=False,
    )
    residents = forms.IntegerField(
        label="Residents",
        help_text="Usual residents at the Census 2021, used to scale the England and Wales shares "
        "until the local tables are imported",
        min_value=0,
        max_value=100_000_000,
        error_messages={
            "required": "Enter the number of residents",
            "invalid": "Enter the number of residents as a whole number",
            "min_value": "Enter the number of residents as a whole number",
            "max_value": "Enter a number of residents under 100 million",
        },
    )


class PopulationFileForm(forms.Form):
    """A Census table: read and checked here, before anything is written."""

    file = forms.FileField(
        label="Census 2021 table",
        help_text="A CSV or XLSX file from the Office for National Statistics, by local authority, "
        "smaller than 5MB",
        error_messages={"required": "Select a CSV or XLSX file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = codes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > population.MAX_BYTES:
            self.add_error("file", "The selected file must be smaller than 5MB")
            return cleaned
        try:
            cleaned["parsed"] = population.parse(
                upload.name, upload.read(population.MAX_BYTES + 1), self.codes
            )
        except population.Refusal as refusal:
            self.add_error("file", str(refusal))
        return cleaned
