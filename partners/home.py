"""What partner organisations put on the home page and in the navigation (govuk.home).
The coordinator's panel counts the register and its Prevent duty check gaps, each number
a link to the organisation list filtered the same way (partners.queries)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Role
from govuk.home import Count, NavigationEntry, Panel, holding
from partners import access, queries
from partners.access import ORGANISATION_READERS, PARTNER_READERS
from partners.models import OrganisationStatus


def _register(viewer: Viewer) -> dict[str, Any] | None:
    organisations = access.organisations(viewer)
    active = organisations.filter(status=OrganisationStatus.ACTIVE).count()
    if not active:
        return None
    gaps = queries.gap_count(organisations, access.check_items(viewer))
    listed = reverse("partners:organisation_list")
    return {
        "counts": [
            Count.of(active, "active organisation", "active organisations", f"{listed}?status=active"),
            Count.of(
                gaps,
                "organisation with a Prevent duty check gap",
                "organisations with a Prevent duty check gap",
                f"{listed}?check_result={queries.GAP}",
            ),
        ],
        "register_url": reverse("partners:check_register"),
    }


PANELS = (Panel("Organisations", "partners/home/register.html", holding(Role.COORDINATOR), _register, 70),)

NAVIGATION = (
    NavigationEntry(
        "Organisations", "partners:organisation_list", holding(*ORGANISATION_READERS), ("partners:*",), 45
    ),
    NavigationEntry(
        "Networks",
        "partners:network_list",
        holding(*PARTNER_READERS),
        ("partners:network_*",),
        46,
    ),
)
