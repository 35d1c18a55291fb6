import datetime as dt

import pytest
from django.utils import timezone

from accounts.access import Viewer
from conftest import action_titled
from plans import actions, queries
from plans.models import Action, Strategy

pytestmark = pytest.mark.django_db

ON = dt.date(2018, 11, 15)  # the quarter starting 1 October 2018


def _overdue_titles(on: dt.date = ON) -> set[str]:
    return set(Action.objects.filter(queries.overdue_condition(on)).values_list("title", flat=True))


@pytest.fixture
def created_last_year(plan: Strategy) -> Strategy:
    Action.objects.filter(strategy=plan).update(created_at=timezone.make_aware(dt.datetime(2018, 4, 2)))
    return plan


def test_an_action_with_no_update_this_quarter_is_overdue(created_last_year: Strategy) -> None:
    assert "Host two community roundtables" in _overdue_titles()


def test_an_action_updated_this_quarter_is_not_overdue(
    created_last_year: Strategy, coordinator_viewer: Viewer
) -> None:
    actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action_titled("Host two community roundtables"),
        update_date=dt.date(2018, 10, 2),
        rag="green",
        commentary="On track.",
    )
    assert "Host two community roundtables" not in _overdue_titles()


def test_an_action_past_its_target_date_is_overdue_even_if_updated(
    created_last_year: Strategy, coordinator_viewer: Viewer
) -> None:
    action = action_titled("Deliver WRAP training in colleges")
    actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action,
        update_date=dt.date(2019, 4, 2),
        rag="amber",
        commentary="Late.",
    )
    on = dt.date(2019, 4, 10)
    assert "Deliver WRAP training in colleges" in _overdue_titles(on)
    action.refresh_from_db()
    assert queries.overdue_reasons(action, on) == ["Target date passed"]


def test_a_complete_action_is_never_overdue(created_last_year: Strategy, coordinator_viewer: Viewer) -> None:
    actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action_titled("Deliver WRAP training in colleges"),
        update_date=dt.date(2018, 5, 1),
        rag="complete",
        commentary="Done.",
    )
    assert "Deliver WRAP training in colleges" not in _overdue_titles(dt.date(2020, 1, 1))


def test_an_action_added_this_quarter_has_not_yet_missed_an_update(plan: Strategy) -> None:
    today = timezone.localdate()
    overdue = set(Action.objects.filter(queries.overdue_condition(today)).values_list("title", flat=True))
    assert "Host two community roundtables" not in overdue
    assert "Deliver WRAP training in colleges" in overdue  # its target date has passed


def test_the_summary_counts_each_status_and_the_overdue(
    created_last_year: Strategy, coordinator_viewer: Viewer
) -> None:
    actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action_titled("Support the faith network"),
        update_date=dt.date(2018, 10, 5),
        rag="red",
        commentary="Stalled.",
    )
    summary = queries.rag_summary(Action.objects.filter(strategy=created_last_year), ON)
    assert summary.counts["red"] == 1
    assert summary.not_rated == 3
    assert summary.total == 4
    assert summary.overdue == 3
