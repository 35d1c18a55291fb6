"""Forms for the case at any stage: the person's equality information and documents."""

from __future__ import annotations

from typing import Any

from django import forms

from cases import ethnicity
from cases.models import (
    SPECIAL_CATEGORIES,
    SpecialCategoryStatus,
)
from lib import uploads
from lib.errors import Refused


class SpecialCategoryForm(forms.Form):
    """Optional equality and special category information. Every question may be left
    unanswered, answered "not known" or "declined". Ethnicity is asked with the Census 2021
    categories (cases.ethnicity). A text box that only applies after a choice is revealed by
    it (`conditional`); without JavaScript every box shows, and text typed in one whose
    choice was not made is ignored."""

    title = "Equality information (optional)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conditional: dict[str, dict[str, list[str]]] = {}
        # An ethnicity recorded as free text before the Census list: kept unless replaced.
        self.earlier_ethnicity: tuple[str, str] | None = None
        for name, label in SPECIAL_CATEGORIES.items():
            if name == "ethnicity":
                self._add_ethnicity(label)
                continue
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
            )
            self.conditional[f"{name}_status"] = {SpecialCategoryStatus.RECORDED: [f"{name}_value"]}

    def _add_ethnicity(self, label: str) -> None:
        choices: list[Any] = [
            (heading, [(group.code, group.label) for group in groups])
            for heading, groups in ethnicity.CENSUS_2021
        ]
        choices.append(("or", [ethnicity.DECLINED, ethnicity.NOT_KNOWN]))
        self.fields["ethnicity"] = forms.ChoiceField(
            label=label,
            required=False,
            widget=forms.RadioSelect,
            choices=choices,
            help_text="The ethnic groups of the Census 2021",
        )
        self.conditional["ethnicity"] = {}
        for group in ethnicity.WITH_OTHER:
            name = f"ethnicity_other_{group.other}"
            self.fields[name] = forms.CharField(
                label=group.other_label,
                required=False,
                max_length=ethnicity.OTHER_MAX_LENGTH,
                error_messages={
                    "max_length": f"The description must be {ethnicity.OTHER_MAX_LENGTH} characters or fewer"
                },
            )
            self.conditional["ethnicity"][group.code] = [name]
        # The case's page gives what is recorded as status and value, like the other answers.
        self.initial = dict(self.initial)
        status, value = self.initial.pop("ethnicity_status", ""), self.initial.pop("ethnicity_value", "")
        if status in (ethnicity.DECLINED[0], ethnicity.NOT_KNOWN[0]):
            self.initial["ethnicity"] = status
        elif status == SpecialCategoryStatus.RECORDED:
            parsed = ethnicity.parse(value)
            if parsed is None:
                self.earlier_ethnicity = (status, value)
                self.fields["ethnicity"].help_text = (
                    f"Recorded before these categories: \u201c{value}\u201d. "
                    "It is kept unless you choose an answer."
                )
            else:
                code, other = parsed
                self.initial["ethnicity"] = code
                if other:
                    self.initial[f"ethnicity_other_{ethnicity.GROUPS[code].other}"] = other

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, label in SPECIAL_CATEGORIES.items():
            if name == "ethnicity":
                continue
            status, value = cleaned.get(f"{name}_status", ""), cleaned.get(f"{name}_value", "").strip()
            if status == SpecialCategoryStatus.RECORDED and not value:
                self.add_error(
                    f"{name}_value", f"Enter what is recorded for {label.lower()}, or choose another answer"
                )
        # Text typed in a box whose choice was not made (all show without JavaScript) is dropped.
        for field, options in self.conditional.items():
            chosen = cleaned.get(field, "")
            for option, names in options.items():
                if option != chosen:
                    for name in names:
                        if name in cleaned:
                            cleaned[name] = ""
        return cleaned

    def values(self) -> dict[str, tuple[str, str]]:
        values = {}
        for name in SPECIAL_CATEGORIES:
            if name == "ethnicity":
                values[name] = self._ethnicity()
                continue
            status = self.cleaned_data.get(f"{name}_status", "")
            value = self.cleaned_data.get(f"{name}_value", "").strip()
            values[name] = (status, value if status == SpecialCategoryStatus.RECORDED else "")
        return values

    def _ethnicity(self) -> tuple[str, str]:
        code = self.cleaned_data.get("ethnicity", "")
        if code in (ethnicity.DECLINED[0], ethnicity.NOT_KNOWN[0]):
            return code, ""
        if code in ethnicity.GROUPS:
            group = ethnicity.GROUPS[code]
            other = self.cleaned_data.get(f"ethnicity_other_{group.other}", "") if group.other else ""
            return SpecialCategoryStatus.RECORDED, ethnicity.value_of(code, other)
        return self.earlier_ethnicity or ("", "")

    def summary(self) -> list[tuple[str, str]]:
        """(question, answer) for each question, as a check-your-answers page shows them."""
        shown: dict[str, str] = {
            SpecialCategoryStatus.NOT_KNOWN: "Not known",
            SpecialCategoryStatus.DECLINED: "Declined to say",
        }
        rows = []
        for name, (status, value) in self.values().items():
            if name == "ethnicity" and status == SpecialCategoryStatus.DECLINED:
                answer = ethnicity.DECLINED[1]
            else:
                answer = value if status == SpecialCategoryStatus.RECORDED else shown.get(status, "Not given")
            rows.append((SPECIAL_CATEGORIES[name], answer or "Not given"))
        return rows


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
