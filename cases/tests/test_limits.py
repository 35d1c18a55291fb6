"""Limits on free text: every text field of every form has a maximum length, its hint says
it, and the model refuses longer text whatever form or import it came from. Before these
limits, a transfer, decline, extension or legal-hold reason took 100,000 characters."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

import pytest
from django import forms
from django.test import Client

from accounts.models import Partnership
from cases import actions
from cases.models import CaseTransfer
from conftest import Channel, Lifecycle, viewer
from govuk.testing import page
from lib.errors import Refused

pytestmark = pytest.mark.django_db

FORM_MODULES = ("cases.forms", "plans.forms", "accounts.forms", "audit.forms")


def _form_classes() -> list[type[forms.Form]]:
    found: list[type[forms.Form]] = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        modules = [module]
        if hasattr(module, "__path__"):
            modules += [
                importlib.import_module(f"{name}.{info.name}")
                for info in pkgutil.iter_modules(module.__path__)
            ]
        for each in modules:
            found += [
                value
                for value in vars(each).values()
                if inspect.isclass(value)
                and issubclass(value, forms.Form)
                and value.__module__ == each.__name__
            ]
    return found


def test_every_text_field_of_every_form_has_a_maximum_length() -> None:
    classes = _form_classes()
    assert len(classes) > 30
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in classes
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField and not field.max_length
    ]
    assert not unlimited, unlimited


def test_a_text_box_says_how_much_it_takes(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    shown = page(sign_in(channel.coordinator).get(f"/cases/{lifecycle.exited.uuid}/transfer/").content)
    assert shown.by_id("id_reason-hint").text.endswith("Up to 5,000 characters.")


def test_a_reason_past_its_limit_is_refused_by_the_form_and_by_the_model(
    channel: Channel, lifecycle: Lifecycle, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    closed = lifecycle.closed
    url = f"/cases/{closed.uuid}/retention/extend/"
    client = sign_in(channel.coordinator)
    refused = client.post(
        url,
        {
            "extend-review_on_day": "1",
            "extend-review_on_month": "1",
            "extend-review_on_year": "2040",
            "extend-reason": "x" * 100_000,
        },
    )
    assert refused.status_code == 200
    assert "at most 5000 characters" in refused.content.decode()
    before = CaseTransfer.objects.count()
    with pytest.raises(Refused, match="Reason must be 5,000 characters or fewer"):
        actions.request_transfer(
            viewer=viewer(channel.coordinator, partnership),
            referral=lifecycle.exited,
            to_partnership=Partnership.objects.create(name="Hackney", slug="hackney", code="HK"),
            reason="x" * 5001,
        )
    assert CaseTransfer.objects.count() == before


def test_an_intervention_starting_in_the_year_9999_is_refused_with_the_range(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    """It was a server error: the next session's due date overflowed."""
    from cases.models import Intervention

    before = Intervention.objects.count()
    response = sign_in(channel.coordinator).post(
        f"/cases/{lifecycle.supported.uuid}/interventions/new/",
        {"starts_on_day": "31", "starts_on_month": "12", "starts_on_year": "9999", "frequency_days": "7"},
    )
    assert response.status_code == 200
    assert "Start date must be between 1 January 2000 and" in response.content.decode()
    assert Intervention.objects.count() == before
