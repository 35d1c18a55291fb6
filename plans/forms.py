from __future__ import annotations

from typing import Any

from django import forms

from govuk.forms import DateField, MultipleFileField
from lib import uploads
from lib.errors import Refused
from plans.models import ActionKind, NationalObjective, Objective, Rag, Strategy, StrategyStatus
from plans.queries import ActionFilters, today


class StrategyForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={
            "required": "Enter the title of the strategy or plan",
            "max_length": "Title must be 300 characters or fewer",
        },
    )
    period_start = DateField(label="Start of period", hint_example="1 4 2018")
    period_end = DateField(label="End of period", hint_example="31 3 2019")
    status = forms.ChoiceField(
        label="Status",
        choices=StrategyStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the plan"},
    )
    source = forms.CharField(
        label="Source",
        required=False,
        max_length=500,
        help_text="Where the plan comes from, for example the committee report that agreed it",
        error_messages={"max_length": "Source must be 500 characters or fewer"},
    )
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "End of period must be after the start of period")
        return cleaned


class ObjectiveForm(forms.Form):
    parent = forms.ModelChoiceField(
        label="Where it sits",
        queryset=Objective.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="It is an objective or priority in its own right",
        help_text="Choose an objective to add this as an area of focus within it",
    )
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=60,
        help_text="For example, Objective 1 or Priority 2",
        error_messages={"max_length": "Reference must be 60 characters or fewer"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    title = forms.CharField(
        label="Title",
        max_length=600,
        error_messages={
            "required": "Enter the objective",
            "max_length": "Objective must be 600 characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, strategy: Strategy, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = Objective.objects.filter(strategy=strategy, parent=None)  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    objective = forms.ModelChoiceField(
        label="Objective or area of focus",
        queryset=Objective.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select the objective this action delivers"},
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=ActionKind.choices,
        widget=forms.RadioSelect,
        initial=ActionKind.ACTION,
        error_messages={"required": "Select whether this is an action or a commissioned project"},
    )
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": "Reference must be 30 characters or fewer"},
    )
    title = forms.CharField(
        label="Action",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the action",
            "max_length": "Action must be 600 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcomes = forms.CharField(label="Outcomes", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    outputs = forms.CharField(
        label="Outputs",
        required=False,
        help_text="One output per line",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    target_date = DateField(label="Target date", required=False, hint_example="31 3 2019")
    timescale = forms.CharField(
        label="Timescale as written in the plan",
        required=False,
        max_length=200,
        help_text="For example, Ongoing, or September 2018 and March 2019",
        error_messages={"max_length": "Timescale must be 200 characters or fewer"},
    )
    lead_officer = forms.CharField(
        label="Lead officer",
        required=False,
        max_length=300,
        error_messages={"max_length": "Lead officer must be 300 characters or fewer"},
    )
    lead_agency = forms.CharField(
        label="Lead agency or provider",
        required=False,
        max_length=300,
        error_messages={"max_length": "Lead agency must be 300 characters or fewer"},
    )
    partners = forms.CharField(label="Partners", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(
        label="Owner in Prevent Hub",
        queryset=Objective.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No owner: the coordinator updates it",
        help_text="The action owner who records progress updates",
    )
    recommendation = forms.CharField(
        label="Linked recommendation",
        required=False,
        max_length=200,
        help_text="For example, Peer Review Rec 2",
        error_messages={"max_length": "Linked recommendation must be 200 characters or fewer"},
    )
    national_objective = forms.ChoiceField(
        label="National Prevent objective or CONTEST strand",
        required=False,
        choices=[("", "None"), *NationalObjective.choices],
    )

    def __init__(self, *args: Any, strategy: Strategy, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.filter(strategy=strategy)  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ProgressUpdateForm(forms.Form):
    update_date = DateField(label="Date of the update", hint_example="30 6 2018")
    rag = forms.ChoiceField(
        label="RAG status",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG status"},
    )
    commentary = forms.CharField(
        label="Commentary",
        help_text="What has happened since the last update, and what happens next",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter a commentary on progress",
            "max_length": "Commentary must be 5,000 characters or fewer",
        },
    )
    evidence = MultipleFileField(
        label="Evidence files (optional)",
        required=False,
        help_text=f"Up to {uploads.MAX_FILES} files, each smaller than "
        f"{uploads.MAX_BYTES // (1024 * 1024)}MB: {uploads.ALLOWED_DESCRIPTION}",
    )

    def clean_update_date(self) -> Any:
        value = self.cleaned_data["update_date"]
        if value and value > today():
            raise forms.ValidationError("Date of the update must be today or in the past")
        return value

    def clean_evidence(self) -> list[Any]:
        files = self.cleaned_data.get("evidence") or []
        if len(files) > uploads.MAX_FILES:
            raise forms.ValidationError(f"Select at most {uploads.MAX_FILES} evidence files")
        problems = []
        for upload in files:
            try:
                uploads.check(upload)
            except Refused as refused:
                problems.append(refused.message)
        if problems:
            raise forms.ValidationError(problems)
        return files


class ActionFilterForm(forms.Form):
    is_filter = True
    rag = forms.MultipleChoiceField(
        label="RAG status",
        required=False,
        choices=[*Rag.choices, ("none", "Not rated")],
        widget=forms.CheckboxSelectMultiple,
    )
    lead = forms.ChoiceField(label="Lead officer", required=False)
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args: Any, leads: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "Any lead")] + [(lead, lead) for lead in leads]  # type: ignore[attr-defined]


class _YesCheckbox(forms.CheckboxInput):
    """On only when the query says `name=yes`, as the filter form and the home page's
    links write it; any other value is off."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        return data.get(name) == "yes"


class ActionListFilterForm(forms.Form):
    is_filter = True
    rag = forms.MultipleChoiceField(
        label="Latest RAG status",
        required=False,
        choices=[*Rag.choices, ("none", "Not rated")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select RAG statuses from the list"},
    )
    mine = forms.BooleanField(label="Actions you own", required=False, widget=_YesCheckbox)
    update_due = forms.BooleanField(label="Due an update this quarter", required=False, widget=_YesCheckbox)
    overdue = forms.BooleanField(label="Overdue", required=False, widget=_YesCheckbox)

    def flags(self) -> list[forms.BoundField]:
        return [self["mine"], self["update_due"], self["overdue"]]

    def filters(self, viewer_pk: int) -> ActionFilters:
        """The filters asked for; a value that is not one of the choices (only a
        hand-edited address has one) drops that filter rather than failing the page."""
        self.is_valid()
        data = self.cleaned_data
        return ActionFilters(
            rags=tuple(data.get("rag") or ()),
            owner_id=viewer_pk if data.get("mine") else None,
            update_due=bool(data.get("update_due")),
            overdue=bool(data.get("overdue")),
        )


class ImportForm(StrategyForm):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV or XLSX file with one action per row, in the template's columns, smaller than 5MB",
        error_messages={
            "required": "Select a CSV or XLSX file to import",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self) -> Any:
        from plans.spreadsheets import MAX_IMPORT_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX file")
        return upload
