import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError

from govuk.forms import DateField, today, years_from_today


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


def test_a_day_too_big_for_a_computer_is_not_a_real_date() -> None:
    """It was an OverflowError, a server error, on every date field."""
    assert _errors(when_day="99999999999", when_month="1", when_year="2020")["when"] == [
        "Target date must be a real date"
    ]
    assert _errors(when_day="1", when_month="99999999999", when_year="2020")["when"] == [
        "Target date must be a real date"
    ]


class _Ranged(forms.Form):
    born = DateField(label="Date of birth", latest=today)
    starts = DateField(label="Start date", earliest=dt.date(2000, 1, 1), latest=years_from_today(1))
    review = DateField(label="Review date", earliest=today)


def test_a_date_outside_the_range_of_its_meaning_says_the_range() -> None:
    form = _Ranged(
        {
            "born_day": "1", "born_month": "1", "born_year": str(today().year + 1),
            "starts_day": "31", "starts_month": "12", "starts_year": "9999",
            "review_day": "1", "review_month": "1", "review_year": "2001",
        }
    )  # fmt: skip
    assert not form.is_valid()
    latest = years_from_today(1)()
    assert form.errors["born"] == ["Date of birth must be today or in the past"]
    assert form.errors["starts"] == [f"Start date must be between 1 January 2000 and {latest:%-d %B %Y}"]
    assert form.errors["review"] == ["Review date must be today or in the future"]


def test_every_date_field_takes_the_default_range_at_most() -> None:
    assert _errors(when_day="1", when_month="1", when_year="1899")["when"] == [
        "Target date must be between 1 January 1900 and 31 December 2099"
    ]


def test_a_choice_too_large_for_any_key_is_refused_as_not_on_the_list(db: None) -> None:
    """It reached SQLite as a number it cannot hold: a server error on every form that
    chooses a record by its id."""
    from accounts.models import Partnership
    from govuk.forms import ModelChoiceField, ModelMultipleChoiceField

    Partnership.objects.create(name="Tower Hamlets", slug="towerhamlets", code="TH")
    one = ModelChoiceField(queryset=Partnership.objects.all())
    many = ModelMultipleChoiceField(queryset=Partnership.objects.all())
    for huge in ("9223372036854775808", "-9223372036854775809", " 99999999999999999999999 "):
        with pytest.raises(ValidationError) as refused:
            one.clean(huge)
        assert refused.value.code == "invalid_choice"
        with pytest.raises(ValidationError) as refused:
            many.clean([huge])
        assert refused.value.code == "invalid_choice"
    largest = str(2**63 - 1)  # holdable: simply not there
    with pytest.raises(ValidationError):
        one.clean(largest)
    assert one.clean(str(Partnership.objects.get().pk)) == Partnership.objects.get()


def test_every_form_chooses_records_through_the_guarded_fields() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    folders = [
        folder
        for folder in root.iterdir()
        if folder.is_dir()
        and not folder.name.startswith(".")
        and folder.name not in {"node_modules", "static-build", "var"}
    ]
    direct = [
        str(path.relative_to(root))
        for folder in folders
        for path in folder.rglob("*.py")
        if "tests" not in path.parts
        and path.relative_to(root) != Path("govuk/forms.py")
        and any(
            f"forms.{name}(" in path.read_text(encoding="utf-8")
            for name in ("ModelChoiceField", "ModelMultipleChoiceField")
        )
    ]
    assert not direct, f"use govuk.forms' ModelChoiceField and ModelMultipleChoiceField in {direct}"
