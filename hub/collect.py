"""The home panels and navigation entries the installed apps declare, each app in a
module `home.py` of its own (govuk.home). Collected once, in the order of
INSTALLED_APPS, then sorted by each item's `order`: an app plugs into the hub by having
that module, and the hub never names it."""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from govuk.home import NavigationEntry, Panel


@dataclass(frozen=True)
class Contributions:
    panels: tuple[Panel, ...]
    navigation: tuple[NavigationEntry, ...]


@functools.cache
def contributions() -> Contributions:
    panels: list[Panel] = []
    navigation: list[NavigationEntry] = []
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, "home"):
            continue
        module = importlib.import_module(f"{app.name}.home")
        panels.extend(getattr(module, "PANELS", ()))
        navigation.extend(getattr(module, "NAVIGATION", ()))
    return Contributions(
        tuple(sorted(panels, key=lambda panel: panel.order)),
        tuple(sorted(navigation, key=lambda entry: entry.order)),
    )
