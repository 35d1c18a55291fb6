"""Control characters pasted into any form or typed into an address are cleaned in one
place (govuk.middleware), before a form, a filter or the database sees them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import Role, User
from lib.text import clean, has_control
from plans.models import Strategy

pytestmark = pytest.mark.django_db


def test_line_break_controls_become_line_breaks_and_the_others_go() -> None:
    assert clean("One\x0bTwo\x0cThree") == "One\nTwo\nThree"
    assert clean("A\x00B\x01C\x1fD\x7fE") == "ABCDE"
    assert clean("Tabs\tand\r\nlines stay") == "Tabs\tand\r\nlines stay"
    assert not has_control(clean("".join(map(chr, range(0x20)))))


def test_a_form_pasted_from_word_saves_clean_text(
    partnership: object, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    coordinator = person(partnership, Role.COORDINATOR)
    response = sign_in(coordinator).post(
        "/plans/new/",
        {
            "title": "Prevent\x0bDelivery\x01 Plan\x00",
            "period_start_day": "1",
            "period_start_month": "4",
            "period_start_year": "2026",
            "period_end_day": "31",
            "period_end_month": "3",
            "period_end_year": "2027",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    assert Strategy.objects.get().title == "Prevent\nDelivery Plan"


def test_a_nul_in_an_address_reaches_no_query(
    partnership: object, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    client = sign_in(person(partnership, Role.COORDINATOR))
    for url in (
        "/plans/overdue/?lead=%00",
        "/cases/?state=%00received",
        "/audit/?verb=%00x",
        "/plans/actions/?rag=%00",
    ):
        assert client.get(url).status_code == 200, url
