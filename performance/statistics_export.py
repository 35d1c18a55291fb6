"""The statistics tables as a page, a CSV file and an XLSX workbook show them: captions,
headers (the stages' total is "All referrals", and "Discussed at a Channel panel" is worked
out from the published cells), "[c]" for a suppressed cell, and the notes (the category
list, the disclosure rules in words, the period, when produced). Every text cell goes
through lib.text.spreadsheet_safe."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from lib.text import clean, spreadsheet_safe
from performance import categories, equality
from performance.disclosure import SUPPRESSED_MARK, TOTAL
from performance.releases import Shown
from performance.statistics import (
    QUARTERS,
    STAGES,
    TABLE_BUILDERS,
    UNKNOWN_QUARTER,
    YEAR,
    period_label,
    table_key,
    year_label,
)

DISCUSSED = "Discussed at a Channel panel"
ALL_REFERRALS = "All referrals"


@dataclass(frozen=True)
class ShownTable:
    key: str  # the table's reference in the release, printed in downloads
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]

    def cell(self, value: int | None) -> str:
        return SUPPRESSED_MARK if value is None else f"{value:,}"


ROW_HEADINGS = {
    "sector": "Referral sector",
    "age": "Age band",
    "gender": "Gender",
    "concern": "Type of concern",
    "outcome": "Outcome",
    "ethnicity": "Ethnic group",
}


def periods_in(shown: Shown, prefix: str = "") -> list[str]:
    found = [
        period
        for period in [*QUARTERS, UNKNOWN_QUARTER, YEAR]
        if prefix + table_key(TABLE_BUILDERS[0].slug, period) in shown.tables
    ]
    return found


def tables_for(shown: Shown, period: str, financial_year: int, prefix: str = "") -> list[ShownTable]:
    found: list[ShownTable] = []
    for builder in TABLE_BUILDERS:
        key = table_key(builder.slug, period)
        described = shown.tables.get(prefix + key)
        if described is None:
            continue
        columns = list(described["columns"])
        if len(columns) == 2 and columns[1] == TOTAL:
            columns = columns[:1]  # one column: its total is itself
        staged = columns[: len(STAGES)] == list(STAGES)
        headers = [ALL_REFERRALS if column == TOTAL else column for column in columns]
        if staged:
            headers = [*headers[:-1], DISCUSSED, headers[-1]] if columns[-1] == TOTAL else headers
        rows: list[tuple[str, list[int | None]]] = []
        for row in described["rows"]:
            values = [shown.value(prefix + key, row, column) for column in columns]
            if staged and columns[-1] == TOTAL:
                discussed = values[1], values[2]
                summed = None if None in discussed else (discussed[0] or 0) + (discussed[1] or 0)
                values = [*values[:-1], summed, values[-1]]
            rows.append((row, values))
        found.append(
            ShownTable(key, described["title"], ROW_HEADINGS.get(builder.slug, builder.title), headers, rows)
        )
    if period == YEAR:
        found.extend(_equality_tables(shown, financial_year, prefix))
    return found


def _equality_tables(shown: Shown, financial_year: int, prefix: str) -> list[ShownTable]:
    """The year's referrals, discussed and adopted by ethnic group, from equality
    monitoring's tables of the same release: one table with a column per stage."""
    found: list[ShownTable] = []
    for slug, caption, keys in equality.statistics_tables(financial_year):
        described = {stage: shown.tables.get(prefix + key) for stage, key in keys.items()}
        referrals = described[equality.REFERRALS]
        if referrals is None or any(table is None for table in described.values()):
            continue
        rows: list[tuple[str, list[int | None]]] = []
        for row in referrals["rows"]:
            values: list[int | None] = []
            for stage, key in keys.items():
                table = described[stage]
                # A group outside the list has a row only where it was counted.
                in_table = table is not None and row in table["rows"]
                values.append(shown.value(prefix + key, row, equality.REFERRALS) if in_table else 0)
            rows.append((row, values))
        headers = [ALL_REFERRALS, DISCUSSED, STAGES[2]]
        found.append(ShownTable(keys[equality.REFERRALS], caption, ROW_HEADINGS[slug], headers, rows))
    return found


def notes(
    shown: Shown, financial_year: int, scope_name: str, produced: dt.datetime | None = None
) -> list[str]:
    produced = produced or timezone.localtime()
    lines = [
        f"Channel statistics for {scope_name}, financial year {year_label(financial_year)} "
        f"(April {financial_year} to March {financial_year + 1}), each quarter and the year.",
        f"Produced {produced:%d %B %Y at %H:%M}.",
        "Layout of the Home Office statistics 'Individuals referred to and supported through the "
        "Prevent Programme'. Referrals are counted in the quarter and year they were received.",
        f"'{DISCUSSED}' is the sum of 'Discussed, not adopted' and 'Adopted as a Channel case'.",
        *categories.category_list(financial_year).describe(),
        "Ethnic group: the five high-level groups of the Census 2021 classification, as recorded "
        "for the person (never inferred), with 'Not recorded' and 'Prefer not to say' as groups of "
        "their own; counted for the year only.",
    ]
    if shown.behind_since:
        lines.append(
            f"These figures were worked out at {timezone.localtime(shown.behind_since):%d %B %Y %H:%M}; "
            "newer records are being counted and will show within minutes."
        )
    if shown.protected:
        lines.extend(shown.notes)
    else:
        lines.append(
            "These figures are exact and not disclosure controlled: for people with access to the "
            "cases only. Do not pass them on."
        )
    return lines


def _safe(value: Any) -> Any:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _table_rows(table: ShownTable) -> list[list[Any]]:
    lines: list[list[Any]] = [[f"Table {table.key}", table.caption], [table.row_heading, *table.columns]]
    for label, values in table.rows:
        lines.append([label, *(SUPPRESSED_MARK if value is None else value for value in values)])
    return lines


def as_csv(shown: Shown, financial_year: int, scope_name: str, prefix: str = "") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for period in periods_in(shown, prefix):
        writer.writerow([_safe(period_label(period, financial_year))])
        for table in tables_for(shown, period, financial_year, prefix):
            for cells in _table_rows(table):
                writer.writerow([_safe(str(value)) for value in cells])
            writer.writerow([])
    writer.writerow(["Notes"])
    for line in notes(shown, financial_year, scope_name):
        writer.writerow([_safe(line)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_name(period: str, financial_year: int) -> str:
    label = year_label(financial_year).replace("/", "-")
    if period == YEAR:
        return f"Year {label}"
    if period == UNKNOWN_QUARTER:
        return f"Quarter unknown {label}"
    return f"Q{period[1]} {label}"


def as_xlsx(shown: Shown, financial_year: int, scope_name: str, prefix: str = "") -> bytes:
    workbook = Workbook(write_only=True)
    for period in periods_in(shown, prefix):
        sheet = workbook.create_sheet(sheet_name(period, financial_year))
        sheet.append([_safe(period_label(period, financial_year))])
        for table in tables_for(shown, period, financial_year, prefix):
            for cells in _table_rows(table):
                sheet.append([_safe(value) for value in cells])
            sheet.append([])
    sheet = workbook.create_sheet("Notes")
    sheet.append(["Notes"])
    for line in notes(shown, financial_year, scope_name):
        sheet.append([_safe(line)])
    workbook.properties.title = clean(f"Channel statistics: {scope_name} {year_label(financial_year)}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
