"""Plans as spreadsheets: the columns councils keep plans in, export of a plan to CSV
and XLSX, and validation of an import so that a file lands whole or not at all.

Exports use the import columns, so an exported plan can be imported again."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, NoReturn
from xml.parsers import expat

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from accounts.models import User
from lib.text import clean, spreadsheet_safe
from plans.models import Action, ActionKind, NationalObjective, Objective, Rag, text_limit

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000


@dataclass(frozen=True)
class Column:
    heading: str
    key: str
    max_length: int | None = None
    required: bool = False
    export_only: bool = False
    width: int = 20


COLUMNS = (
    Column("Objective reference", "objective_reference", text_limit(Objective, "reference"), width=14),
    Column("Objective", "objective", text_limit(Objective, "title"), required=True, width=40),
    Column("Area of focus", "area_of_focus", text_limit(Objective, "title"), width=30),
    Column("Type", "kind", width=14),
    Column("Reference", "reference", text_limit(Action, "reference"), width=10),
    Column("Action", "title", text_limit(Action, "title"), required=True, width=50),
    Column("Description", "description", text_limit(Action, "description"), width=40),
    Column("Outcomes", "outcomes", text_limit(Action, "outcomes"), width=40),
    Column("Outputs", "outputs", text_limit(Action, "outputs"), width=40),
    Column("Target date", "target_date", width=12),
    Column("Timescale", "timescale", text_limit(Action, "timescale"), width=16),
    Column("Lead officer", "lead_officer", text_limit(Action, "lead_officer"), width=25),
    Column("Lead agency", "lead_agency", text_limit(Action, "lead_agency"), width=25),
    Column("Partners", "partners", text_limit(Action, "partners"), width=25),
    Column("Owner email", "owner_email", text_limit(User, "email"), width=25),
    Column("Linked recommendation", "recommendation", text_limit(Action, "recommendation"), width=18),
    Column("National objective or CONTEST strand", "national_objective", width=30),
    Column("RAG", "rag", width=10),
    Column("Last update", "last_update_on", export_only=True, width=12),
    Column("Overdue", "overdue", export_only=True, width=10),
    Column("Measures", "measures", export_only=True, width=50),
)
IMPORT_COLUMNS = tuple(column for column in COLUMNS if not column.export_only)
_BY_HEADING = {column.heading.lower(): column for column in COLUMNS}

_KINDS = (
    {label.lower(): value for value, label in ActionKind.choices}
    | {value: value for value in ActionKind.values}
    | {"project": ActionKind.PROJECT}
)
_RAGS = {label.lower(): value for value, label in Rag.choices}
_NATIONAL = {label.lower(): value for value, label in NationalObjective.choices} | {
    value: value for value in NationalObjective.values
}


# --- export -----------------------------------------------------------------------------


def export_rows(
    actions: Iterable[Any], overdue_ids: set[int], measures: Mapping[int, str] | None = None
) -> Iterator[list[Any]]:
    """One row per action, objectives and areas of focus repeated on each row; `measures`
    is each action's measures in words, one a line (plans.measures.export_text)."""
    for action in actions:
        objective = action.objective.parent or action.objective
        area = action.objective if action.objective.parent_id else None
        yield [
            objective.reference,
            objective.title,
            area.title if area else "",
            action.get_kind_display(),
            action.reference,
            action.title,
            action.description,
            action.outcomes,
            action.outputs,
            action.target_date,
            action.timescale,
            action.lead_officer,
            action.lead_agency,
            action.partners,
            action.owner.email if action.owner else "",
            action.recommendation,
            action.get_national_objective_display() if action.national_objective else "",
            action.get_rag_display() if action.rag else "",
            action.last_update_on,
            "Yes" if action.pk in overdue_ids else "No",
            (measures or {}).get(action.pk, ""),
        ]


