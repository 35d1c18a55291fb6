"""What delivery plans put on the home page and in the navigation (govuk.home). Every
number is an aggregate over the actions of the partnership's active plans and links to
the list it counts, filtered by the same `queries.ActionFilters`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Role
from govuk.home import Count, NavigationEntry, Panel, holding
from plans import access, queries
from plans.access import PLAN_READERS
from plans.models import StrategyStatus


def _list(**filters: str) -> str:
    query = urlencode(filters)
    return reverse("plans:action_list") + (f"?{query}" if query else "")


def _delivery_plans(viewer: Viewer) -> dict[str, Any]:
    on = queries.today()
    strategies = access.strategies(viewer)
    summary = queries.rag_summary(queries.active_plan_actions(access.actions(viewer), strategies), on)
    rags = [Count(number, label.lower(), _list(rag=code or "none")) for code, label, number in summary.rows()]
    return {
        "counts": [
            Count.of(summary.total, "action in active plans", "actions in active plans", _list()),
            *rags,
            # The overdue list shows exactly the active plans' overdue actions.
            Count(summary.overdue, "overdue", reverse("plans:overdue")),
        ],
        "strategies": list(
            strategies.filter(status=StrategyStatus.ACTIVE)
            .order_by("-period_start", "title")
            .only("uuid", "title")
        ),
    }


def _your_actions(viewer: Viewer) -> dict[str, Any] | None:
    active = queries.active_plan_actions(access.actions(viewer), access.strategies(viewer))
    owned, due = queries.owned_counts(active, viewer.user.pk, queries.today())
    # A coordinator who owns no action has nothing to do here; for an action owner
    # this panel is the job, so it shows even when it is all zeros.
    if not owned and not viewer.has_any(Role.ACTION_OWNER):
        return None
    return {
        "owned": owned,
        "due": due,
        "counts": [
            Count.of(
                owned, "action you own in active plans", "actions you own in active plans", _list(mine="yes")
            ),
            Count(due, "due an update this quarter", _list(mine="yes", update_due="yes")),
        ],
    }


PANELS = (
    Panel("Delivery plans", "plans/home/delivery_plans.html", holding(*PLAN_READERS), _delivery_plans, 60),
    Panel(
        "Your actions",
        "plans/home/your_actions.html",
        holding(Role.ACTION_OWNER, Role.COORDINATOR),
        _your_actions,
        65,
    ),
)

NAVIGATION = (
    NavigationEntry("Delivery plans", "plans:strategy_list", holding(*PLAN_READERS), ("plans:*",), 40),
)
