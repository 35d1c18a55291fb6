from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from govuk.forms import DateField, ModelChoiceField, MultipleFileField
from lib import uploads
from lib.errors import Refused
from plans import spreadsheets
from plans.models import (
    Action,
    ActionKind,
    NationalObjective,
    Objective,
    ProgressUpdate,
    Rag,
    Strategy,
    StrategyStatus,
    text_limit,
)
from plans.queries import ActionFilters, today


def free_text(
    model: type[models.Model],
    name: str,
    *,
    label: str,
    noun: str = "",
    hint: str = "",
    rows: int = 0,
    width: str = "",
    required: bool = False,
    required_message: str = "",
) -> forms.CharField:
    """A free-text field that takes no more than the model's field does and whose hint
    says so. govuk_hint adds "Up to N characters." to a text area's hint; a one-line box
    says it here."""
    limit = text_limit(model, name)
    widget: forms.Widget
    if rows:
        widget = forms.Textarea(attrs={"rows": rows})
        help_text = f"{hint}." if hint else ""
    else:
        widget = forms.TextInput(attrs={"class": width} if width else {})
        help_text = " ".join([f"{hint}." if hint else "", f"Up to {limit:,} characters."]).strip()
    messages = {"max_length": f"{noun or label} must be {limit:,} characters or fewer"}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=widget,
        error_messages=messages,
    )


class StrategyForm(forms.Form):
    title = free_text(
        Strategy,
        "title",
        label="Title",
        required=True,
        required_message="Enter the title of the strategy or plan",
    )
    period_start = DateField(label="Start of period", hint_example="1 4 2018")
    period_end = DateField(label="End of period", hint_example="31 3 2019")
    status = forms.ChoiceField(
        label="Status",
        choices=StrategyStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the plan"},
    )
    source = free_text(
        Strategy,
        "source",
        label="Source",
        hint="Where the plan comes from, for example the committee report that agreed it",
    )
    summary = free_text(Strategy, "summary", label="Summary", rows=4)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "End of period must be after the start of period")
        return cleaned


class ObjectiveForm(forms.Form):
    parent = ModelChoiceField(
        label="Where it sits",
        queryset=Objective.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="It is an objective or priority in its own right",
        help_text="Choose an objective to add this as an area of focus within it",
    )
    reference = free_text(
        Objective,
        "reference",
        label="Reference",
        hint="For example, Objective 1 or Priority 2",
        width="govuk-input--width-20",
    )
    title = free_text(
        Objective,
        "title",
        label="Title",
        noun="Objective",
        rows=3,
        required=True,
        required_message="Enter the objective",
    )
    description = free_text(Objective, "description", label="Description", rows=4)

    def __init__(self, *args: Any, strategy: Strategy, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = Objective.objects.filter(strategy=strategy, parent=None)  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    objective = ModelChoiceField(
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
    reference = free_text(Action, "reference", label="Reference", width="govuk-input--width-10")
    title = free_text(
        Action, "title", label="Action", rows=3, required=True, required_message="Enter the action"
    )
    description = free_text(Action, "description", label="Description", rows=3)
    outcomes = free_text(Action, "outcomes", label="Outcomes", rows=4)
    outputs = free_text(Action, "outputs", label="Outputs", hint="One output per line", rows=4)
    target_date = DateField(label="Target date", required=False, hint_example="31 3 2019")
    timescale = free_text(
        Action,
        "timescale",
        label="Timescale as written in the plan",
        noun="Timescale",
        hint="For example, Ongoing, or September 2018 and March 2019",
    )
    lead_officer = free_text(Action, "lead_officer", label="Lead officer")
    lead_agency = free_text(Action, "lead_agency", label="Lead agency or provider", noun="Lead agency")
    partners = free_text(Action, "partners", label="Partners", rows=2)
    owner = ModelChoiceField(
        label="Owner in Prevent Hub",
        queryset=Objective.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No owner: the coordinator updates it",
        help_text="The action owner who records progress updates",
    )
    recommendation = free_text(
        Action, "recommendation", label="Linked recommendation", hint="For example, Peer Review Rec 2"
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
    commentary = free_text(
        ProgressUpdate,
        "commentary",
        label="Commentary",
        hint="What has happened since the last update, and what happens next",
        rows=6,
        required=True,
        required_message="Enter a commentary on progress",
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
    """The plan's details and its file. The file is read and every row checked here, in
    validation, before form_page opens the transaction that saves the plan: on SQLite that
    transaction holds the database's write lock from its start. `problems` lists each
    problem in the file, for the page to show."""

    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV or XLSX file with one action per row, in the template's columns, smaller than 5MB",
        error_messages={
            "required": "Select a CSV or XLSX file to import",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = owners  # who may own an imported action; read only when a file is sent
        self.problems: list[str] = []

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_IMPORT_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX file")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        try:
            table = spreadsheets.read_table(upload.name, upload.read())
        except spreadsheets.UnreadableFile as unreadable:
            self.add_error("file", str(unreadable))
            return cleaned
        emails = {email.lower() for email in self.owners.values_list("email", flat=True)}
        parsed = spreadsheets.parse_import(table, owner_emails=emails)
        if parsed.errors:
            self.problems.extend(parsed.errors)
            self.add_error("file", self.counted())
        else:
            cleaned["rows"] = parsed.rows
        return cleaned

    def counted(self) -> str:
        """What the error summary says of the problems listed: one count, one list."""
        count = len(self.problems)
        return (
            f"The file has {count} problem{'s' if count != 1 else ''}. Nothing has been imported. "
            "Fix the rows listed and upload the file again"
        )
