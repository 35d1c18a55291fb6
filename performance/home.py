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

PANELS: tuple = ()
NAVIGATION = (*INDICATOR_NAVIGATION,)
