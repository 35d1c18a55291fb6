"""Links from a record of one capability to what other capabilities hold about it: from
an organisation's page in the register to its staff's training compliance, the engagement
it took part in, the projects it delivers. The register must not import the apps that
build on it, so each offers its links in a module `<app>/related.py` declaring
`ORGANISATION_LINKS`: functions from the viewer and the organisation to the links that
viewer may follow (a link shown must open: each function asks its own access layer)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from govuk.plugins import app_modules

# The signed-in viewer (accounts.access.Viewer) and an organisation of the register
# (partners.models.Organisation); not imported, as govuk is below both.
Viewer = Any
Organisation = Any


@dataclass(frozen=True)
class RelatedLink:
    text: str
    href: str
    hint: str = ""  # a few words after the link: "3 events", "2 projects"


OrganisationLinks = Callable[[Viewer, Organisation], Sequence[RelatedLink]]


def organisation_links(viewer: Viewer, organisation: Organisation) -> list[RelatedLink]:
    """What the installed apps hold about the organisation that this viewer may open."""
    return [
        link
        for module in app_modules("related")
        for offer in getattr(module, "ORGANISATION_LINKS", ())
        for link in offer(viewer, organisation)
    ]
