"""What performance puts on the home page and in the navigation (govuk.home). Several
parts of issue 17 add entries here, each in a block of its own."""

from __future__ import annotations

from govuk.home import NavigationEntry, holding
from performance.assessment_access import READERS as ASSESSMENT_READERS

PANELS: tuple = ()

NAVIGATION: tuple = (
    # --- The Prevent duty self-assessment (part 6) ---------------------------------------
    NavigationEntry(
        "Self-assessment",
        "performance:assessment_list",
        holding(*ASSESSMENT_READERS),
        ("performance:assessment_*",),
        85,
    ),
    # --- end of the self-assessment block -----------------------------------------------
)
