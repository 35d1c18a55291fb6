import csv
import datetime as dt
import io
import re
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from accounts.access import Viewer
from accounts.models import User
from conftest import action_titled
from govuk.testing import page
from plans import actions, spreadsheets
from plans.models import Action, Objective, ProgressUpdate, Strategy

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Objective reference",
    "Objective",
    "Area of focus",
    "Action",
    "Target date",
    "Lead officer",
    "RAG",
    "Owner email",
]


def _csv(rows: list[list[str]], headings: list[str] = HEADINGS) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    return SimpleUploadedFile("plan.csv", buffer.getvalue().encode(), "text/csv")


def _xlsx(rows: list[list[object]], headings: list[str] = HEADINGS) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


def _import(client: Client, upload: SimpleUploadedFile, title: str = "Imported plan 2026-27"):
    return client.post(
        "/plans/import/",
        {
            "title": title,
            "period_start_day": "1",
            "period_start_month": "4",
            "period_start_year": "2026",
            "period_end_day": "31",
            "period_end_month": "3",
            "period_end_year": "2027",
            "status": "active",
            "file": upload,
        },
    )


GOOD_ROWS = [
    [
        "Objective 1",
        "Safeguard people at risk",
        "",
        "Train safeguarding leads",
        "31/03/2027",
        "Prevent Education Officer",
        "Green",
        "owner@th.example.gov.uk",
    ],
    [
        "Objective 1",
        "Safeguard people at risk",
        "Schools",
        "Run WRAP in every secondary school",
        "2026-12-31",
        "Prevent Education Officer",
        "",
        "",
    ],
    [
        "Objective 2",
        "Engage communities",
        "",
        "Host two roundtables",
        "",
        "Prevent Co-ordinator",
        "amber",
        "",
    ],
]


@pytest.mark.parametrize("make_file", [_csv, _xlsx])
def test_a_plan_imports_whole_from_csv_or_xlsx(
    make_file: Callable, coordinator: User, owner: User, sign_in: Callable[..., Client]
) -> None:
    response = _import(sign_in(coordinator), make_file(GOOD_ROWS))
    strategy = Strategy.objects.get(title="Imported plan 2026-27")
    assert response["Location"] == f"/plans/{strategy.uuid}/"
    assert [o.title for o in Objective.objects.filter(strategy=strategy)] == [
        "Safeguard people at risk",
        "Schools",
        "Engage communities",
    ]
    train = Action.objects.get(title="Train safeguarding leads")
    assert (train.target_date, train.owner, train.rag) == (dt.date(2027, 3, 31), owner, "green")
    area = Action.objects.get(title="Run WRAP in every secondary school").objective
    assert area.parent is not None
    assert area.parent.title == "Safeguard people at risk"
    assert Action.objects.get(title="Host two roundtables").rag == "amber"
    assert ProgressUpdate.objects.filter(action__strategy=strategy).count() == 2


def test_every_problem_is_listed_with_its_row_number_and_counted_once_and_nothing_lands(
    coordinator: User, owner: User, sign_in: Callable[..., Client]
) -> None:
    rows = [
        GOOD_ROWS[0],
        ["Objective 1", "", "", "An action without an objective", "", "", "", ""],
        [
            "Objective 1",
            "Safeguard people at risk",
            "",
            "",
            "31/02/2027",
            "",
            "Purple",
            "nobody@example.gov.uk",
        ],
        GOOD_ROWS[2],
    ]
    body = _import(sign_in(coordinator), _csv(rows)).content.decode()
    listed = [item.text for item in page(body).by_id("import-problems").iter("li")]
    # Four problems in row 4 and one in row 3: the count is the list's length.
    assert listed == [
        "Row 3: Enter the objective",
        "Row 4: Enter the action",
        "Row 4: Target date must be a real date, like 31/03/2019",
        "Row 4: RAG must be Red, Amber, Green or Complete, or left blank",
        "Row 4: Owner email nobody@example.gov.uk is not an action owner or coordinator in this partnership",
    ]
    assert "The file has 5 problems. Nothing has been imported" in body
    assert 'href="#id_file"' in body
    assert not Strategy.objects.exists()
    assert not Action.objects.exists()


