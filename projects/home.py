"""What commissioned projects put in the navigation and on the home page (govuk.home): the
project list for the coordinator, project providers and action owners; the summary of
the projects' figures for the steering group (who sees aggregates only); and for a
project provider, the returns of their projects still to be completed; for the
coordinator, the returns providers have sent for review."""

from __future__ import annotations

from typing import Any

from accounts.access import Viewer
from accounts.models import Role
from govuk.home import NavigationEntry, Panel, holding
from projects import access
from projects import quarters as q
from projects.access import PROJECT_READERS
from projects.models import ReturnStatus

SHOWN = 10


def _open_returns(viewer: Viewer) -> dict[str, Any] | None:
    return _returns_in(viewer, (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK))


def _returns_to_review(viewer: Viewer) -> dict[str, Any] | None:
    return _returns_in(viewer, (ReturnStatus.IN_REVIEW,))


def _returns_in(viewer: Viewer, statuses: tuple[str, ...]) -> dict[str, Any] | None:
    """The viewer's returns in `statuses`, oldest quarter first; no panel when none."""
    rows = list(
        access.returns(viewer)
        .filter(status__in=statuses)
        .select_related("project")
        .only("uuid", "quarter", "status", "project__title")
        .order_by("quarter", "project__title", "id")[: SHOWN + 1]
    )
    if not rows:
        return None
    return {
        "returns": [
            (r.get_absolute_url(), f"{r.project.title}: {q.label(r.quarter)}", r.get_status_display())
            for r in rows[:SHOWN]
        ],
        "more": len(rows) > SHOWN,
    }


PANELS = (
    Panel(
        "Your project returns",
        "projects/home/returns.html",
        holding(Role.PROJECT_PROVIDER),
        _open_returns,
        75,
    ),
    Panel(
        "Project returns to review",
        "projects/home/review.html",
        holding(Role.COORDINATOR),
        _returns_to_review,
        76,
    ),
)


def _summary_only(viewer: Viewer) -> bool:
    """The steering group, unless they also hold a role that opens the project list (which
    links to the summary)."""
    return viewer.has_any(Role.STEERING) and not viewer.has_any(*PROJECT_READERS)


NAVIGATION = (
    NavigationEntry("Projects", "projects:project_list", holding(*PROJECT_READERS), ("projects:*",), 55),
    NavigationEntry("Projects", "projects:summary", _summary_only, ("projects:summary",), 55),
)
