"""The shape of the demo plans transcribed from the source documents. Each module in
this package defines PARTNERSHIP and STRATEGIES in this shape; the load_demo command
writes them through the plans action functions."""

from __future__ import annotations

import datetime as dt
from typing import NotRequired, TypedDict


class DemoPartnership(TypedDict):
    name: str
    slug: str
    code: str


class DemoUpdate(TypedDict):
    update_date: dt.date
    rag: str  # "red", "amber", "green" or "complete"
    commentary: str
    # True when the RAG (or anything else in the update) is invented for the demo.
    demo: bool


class DemoAction(TypedDict):
    title: str
    kind: NotRequired[str]  # "action" (default) or "project" for a commissioned project
    reference: NotRequired[str]
    description: NotRequired[str]
    outcomes: NotRequired[str]
    outputs: NotRequired[str]  # one output per line
    target_date: NotRequired[dt.date | None]
    timescale: NotRequired[str]  # verbatim from the source, e.g. "Ongoing"
    lead_officer: NotRequired[str]
    lead_agency: NotRequired[str]
    partners: NotRequired[str]
    recommendation: NotRequired[str]  # e.g. "Peer Review Rec 2"
    national_objective: NotRequired[str]  # a plans.models.NationalObjective value
    owned_by_demo_owner: NotRequired[bool]  # led by the partnership's owner@... demo user
    updates: NotRequired[list[DemoUpdate]]


class DemoArea(TypedDict):
    title: str
    reference: NotRequired[str]
    description: NotRequired[str]
    actions: NotRequired[list[DemoAction]]


class DemoObjective(TypedDict):
    title: str
    reference: NotRequired[str]
    description: NotRequired[str]
    areas_of_focus: NotRequired[list[DemoArea]]
    actions: NotRequired[list[DemoAction]]


class DemoStrategy(TypedDict):
    title: str
    period_start: dt.date
    period_end: dt.date
    status: str  # "draft", "active" or "closed"
    source: str
    summary: NotRequired[str]
    objectives: list[DemoObjective]
