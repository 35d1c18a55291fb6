"""The partnership's quarterly return as a spreadsheet (openpyxl) and a tagged PDF
(WeasyPrint), laid out as the projects' funder returns are (projects.documents). Both are
what the funder receives: Channel counts after disclosure control ("[c]" where suppressed),
the disclosure rules in the notes, the protective marking OFFICIAL, the date and version."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from openpyxl import Workbook
from weasyprint import HTML

from lib.text import clean
from performance.models import PartnershipReturn
from performance.return_figures import Section
from projects.documents import XLSX, _save, _sheet_name, _table

__all__ = ["XLSX", "file_name", "return_pdf", "return_xlsx"]

MARKING = "OFFICIAL"
HEADINGS = ("Figure", "This quarter", "Target or budget", "Previous quarter", "Change")


def about_rows(
    partnership_return: PartnershipReturn, report: dict[str, Any], produced: str
) -> list[list[str]]:
    rows = [
        ["Protective marking", MARKING],
        ["Partnership", report["partnership"]],
        ["Quarter", report["quarter_label"]],
        ["Version", str(partnership_return.version)],
        ["Status", partnership_return.get_status_display()],
        [
            "Submitted",
            f"{partnership_return.submitted_at:%d %B %Y}"
            if partnership_return.submitted_at
            else "Not submitted",
        ],
        ["Produced", produced],
        ["Contact", partnership_return.contact_name],
        ["Contact email address", partnership_return.contact_email],
        ["Contact telephone number", partnership_return.contact_phone],
    ]
    if partnership_return.reopen_reason:
        rows.append(["Why this version replaced the one before", partnership_return.reopen_reason])
    return rows


def notes(rule_notes: Sequence[str]) -> list[str]:
    return [
        "Channel counts are of the referrals received in the quarter, as the Home Office statistics "
        "count them: how many were discussed at a Channel panel, adopted as a Channel case, and are "
        "closed, as the records stood when the return was submitted.",
        *rule_notes,
        "Each figure is shown beside the previous quarter's submitted return, with the change in words.",
    ]


def return_xlsx(
    partnership_return: PartnershipReturn,
    report: dict[str, Any],
    sections: list[Section],
    rule_notes: Sequence[str],
    produced: str,
) -> bytes:
    """A sheet about the return, a sheet per section (its figures, then its narrative) and
    the notes."""
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "Return"
    _table(about, ("Field", "Value"), about_rows(partnership_return, report, produced), None)
    used = {"return", "notes"}
    for section in sections:
        sheet = book.create_sheet(_sheet_name(section.heading, used))
        rows: list[list[Any]] = [
            [line.label, line.value, line.target, line.previous, line.change] for line in section.lines
        ]
        rows.append(["Narrative", section.narrative, "", "", ""])
        _table(sheet, HEADINGS, rows, None)
    sheet = book.create_sheet("Notes")
    _table(sheet, ("Notes",), [[note] for note in notes(rule_notes)], None)
    return _save(book)


def return_html(
    partnership_return: PartnershipReturn,
    report: dict[str, Any],
    sections: list[Section],
    rule_notes: Sequence[str],
    produced: str,
) -> str:
    return clean(
        render_to_string(
            "performance/returns/return_pdf.html",
            {
                "return": partnership_return,
                "report": report,
                "sections": sections,
                "about": about_rows(partnership_return, report, produced),
                "notes": notes(rule_notes),
                "marking": MARKING,
                "headings": HEADINGS,
                "produced": produced,
            },
        )
    )


def return_pdf(
    partnership_return: PartnershipReturn,
    report: dict[str, Any],
    sections: list[Section],
    rule_notes: Sequence[str],
    produced: str,
) -> bytes:
    html = return_html(partnership_return, report, sections, rule_notes, produced)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def file_name(partnership_return: PartnershipReturn, extension: str) -> str:
    return (
        f"quarterly-return-{partnership_return.quarter.isoformat()}-v{partnership_return.version}.{extension}"
    )
