"""Actions in every state the partnership-wide list and the home panels tell apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from conftest import action_titled, objective_titled, viewer
from plans import actions
from plans.models import Strategy


@dataclass(frozen=True)
class Spread:
    """The titles of the active plan's actions, by what each filter should keep."""

    every: frozenset[str]
    red: frozenset[str]
    amber: frozenset[str]
    green: frozenset[str]
    complete: frozenset[str]
    not_rated: frozenset[str]
    owners: frozenset[str]  # owned by the `owner` fixture
    coordinators: frozenset[str]  # owned by the `coordinator` fixture
    update_due: frozenset[str]
    overdue: frozenset[str]


@pytest.fixture
def spread(
    plan: Strategy,
    coordinator: User,
    coordinator_viewer: Viewer,
    owner: User,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
) -> Spread:
    """The `plan` fixture's four actions given statuses and update dates, two more
    actions, an action in a draft plan and one in another partnership: neither of the
    last two is ever listed or counted here."""
    today = timezone.localdate()
    long_ago = today - dt.timedelta(days=400)  # always before this quarter

    def update(title: str, rag: str, on: dt.date) -> None:
        actions.record_progress_update(
            viewer=coordinator_viewer,
            action=action_titled(title),
            update_date=on,
            rag=rag,
            commentary="Noted.",
        )

    update("Review the strategy on unregistered schools", "amber", long_ago)
    update("Host two community roundtables", "red", today)
    update("Support the faith network", "complete", long_ago)
    target = objective_titled("Target support")
    actions.add_action(
        viewer=coordinator_viewer, objective=target, title="Train safeguarding leads", owner=owner
    )
    update("Train safeguarding leads", "green", today)
    actions.add_action(
        viewer=coordinator_viewer, objective=target, title="Brief elected members", owner=coordinator
    )

    draft = actions.create_strategy(
        viewer=coordinator_viewer,
        title="Draft plan 2026-27",
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2027, 3, 31),
        status="draft",
    )
    draft_objective = actions.add_objective(viewer=coordinator_viewer, strategy=draft, title="Not yet agreed")
    actions.add_action(
        viewer=coordinator_viewer, objective=draft_objective, title="Draft action", owner=owner
    )
    update("Draft action", "red", long_ago)

    elsewhere = viewer(person(other_partnership, Role.COORDINATOR), other_partnership)
    theirs = actions.create_strategy(
        viewer=elsewhere,
        title="Westminster plan",
        period_start=dt.date(2018, 4, 1),
        period_end=dt.date(2019, 3, 31),
        status="active",
    )
    their_objective = actions.add_objective(viewer=elsewhere, strategy=theirs, title="Their objective")
    actions.add_action(viewer=elsewhere, objective=their_objective, title="Westminster action")

    return Spread(
        every=frozenset(
            {
                "Deliver WRAP training in colleges",
                "Review the strategy on unregistered schools",
                "Host two community roundtables",
                "Support the faith network",
                "Train safeguarding leads",
                "Brief elected members",
            }
        ),
        red=frozenset({"Host two community roundtables"}),
        amber=frozenset({"Review the strategy on unregistered schools"}),
        green=frozenset({"Train safeguarding leads"}),
        complete=frozenset({"Support the faith network"}),
        not_rated=frozenset({"Deliver WRAP training in colleges", "Brief elected members"}),
        owners=frozenset({"Deliver WRAP training in colleges", "Train safeguarding leads"}),
        coordinators=frozenset({"Brief elected members"}),
        # Never updated, or last updated before this quarter, and not complete.
        update_due=frozenset(
            {
                "Deliver WRAP training in colleges",
                "Review the strategy on unregistered schools",
                "Brief elected members",
            }
        ),
        # Past its target date (31 March 2019), or not updated this quarter though added
        # before it. "Brief elected members" was added this quarter, with no target date.
        overdue=frozenset(
            {"Deliver WRAP training in colleges", "Review the strategy on unregistered schools"}
        ),
    )
