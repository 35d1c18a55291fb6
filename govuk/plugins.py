"""How the house finds what each capability plugs in: a module of a known name in an
installed app (`home.py` for the hub, `measures.py` for plans' measures, `related.py` for
the links between records of different capabilities). The app that collects never names
the apps that offer, so a capability plugs in by having the module."""

from __future__ import annotations

import functools
import importlib
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@functools.cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """Each installed app's module `name`, in the order of INSTALLED_APPS."""
    return tuple(
        importlib.import_module(f"{app.name}.{name}")
        for app in apps.get_app_configs()
        if module_has_submodule(app.module, name)
    )
