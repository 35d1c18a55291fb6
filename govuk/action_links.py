"""Links beside a plan's action to the records that deliver it (a commissioned project's
page, say). Any app may offer them by declaring `ACTION_LINKS = (function, ...)` in a
module `<app>/action_links.py`; plans finds them here, by discovery, as it finds measure
sources (govuk.measures), and never names the apps that offer them.

A function takes the viewer and the ids of the actions shown, and returns
{action id: [ActionLink, ...]} in one query at most, whatever the number of actions. It
returns only links the viewer may open: a link shown must open."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule

# A viewer (accounts.access.Viewer). Not imported: accounts builds on govuk.
Viewer = Any


@dataclass(frozen=True)
class ActionLink:
    label: str  # what the link says, such as "Project: Parenting programme"
    href: str


Collect = Callable[[Viewer, Sequence[int]], Mapping[int, list[ActionLink]]]


@functools.cache
def collectors() -> tuple[Collect, ...]:
    found: list[Collect] = []
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, "action_links"):
            continue
        module = importlib.import_module(f"{app.name}.action_links")
        found.extend(getattr(module, "ACTION_LINKS", ()))
    return tuple(found)


def links_for(viewer: Viewer, action_ids: Sequence[int]) -> dict[int, list[ActionLink]]:
    """Every app's links for the actions, by action id."""
    links: dict[int, list[ActionLink]] = {}
    if not action_ids:
        return links
    for collect in collectors():
        for action_id, found in collect(viewer, action_ids).items():
            links.setdefault(action_id, []).extend(found)
    return links
