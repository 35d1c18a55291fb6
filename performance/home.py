"""What performance puts in the navigation (govuk.home). Each part keeps its entries in
its own block."""

from __future__ import annotations

from govuk.home import NavigationEntry, holding
from performance.access import REGIONAL_READERS, STATISTICS_READERS

PANELS: tuple = ()

NAVIGATION = (
    # --- Channel statistics (statistics part) ---
    NavigationEntry(
        "Statistics", "performance:statistics", holding(*STATISTICS_READERS), ("performance:statistics*",), 85
    ),
    NavigationEntry(
        "Regional statistics",
        "performance:region_list",
        holding(*REGIONAL_READERS),
        ("performance:region_*",),
        85,
    ),
    # --- end of Channel statistics ---
)
