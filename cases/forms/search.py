"""The search form (a GET form): what to search by, and the filters."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.access import Viewer
from cases.forms.common import listed
from cases.models import AgeBand, ConcernType, ReferralState
from cases.search import UNALLOCATED, Criteria, worker_choices
from govuk.forms import DateField, ModelChoiceField, years_from_today


class SearchForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        help_text="This service's reference or the national case-tracking reference",
        max_length=40,
        required=False,
    )
    name = forms.CharField(
        label="Name",
        help_text="Given and family name, or one name. Spelling variants, short forms and "
        "transposed names are found too.",
        max_length=200,
        required=False,
    )
    date_of_birth = DateField(
        label="Date of birth", hint_example="14 6 2009", latest=years_from_today(0), required=False
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    school = forms.CharField(label="School, college, setting or employer", max_length=200, required=False)
    state = forms.ChoiceField(label="Stage", required=False)
    worker = forms.ChoiceField(label="Allocated worker", required=False)
    age_band = forms.ChoiceField(label="Age band", help_text="Age when referred", required=False)
    concern_type = ModelChoiceField(
        label="Type of concern",
        queryset=ConcernType.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="Any type of concern",
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Any stage"), *ReferralState.choices]  # type: ignore[attr-defined]
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone or no one"),
            (UNALLOCATED, "Not allocated"),
            *worker_choices(viewer),
        ]
        self.fields["age_band"].choices = [("", "Any age"), *AgeBand.choices]  # type: ignore[attr-defined]
        self.fields["concern_type"].queryset = listed(ConcernType, viewer.partnership)  # type: ignore[attr-defined]

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            reference=data["reference"].strip(),
            name=data["name"].strip(),
            date_of_birth=data["date_of_birth"],
            postcode=data["postcode"].strip(),
            school=data["school"].strip(),
            state=data["state"],
            worker=data["worker"],
            age_band=data["age_band"],
            concern_type=data["concern_type"],
        )
