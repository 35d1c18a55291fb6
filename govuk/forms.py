"""Form rendering and fields in the GOV.UK Design System's markup and error style."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.utils import timezone


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class DateInputs(forms.MultiWidget):
    """The GOV.UK date input: day, month and year in three boxes."""

    template_name = "govuk/forms/date_inputs.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            widgets={
                "day": forms.TextInput(attrs={"inputmode": "numeric"}),
                "month": forms.TextInput(attrs={"inputmode": "numeric"}),
                "year": forms.TextInput(attrs={"inputmode": "numeric"}),
            },
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


# The widest range any date in the service may take; each field narrows it to what makes
# sense for its meaning (a date of birth is not in the future; a meeting is not in 2400).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)

type DateBound = dt.date | Callable[[], dt.date]


def today() -> dt.date:
    return timezone.localdate()


def years_from_today(years: int) -> Callable[[], dt.date]:
    """A bound that moves with the calendar: today, `years` years on (or back, if negative)."""

    def bound() -> dt.date:
        day = timezone.localdate()
        try:
            return day.replace(year=day.year + years)
        except ValueError:  # 29 February in a year without one
            return day.replace(year=day.year + years, day=28)

    return bound


class DateField(forms.Field):
    """A date entered as day, month and year, with GOV.UK error messages that name
    the field and say what to fix. `earliest` and `latest` (dates, or functions giving
    one, such as `today`) bound what the field accepts."""

    widget = DateInputs

    def __init__(
        self,
        *,
        label: str,
        hint_example: str = "27 3 2019",
        earliest: DateBound = EARLIEST,
        latest: DateBound = LATEST,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("help_text", f"For example, {hint_example}")
        super().__init__(label=label, **kwargs)
        self.noun = label[0].lower() + label[1:]
        self.earliest = earliest
        self.latest = latest

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        day, month, year = parts
        if not any(parts):
            return None
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and '.join(missing)}", code="incomplete")
        if not all(part.isdigit() for part in parts) or len(day) > 2 or len(month) > 2:
            raise ValidationError(f"{self.label} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"{self.label} must be a real date", code="invalid") from None

    def validate(self, value: Any) -> None:
        if value is None:
            if self.required:
                raise ValidationError(f"Enter {self.noun}", code="required")
            return
        earliest = self.earliest() if callable(self.earliest) else self.earliest
        latest = self.latest() if callable(self.latest) else self.latest
        if earliest <= value <= latest:
            return
        if self.latest is today and value > latest:
            raise ValidationError(f"{self.label} must be today or in the past", code="future")
        if self.earliest is today and value < earliest:
            raise ValidationError(f"{self.label} must be today or in the future", code="past")
        raise ValidationError(
            f"{self.label} must be between {earliest:%-d %B %Y} and {latest:%-d %B %Y}", code="range"
        )

    def prepare_value(self, value: Any) -> Any:
        return value


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def required_messages(**messages: str) -> dict[str, dict[str, str]]:
    """Error messages per field name, in the GOV.UK style ("Enter a title")."""
    return {name: {"required": text} for name, text in messages.items()}


# The largest whole number SQLite (and PostgreSQL's bigint) holds. A choice posted as a
# larger number reached SQLite as a query parameter it cannot take (OverflowError, a
# server error), where any other unknown choice is refused as not on the list.
LARGEST_KEY = 2**63 - 1


def _beyond_keys(field: forms.ModelChoiceField, values: Any) -> bool:
    """Whether any of `values` is a whole number no integer key can hold, when the field
    looks choices up by an integer column (its primary key, usually)."""
    if field.queryset is None:
        return False
    meta = field.queryset.model._meta
    column = meta.pk if field.to_field_name is None else meta.get_field(field.to_field_name)
    if not isinstance(column, models.IntegerField):
        return False
    for value in values:
        try:
            number = int(str(value).strip())
        except ValueError:
            continue
        if not -LARGEST_KEY - 1 <= number <= LARGEST_KEY:
            return True
    return False


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, refusing a number too large for any key as a choice not on the list."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _beyond_keys(self, [value]):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a number too large for any key as a choice not on the list."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple) and _beyond_keys(self, value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "the choice"}
            )
        return super().clean(value)
