"""The home page's gateway figures: how many referrals wait, and how many are over the
partnership's target, counted in the database the way the queue flags its rows."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from cases import actions, queries
from cases.tests.builders import Team, gateway, make_team, refer
from conftest import referral_details

pytestmark = pytest.mark.django_db


def _received(team: Team, day: dt.date, at: dt.time) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, at))
    actions.submit_referral(viewer=team.referrer, details=referral_details(received_at=moment))


@pytest.mark.parametrize("target_days", [0, 1, 5, 10])
def test_the_counts_agree_with_the_queue_rows_over_weekends_and_bank_holidays(target_days: int) -> None:
    team = make_team("Camden", "CA")
    team.partnership.gateway_target_days = target_days
    team.partnership.save(update_fields=["gateway_target_days"])
    on = dt.date(2026, 1, 6)  # a Tuesday, a week after Christmas and New Year's Day
    for back in range(25):
        day = on - dt.timedelta(days=back)
        _received(team, day, dt.time(0, 5))  # the first minutes and the last of a day
        _received(team, day, dt.time(23, 55))
    gateway(team, refer(team, received_on=on - dt.timedelta(days=30)), "no_further_action")  # not waiting

    rows = queries.queue_rows(list(queries.waiting_queue(team.partnership)), target_days)
    counts = queries.gateway_counts(team.partnership, on)
    overdue = sum(on > row.due for row in rows)
    assert counts == {"waiting": 50, "over_target": overdue}
    assert 0 < overdue < 50


def test_the_home_page_shows_the_gateway_counts(sign_in: Callable[..., Client]) -> None:
    team = make_team("Camden", "CA")
    today = timezone.localdate()
    refer(team, received_on=today)
    refer(team, received_on=today - dt.timedelta(days=30))
    page = sign_in(team.police.user).get("/").content.decode()
    assert '<span class="app-summary-counts__count">2</span> waiting at the gateway' in page
    assert '<span class="app-summary-counts__count">1</span> over the target' in page
