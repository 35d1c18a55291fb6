from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts.access import Viewer
from govuk.forms import DateField, ModelChoiceField, ModelMultipleChoiceField, years_from_today
from partners import access as partner_access
from partners.models import Contact, Organisation
from plans.forms import free_text
from training import access
from training.actions.sessions import MAX_ANSWERS, MAX_PLACES
from training.models import ConfidenceQuestion, PlaceStatus, Session, SessionPlace

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
# Sessions are recorded from this date: the demo's go back to 2016.
EARLIEST_SESSION = dt.date(2010, 1, 1)
SCORE_LABELS = {1: "1 (not at all confident)", 5: "5 (very confident)"}


class SessionForm(forms.Form):
    course = ModelChoiceField(
        label="Course",
        queryset=Session.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select the course", "invalid_choice": "Select a course from the list"},
    )
    starts_on = DateField(
        label="Date", hint_example="14 1 2027", earliest=EARLIEST_SESSION, latest=years_from_today(2)
    )
    time = forms.CharField(
        label="Time",
        help_text="24-hour clock, for example 10:00 or 14:30",
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time the session starts"},
    )
    venue = free_text(Session, "venue", label="Venue")
    host = ModelChoiceField(
        label="Host organisation",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No host organisation",
        help_text="From the register of organisations. Its partner lead can record attendance.",
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    trainer = free_text(Session, "trainer", label="Trainer")
    trainer_accreditation = free_text(
        Session,
        "trainer_accreditation",
        label="Trainer's facilitator accreditation",
        hint="For example, Home Office accredited WRAP facilitator",
    )
    trainer_accreditation_expires = DateField(
        label="Accreditation expires", hint_example="31 3 2027", required=False
    )
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=MAX_PLACES,
        help_text="Leave empty if there is no limit",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Enter the number of places as a whole number, like 30",
            "min_value": "The number of places must be 1 or more",
            "max_value": f"The number of places must be {MAX_PLACES:,} or fewer",
        },
    )
    headcount_only = forms.BooleanField(
        label="Count heads only",
        required=False,
        help_text="For a briefing to a large audience: record how many came, not who",
    )

    def __init__(self, *args: Any, viewer: Viewer, session: Session | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # A session keeps its course even after the course is deactivated.
        courses = access.courses(viewer).filter(Q(active=True) | Q(pk=session.course_id if session else None))
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["host"].queryset = access.organisations(viewer).only("uuid", "name").order_by("name")  # type: ignore[attr-defined]

    def clean_time(self) -> dt.time:
        match = _TIME.match(self.cleaned_data["time"].strip())
        if not match:
            raise forms.ValidationError("Enter the time in 24-hour form, like 10:00")
        return dt.time(int(match.group(1)), int(match.group(2)))

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["starts_at"] = timezone.make_aware(dt.datetime.combine(data.pop("starts_on"), data.pop("time")))
        return data


class BookForm(forms.Form):
    people = ModelMultipleChoiceField(
        label="People to book",
        queryset=Contact.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one person to book",
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = access.people(viewer)  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    is_filter = True
    q = forms.CharField(label="Name, email or organisation contains", required=False, max_length=200)


class NewPersonForm(forms.Form):
    name = free_text(
        Contact, "name", label="Full name", required=True, required_message="Enter the person's name"
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    organisation = ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        error_messages={
            "required": "Select the person's organisation",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    staff_group = ModelChoiceField(
        label="Staff group",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not known",
        error_messages={"invalid_choice": "Select a staff group from the list"},
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        organisations = access.organisations(viewer)
        if not access.sees_everyone(viewer):
            organisations = organisations.filter(pk__in=access.led_organisation_ids(viewer))
        self.fields["organisation"].queryset = organisations.only("uuid", "name").order_by("name")  # type: ignore[attr-defined]
        self.fields["staff_group"].queryset = partner_access.staff_groups(viewer)  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One question per person booked: attended, did not attend, or still booked."""

    def __init__(self, *args: Any, places: list[SessionPlace], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.places = {f"place_{place.uuid.hex}": place for place in places}
        for name, place in self.places.items():
            self.fields[name] = forms.ChoiceField(
                label=f"{place.person.name}, {place.person.organisation.name}",
                choices=PlaceStatus.choices,
                initial=place.status,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                error_messages={
                    "required": f"Select whether {place.person.name} attended",
                    "invalid_choice": f"Select whether {place.person.name} attended",
                },
            )

    def marks(self) -> dict[SessionPlace, str]:
        return {place: self.cleaned_data[name] for name, place in self.places.items()}


class HeadcountForm(forms.Form):
    headcount = forms.IntegerField(
        label="How many attended",
        min_value=0,
        max_value=MAX_PLACES,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter how many attended",
            "invalid": "Enter how many attended as a whole number, like 120",
            "min_value": "The head-count must be 0 or more",
            "max_value": f"The head-count must be {MAX_PLACES:,} or fewer",
        },
    )


class ConfidenceForm(forms.Form):
    """For each question, how many gave each score from 1 to 5."""

    def __init__(
        self,
        *args: Any,
        questions: list[ConfidenceQuestion],
        initial_counts: dict[tuple[int, int], int],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.groups: list[tuple[ConfidenceQuestion, list[str]]] = []
        for question in questions:
            names = []
            for score in range(1, 6):
                name = f"q{question.pk}_{score}"
                self.fields[name] = forms.IntegerField(
                    label=f"Scored {SCORE_LABELS.get(score, score)}",
                    required=False,
                    min_value=0,
                    max_value=MAX_ANSWERS,
                    initial=initial_counts.get((question.pk, score)),
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
                    error_messages={
                        "invalid": "Enter each count as a whole number, like 12",
                        "min_value": "Each count must be 0 or more",
                        "max_value": f"Each count must be {MAX_ANSWERS:,} or fewer",
                    },
                )
                names.append(name)
            self.groups.append((question, names))

    def grouped(self) -> list[tuple[ConfidenceQuestion, list[forms.BoundField]]]:
        return [(question, [self[name] for name in names]) for question, names in self.groups]

    def counts(self) -> dict[tuple[ConfidenceQuestion, int], int]:
        return {
            (question, score): self.cleaned_data.get(f"q{question.pk}_{score}") or 0
            for question in self.questions
            for score in range(1, 6)
        }
