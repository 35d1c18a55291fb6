from __future__ import annotations

from typing import Any

from django import forms

from accounts.access import Viewer
from govuk.forms import DateField, ModelChoiceField, ModelMultipleChoiceField, today, years_from_today
from lib import uploads
from lib.errors import Refused
from partners import access, importing
from partners.models import (
    MAX_STAFF,
    CheckItem,
    CheckStatus,
    Contact,
    ContactRole,
    DutyCheck,
    Network,
    Organisation,
    OrganisationStatus,
    Sector,
    StaffGroup,
)
from plans import spreadsheets
from plans.forms import free_text


class OrganisationForm(forms.Form):
    name = free_text(
        Organisation, "name", label="Name", required=True, required_message="Enter the organisation's name"
    )
    sector = ModelChoiceField(
        label="Sector",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Select a sector", "invalid_choice": "Select a sector from the list"},
    )
    address = free_text(Organisation, "address", label="Address", hint="Work address only")
    postcode = free_text(Organisation, "postcode", label="Postcode", width="govuk-input--width-10")
    parent = ModelChoiceField(
        label="Part of",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Not part of another organisation",
        help_text="A council's service sits under the council; a school under its trust",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=OrganisationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    urn = free_text(
        Organisation,
        "urn",
        label="URN",
        hint="The unique reference number, such as a school's from Get Information about Schools",
        width="govuk-input--width-10",
    )

    def __init__(self, *args: Any, viewer: Viewer, organisation: Organisation | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = access.sectors(viewer)  # type: ignore[attr-defined]
        parents = access.organisations(viewer).only("uuid", "name")
        if organisation is not None:
            parents = parents.exclude(pk=organisation.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    is_filter = True
    name = forms.CharField(label="Name contains", required=False, max_length=200)
    sector = ModelChoiceField(
        label="Sector", queryset=Organisation.objects.none(), required=False, empty_label="Any sector"
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *OrganisationStatus.choices], required=False
    )
    check_item = ModelChoiceField(
        label="Duty check",
        queryset=CheckItem.objects.none(),
        required=False,
        empty_label="Any check that applies",
    )
    check_result = forms.ChoiceField(label="Result of the check", choices=[], required=False)

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = access.sectors(viewer)  # type: ignore[attr-defined]
        if access.can_see_check_details(viewer):
            self.fields["check_item"].queryset = access.check_items(viewer)  # type: ignore[attr-defined]
            self.fields["check_result"].choices = [("", "Any result"), *[(k, v) for k, v in CHECK_RESULTS]]  # type: ignore[attr-defined]
        else:
            del self.fields["check_item"], self.fields["check_result"]


# What the register of gaps counts, per organisation and check: each pair is in exactly one.
CHECK_RESULTS = (
    ("met", "Met"),
    ("not_met", "Not met or partly met"),
    ("overdue", "Check overdue"),
    ("never", "Never checked"),
    ("not_applicable", "Not applicable"),
    ("gap", "Any gap: not met, overdue or never checked"),
)


class ImportForm(forms.Form):
    """The file and its columns. The file is read and every row checked here, before the
    action's transaction opens; `problems` lists each problem in the file."""

    mapping = forms.ChoiceField(
        label="Columns",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which columns the file has",
            "invalid_choice": "Select which columns the file has from the list",
        },
    )
    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV or XLSX file with one organisation per row, smaller than 5MB",
        error_messages={
            "required": "Select a CSV or XLSX file to import",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.problems: list[str] = []
        self.mappings = dict(importing.MAPPINGS)
        for saved in access.mappings(viewer):
            key = f"saved-{saved.uuid}"
            self.mappings[key] = importing.saved_mapping(key, saved.name, saved.columns)
        self.fields["mapping"].choices = [(key, mapping.label) for key, mapping in self.mappings.items()]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_IMPORT_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX file")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload, key = cleaned.get("file"), cleaned.get("mapping")
        if upload is None or key is None:
            return cleaned
        try:
            table = spreadsheets.read_table(upload.name, upload.read(), max_columns=importing.MAX_COLUMNS)
        except spreadsheets.UnreadableFile as unreadable:
            self.add_error("file", str(unreadable))
            return cleaned
        parsed = importing.parse(table, self.mappings[key], list(access.sectors(self.viewer)))
        if parsed.rows:
            register = [
                importing.Registered(*values)
                for values in access.organisations(self.viewer).values_list(
                    "pk", "name", "postcode", "urn", "parent_id"
                )
            ]
            parsed.errors.extend(importing.parent_problems(parsed.rows, register))
            parsed.errors.sort(key=_row_number)
        if parsed.errors:
            self.problems.extend(parsed.errors)
            self.add_error("file", self.counted())
        cleaned["rows"] = parsed.rows
        return cleaned

    def counted(self) -> str:
        count = len(self.problems)
        return f"The file has {count} problem{'s' if count != 1 else ''}. Nothing was imported"


def _row_number(problem: str) -> int:
    words = problem.split(":", 1)[0].split()
    return int(words[1]) if len(words) == 2 and words[0] == "Row" and words[1].isdigit() else 0


class ContactForm(forms.Form):
    name = free_text(
        Contact, "name", label="Name", required=True, required_message="Enter the contact's name"
    )
    job_title = free_text(Contact, "job_title", label="Job title")
    email = forms.EmailField(
        label="Work email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    phone = free_text(Contact, "phone", label="Work phone number", width="govuk-input--width-20")
    roles = ModelMultipleChoiceField(
        label="Roles",
        queryset=ContactRole.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select roles from the list",
            "invalid_pk_value": "Select roles from the list",
        },
    )
    staff_group = ModelChoiceField(
        label="Staff group",
        queryset=StaffGroup.objects.none(),
        required=False,
        empty_label="Not known",
        help_text="The group their organisation counts them in, for training compliance",
        error_messages={"invalid_choice": "Select a staff group from the list"},
    )
    started_on = DateField(
        label="Date started", required=False, hint_example="1 9 2024", latest=years_from_today(1)
    )
    left_on = DateField(
        label="Date left", required=False, hint_example="31 7 2025", latest=years_from_today(1)
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = access.contact_roles(viewer)  # type: ignore[attr-defined]
        self.fields["staff_group"].queryset = access.staff_groups(viewer)  # type: ignore[attr-defined]


class NetworkForm(forms.Form):
    name = free_text(
        Network, "name", label="Name", required=True, required_message="Enter the network's name"
    )
    description = free_text(Network, "description", label="Description", rows=3)


class MemberForm(forms.Form):
    contact = ModelChoiceField(
        label="Contact",
        queryset=Contact.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select a contact", "invalid_choice": "Select a contact from the list"},
    )
    joined = DateField(label="Date joined", hint_example="1 9 2024")

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        field.queryset = access.contacts(viewer).select_related("organisation")  # type: ignore[attr-defined]
        field.label_from_instance = lambda contact: f"{contact.name}, {contact.organisation.name}"  # type: ignore[attr-defined]


class LeftForm(forms.Form):
    left = DateField(label="Date left", hint_example="31 7 2025")


class MemberDatesForm(forms.Form):
    joined = DateField(label="Date joined", hint_example="1 9 2024")
    left = DateField(
        label="Date left",
        required=False,
        help_text="Leave empty if they are still a member. For example, 31 7 2025",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        joined, left = cleaned.get("joined"), cleaned.get("left")
        if joined and left and left < joined:
            self.add_error("left", "The date left must be on or after the date joined")
        return cleaned


class MappingForm(forms.Form):
    """A column layout: its name and, for each field, the heading that feeds it. Given the
    headings of an uploaded file, each field is a choice among them; otherwise the
    headings are typed as they are written."""

    name = forms.CharField(
        label="Name of the layout",
        max_length=100,
        help_text="For example, Faith groups list from the community team. Up to 100 characters.",
        error_messages={"required": "Enter a name for the column layout"},
    )

    def __init__(self, *args: Any, headings: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in importing.FIELDS:
            label = f"Column for {importing.LABELS[field].lower()}"
            messages = {
                "required": "Select the column that holds the organisation's name"
                if headings
                else "Enter the heading of the column that holds the organisation's name",
                "invalid_choice": "Select a column of the file from the list",
            }
            if headings:
                empty = [] if field == "name" else [("", "Not in the file")]
                self.fields[f"{field}_column"] = forms.ChoiceField(
                    label=label,
                    required=field == "name",
                    choices=[*empty, *[(heading, heading) for heading in headings]],
                    error_messages=messages,
                )
            else:
                self.fields[f"{field}_column"] = forms.CharField(
                    label=label,
                    required=field == "name",
                    max_length=100,
                    help_text="The heading in row 1 of the file, as it is written" if field == "name" else "",
                    error_messages=messages,
                )

    def columns(self) -> dict[str, str]:
        return {field: self.cleaned_data.get(f"{field}_column", "") for field in importing.FIELDS}


class HeadingsForm(forms.Form):
    """The first step of a new column layout: a file whose first row is read for its headings."""

    file = forms.FileField(
        label="A file with the columns",
        help_text="A CSV or XLSX file smaller than 5MB. Only its first row, the headings, is read",
        error_messages={"required": "Select a CSV or XLSX file", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_IMPORT_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX file")
        try:
            table = spreadsheets.read_table(upload.name, upload.read(), max_columns=importing.MAX_COLUMNS)
        except spreadsheets.UnreadableFile as unreadable:
            raise forms.ValidationError(str(unreadable)) from None
        headings = importing.headings(table)
        if not headings:
            raise forms.ValidationError("The file has no headings. Put the column headings in row 1")
        self.cleaned_data["headings"] = headings
        return upload


class StaffCountForm(forms.Form):
    staff_group = ModelChoiceField(
        label="Staff group",
        queryset=Organisation.objects.none(),
        error_messages={
            "required": "Select a staff group",
            "invalid_choice": "Select a staff group from the list",
        },
    )
    number = forms.IntegerField(
        label="Number of staff",
        min_value=0,
        max_value=MAX_STAFF,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the number of staff",
            "invalid": "Enter the number of staff as a whole number, like 45",
            "min_value": "The number of staff must be 0 or more",
            "max_value": f"The number of staff must be {MAX_STAFF:,} or fewer",
        },
    )
    counted_on = DateField(label="Date counted", hint_example="1 9 2025", latest=today)

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["staff_group"].queryset = access.staff_groups(viewer)  # type: ignore[attr-defined]


MAX_EVIDENCE_MB = uploads.MAX_BYTES // (1024 * 1024)


class CheckForm(forms.Form):
    item = ModelChoiceField(
        label="Check",
        queryset=CheckItem.objects.none(),
        error_messages={"required": "Select the check", "invalid_choice": "Select a check from the list"},
    )
    status = forms.ChoiceField(
        label="Result",
        choices=CheckStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the result of the check",
            "invalid_choice": "Select a result from the list",
        },
    )
    checked_on = DateField(label="Date checked", hint_example="14 3 2025", latest=today)
    next_due_on = DateField(
        label="Next check due", required=False, hint_example="14 3 2026", latest=years_from_today(5)
    )
    notes = free_text(DutyCheck, "notes", label="Notes", hint="What was seen, and what needs doing", rows=4)
    evidence = forms.FileField(
        label="Evidence file (optional)",
        required=False,
        help_text=f"One file smaller than {MAX_EVIDENCE_MB}MB: {uploads.ALLOWED_DESCRIPTION}",
        error_messages={"empty": "The selected file is empty"},
    )

    def __init__(self, *args: Any, viewer: Viewer, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = access.check_items(viewer).filter(sectors=organisation.sector_id)  # type: ignore[attr-defined]

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload:
            try:
                uploads.check(upload)
            except Refused as refused:
                raise forms.ValidationError(refused.message) from None
        return upload or None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        checked, due = cleaned.get("checked_on"), cleaned.get("next_due_on")
        if checked and due and due <= checked:
            self.add_error("next_due_on", "Next check due must be after the date checked")
        return cleaned


class CheckItemForm(forms.Form):
    label = free_text(
        CheckItem, "label", label="Check", required=True, required_message="Enter what is checked"
    )
    hint = free_text(CheckItem, "hint", label="What to look for", rows=2)
    sectors = ModelMultipleChoiceField(
        label="Sectors it applies to",
        queryset=Sector.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the sectors the check applies to",
            "invalid_choice": "Select sectors from the list",
            "invalid_pk_value": "Select sectors from the list",
        },
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = access.sectors(viewer)  # type: ignore[attr-defined]


class ListEntryForm(forms.Form):
    label = forms.CharField(
        label="Name",
        max_length=200,
        help_text="Up to 200 characters.",
        error_messages={
            "required": "Enter the name of the entry",
            "max_length": "Name must be 200 characters or fewer",
        },
    )


class PartnerLeadForm(forms.Form):
    user = ModelChoiceField(
        label="Partner lead",
        queryset=Contact.objects.none(),
        to_field_name="uuid",
        help_text="People who hold the partner lead role in the partnership",
        error_messages={
            "required": "Select a partner lead",
            "invalid_choice": "Select a partner lead from the list",
        },
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = users  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: f"{user.full_name} ({user.email})"  # type: ignore[attr-defined]
