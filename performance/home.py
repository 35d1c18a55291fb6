"""What performance puts on the home page and in the navigation (govuk.home). Each part
keeps its entries in its own block."""

from __future__ import annotations

from govuk.home import NavigationEntry, holding

# --- indicators and the dashboard -----------------------------------------------------------
from performance.indicators import READERS as DASHBOARD_READERS

INDICATOR_NAVIGATION = (
    NavigationEntry(
        "Performance", "performance:dashboard", holding(*DASHBOARD_READERS), ("performance:*",), 80
    ),
)
# --- end of indicators ------------------------------------------------------------------------

# --- the board pack ----------------------------------------------------------------------------
from performance.board_pack import READERS as BOARD_PACK_READERS  # noqa: E402

BOARD_PACK_NAVIGATION = (
    NavigationEntry(
        "Board packs",
        "performance:board_packs",
        holding(*BOARD_PACK_READERS),
        ("performance:board_pack*",),
        81,
    ),
)
# --- end of the board pack ----------------------------------------------------------------------

PANELS: tuple = ()
NAVIGATION = (*INDICATOR_NAVIGATION, *BOARD_PACK_NAVIGATION)
