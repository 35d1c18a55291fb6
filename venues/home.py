"""What venue checks put on the home page and in the navigation (govuk.home): the entry
"Venue checks" for the coordinator and venue officers, and their panel of checks awaiting
a decision, this month's events without an outcome and (for the coordinator, who reviews
them) checks due for review for deletion, each shown when there is one. Counts only: no
organiser or speaker named."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count as Counted
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from govuk.home import Count, NavigationEntry, Panel, holding
from venues import access
from venues.access import VENUE_READERS
from venues.models import CheckState


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    start = today.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def _panel(viewer: Viewer) -> dict[str, Any] | None:
    today = timezone.localdate()
    start, end = month_bounds(today)
    figures = access.checks(viewer).aggregate(
        awaiting=Counted("pk", filter=Q(state__in=[CheckState.REQUESTED, CheckState.UNDER_CHECK])),
        without_outcome=Counted(
            "pk", filter=Q(state=CheckState.DECIDED, event_date__range=(start, min(end, today)))
        ),
        due=Counted("pk", filter=Q(state=CheckState.CLOSED, review_on__lte=today)),
    )
    listed = reverse("venues:check_list")
    counts = [
        Count.of(
            figures["awaiting"],
            "check awaiting a decision",
            "checks awaiting a decision",
            f"{listed}?when=awaiting",
        ),
        Count.of(
            figures["without_outcome"],
            "event this month without an outcome",
            "events this month without an outcome",
            f"{listed}?when=no_outcome",
        ),
    ]
    if access.can_administer(viewer):
        counts.append(
            Count.of(
                figures["due"], "check due for review", "checks due for review", reverse("venues:review_list")
            )
        )
    counts = [count for count in counts if count.number]
    return {"counts": counts} if counts else None  # nothing to do: no panel


PANELS = (Panel("Venue checks", "venues/home_panel.html", holding(*VENUE_READERS), _panel, 78),)

NAVIGATION = (
    NavigationEntry("Venue checks", "venues:check_list", holding(*VENUE_READERS), ("venues:*",), 55),
)
