"""One record per submission: a form sent twice, or three times at once, saves once
(govuk.pages.form_page and its submission token). Before, three concurrent sends of the
referral's check-answers page created three referrals, and two identical sends of a
progress update created two updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import User
from plans.models import ProgressUpdate, Strategy

TOKEN = "a-token-of-the-form-as-it-was-shown"


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


@pytest.mark.django_db
def test_the_same_form_sent_twice_saves_once_and_says_so(
    plan: Strategy, owner: User, sign_in: Callable[..., Client]
) -> None:
    action = plan.actions.get(owner=owner)
    client = sign_in(owner)
    form = {
        **_date("update_date", dt.date(2018, 9, 1)),
        "rag": "green",
        "commentary": "Two colleges trained.",
        "submission": TOKEN,
    }
    url = f"/plans/actions/{action.uuid}/updates/new/"
    first, second = client.post(url, form), client.post(url, form, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "This form was already sent, and was saved once." in second.content.decode()
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    # A new showing of the form has a new token, so a second update is its own.
    assert client.post(url, {**form, "submission": "another-showing"}).status_code == 302
    assert ProgressUpdate.objects.filter(action=action).count() == 2


@pytest.mark.django_db
def test_a_refused_submission_does_not_use_up_its_token(
    plan: Strategy, owner: User, sign_in: Callable[..., Client]
) -> None:
    action = plan.actions.get(owner=owner)
    client = sign_in(owner)
    url = f"/plans/actions/{action.uuid}/updates/new/"
    form = {**_date("update_date", dt.date(2018, 9, 1)), "rag": "green", "submission": TOKEN}
    assert client.post(url, {**form, "commentary": ""}).status_code == 200  # refused: no commentary
    assert client.post(url, {**form, "commentary": "Corrected and sent again."}).status_code == 302
    assert ProgressUpdate.objects.filter(action=action).count() == 1
