"""The pages of a case. The summary carries the chronology; each other part of the record
has a page of its own, so that no page reads the whole case (bench/cases.py times the
summary)."""

from __future__ import annotations

from dataclasses import dataclass

from cases import access
from cases.models import Referral
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
