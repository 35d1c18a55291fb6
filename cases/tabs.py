"""The pages of a case. The summary carries the chronology; each other part of the record
has a page of its own, so that no page reads the whole case (bench/cases.py times the
summary). The views of each stage render their page through `case_page`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import Viewer
from cases import access, actions
from cases.models import Referral
from cases.workflow import Permissions
from govuk.links import uuid_url


@dataclass(frozen=True)
class CaseTab:
    name: str
    url_name: str
    label: str
    roles: tuple[str, ...]


CASE_TABS = (
    CaseTab("summary", "cases:referral_detail", "Summary", access.CASE_READERS),
    CaseTab("assessment", "cases:case_assessment", "Sharing and assessment", access.CASE_TEAM),
    CaseTab("panel", "cases:case_panel", "Panel and support", access.CASE_READERS),
    CaseTab("documents", "cases:case_documents", "Documents", access.CASE_READERS),
    CaseTab("record", "cases:case_record", "Transfer and retention", access.CASE_TEAM),
)
TABS = {tab.name: tab for tab in CASE_TABS}


def case_tab_url(referral: Referral, name: str) -> str:
    return uuid_url(TABS[name].url_name, referral.uuid)


def case_page(
    request: HttpRequest, viewer: Viewer, referral: Referral, name: str, context: dict[str, Any]
) -> HttpResponse:
    """Render one page of a case (cases/case_<name>.html) under the case's header and
    sub-navigation, after auditing the view. `can` answers which buttons the viewer
    sees (cases.workflow)."""
    current = TABS[name]
    actions.record_view(
        viewer=viewer,
        referral=referral,
        what="case" if name == "summary" else f"case {current.label.lower()}",
    )
    tabs = [
        {"label": tab.label, "url": case_tab_url(referral, tab.name), "current": tab is current}
        for tab in CASE_TABS
        if viewer.has_any(*tab.roles)
    ]
    return render(
        request,
        f"cases/case_{name}.html",
        {
            "referral": referral,
            "person": referral.person,
            "team": viewer.has_any(*access.CASE_TEAM),
            "can": Permissions(viewer, referral),
            "tabs": tabs,
            "tab": current,
            **context,
        },
    )
