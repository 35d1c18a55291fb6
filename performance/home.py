"""What performance puts in the navigation and on the home page (govuk.home). Each part
keeps its entries in a block of its own."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role
from govuk.home import NavigationEntry, Panel, holding
from lib.quarters import quarter_start
from performance.access import REGIONAL_READERS, STATISTICS_READERS
from performance.assessment_access import READERS as ASSESSMENT_READERS
from performance.board_pack import READERS as BOARD_PACK_READERS

# --- indicators and the dashboard -----------------------------------------------------------
from performance.indicators import READERS as DASHBOARD_READERS
from performance.models import PartnershipReturn
from projects import quarters as q

INDICATOR_NAVIGATION = (
    NavigationEntry(
        "Performance",
        "performance:dashboard",
        holding(*DASHBOARD_READERS),
        ("performance:dashboard", "performance:dashboard_xlsx", "performance:indicator_*"),
        80,
    ),
)
# --- end of indicators ------------------------------------------------------------------------

# --- the quarterly return (issue 17 part 7) -------------------------------------------------
RETURN_READERS = (Role.COORDINATOR, Role.FUNDER, Role.STEERING)


def _return_due(viewer: Viewer) -> dict[str, Any] | None:
    """The last quarter's return, when it has not been submitted."""
    quarter = q.previous_quarter(quarter_start(timezone.localdate()))
    rows = PartnershipReturn.objects.filter(partnership=viewer.partnership, quarter=quarter)
    if rows.filter(submitted_at__isnull=False).exists():
        return None
    draft = rows.order_by("-version").first()
    return {
        "label": q.label(quarter),
        "href": draft.get_absolute_url() if draft else reverse("performance:return_start"),
        "started": draft is not None,
    }


RETURN_PANELS = (
    Panel(
        "Quarterly return due",
        "performance/returns/home_due.html",
        holding(Role.COORDINATOR),
        _return_due,
        77,
    ),
)
RETURN_NAVIGATION = (
    NavigationEntry(
        "Returns", "performance:return_list", holding(*RETURN_READERS), ("performance:return_*",), 57
    ),
)
# --- end of the quarterly return ------------------------------------------------------------

# --- the Prevent duty self-assessment (part 6) ---------------------------------------------
ASSESSMENT_NAVIGATION = (
    NavigationEntry(
        "Self-assessment",
        "performance:assessment_list",
        holding(*ASSESSMENT_READERS),
        ("performance:assessment_*",),
        85,
    ),
)
# --- end of the self-assessment block --------------------------------------------------------

# --- equality monitoring (issue 17 part 5) -------------------------------------------------
EQUALITY_NAVIGATION = (
    NavigationEntry(
        "Equality",
        "performance:equality",
        holding(Role.COORDINATOR, Role.STEERING, Role.FUNDER),
        ("performance:equality*",),
        82,
    ),
)
# --- end of equality monitoring ------------------------------------------------------------

# --- Channel statistics (part 3) and the regional adviser's (part 4) ------------------------
STATISTICS_NAVIGATION = (
    NavigationEntry(
        "Statistics", "performance:statistics", holding(*STATISTICS_READERS), ("performance:statistics*",), 81
    ),
    NavigationEntry(
        "Regional statistics",
        "performance:region_list",
        holding(*REGIONAL_READERS),
        ("performance:region_*",),
        81,
    ),
)
# --- end of Channel statistics ----------------------------------------------------------------

# --- the board pack ----------------------------------------------------------------------------
BOARD_PACK_NAVIGATION = (
    NavigationEntry(
        "Board packs",
        "performance:board_packs",
        holding(*BOARD_PACK_READERS),
        ("performance:board_pack*",),
        83,
    ),
)
# --- end of the board pack ----------------------------------------------------------------------

PANELS = (*RETURN_PANELS,)
NAVIGATION = (
    *INDICATOR_NAVIGATION,
    *RETURN_NAVIGATION,
    *STATISTICS_NAVIGATION,
    *EQUALITY_NAVIGATION,
    *ASSESSMENT_NAVIGATION,
    *BOARD_PACK_NAVIGATION,
)
