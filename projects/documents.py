"""The funder return as a spreadsheet (openpyxl) and a tagged PDF (WeasyPrint, as the
plans report and certificates are), in the funder's layout. Both read the return's report
(projects.figures), so a submitted return's files never change. Variance against the
profile is highlighted by a fill and, always beside it, a word in its own column: never by
colour alone."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint import HTML

from lib.text import clean, spreadsheet_safe
from projects import figures
from projects.figures import Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HIGHLIGHT = PatternFill("solid", fgColor="FFDD00")
BOLD = Font(bold=True)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _table(
    sheet: Worksheet, headings: Sequence[str], rows: Sequence[Sequence[Any]], marker_column: int | None
) -> None:
    """Headings in bold on the sheet's first row, then the rows; a row whose flag column
    says something is filled. Rows are counted here: openpyxl's `max_row` walks every
    cell, which once per row written made a large return quadratic."""
    sheet.append(list(headings))
    number = 1
    for column in range(1, len(headings) + 1):
        sheet.cell(row=number, column=column).font = BOLD
    for row in rows:
        sheet.append([_cell(value) for value in row])
        number += 1
        if marker_column is not None and row[marker_column]:
            for column in range(1, len(row) + 1):
                sheet.cell(row=number, column=column).fill = HIGHLIGHT


SPEND_HEADINGS = ("Quarter", "Budget (£)", "Spend (£)", "Variance (£)", "Variance flag")
OUTPUT_HEADINGS = (
    "Output",
    "Target for the project",
    "Target this quarter",
    "Actual this quarter",
    "Target to date",
    "Actual to date",
    "Variance flag",
)


def _section_rows(report: Report, code: str) -> tuple[Sequence[str], list[list[Any]], int | None]:
    """(headings, rows, column of the variance flag) of one section."""
    project = report["project"]
    if code == "details":
        rows = [
            ["Project", project["title"]],
            ["Provider", project["provider"]],
            ["Funder", project["funder"]],
            ["Grant reference", project["grant_reference"]],
            ["Start date", project["start_on"]],
            ["End date", project["end_on"]],
            ["Status", project["status"]],
            ["Quarter", report["quarter_label"]],
        ]
        rows += [[label, value] for label, value in report["references"]]
        return ("Field", "Value"), rows, None
    if code == "spend":
        rows = [
            [row.label, row.budget, row.spend, row.variance, row.marker]
            for row in figures.spend_rows(report, upto=report["quarter"])
        ]
        totals = figures.quarter_totals(report)
        rows.append(["Total to date", totals["budget_to_date"], totals["spend_to_date"], None, ""])
        rows.append(["Whole project budget", totals["budget_total"], None, None, ""])
        return SPEND_HEADINGS, rows, 4
    if code == "outputs":
        rows = [
            [
                row.description,
                row.target_total,
                row.target_quarter,
                row.actual_quarter,
                row.target_to_date,
                row.actual_to_date,
                row.marker,
            ]
            for row in figures.output_rows(report)
        ]
        return OUTPUT_HEADINGS, rows, 6
    if code == "outcomes":
        return (
            ("Outcome", "Target", "Result so far"),
            [[o["description"], o["target"], o["result"]] for o in report["outcomes"]],
            None,
        )
    if code == "milestones":
        return (
            ("Milestone", "Due date", "Status", "Date completed"),
            [[m["title"], m["due_on"], m["status"], m["completed_on"] or ""] for m in report["milestones"]],
            None,
        )
    if code == "risks":
        return (
            ("Risk", "Likelihood", "Impact", "Mitigation", "Status"),
            [
                [r["description"], r["likelihood"], r["impact"], r["mitigation"], r["status"]]
                for r in report["risks"]
            ],
            None,
        )
    narrative = report["narrative"]
    return (
        ("Question", "Answer"),
        [
            ["Progress this quarter", narrative["progress"]],
            ["Issues and how they are being dealt with", narrative["issues"]],
            ["Plans for next quarter", narrative["next_quarter"]],
        ],
        None,
    )


def return_xlsx(report: Report) -> bytes:
    """One sheet per section, in the funder's order, each a table under its headings."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for code, heading in report["sections"]:
        name = _sheet_name(heading, used)
        sheet = book.create_sheet(name)
        headings, rows, marker = _section_rows(report, code)
        _table(sheet, headings, rows, marker)
    return _save(book)


def _sheet_name(heading: str, used: set[str]) -> str:
    base = "".join(ch for ch in clean(heading) if ch not in "[]:*?/\\")[:28].strip() or "Section"
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base[:25]} {number}", number + 1
    used.add(name.lower())
    return name


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FUNDER_DETAIL_HEADINGS = (
    "Project",
    "Provider",
    "Grant reference",
    "Start date",
    "End date",
    "Status",
    "Return",
)
FUNDER_SPEND_HEADINGS = (
    "Project",
    "Provider",
    "Return",
    "Budget this quarter (£)",
    "Spend this quarter (£)",
    "Variance (£)",
    "Variance flag",
    "Budget to date (£)",
    "Spend to date (£)",
    "Outputs behind target",
)

