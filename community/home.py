"""What engagement puts on the home page and in the navigation (govuk.home): the entry
"Engagement" (the events for those who read them, the summary for the steering group), and
the coordinator's panel of follow-ups promised at events that are now overdue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role
from community.access import READERS
from community.models import FollowUp, FollowUpStatus
from govuk.home import Count, NavigationEntry, Panel, holding


def _follow_ups(viewer: Viewer) -> dict[str, Any] | None:
    """Open follow-ups past their due date; no panel when there are none."""
    overdue = FollowUp.objects.filter(
        event__partnership=viewer.partnership, status=FollowUpStatus.OPEN, due_on__lt=timezone.localdate()
    ).count()
    if not overdue:
        return None
    listed = reverse("community:follow_up_list")
    return {
        "counts": [
            Count.of(
                overdue,
                "follow-up from an event overdue",
                "follow-ups from events overdue",
                f"{listed}?due=overdue",
            )
        ]
    }


def _summary_only(viewer: Viewer) -> bool:
    return viewer.has_any(Role.STEERING) and not viewer.has_any(*READERS)


PANELS = (
    Panel(
        "Engagement follow-ups", "community/home/follow_ups.html", holding(Role.COORDINATOR), _follow_ups, 75
    ),
)

NAVIGATION = (
    NavigationEntry("Engagement", "community:event_list", holding(*READERS), ("community:*",), 55),
    NavigationEntry("Engagement", "community:summary", _summary_only, ("community:summary",), 55),
)
