"""What the performance parts put in the navigation (govuk.home). Each part keeps its
entries in its own block."""

from __future__ import annotations

from accounts.models import Role
from govuk.home import NavigationEntry, holding

# --- equality monitoring (issue 17 part 5) -------------------------------------------------
EQUALITY = (
    NavigationEntry(
        "Equality",
        "performance:equality",
        holding(Role.COORDINATOR, Role.STEERING, Role.FUNDER),
        ("performance:equality*",),
        80,
    ),
)
# --- end of equality monitoring ------------------------------------------------------------

NAVIGATION = (*EQUALITY,)
