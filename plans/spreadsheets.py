"""Plans as spreadsheets: the columns councils keep plans in, export of a plan to CSV
and XLSX, and validation of an import so that a file lands whole or not at all.

Exports use the import columns, so an exported plan can be imported again."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from plans.models import ActionKind, NationalObjective, Rag

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
    Column("Objective reference", "objective_reference", 60, width=14),
    Column("Objective", "objective", 600, required=True, width=40),
    Column("Area of focus", "area_of_focus", 600, width=30),
    Column("Type", "kind", width=14),
    Column("Reference", "reference", 30, width=10),
    Column("Action", "title", 600, required=True, width=50),
    Column("Description", "description", 10000, width=40),
    Column("Outcomes", "outcomes", 10000, width=40),
    Column("Outputs", "outputs", 10000, width=40),
    Column("Target date", "target_date", width=12),
    Column("Timescale", "timescale", 200, width=16),
    Column("Lead officer", "lead_officer", 300, width=25),
    Column("Lead agency", "lead_agency", 300, width=25),
    Column("Partners", "partners", 10000, width=25),
    Column("Owner email", "owner_email", 254, width=25),
    Column("Linked recommendation", "recommendation", 200, width=18),
    Column("National objective or CONTEST strand", "national_objective", width=30),
    Column("RAG", "rag", width=10),
    Column("Last update", "last_update_on", export_only=True, width=12),
    Column("Overdue", "overdue", export_only=True, width=10),
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


def export_rows(actions: Iterable[Any], overdue_ids: set[int]) -> Iterator[list[Any]]:
    """One row per action, objectives and areas of focus repeated on each row."""
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
        ]


def _csv_safe(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    # Spreadsheet programs run cells that start like a formula; a leading quote stops that.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


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
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] == "=":
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
    pass


def _read_csv(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile("The file must be saved as CSV UTF-8")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise UnreadableFile(f"The CSV file could not be read: {error}") from None


def _read_xlsx(content: bytes) -> list[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise UnreadableFile(
            "The XLSX file could not be opened. Save it again as an Excel workbook"
        ) from error
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_table(name: str, content: bytes) -> list[list[Any]]:
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        return _read_csv(content)
    if suffix == ".xlsx":
        return _read_xlsx(content)
    raise UnreadableFile("The selected file must be a CSV or XLSX file")


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
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_import(table: list[list[Any]], *, owner_emails: set[str]) -> ParsedImport:
    """Check every row and report every problem; rows are only usable if there are none."""
    result = ParsedImport()
    if not table or not any(_text(cell) for cell in table[0]):
        result.errors.append("The file is empty. Use the template and put the column headings in row 1")
        return result
    headings = [_text(cell) for cell in table[0]]
    positions: dict[str, int] = {}
    for index, heading in enumerate(headings):
        if not heading:
            continue
        column = _BY_HEADING.get(heading.lower())
        if column is None:
            result.errors.append(
                f"Row 1: the column ‘{heading}’ is not one Prevent Hub knows. Rename it to one of the "
                "template's columns or remove it"
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

    data_rows = [(number, row) for number, row in enumerate(table[1:], start=2) if any(_text(c) for c in row)]
    if not data_rows:
        result.errors.append("The file has no actions. Add one action per row under the headings")
        return result
    if len(data_rows) > MAX_IMPORT_ROWS:
        result.errors.append(
            f"The file has {len(data_rows)} actions. Import at most {MAX_IMPORT_ROWS} at a time"
        )
        return result

    for number, row in data_rows:
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
                problems.append(f"enter the {column.heading.lower()}")
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
                    "National objective or CONTEST strand must be one of the template's options, "
                    "or left blank"
                )
            else:
                values["national_objective"] = _NATIONAL[national.lower()]
        owner = values.pop("owner_email", "").lower()
        if owner:
            if owner not in owner_emails:
                problems.append(
                    f"Owner email {owner} is not an action owner or coordinator in this partnership"
                )
            else:
                values["owner_email"] = owner
        if problems:
            first, rest = problems[0], problems[1:]
            message = "; ".join([first[:1].upper() + first[1:], *rest])
            result.errors.append(f"Row {number}: {message}")
        else:
            result.rows.append(ImportRow(number, values))
    return result


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
