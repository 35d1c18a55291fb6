"""Hostile and careless files for the completions import: wrong types, binary, huge claimed
dimensions, headings only, empty, other encodings, formula-like and pasted-Word text, too
many rows or bytes. Never a 5xx, and a refused file writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from accounts.models import Partnership, User
from govuk.testing import page
from lib.errors import Refused
from partners.models import Contact
from plans.tests.workbooks import cell, row, sheet, workbook
from training import importing
from training.actions import imports
from training.models import Completion, ImportBatch, ImportStatus
from training.tests.builders_import import (
    HEADINGS,
    ImportRecords,
    csv_bytes,
    csv_upload,
    import_records,
    problems,
    run,
)

pytestmark = pytest.mark.django_db

GOOD = ["p.shah@riverside.example.org", "Priya Shah", "", "prevent-awareness", "03/02/2025"]


@pytest.fixture
def records(partnership: Partnership, coordinator: User) -> ImportRecords:
    return import_records(partnership, coordinator)


@pytest.fixture
def client(records: ImportRecords, sign_in: Callable[..., Client]) -> Client:
    return sign_in(records.coordinator.user)


def upload_errors(client: Client, file: SimpleUploadedFile) -> list[str]:
    response = client.post(reverse("training:import_start"), {"file": file})
    assert response.status_code == 200, "a refused file stays on the form"
    shown = page(response.content)
    return [text for text in (item.text for item in shown.iter("li")) if text]


def xlsx(rows: list[list[Any]], headings: list[str] = HEADINGS) -> bytes:
    book = Workbook()
    sheet_ = book.active
    assert sheet_ is not None
    sheet_.append(headings)
    for values in rows:
        sheet_.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("certificates.pdf", b"%PDF-1.7 ...", "must be a CSV or XLSX file"),
        ("export.csv", b"\x00\x01\x02binary\xff\xfe" * 50, "NUL characters"),
        ("export.csv", "\ufeffEmail".encode("utf-16"), "saved as Unicode text"),
        ("export.csv", b"PK\x03\x04 zipped", "an Excel workbook, not CSV"),
        ("export.xlsx", b"PK\x03\x04 not really a zip", "not a spreadsheet we can read"),
        ("export.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "older Excel workbook"),
        ("export.csv", b"", "The selected file is empty"),
        ("export.csv", b"\n\n\n", "The file is empty"),
    ],
)
def test_a_file_that_is_not_a_readable_table_is_refused_and_nothing_is_kept(
    client: Client, name: str, content: bytes, message: str
) -> None:
    errors = upload_errors(client, SimpleUploadedFile(name, content))
    assert any(message in error for error in errors), errors
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client: Client, settings: Any) -> None:
    settings.TRAINING_IMPORT_MAX_BYTES = 100
    errors = upload_errors(client, csv_upload([GOOD] * 5))
    assert any("smaller than" in error for error in errors), errors


def test_a_file_over_the_row_limit_lands_nothing(records: ImportRecords, settings: Any) -> None:
    settings.TRAINING_IMPORT_MAX_ROWS = 5
    rows = [
        [f"p{n}@riverside.example.org", "P", "Riverside Academy", "prevent-awareness", "03/02/2025"]
        for n in range(8)
    ]
    batch = run(records.coordinator, csv_upload(rows))
    assert batch.status == ImportStatus.REFUSED
    assert "more than 5 rows" in problems(batch)[7]
    assert Completion.objects.count() == 0


def test_headings_alone_are_refused(records: ImportRecords) -> None:
    batch = run(records.coordinator, csv_upload([]))
    assert batch.status == ImportStatus.REFUSED
    assert "no rows under its headings" in batch.errors[0][1]


def test_a_single_row_file_lands(records: ImportRecords) -> None:
    assert run(records.coordinator, csv_upload([GOOD])).completions_added == 1


def test_an_xlsx_claiming_a_million_rows_by_16384_columns_is_read_as_its_rows(records: ImportRecords) -> None:
    body = row(1, HEADINGS) + row(2, GOOD) + f'<row r="1048576">{cell("XFD1048576", "x")}</row>'
    bomb = workbook(sheet(body, dimension="A1:XFD1048576"))
    tracemalloc.start()
    try:
        batch = run(records.coordinator, SimpleUploadedFile("export.xlsx", bomb))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert batch.status == ImportStatus.DONE, batch.errors
    assert batch.completions_added == 1
    assert peak < 50 * 1024 * 1024


def test_an_xlsx_with_date_cells_and_excel_serials_lands(records: ImportRecords) -> None:
    content = xlsx(
        [
            [
                "p.shah@riverside.example.org",
                "Priya Shah",
                "",
                "prevent-awareness",
                dt.datetime(2025, 2, 3, 14, 5),
            ],
            ["p.shah@riverside.example.org", "Priya Shah", "", "prevent-referrals", 45000],
            [
                "p.shah@riverside.example.org",
                "Priya Shah",
                100001,
                "channel-awareness",
                "2025-02-05 09:00:00",
            ],
        ]
    )
    batch = run(records.coordinator, SimpleUploadedFile("export.xlsx", content))
    assert batch.status == ImportStatus.DONE, batch.errors
    assert sorted(Completion.objects.values_list("completed_on", flat=True)) == [
        dt.date(2023, 3, 15),
        dt.date(2025, 2, 3),
        dt.date(2025, 2, 5),
    ]


def test_an_xlsx_over_its_row_limit_is_refused_at_upload(records: ImportRecords) -> None:
    content = xlsx([GOOD] * 5001)
    with pytest.raises(Refused, match="at most 5,000 rows"):
        imports.start_import(viewer=records.coordinator, upload=SimpleUploadedFile("export.xlsx", content))
    assert not ImportBatch.objects.exists()


def test_a_windows_encoded_file_is_read(records: ImportRecords) -> None:
    content = csv_bytes(
        [["zoe@riverside.example.org", "Zoë Brontë", "Riverside Academy", "prevent-awareness", "03/02/2025"]]
    )
    batch = run(records.coordinator, SimpleUploadedFile("export.csv", content.decode().encode("cp1252")))
    assert batch.status == ImportStatus.DONE, batch.errors
    assert Contact.objects.get(email="zoe@riverside.example.org").name == "Zoë Brontë"


def test_a_formula_like_name_is_kept_as_text_and_problems_download_without_formulas(
    records: ImportRecords,
) -> None:
    formula = '=HYPERLINK("http://example.com","Click")'
    batch = run(
        records.coordinator,
        csv_upload(
            [["f@riverside.example.org", formula, "Riverside Academy", "prevent-awareness", "03/02/2025"]]
        ),
    )
    assert Contact.objects.get(email="f@riverside.example.org").name == formula
    refused = run(records.coordinator, csv_upload([["=1+2", "X", "Riverside Academy", "@SUM(A1)", "-3"]]))
    assert refused.status == ImportStatus.REFUSED and batch.status == ImportStatus.DONE
    with default_storage.open(refused.error_file, "rb") as stored:
        cells = [
            value for line in csv.reader(io.StringIO(stored.read().decode("utf-8-sig"))) for value in line
        ]
    assert not any(value[:1] in ("=", "+", "-", "@") for value in cells), cells


def test_a_pasted_word_paragraph_as_a_name_is_cleaned_or_refused(records: ImportRecords) -> None:
    short = "Jane\x0bSmith\u00a0 \x01"
    long = ("Prevent training was delivered to staff.\x0b" * 10) + "\r\n\tEnd"
    batch = run(
        records.coordinator,
        csv_upload(
            [
                ["jane@riverside.example.org", short, "Riverside Academy", "prevent-awareness", "03/02/2025"],
                ["word@riverside.example.org", long, "Riverside Academy", "prevent-awareness", "03/02/2025"],
            ]
        ),
    )
    assert problems(batch) == {3: "the name must be 200 characters or fewer"}
    good = run(
        records.coordinator,
        csv_upload(
            [["jane@riverside.example.org", short, "Riverside Academy", "prevent-awareness", "03/02/2025"]]
        ),
    )
    assert good.status == ImportStatus.DONE
    assert Contact.objects.get(email="jane@riverside.example.org").name == "Jane Smith"


def test_a_huge_cell_is_reported_not_crashed_on(records: ImportRecords) -> None:
    content = csv_bytes([[GOOD[0], "x" * 200_000, "", "prevent-awareness", "03/02/2025"]])
    batch = run(records.coordinator, SimpleUploadedFile("export.csv", content))
    assert batch.status == ImportStatus.REFUSED
    assert "longer than" in batch.errors[0][1] or "200 characters" in batch.errors[0][1]


def test_the_columns_form_refuses_a_heading_not_in_the_file_and_a_column_used_twice(
    records: ImportRecords, client: Client
) -> None:
    response = client.post(reverse("training:import_start"), {"file": csv_upload([GOOD])})
    columns_url = response["Location"]
    refused = client.post(
        columns_url, {"email": "Not a heading", "completed_on": "Completion date", "course": "Course"}
    )
    assert refused.status_code == 200
    assert "Select a heading of the file" in page(refused.content).text
    twice = client.post(
        columns_url, {"email": "Email address", "completed_on": "Email address", "course": "Course"}
    )
    assert "a different column for each detail" in page(twice.content).text
    assert ImportBatch.objects.get().status == ImportStatus.UPLOADED
    assert Completion.objects.count() == 0


def test_the_columns_sent_twice_import_once(records: ImportRecords, client: Client) -> None:
    response = client.post(reverse("training:import_start"), {"file": csv_upload([GOOD])})
    data = {
        "email": "Email address",
        "name": "Full name",
        "course": "Course",
        "completed_on": "Completion date",
        "submission": "token-1",
    }
    first = client.post(response["Location"], data)
    second = client.post(response["Location"], data)
    assert first.status_code == second.status_code == 302
    assert Completion.objects.count() == 1


def test_guessed_columns_fit_common_exports() -> None:
    assert importing.guess_columns(
        ["User Email", "Learner Name", "Employer", "Module", "Date Completed"]
    ) == {
        "email": "User Email",
        "name": "Learner Name",
        "organisation": "Employer",
        "course": "Module",
        "completed_on": "Date Completed",
    }