# A section of a document: (code, heading, column headings, rows, column of the variance flag).
Section = tuple[str, str, Sequence[str], list[list[Any]], int | None]


def funder_sections(sections: Sequence[Sequence[str]], rows: list[tuple[str, Report]]) -> list[Section]:
    """The partnership's return to one funder for a quarter, section by section in the
    funder's layout (`sections`: its (code, heading) pairs, in its order). `rows` pairs each
    project's return status with its report. Project details and spend take a row per
    project; the other sections are each project's rows of its own return, under a Project
    column."""
    built: list[Section] = []
    for code, heading in sections:
        if code == "details":
            built.append(
                (
                    code,
                    heading,
                    FUNDER_DETAIL_HEADINGS,
                    [
                        [
                            report["project"]["title"],
                            report["project"]["provider"],
                            report["project"]["grant_reference"],
                            report["project"]["start_on"],
                            report["project"]["end_on"],
                            report["project"]["status"],
                            status,
                        ]
                        for status, report in rows
                    ],
                    None,
                )
            )
        elif code == "spend":
            built.append((code, heading, FUNDER_SPEND_HEADINGS, [_spend_row(s, r) for s, r in rows], 6))
        else:
            headings: Sequence[str] = ()
            body: list[list[Any]] = []
            marker: int | None = None
            for _, report in rows:
                headings, section_rows, marker = _section_rows(report, code)
                body.extend([report["project"]["title"], *row] for row in section_rows)
            if not headings:
                headings, _, marker = _section_rows(_EMPTY_REPORT, code)
            built.append(
                (code, heading, ("Project", *headings), body, None if marker is None else marker + 1)
            )
    return built


def _spend_row(status: str, report: Report) -> list[Any]:
    totals = figures.quarter_totals(report)
    budget, spend = totals["budget"] or Decimal(0), totals["spend"]
    return [
        report["project"]["title"],
        report["project"]["provider"],
        status,
        budget,
        spend,
        None if spend is None else spend - budget,
        figures.variance_marker(budget, spend),
        totals["budget_to_date"],
        totals["spend_to_date"],
        sum(1 for row in figures.output_rows(report) if row.marker),
    ]


# What a section's headings are read from when no project is active in the quarter.
_EMPTY_REPORT: Report = {
    "project": {},
    "quarter": "",
    "quarter_label": "",
    "references": [],
    "spend": [],
    "budget_total": None,
    "outputs": [],
    "outcomes": [],
    "milestones": [],
    "risks": [],
    "narrative": {"progress": "", "issues": "", "next_quarter": ""},
}


def funder_about(
    title: str, funder: str, quarter_label: str, references: list[list[str]], count: int
) -> list[list[str]]:
    """What the return is: its title, the funder, the quarter, the funder's references."""
    return [
        ["Return", title],
        ["Funder", funder],
        ["Quarter", quarter_label],
        ["Projects active in the quarter", str(count)],
        *references,
    ]


def funder_xlsx(about: list[list[str]], sections: list[Section]) -> bytes:
    """A first sheet saying what the return is, then a sheet per section of the funder's
    layout, in its order and under its headings."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    used = {"return"}
    sheet.title = "Return"
    _table(sheet, ("Field", "Value"), about, None)
    for _, heading, headings, rows, marker in sections:
        _table(book.create_sheet(_sheet_name(heading, used)), headings, rows, marker)
    return _save(book)


def funder_html(about: list[list[str]], sections: list[Section], *, title: str) -> str:
    return clean(
        render_to_string(
            "projects/funder_return_pdf.html",
            {"about": about, "sections": sections, "title": title},
        )
    )


def funder_pdf(about: list[list[str]], sections: list[Section], *, title: str) -> bytes:
    return HTML(string=funder_html(about, sections, title=title)).write_pdf(pdf_variant="pdf/ua-1")


def return_html(report: Report, *, status: str) -> str:
    return clean(
        render_to_string(
            "projects/return_pdf.html",
            {
                "report": report,
                "status": status,
                "sections": [
                    (code, heading, *_section_rows(report, code)) for code, heading in report["sections"]
                ],
            },
        )
    )


def return_pdf(report: Report, *, status: str) -> bytes:
    return HTML(string=return_html(report, status=status)).write_pdf(pdf_variant="pdf/ua-1")


def file_name(report: Report, extension: str) -> str:
    title = "".join(ch if ch.isalnum() else "-" for ch in report["project"]["title"].lower())[:40].strip("-")
    return f"return-{title or 'project'}-{report['quarter']}.{extension}"