def _csv_safe(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    # Text stored before imports and forms were cleaned may hold control characters.
    return spreadsheet_safe(str(value))


def to_csv(rows: Iterable[list[Any]], *, headings: Iterable[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(headings or (column.heading for column in COLUMNS)))
    for row in rows:
        writer.writerow([_csv_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[list[Any]], *, title: str, columns: Iterable[Column] = COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Actions"
    columns = list(columns)
    sheet.append([column.heading for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in rows:
        sheet.append([_xlsx_safe(value) for value in row])
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    workbook.properties.title = clean(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_safe(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # openpyxl refuses a cell holding a control character (IllegalCharacterError), which
    # text stored before forms and imports were cleaned may hold.
    value = clean(value)
    if value[:1] == "=":
        return "'" + value
    return value


# --- import -----------------------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    values: dict[str, Any]


@dataclass
class ParsedImport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class UnreadableFile(Exception):
    """The file cannot be read, or not within the limits below. The message says why and
    what to do, in words the person importing can be shown."""


# --- reading a file within bounds ---------------------------------------------------------
#
# An upload is at most MAX_IMPORT_BYTES, but what it unpacks to is not: an XLSX file is a
# zip of XML parts, and a few kilobytes can declare a sheet of 16,384 columns by 1,048,576
# rows, unpack to gigabytes, or hold millions of empty elements that the XML parser turns
# into objects. So a file is read as a stream, each limit is checked before the work it
# bounds, and the reader stops at the first row past what an import may hold.

# Headings beyond the template's columns, for columns people add (notes, owners' names):
# parse_import names each one it does not know.
MAX_COLUMNS = len(COLUMNS) + 30
# What an XLSX file may unpack to, summed over the sizes its parts declare. The zip reader
# never returns more than a part declares (it stops there and checks the CRC), so this
# bounds what is decompressed. A 5,000-action plan unpacks to a few megabytes.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 1000
# What openpyxl turns into Python objects, measured at a few hundred bytes an element, and
# about a tenth of a second per 10,000 cells or shared strings:
MAX_SHEET_ROWS = 4 * MAX_IMPORT_ROWS  # rows a sheet writes, empty but formatted ones included
MAX_ROW_CELLS = 16_384  # the widest row Excel writes; a row is parsed whole before it is read
MAX_SHEET_CELLS = 500_000
MAX_SHARED_STRINGS = 100_000
MAX_STYLE_ELEMENTS = 50_000  # parsed whole into style objects of about 1 KB each
MAX_PART_ELEMENTS = 200_000  # any other part
MAX_ELEMENTS = 3_000_000  # all parts together: bounds the time the check itself takes
EXCEL_MAX_ROW = 1_048_576

_SAVE_AS_XLSX = "Open it in Excel, save it as an Excel Workbook (.xlsx) and upload it again"
_SAVE_AS_CSV = "Save it from your spreadsheet program as CSV UTF-8 (comma delimited) and upload it again"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of password-protected and .xls files
_ZIP = b"PK\x03\x04"
_OOXML_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f])_")


def _not_a_workbook(why: str) -> UnreadableFile:
    return UnreadableFile(f"The file is not a spreadsheet we can read: {why}. {_SAVE_AS_XLSX}")


def _not_csv(why: str) -> UnreadableFile:
    return UnreadableFile(f"The file is not a CSV file we can read: {why}. {_SAVE_AS_CSV}")


def read_table(name: str, content: bytes, *, max_columns: int = MAX_COLUMNS) -> list[tuple[int, list[Any]]]:
    """Row 1 of the file's first sheet, then each later row with something in it, with its
        row number as the spreadsheet shows it; each row cut to row 1's width without its empty
        trailing cells, and at most MAX_IMPORT_ROWS + 1 rows after row 1, so that parse_import
        can say the file has too many. `max_columns` is raised for wider downloads (partners'
    GIAS establishment files)."""
    if len(content) > MAX_IMPORT_BYTES:
        raise UnreadableFile(f"The selected file must be smaller than {MAX_IMPORT_BYTES // (1024 * 1024)}MB")
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        return _bounded(csv_rows(content), max_columns)
    if suffix == ".xlsx":
        return _read_xlsx(content, max_columns)
    raise UnreadableFile("The selected file must be a CSV or XLSX file")


def _empty(value: Any) -> bool:
    return _text(value) == ""


def _trimmed(cells: Iterable[Any]) -> list[Any]:
    values = list(cells)
    while values and _empty(values[-1]):
        values.pop()
    return values


def _bounded(
    rows: Iterator[tuple[int, Sequence[Any]]], max_columns: int = MAX_COLUMNS
) -> list[tuple[int, list[Any]]]:
    first = next(rows, None)
    if first is None:
        return []
    headings = _trimmed(first[1])
    if len(headings) > max_columns:
        raise UnreadableFile(
            f"Row 1 has {len(headings):,} columns. Prevent Hub reads at most {max_columns}: "
            "remove the columns that are not in the template"
        )
    table = [(first[0], headings)]
    if not headings:
        return table
    for number, cells in rows:
        values = _trimmed(cells[: len(headings)])
        if values:
            table.append((number, values))
            if len(table) > MAX_IMPORT_ROWS + 1:
                break  # one row past the limit is enough to say so
    return table


def csv_rows(content: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
    """Each row of a CSV file with its line number, read as it streams (UTF-8 with or
    without its mark, else Windows-1252), refusing what is not CSV text (UnreadableFile).
    The caller bounds the rows and columns it takes; `read_table` takes a whole file."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(f"The file is saved as Unicode text, not CSV. {_SAVE_AS_CSV}")
    if content.startswith(_ZIP) or content.startswith(_OLE):
        raise UnreadableFile(
            "The file is an Excel workbook, not CSV. Rename it to end .xlsx and upload it again"
        )
    if b"\x00" in content:
        # A text file saved from a spreadsheet never holds NUL; one that does is in another
        # encoding or format, and reading it as text would import nonsense.
        raise _not_csv("it holds NUL characters")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _not_csv("it is not saved as text")
    number = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            yield number, row
    except csv.Error as error:
        if "field limit" in str(error):
            raise UnreadableFile(
                f"Row {number + 1} has a cell longer than {csv.field_size_limit():,} characters. "
                "No column takes more than 10,000"
            ) from None
        raise _not_csv(f"row {number + 1} is not in CSV format") from None


def _read_xlsx(content: bytes, max_columns: int = MAX_COLUMNS) -> list[tuple[int, list[Any]]]:
    _check_container(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise _not_a_workbook("it could not be opened") from error
    try:
        if not workbook.worksheets:
            raise UnreadableFile("The file has no worksheet. Put the actions on the first sheet")
        sheet: Any = workbook.worksheets[0]
        # The size a sheet declares is not trusted: rows are read as they come.
        sheet.reset_dimensions()
        return _bounded(_xlsx_rows(sheet), max_columns)
    finally:
        workbook.close()


def _xlsx_rows(sheet: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    number = 0
    try:
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        yield 1, [_unescape(value) for value in header]
        number = 1
        width = len(_trimmed(header))
        if not width:
            return
        rows = sheet.iter_rows(min_row=2, max_row=EXCEL_MAX_ROW, max_col=width, values_only=True)
        for number, row in enumerate(rows, start=2):
            # A sheet may leave a million rows out before its last: openpyxl gives each
            # as a row of Nones, passed over here without work.
            if row.count(None) < len(row):
                yield number, [_unescape(value) for value in row]
    except UnreadableFile:
        raise
    except Exception as error:
        # openpyxl converts each cell as it reads it: a number, date or true/false cell
        # that is not one, a shared string that is not there or XML cut short all end here.
        where = f"below row {number}" if number else "in row 1"
        raise _not_a_workbook(f"a cell {where} is damaged or holds a value Excel would not write") from error


def _unescape(value: Any) -> Any:
    """Excel writes a control character in a cell as _x000B_ and the like (ECMA-376's
    escape); openpyxl leaves it escaped. Undone here so that parse_import cleans it."""
    if isinstance(value, str) and "_x" in value:
        return _OOXML_ESCAPE.sub(lambda match: chr(int(match[1], 16)), value)
    return value


def _check_container(content: bytes) -> None:
    """Refuse what openpyxl should not be given: anything but a plain zip, a zip that
    unpacks to more than the limits, and XML parts with more elements than they may have."""
    if content.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise UnreadableFile(
                "The file is protected with a password. Remove the password in Excel, save the file "
                "and upload it again"
            )
        raise UnreadableFile(f"The file is an older Excel workbook (.xls). {_SAVE_AS_XLSX}")
    # Counted before the zip reader builds an object for each entry of the directory.
    if content.count(b"PK\x01\x02") > MAX_PARTS:
        raise _not_a_workbook("it has too many parts")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _not_a_workbook("it is not an Excel workbook") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _not_a_workbook("it has too many parts")
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED_BYTES:
            raise UnreadableFile(
                f"The file unpacks to {unpacked / (1024 * 1024):,.0f}MB, more than the "
                f"{MAX_UNPACKED_BYTES // (1024 * 1024)}MB Prevent Hub reads. Import at most "
                f"{MAX_IMPORT_ROWS:,} actions at a time, in a workbook with nothing else in it"
            )
        if any(part.flag_bits & 0x1 for part in parts):
            raise UnreadableFile(
                "The file is protected with a password. Remove the password, save the file and upload "
                "it again"
            )
        # Excel stores or deflates; other methods (bzip2, LZMA) are read in one piece, so
        # their unpacked size would not be bounded while they are read.
        if any(part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for part in parts):
            raise _not_a_workbook("it is compressed in a way Excel does not use")
        budget = _ElementBudget()
        for part in parts:
            try:
                _check_part(archive, part, budget)
            except (zipfile.BadZipFile, EOFError, OSError, zlib.error, expat.ExpatError) as error:
                raise _not_a_workbook("part of it is damaged") from error


@dataclass
class _ElementBudget:
    left: int = MAX_ELEMENTS


class _PartCounter:
    """Counts a part's elements as expat streams through it, and stops at the first one
    past a limit. Elements are named "namespace local-name", so any prefix is read alike."""

    def __init__(self, budget: _ElementBudget) -> None:
        self.budget = budget
        self.root = ""
        self.elements = self.rows = self.cells = self.row_cells = self.strings = 0

    def start(self, name: str, attributes: Any) -> None:
        local = name.rpartition(" ")[2]
        if not self.root:
            self.root = local
        self.elements += 1
        self.budget.left -= 1
        if self.budget.left < 0:
            _too_much("it has more content than Prevent Hub reads")
        if self.root in ("worksheet", "dialogsheet", "macrosheet", "chartsheet"):
            if local == "row":
                self.rows += 1
                self.row_cells = 0
                if self.rows > MAX_SHEET_ROWS:
                    _too_much(
                        f"a sheet has more than {MAX_SHEET_ROWS:,} rows, counting empty rows with "
                        "formatting. Delete the rows below the actions"
                    )
            elif local == "c":
                self.cells += 1
                self.row_cells += 1
                if self.row_cells > MAX_ROW_CELLS:
                    _too_much(f"a row has more than {MAX_ROW_CELLS:,} cells")
                if self.cells > MAX_SHEET_CELLS:
                    _too_much(f"a sheet has more than {MAX_SHEET_CELLS:,} cells")
        elif self.root == "sst":
            self.strings += local == "si"
            if self.strings > MAX_SHARED_STRINGS:
                _too_much(f"it holds more than {MAX_SHARED_STRINGS:,} different pieces of text")
            if self.elements > 5 * MAX_SHARED_STRINGS:  # runs of rich text, each a few elements
                _too_much("its text has more formatting than Prevent Hub reads")
        elif self.root == "styleSheet":
            if self.elements > MAX_STYLE_ELEMENTS:
                _too_much(
                    "it has more cell styles than Prevent Hub reads. Copy the actions into a new workbook"
                )
        elif self.elements > MAX_PART_ELEMENTS:
            _too_much("it has more content than Prevent Hub reads")


def _too_much(why: str) -> NoReturn:
    raise UnreadableFile(f"The file is too large to read: {why}")


def _refuse_doctype(*args: Any) -> NoReturn:
    # Excel never writes a document type; one can define entities that expand without end.
    raise _not_a_workbook("it holds XML that Excel does not write")


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, budget: _ElementBudget) -> None:
    """Stream a part through expat, counting its elements; a part that does not start
    like XML (a picture, say) is not parsed by openpyxl as XML and is left alone."""
    with archive.open(part) as stream:
        chunk = stream.read(64 * 1024)
        if not chunk.lstrip(b" \t\r\n\xef\xbb\xbf\xff\xfe").startswith((b"<", b"\x00<")):
            return
        counter = _PartCounter(budget)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = counter.start
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.EntityDeclHandler = _refuse_doctype
        while chunk:
            parser.Parse(chunk, False)
            chunk = stream.read(64 * 1024)
        parser.Parse(b"", True)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d.%m.%Y")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = re.sub(r"\s+", " ", str(value).strip())
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _text(value: Any) -> str:
    """A cell as text: control characters cleaned (lib.text), spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value)).strip()


def parse_import(table: list[tuple[int, list[Any]]], *, owner_emails: set[str]) -> ParsedImport:
    """Check every row of a table from read_table and report every problem, one message
    each, with its row number; rows are only usable if there are none."""
    result = ParsedImport()
    if not table or table[0][0] != 1 or not any(_text(cell) for cell in table[0][1]):
        result.errors.append("The file is empty. Use the template and put the column headings in row 1")
        return result
    headings = [_text(cell) for cell in table[0][1]]
    positions: dict[str, int] = {}
    for index, heading in enumerate(headings):
        if not heading:
            continue
        column = _BY_HEADING.get(heading.lower())
        if column is None:
            result.errors.append(
                f"Row 1: the column ‘{heading[:100]}’ is not one Prevent Hub knows. Rename it to one of "
                "the template's columns or remove it"
            )
        elif column.key in positions:
            result.errors.append(f"Row 1: the column ‘{column.heading}’ appears twice. Remove one of them")
        elif not column.export_only:
            positions[column.key] = index
    for column in IMPORT_COLUMNS:
        if column.required and column.key not in positions:
            result.errors.append(f"Row 1: add a column called ‘{column.heading}’")
    if result.errors:
        return result

    data_rows = [(number, row) for number, row in table[1:] if any(_text(c) for c in row)]
    if not data_rows:
        result.errors.append("The file has no actions. Add one action per row under the headings")
        return result
    if len(data_rows) > MAX_IMPORT_ROWS:
        result.errors.append(
            f"The file has more than {MAX_IMPORT_ROWS:,} actions. "
            f"Import at most {MAX_IMPORT_ROWS:,} at a time"
        )
        return result

    for number, row in data_rows:
        problems = _row_problems(row, positions, owner_emails)
        if isinstance(problems, dict):
            result.rows.append(ImportRow(number, problems))
        else:
            # One message per problem, so that the count the page gives is the list it shows.
            result.errors.extend(f"Row {number}: {problem}" for problem in problems)
    return result


def _row_problems(
    row: list[Any], positions: dict[str, int], owner_emails: set[str]
) -> dict[str, Any] | list[str]:
    """The row's values, or what is wrong with it."""
    raw = {key: (row[index] if index < len(row) else None) for key, index in positions.items()}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for column in IMPORT_COLUMNS:
        if column.key not in raw:
            continue
        cell = raw[column.key]
        if column.key == "target_date":
            if _text(cell):
                try:
                    values["target_date"] = _date(cell)
                except ValueError:
                    problems.append("Target date must be a real date, like 31/03/2019")
            continue
        text = _text(cell)
        if column.required and not text:
            problems.append(f"Enter the {column.heading.lower()}")
            continue
        if column.max_length and len(text) > column.max_length:
            problems.append(f"{column.heading} must be {column.max_length:,} characters or fewer")
            continue
        values[column.key] = text
    kind = values.pop("kind", "")
    if kind:
        if kind.lower() not in _KINDS:
            problems.append("Type must be Action or Commissioned project")
        else:
            values["kind"] = _KINDS[kind.lower()]
    rag = values.pop("rag", "")
    if rag:
        if rag.lower() not in _RAGS:
            problems.append("RAG must be Red, Amber, Green or Complete, or left blank")
        else:
            values["rag"] = _RAGS[rag.lower()]
    national = values.pop("national_objective", "")
    if national:
        if national.lower() not in _NATIONAL:
            problems.append(
                "National objective or CONTEST strand must be one of the template's options, or left blank"
            )
        else:
            values["national_objective"] = _NATIONAL[national.lower()]
    owner = values.pop("owner_email", "").lower()
    if owner:
        if owner not in owner_emails:
            problems.append(f"Owner email {owner} is not an action owner or coordinator in this partnership")
        else:
            values["owner_email"] = owner
    return problems or values


def template_rows() -> list[list[Any]]:
    return [
        [
            "Objective 1",
            "Target social, peer and educational support to individuals at risk",
            "",
            "Action",
            "1.1",
            "Deliver ongoing training and guidance for educational establishments",
            "",
            "Educational institutions confidently undertake responsibilities related to the Prevent duty",
            "WRAP training sessions delivered in colleges\nSchools signposted to Educate Against Hate",
            dt.date(2019, 3, 31),
            "March 2019",
            "Prevent Education Officer",
            "Council",
            "",
            "",
            "Peer Review Rec 2",
            NationalObjective.PREVENT_2011_SECTORS.label,
            "Amber",
        ]
    ]


TEMPLATE_GUIDANCE = [
    ("Objective", "Required. Rows with the same objective are grouped under it, in file order."),
    ("Action", "Required. The action, as the plan words it."),
    ("Area of focus", "Optional. Groups the action under an area of focus within its objective."),
    ("Type", "Action or Commissioned project. Blank means Action."),
    ("Target date", "A date like 31/03/2019. Leave blank for ongoing actions."),
    ("Outputs", "One output per line within the cell."),
    (
        "Owner email",
        "Optional. An action owner or coordinator of the partnership, who will update the action.",
    ),
    (
        "National objective or CONTEST strand",
        "Optional. One of: " + "; ".join(label for _, label in NationalObjective.choices),
    ),
    ("RAG", "Optional. Red, Amber, Green or Complete: recorded as the first progress update."),
    ("Last update, Overdue", "Filled in by exports and ignored by imports."),
]
