"""Links from a record of one capability to what other capabilities hold about it: from
an organisation's page in the register to its staff's training compliance; from a plan's
action to the commissioned project that delivers it. The lower app must not import the apps
that build on it, so each of those offers its links in a module `<app>/related.py`:

- `ORGANISATION_LINKS`: functions from the viewer and an organisation to the links;
- `ACTION_LINKS`: functions from the viewer and the ids of the plan actions shown to
  {action id: [links]}, in one query at most however many actions.

Each returns only links the viewer may open (a link shown must open): each function asks
its own app's access layer."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
ActionLinks = Callable[[Viewer, Sequence[int]], Mapping[int, list[RelatedLink]]]


def organisation_links(viewer: Viewer, organisation: Organisation) -> list[RelatedLink]:
    """What the installed apps hold about the organisation that this viewer may open."""
    return [
        link
        for module in app_modules("related")
        for offer in getattr(module, "ORGANISATION_LINKS", ())
        for link in offer(viewer, organisation)
    ]


def action_links(viewer: Viewer, action_ids: Sequence[int]) -> dict[int, list[RelatedLink]]:
    """The installed apps' links beside plan actions, by action id, for this viewer."""
    links: dict[int, list[RelatedLink]] = {}
    if not action_ids:
        return links
    for module in app_modules("related"):
        for offer in getattr(module, "ACTION_LINKS", ()):
            for action_id, found in offer(viewer, action_ids).items():
                links.setdefault(action_id, []).extend(found)
    return links
