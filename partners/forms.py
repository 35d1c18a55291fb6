from __future__ import annotations

from typing import Any

from django import forms

from accounts.access import Viewer
from govuk.forms import DateField, today
from partners import access, importing
from partners.models import MAX_STAFF, Contact, ContactRole, Network, Organisation, OrganisationStatus
from plans import spreadsheets
from plans.forms import free_text


class OrganisationForm(forms.Form):
    name = free_text(
        Organisation, "name", label="Name", required=True, required_message="Enter the organisation's name"
    )
    sector = forms.ModelChoiceField(
        label="Sector",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Select a sector", "invalid_choice": "Select a sector from the list"},
    )
    address = free_text(Organisation, "address", label="Address", hint="Work address only")
    postcode = free_text(Organisation, "postcode", label="Postcode", width="govuk-input--width-10")
    parent = forms.ModelChoiceField(
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
    sector = forms.ModelChoiceField(
        label="Sector", queryset=Organisation.objects.none(), required=False, empty_label="Any sector"
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *OrganisationStatus.choices], required=False
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = access.sectors(viewer)  # type: ignore[attr-defined]


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
        if parsed.errors:
            self.problems.extend(parsed.errors)
            self.add_error("file", self.counted())
        cleaned["rows"] = parsed.rows
        return cleaned

    def counted(self) -> str:
        count = len(self.problems)
        return f"The file has {count} problem{'s' if count != 1 else ''}. Nothing was imported"


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
    roles = forms.ModelMultipleChoiceField(
        label="Roles",
        queryset=ContactRole.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select roles from the list",
            "invalid_pk_value": "Select roles from the list",
        },
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = access.contact_roles(viewer)  # type: ignore[attr-defined]


class NetworkForm(forms.Form):
    name = free_text(
        Network, "name", label="Name", required=True, required_message="Enter the network's name"
    )
    description = free_text(Network, "description", label="Description", rows=3)


class MemberForm(forms.Form):
    contact = forms.ModelChoiceField(
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


class MappingForm(forms.Form):
    name = forms.CharField(
        label="Name of the layout",
        max_length=100,
        help_text="For example, Faith groups list from the community team. Up to 100 characters.",
        error_messages={"required": "Enter a name for the column layout"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in importing.FIELDS:
            self.fields[f"{field}_column"] = forms.CharField(
                label=f"Column for {importing.LABELS[field].lower()}",
                required=field == "name",
                max_length=100,
                help_text="The heading in row 1 of the file, as it is written" if field == "name" else "",
                error_messages={
                    "required": "Enter the heading of the column that holds the organisation's name"
                },
            )

    def columns(self) -> dict[str, str]:
        return {field: self.cleaned_data.get(f"{field}_column", "") for field in importing.FIELDS}


class StaffCountForm(forms.Form):
    staff_group = forms.ModelChoiceField(
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
