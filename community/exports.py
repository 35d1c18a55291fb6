"""The event and campaign lists as CSV and XLSX files: every cell through
lib.text.spreadsheet_safe, and at most EXPORT_LIMIT rows, read in chunks."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook

from community.models import Campaign, EngagementEvent
from lib.text import clean, spreadsheet_safe

EXPORT_LIMIT = 10_000
CHUNK = 500

EVENT_HEADINGS = [
    "Date",
    "End date",
    "Start time",
    "Title",
    "Type",
    "Venue or place",
    "Head-count",
    "Themes",
    "Organisations",
    "Networks",
    "Audience sectors",
    "Plan actions",
    "Feedback summary",
    "Open follow-ups",
]
CAMPAIGN_HEADINGS = [
    "Title",
    "Kind",
    "Start date",
    "End date",
    "Channels",
    "Audience sectors",
    "Audience",
    "Plan actions",
    "Reach",
    "Notes",
]


def _names(items: Iterable[Any]) -> str:
    return "; ".join(sorted(str(item) for item in items))


def _action_names(items: Iterable[Any]) -> str:
    return "; ".join(sorted(f"{a.reference} {a.title}".strip() for a in items))


def event_rows(events: QuerySet[EngagementEvent]) -> Iterable[list[Any]]:
    rows = (
        events.select_related("event_type")
        .prefetch_related("themes", "organisations", "networks", "sectors", "actions", "follow_ups")
        .order_by("-held_on", "-id")[:EXPORT_LIMIT]
    )
    for event in rows.iterator(chunk_size=CHUNK):
        yield [
            event.held_on,
            event.ends_on,
            f"{event.starts_at:%H:%M}" if event.starts_at else "",
            event.title,
            event.event_type.label,
            event.venue,
            event.headcount,
            _names(event.themes.all()),
            _names(event.organisations.all()),
            _names(event.networks.all()),
            _names(event.sectors.all()),
            _action_names(event.actions.all()),
            event.feedback,
            sum(1 for f in event.follow_ups.all() if f.status == "open"),
        ]


def campaign_rows(campaigns: QuerySet[Campaign]) -> Iterable[list[Any]]:
    rows = campaigns.prefetch_related("channels", "sectors", "actions", "reach").order_by(
        "-starts_on", "-id"
    )[:EXPORT_LIMIT]
    for campaign in rows.iterator(chunk_size=CHUNK):
        totals: dict[str, int] = {}
        for entry in campaign.reach.all():
            label = entry.get_metric_display()
            totals[label] = totals.get(label, 0) + entry.number
        yield [
            campaign.title,
            campaign.get_kind_display(),
            campaign.starts_on,
            campaign.ends_on,
            _names(campaign.channels.all()),
            _names(campaign.sectors.all()),
            campaign.audience,
            _action_names(campaign.actions.all()),
            "; ".join(f"{label}: {number:,}" for label, number in sorted(totals.items())),
            campaign.notes,
        ]


def _safe(value: Any) -> Any:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def as_csv(headings: list[str], rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    for row in rows:
        writer.writerow(
            [
                ""
                if value is None
                else value.strftime("%d/%m/%Y")
                if isinstance(value, dt.date)
                else _safe(str(value))
                for value in row
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(sheet_name: str, headings: list[str], rows: Iterable[list[Any]], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "A2"
    sheet.append(headings)
    for row in rows:
        sheet.append([_safe(value) for value in row])
    workbook.properties.title = clean(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