def test_one_row_with_two_problems_is_two_problems(coordinator: User, sign_in: Callable[..., Client]) -> None:
    body = _import(
        sign_in(coordinator), _csv([["Objective 1", "", "", "", "", "", "", ""], GOOD_ROWS[2]])
    ).content.decode()
    listed = [item.text for item in page(body).by_id("import-problems").iter("li")]
    assert listed == ["Row 2: Enter the objective", "Row 2: Enter the action"]
    assert "The file has 2 problems" in body


def test_unknown_or_missing_columns_are_reported(coordinator: User, sign_in: Callable[..., Client]) -> None:
    body = _import(
        sign_in(coordinator), _csv([["x", "y"]], headings=["Objective", "Colour"])
    ).content.decode()
    assert "Row 1: the column ‘Colour’ is not one Prevent Hub knows" in body
    assert "Row 1: add a column called ‘Action’" in body
    assert not Strategy.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    body = _import(sign_in(coordinator), SimpleUploadedFile("plan.docx", b"PK\x03\x04")).content.decode()
    assert "The selected file must be a CSV or XLSX file" in body
    body = _import(sign_in(coordinator), SimpleUploadedFile("plan.xlsx", b"not a workbook")).content.decode()
    assert "The file is not a spreadsheet we can read: it is not an Excel workbook" in body
    assert 'href="#id_file"' in body  # the error summary leads to the file field
    assert not Strategy.objects.exists()


