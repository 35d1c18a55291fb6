"""Reading an uploaded spreadsheet within fixed bounds of memory and time, and a clear
answer for every file that cannot be read: never a server error, never a partial import.
The malicious files are written by hand (plans/tests/workbooks.py), as an attacker would."""

import io
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from govuk.testing import page
from plans import spreadsheets
from plans.models import Action, Strategy
from plans.tests import workbooks
from plans.tests.workbooks import HEADINGS, MAIN, cell, column_letter, plan_workbook, row, sheet, workbook

pytestmark = pytest.mark.django_db

SAVE_AGAIN = "Open it in Excel, save it as an Excel Workbook (.xlsx) and upload it again"


def _import(client: Client, name: str, content: bytes) -> str:
    response = client.post(
        "/plans/import/",
        {
            "title": "Imported plan 2026-27",
            "period_start_day": "1",
            "period_start_month": "4",
            "period_start_year": "2026",
            "period_end_day": "31",
            "period_end_month": "3",
            "period_end_year": "2027",
            "status": "active",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200  # shown again with the problem, not imported
    return response.content.decode()


def _error_summary(body: str) -> str:
    return next(
        element.text
        for element in page(body).iter("div")
        if "govuk-error-summary" in element.attrs.get("class", "")
    )


# --- the dimension bomb ---------------------------------------------------------------------


def _dimension_bomb(column: str) -> bytes:
    """Headings in row 1, a sheet that declares itself A1:XFD1048576 and one cell in its
    last row: about 2 KB. Padding each row to the declared width took 128 GB."""
    last = f"{column}1048576"
    body = row(1, HEADINGS) + f'<row r="1048576">{cell(last, "Reduce harm")}</row>'
    return workbook(sheet(body, dimension="A1:XFD1048576"))


@pytest.mark.parametrize("column", ["A", "XFD"])
def test_a_sheet_declaring_a_million_rows_by_16384_columns_is_read_in_bounded_memory_and_time(
    column: str,
) -> None:
    bomb = _dimension_bomb(column)
    assert len(bomb) < 5000

    started = time.perf_counter()
    table = spreadsheets.read_table("plan.xlsx", bomb)
    assert time.perf_counter() - started < 5

    tracemalloc.start()
    try:
        spreadsheets.read_table("plan.xlsx", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024

    # Row 1 as written, and the last row only where a heading is above its cell.
    assert table[0] == (1, HEADINGS)
    assert table[1:] == ([(1048576, ["Reduce harm"])] if column == "A" else [])


def test_the_dimension_bomb_gets_a_clear_answer_and_nothing_is_imported(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    assert "Row 1048576: Enter the action" in _import(client, "plan.xlsx", _dimension_bomb("A"))
    assert "The file has no actions" in _import(client, "plan.xlsx", _dimension_bomb("XFD"))
    assert not Strategy.objects.exists()


# --- files that are not what they claim, or are built to exhaust the server ------------------


def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """A workbook with a part of 60 MB of spaces, deflated to about 60 KB."""
    buffer = io.BytesIO(plan_workbook(["Safeguard", "Train", "Lead"]))
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/padding.xml", "w") as part,
    ):
        for _ in range(60):
            part.write(b" " * (1024 * 1024))
    return buffer.getvalue()


def _understated() -> bytes:
    """A sheet whose zip entry says it unpacks to 10 bytes when it unpacks to far more."""
    content = bytearray(plan_workbook(["Safeguard", "Train", "Lead"]))
    at = content.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", content, at + 28)[0]
        if content[at + 46 : at + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", content, at + 24, 10)  # the size in the central directory
            local = struct.unpack_from("<I", content, at + 42)[0]
            struct.pack_into("<I", content, local + 22, 10)  # and in the part's own header
        at = content.find(b"PK\x01\x02", at + 4)
    return bytes(content)


def _encrypted_zip() -> bytes:
    """A workbook whose parts are marked encrypted, as a zip tool's password leaves them."""
    content = bytearray(plan_workbook(["Safeguard", "Train", "Lead"]))
    for signature, offset in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        at = content.find(signature)
        while at != -1:
            content[at + offset] |= 0x1  # bit 0 of the general purpose flags: encrypted
            at = content.find(signature, at + 4)
    return bytes(content)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _with_cell(xml: str, **options: object) -> bytes:
    return workbook(sheet(row(1, HEADINGS) + f'<row r="2">{xml}</row>'), **options)  # type: ignore[arg-type]


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;">]>'
    f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c>'
    "</row></sheetData></worksheet>"
)
_FULL_SHEET = sheet(row(1, HEADINGS) + row(2, ["Safeguard", "Train", "Lead"]))

XLSX_CASES = [
    ("not a zip", b"Objective,Action\nSafeguard,Train\n", "it is not an Excel workbook. " + SAVE_AGAIN),
    ("an empty zip header", b"PK\x03\x04", "it is not an Excel workbook"),
    (
        "password-protected",
        _OLE + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64,
        "The file is protected with a password. Remove the password in Excel, save the file and upload it "
        "again",
    ),
    ("an old .xls", _OLE + b"\x00" * 1024, "The file is an older Excel workbook (.xls). " + SAVE_AGAIN),
    ("encrypted zip", _encrypted_zip(), "The file is protected with a password"),
    ("zip bomb", _zip_bomb(), "The file unpacks to 60MB, more than the 50MB Prevent Hub reads"),
    ("understated size", _understated(), "part of it is damaged"),
    (
        "bzip2",
        _zip({"xl/workbook.xml": b"<workbook/>" * 1000}, zipfile.ZIP_BZIP2),
        "it is compressed in a way Excel does not use",
    ),
    (
        "lzma",
        _zip({"xl/workbook.xml": b"<workbook/>"}, zipfile.ZIP_LZMA),
        "compressed in a way Excel does not use",
    ),
    ("too many parts", _zip({f"xl/{n}.xml": b"<a/>" for n in range(1001)}), "it has too many parts"),
    (
        "truncated XML",
        workbook(_FULL_SHEET[: len(_FULL_SHEET) // 2 + 40]),
        "part of it is damaged. " + SAVE_AGAIN,
    ),
    ("entities", workbook(_LAUGHS), "it holds XML that Excel does not write"),
    (
        "a word that is not a number",
        _with_cell(cell("A2", "twelve", "n")),
        "a cell below row 1 is damaged or holds a value Excel would not write",
    ),
    ("a true/false that is not", _with_cell(cell("A2", "yes", "b")), "a cell below row 1 is damaged"),
    ("a date that is not", _with_cell(cell("A2", "31/02/2019", "d")), "a cell below row 1 is damaged"),
    (
        "a shared string that is not there",
        _with_cell(cell("A2", "99", "s"), strings=workbooks.shared_strings(["Objective"])),
        "a cell below row 1 is damaged",
    ),
    (
        "a row of 20,000 cells",
        workbook(sheet(row(1, HEADINGS) + '<row r="2">' + "<c/>" * 20_000 + "</row>")),
        "The file is too large to read: a row has more than 16,384 cells",
    ),
    (
        "25,000 empty rows",
        workbook(sheet(row(1, HEADINGS) + "<row/>" * 25_000)),
        "a sheet has more than 20,000 rows, counting empty rows with formatting",
    ),
    (
        "200,000 pieces of text",
        _with_cell(cell("A2", "0", "s"), strings=workbooks.shared_strings(str(n) for n in range(200_000))),
        "it holds more than 100,000 different pieces of text",
    ),
    (
        "100,000 cell styles",
        _with_cell(
            cell("A2", "1", "n"),
            styles=f'<styleSheet xmlns="{MAIN}"><cellXfs>{"<xf/>" * 100_000}</cellXfs></styleSheet>',
        ),
        "it has more cell styles than Prevent Hub reads",
    ),
    (
        "60 columns",
        workbook(sheet(row(1, [f"Column {n}" for n in range(60)]))),
        f"Row 1 has 60 columns. Prevent Hub reads at most {spreadsheets.MAX_COLUMNS}",
    ),
    (
        "no sheet",
        workbook(_FULL_SHEET, extra={"xl/workbook.xml": f'<workbook xmlns="{MAIN}"><sheets/></workbook>'}),
        "The file has no worksheet",
    ),
]


@pytest.mark.parametrize(("case", "content", "message"), XLSX_CASES, ids=[case for case, _, _ in XLSX_CASES])
def test_an_xlsx_file_that_cannot_be_read_gets_a_clear_answer_and_nothing_is_imported(
    case: str, content: bytes, message: str, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    started = time.perf_counter()
    body = _import(sign_in(coordinator), "plan.xlsx", content)
    assert time.perf_counter() - started < 10
    assert message in _error_summary(body)
    assert not Strategy.objects.exists()
    assert not Action.objects.exists()


SAVE_AS_CSV = "Save it from your spreadsheet program as CSV UTF-8 (comma delimited) and upload it again"

CSV_CASES = [
    (
        "NUL",
        b"Objective,Action\nSafe\x00guard,Train\n",
        f"The file is not a CSV file we can read: it holds NUL characters. {SAVE_AS_CSV}",
    ),
    (
        "not text",
        b"Objective,Action\n\x81\x8d\x8f,\x90\x9d\n",
        f"The file is not a CSV file we can read: it is not saved as text. {SAVE_AS_CSV}",
    ),
    (
        "UTF-16",
        "Objective,Action\n".encode("utf-16"),
        f"The file is saved as Unicode text, not CSV. {SAVE_AS_CSV}",
    ),
    (
        "a workbook",
        plan_workbook(["Safeguard", "Train", "Lead"]),
        "The file is an Excel workbook, not CSV. Rename it to end .xlsx and upload it again",
    ),
    (
        "a cell of 200,000 characters",
        b"Objective,Action\nSafeguard," + b"x" * 200_000 + b"\n",
        "Row 2 has a cell longer than 131,072 characters. No column takes more than 10,000",
    ),
]


@pytest.mark.parametrize(("case", "content", "message"), CSV_CASES, ids=[case for case, _, _ in CSV_CASES])
def test_a_csv_file_that_cannot_be_read_gets_a_clear_answer_and_nothing_is_imported(
    case: str, content: bytes, message: str, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    assert message in _error_summary(_import(sign_in(coordinator), "plan.csv", content))
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("make", ["csv", "xlsx"])
def test_a_file_with_more_than_5000_actions_is_refused_after_reading_one_more(
    make: str, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    rows = [["Safeguard", f"Action {n}", "Lead"] for n in range(spreadsheets.MAX_IMPORT_ROWS + 50)]
    if make == "csv":
        content = "\n".join(",".join(values) for values in [HEADINGS, *rows]).encode()
    else:
        content = plan_workbook(*rows)
    table = spreadsheets.read_table(f"plan.{make}", content)
    assert len(table) == 1 + spreadsheets.MAX_IMPORT_ROWS + 1  # row 1, the limit, and one past it
    body = _import(sign_in(coordinator), f"plan.{make}", content)
    assert "The file has more than 5,000 actions. Import at most 5,000 at a time" in body
    assert not Strategy.objects.exists()


def test_rows_keep_the_numbers_the_spreadsheet_shows_and_empty_trailing_cells_are_dropped() -> None:
    body = (
        row(1, [*HEADINGS, "", ""])
        + f'<row r="4">{cell("A4", "Safeguard")}{cell("B4", "Train")}{cell("E4", "  ")}</row>'
        + f'<row r="9">{cell("B9", "Host")}{cell(f"{column_letter(200)}9", "far off")}</row>'
    )
    assert spreadsheets.read_table("plan.xlsx", workbook(sheet(body))) == [
        (1, HEADINGS),
        (4, ["Safeguard", "Train"]),
        (9, [None, "Host"]),
    ]
    csv_table = spreadsheets.read_table(
        "plan.csv", b"Objective,Action,,\n\nSafeguard,Train,,\n,,\n,Host,x,y\n"
    )
    assert csv_table == [(1, ["Objective", "Action"]), (3, ["Safeguard", "Train"]), (5, ["", "Host"])]
