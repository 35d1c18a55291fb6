"""The partnership's configurable lists of engagement and communications: event types,
themes and channels. Each partnership starts with the defaults below (written when the
partnership is created, and by migration for those that existed before) and its coordinator
adds and retires entries (community.actions)."""

from __future__ import annotations

from typing import Any

from accounts.models import Partnership
from community.models import Channel, EventType, ListEntry, Theme

EVENT_TYPES = (
    "Roundtable",
    "Workshop",
    "Assembly",
    "Faith leaders' forum",
    "Community Reference Group meeting",
    "Drop-in",
    "Conference",
)
THEMES = (
    "Prevent awareness",
    "Online safety",
    "Far-right extremism",
    "Islamist extremism",
    "Community tensions",
    "Hate crime",
    "Safeguarding",
    "Mixed, unclear or unstable ideologies",
)
CHANNELS = (
    "Social media",
    "Website",
    "Radio",
    "Print",
    "Posters",
    "Schools' newsletters",
    "Community events",
)

# kind (as in the settings pages' addresses) -> (heading, model, defaults)
LISTS: dict[str, tuple[str, type[ListEntry], tuple[str, ...]]] = {
    "types": ("Event types", EventType, EVENT_TYPES),
    "themes": ("Themes", Theme, THEMES),
    "channels": ("Communication channels", Channel, CHANNELS),
}


def seed(partnership: Partnership) -> None:
    """The default entries a partnership has none of yet."""
    for _, model, defaults in LISTS.values():
        if model._default_manager.filter(partnership=partnership).exists():
            continue
        model._default_manager.bulk_create(
            [model(partnership=partnership, label=label, position=n) for n, label in enumerate(defaults)]
        )


def seed_new_partnership(
    sender: Any, instance: Partnership, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        seed(instance)
