"""What partner organisations put in the navigation (govuk.home)."""

from __future__ import annotations

from govuk.home import NavigationEntry, holding
from partners.access import PARTNER_READERS

NAVIGATION = (
    NavigationEntry(
        "Organisations", "partners:organisation_list", holding(*PARTNER_READERS), ("partners:*",), 45
    ),
    NavigationEntry(
        "Networks",
        "partners:network_list",
        holding(*PARTNER_READERS),
        ("partners:network_*",),
        46,
    ),
)