def test_a_refusal_while_placing_the_rows_names_the_row_and_imports_nothing(
    coordinator: User, owner: User, sign_in: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_next_position = actions._next_position
    calls = {"n": 0}

    def full_after_two(positions: Any, what: str) -> int:
        if what == "actions":
            calls["n"] += 1
            if calls["n"] == 3:
                raise actions.Refused("A plan can have at most 999 actions in one place")
        return real_next_position(positions, what)

    monkeypatch.setattr(actions, "_next_position", full_after_two)
    body = _import(sign_in(coordinator), _csv(GOOD_ROWS)).content.decode()
    assert "Row 4: A plan can have at most 999 actions in one place" in body
    assert not Strategy.objects.exists()
    assert not Action.objects.exists()


def test_a_failure_while_writing_rolls_the_whole_import_back(
    coordinator: User, owner: User, sign_in: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The actions are written, then writing their first progress updates fails: nothing
    of the import stays, the plan, its objectives and actions included."""

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise actions.Refused("The database refused the progress updates")

    monkeypatch.setattr(ProgressUpdate.objects, "bulk_create", failing)
    body = _import(sign_in(coordinator), _csv(GOOD_ROWS)).content.decode()
    assert "The database refused the progress updates" in body
    assert not Strategy.objects.exists()
    assert not Action.objects.exists()


def test_an_exported_plan_imports_again_unchanged(
    plan: Strategy, coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action_titled("Host two community roundtables"),
        update_date=dt.date(2018, 9, 1),
        rag="amber",
        commentary="Halfway.",
    )
    client = sign_in(coordinator)
    exported = client.get(f"/plans/{plan.uuid}/export.csv")
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == [column.heading for column in spreadsheets.COLUMNS]
    assert len(rows) == 5
    roundtables = next(row for row in rows if row[5] == "Host two community roundtables")
    assert roundtables[17] == "Amber"
    assert roundtables[15] == "Peer Review Rec 6"

    response = _import(client, SimpleUploadedFile("export.csv", exported.content), title="Copy")
    copy = Strategy.objects.get(title="Copy")
    assert response["Location"] == f"/plans/{copy.uuid}/"
    original = list(
        Action.objects.filter(strategy=plan).values_list("title", "objective__title", "rag", "recommendation")
    )
    copied = list(
        Action.objects.filter(strategy=copy).values_list("title", "objective__title", "rag", "recommendation")
    )
    assert copied == original


def test_the_xlsx_export_has_one_row_per_action_with_its_latest_rag(
    plan: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(steering).get(f"/plans/{plan.uuid}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5] == "Action"
    assert len(rows) == 5
    wrap = next(row for row in rows if row[5] == "Deliver WRAP training in colleges")
    assert wrap[9] == dt.datetime(2019, 3, 31)
    assert wrap[19] == "Yes"


def test_exports_cannot_smuggle_spreadsheet_formulas(
    plan: Strategy, coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    actions.update_action(
        viewer=coordinator_viewer,
        action=action_titled("Support the faith network"),
        title='=HYPERLINK("http://example.com")',
    )
    body = sign_in(coordinator).get(f"/plans/{plan.uuid}/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_import_template_downloads(
    extension: str, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).get(f"/plans/import/template.{extension}")
    assert response.status_code == 200
    assert f"prevent-hub-plan-template.{extension}" in response["Content-Disposition"]


def test_the_template_itself_imports(coordinator: User, sign_in: Callable[..., Client]) -> None:
    client = sign_in(coordinator)
    template = client.get("/plans/import/template.xlsx").content
    response = _import(client, SimpleUploadedFile("template.xlsx", template))
    assert response.status_code == 302
    assert (
        Action.objects.get().title == "Deliver ongoing training and guidance for educational establishments"
    )


def test_the_committee_report_is_a_tagged_pdf_with_the_chart_and_every_action(
    plan: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(steering).get(f"/plans/{plan.uuid}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    inflated = _inflate_streams(pdf)
    assert b"pdfuaid:part" in inflated  # PDF/UA identification in the XMP metadata
    assert b"/StructTreeRoot" in inflated  # tagged for assistive technology


def _inflate_streams(pdf: bytes) -> bytes:
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    return b"\n".join(parts)


def test_the_report_html_holds_the_summary_and_every_action(plan: Strategy) -> None:
    from django.template.loader import render_to_string

    from plans.report import report_context

    html = render_to_string("plans/report.html", report_context(plan))
    assert "<svg" in html
    for title in Action.objects.filter(strategy=plan).values_list("title", flat=True):
        assert title in html


def test_a_large_import_writes_every_action_and_audit_event_and_keeps_the_chain_whole(
    coordinator: User, owner: User, sign_in: Callable[..., Client]
) -> None:
    """The import writes in bulk, so that it holds SQLite's write lock briefly; it still
    writes what one action at a time would: each action, its first progress update and an
    audit event for each, chained like any other."""
    from audit.log import verify_chain
    from audit.models import AuditEvent

    rows = [
        [f"Objective {n % 7}", f"Objective {n % 7}", "Area" if n % 3 == 0 else "", f"Action {n}", "", "Lead",
         ["Red", "Amber", "Green", ""][n % 4], "owner@th.example.gov.uk" if n % 5 == 0 else ""]
        for n in range(300)
    ]  # fmt: skip
    client = sign_in(coordinator)
    with CaptureQueriesContext(connection) as captured:
        response = _import(client, _csv(rows))
    assert response.status_code == 302
    # In bulk, which keeps the write lock short beside others' case work: one row at a time
    # would be over a thousand INSERTs (actions, updates, their audit events); in batches it
    # is a few dozen. (A timed check against a live server was flaky under load.)
    inserts = [q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) < len(rows) // 5, len(inserts)
    strategy = Strategy.objects.get()
    assert strategy.actions.count() == 300
    assert ProgressUpdate.objects.filter(action__strategy=strategy).count() == 225
    assert strategy.actions.filter(owner=owner).count() == 60
    assert AuditEvent.objects.filter(verb="plans.action.created").count() == 300
    assert AuditEvent.objects.filter(verb="plans.progress_update.recorded").count() == 225
    keys = list(strategy.actions.order_by("sort_key").values_list("title", flat=True))
    assert len(set(keys)) == 300
    assert verify_chain().intact
