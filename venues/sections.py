"""The parts of venue checks, shown as a sub-navigation on their list pages: each part
only to the roles its pages open for, so every link shown opens."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.access import Viewer
from venues.access import VENUE_ADMINS, VENUE_READERS


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    roles: tuple[str, ...]


SECTIONS = (
    Section("Checks", "check_list", VENUE_READERS),
    Section("Venues", "venue_list", VENUE_READERS),
    Section("Lettings policies", "policy_list", VENUE_READERS),
    Section("Review for deletion", "review_list", VENUE_ADMINS),
    Section("Settings", "settings", VENUE_ADMINS),
)


def visible(viewer: Viewer) -> list[Section]:
    return [section for section in SECTIONS if viewer.has_any(*section.roles)]
