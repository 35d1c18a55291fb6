from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from accounts.models import User
from govuk.forms import DateField, ModelChoiceField, today


class AuditFilterForm(forms.Form):
    is_filter = True
    person = ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label="Anyone",
    )
    record = forms.UUIDField(
        label="Record",
        required=False,
        help_text="The record's identifier, as in its address",
        error_messages={"invalid": "Enter a record identifier like 0f8fad5b-d9cb-469f-a165-70867728950e"},
    )
    date_from = DateField(
        label="From", required=False, hint_example="1 4 2018", earliest=dt.date(2000, 1, 1), latest=today
    )
    date_to = DateField(
        label="To", required=False, hint_example="30 6 2018", earliest=dt.date(2000, 1, 1), latest=today
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "To must be the same as or after From")
        return cleaned
