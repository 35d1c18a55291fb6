"""The home page: for each role the viewer holds, what they need to do today, from the
panels the capabilities declare (hub.collect)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import Viewer, partnership_view
from hub.collect import contributions


@partnership_view()
def home(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    shown = []
    for panel in contributions().panels:
        if not panel.shown_to(viewer):
            continue
        context = panel.build(viewer)
        if context is not None:
            shown.append((panel, context))
    return render(request, "hub/home.html", {"viewer": viewer, "panels": shown})
