"""What training puts on the home page and in the navigation (govuk.home): the entry
"Training" for everyone who reads training, and the coordinator's panel of sessions in the
next 30 days and trainers whose accreditation will have lapsed by their session."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Role
from govuk.home import Count, NavigationEntry, Panel, holding
from training import access, schedule
from training.access import TRAINING_READERS

PANEL_SESSIONS = 5


def _sessions(viewer: Viewer) -> dict[str, Any] | None:
    """Sessions in the next 30 days and lapsed accreditations; None when there are neither."""
    sessions = access.sessions(viewer)
    upcoming = schedule.upcoming(sessions)
    lapsing = schedule.accreditation_lapsing(sessions).select_related("course").order_by("starts_at", "id")
    listed = reverse("training:session_list")
    number = upcoming.count()
    lapsing_list = list(lapsing[:PANEL_SESSIONS])
    if not number and not lapsing_list:
        return None  # nothing coming up and nothing to check: no panel
    return {
        "counts": [
            Count.of(
                number,
                f"session in the next {schedule.UPCOMING_DAYS} days",
                f"sessions in the next {schedule.UPCOMING_DAYS} days",
                f"{listed}?when=soon",
            ),
        ],
        "next": list(upcoming.select_related("course", "host").order_by("starts_at", "id")[:PANEL_SESSIONS]),
        "lapsing": lapsing_list,
    }


PANELS = (
    Panel("Training sessions", "training/session_home_panel.html", holding(Role.COORDINATOR), _sessions, 70),
)

NAVIGATION = (
    NavigationEntry("Training", "training:session_list", holding(*TRAINING_READERS), ("training:*",), 50),
)
