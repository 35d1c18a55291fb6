import datetime as dt

import pytest
from django import forms

from govuk.forms import DateField


class _Form(forms.Form):
    when = DateField(label="Target date")
    maybe = DateField(label="Review date", required=False)


def _errors(**data: str) -> dict[str, list[str]]:
    form = _Form(data)
    form.is_valid()
    return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


def test_a_date_is_read_from_day_month_and_year() -> None:
    form = _Form({"when_day": "31", "when_month": "3", "when_year": "2019"})
    assert form.is_valid()
    assert form.cleaned_data == {"when": dt.date(2019, 3, 31), "maybe": None}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter target date"),
        ({"when_day": "31", "when_year": "2019"}, "Target date must include a month"),
        ({"when_day": "31"}, "Target date must include a month and year"),
        ({"when_day": "31", "when_month": "2", "when_year": "2019"}, "Target date must be a real date"),
        ({"when_day": "x", "when_month": "2", "when_year": "2019"}, "Target date must be a real date"),
        ({"when_day": "1", "when_month": "2", "when_year": "19"}, "Year must include 4 numbers"),
    ],
)
def test_date_errors_say_what_is_wrong(data: dict[str, str], message: str) -> None:
    assert _errors(**data)["when"] == [message]


def test_an_optional_date_may_be_left_blank() -> None:
    assert "maybe" not in _errors(when_day="1", when_month="1", when_year="2020")
