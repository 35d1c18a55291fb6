"""The home panels and navigation entries the installed apps declare, each app in a
module `home.py` of its own (govuk.home). Collected once, in the order of
INSTALLED_APPS, then sorted by each item's `order`: an app plugs into the hub by having
that module, and the hub never names it."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from govuk.home import NavigationEntry, Panel
from govuk.plugins import app_modules


@dataclass(frozen=True)
class Contributions:
    panels: tuple[Panel, ...]
    navigation: tuple[NavigationEntry, ...]


@functools.cache
def contributions() -> Contributions:
    panels: list[Panel] = []
    navigation: list[NavigationEntry] = []
    for module in app_modules("home"):
        panels.extend(getattr(module, "PANELS", ()))
        navigation.extend(getattr(module, "NAVIGATION", ()))
    return Contributions(
        tuple(sorted(panels, key=lambda panel: panel.order)),
        tuple(sorted(navigation, key=lambda entry: entry.order)),
    )
