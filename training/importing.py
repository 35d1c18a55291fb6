"""Importing completions from e-learning certificate exports and learning systems' files
(CSV or XLSX: e-mail, name, organisation, course, completion date).

Two steps, so that a file of a million rows is checked and landed in bounded memory:

1. `check` reads the file as a stream (CSV row by row; XLSX through the bounded reader
   plans and partners use, plans.spreadsheets.read_table), checks every row against the
   partnership's organisations, courses and people, and writes each good row to a local
   spool file in PostgreSQL's COPY text format. Every problem is kept with its line number:
   the first MAX_SHOWN in memory, all of them in a spooled CSV file. Nothing is written
   to the database here but the batch's progress.
2. `land` (called by the action training.actions.imports.land_import, in its transaction)
   loads the spool into a temporary staging table (COPY on PostgreSQL, executemany on
   SQLite), then adds the new people and the completions with set-based INSERT ...
   SELECT statements that skip what is already recorded (ON CONFLICT DO NOTHING; on
   PostgreSQL the people added by the import need no such check, see _land_postgresql),
   so importing the same file twice changes nothing.

Limits are settings: TRAINING_IMPORT_MAX_BYTES, TRAINING_IMPORT_MAX_ROWS and
TRAINING_IMPORT_BACKGROUND_ROWS (files with more rows run as a background task)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role
from lib.text import clean, spreadsheet_safe
from partners.models import Contact, Organisation
from plans import spreadsheets
from plans.spreadsheets import UnreadableFile
from training import access, compliance
from training.models import ImportBatch, ImportLayout

FIELDS = ("email", "name", "organisation", "course", "completed_on")
LABELS = {
    "email": "Work e-mail address",
    "name": "Name",
    "organisation": "Organisation (its name or URN)",
    "course": "Course (its code or title)",
    "completed_on": "Date completed",
}
REQUIRED = ("email", "completed_on")
# Headings commonly used by certificate exports and learning systems, for the first guess
# at a layout (compared without case, spaces, hyphens or underscores).
GUESSES = {
    "email": ("email", "emailaddress", "workemail", "workemailaddress", "useremail", "learneremail"),
    "name": ("name", "fullname", "learner", "learnername", "participant", "participantname", "username"),
    "organisation": ("organisation", "organization", "employer", "organisationname", "school", "urn"),
    "course": ("course", "coursename", "coursetitle", "module", "modulename", "coursecode", "learningitem"),
    "completed_on": (
        "completiondate",
        "datecompleted",
        "completedon",
        "completed",
        "dateofcompletion",
        "certificatedate",
        "date",
    ),
}

MAX_COLUMNS = 200
MAX_SHOWN = 100
MAX_NAME = 200
MAX_EMAIL = 254
EARLIEST = dt.date(1990, 1, 1)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def max_bytes() -> int:
    return int(getattr(settings, "TRAINING_IMPORT_MAX_BYTES", 200 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "TRAINING_IMPORT_MAX_ROWS", 1_000_000))


def background_rows() -> int:
    return int(getattr(settings, "TRAINING_IMPORT_BACKGROUND_ROWS", 5_000))


def _size_words(size: int) -> str:
    return f"{size // (1024 * 1024)}MB"


# --- reading -------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as text: control characters cleaned (a vertical tab pasted from Word becomes a
    break), every run of spaces and breaks made one space, ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    if text.isprintable() and text.strip() == text and "  " not in text:
        return text
    return " ".join(clean(text).split())


def _squash(heading: str) -> str:
    return re.sub(r"[\s_\-]+", "", heading.lower())


@dataclass
class Source:
    """A readable file: its headings (row 1) and its later rows as (line number, cells),
    and roughly how many rows it holds, for the progress page."""

    headings: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    estimated_rows: int


def open_file(name: str, stream: IO[bytes], size: int) -> Source:
    """Open an uploaded or stored file for reading, within the limits, or raise
    UnreadableFile saying why in words the person importing can act on."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        if size > spreadsheets.MAX_IMPORT_BYTES:
            raise UnreadableFile(
                f"An XLSX file must be smaller than {_size_words(spreadsheets.MAX_IMPORT_BYTES)}. "
                "Save a larger file as CSV UTF-8 (comma delimited) and upload that"
            )
        table = spreadsheets.read_table(name, stream.read(size + 1), max_columns=MAX_COLUMNS)
        if len(table) - 1 > spreadsheets.MAX_IMPORT_ROWS:
            raise UnreadableFile(
                f"An XLSX file can hold at most {spreadsheets.MAX_IMPORT_ROWS:,} rows here. "
                "Save a larger file as CSV UTF-8 (comma delimited) and upload that"
            )
        headings = [cell_text(value) for value in table[0][1]] if table else []
        return Source(headings, iter(table[1:]), max(len(table) - 1, 0))
    if suffix != ".csv":
        raise UnreadableFile("The selected file must be a CSV or XLSX file")
    if size > max_bytes():
        raise UnreadableFile(f"The selected file must be smaller than {_size_words(max_bytes())}")
    encoding, lines = _scan_csv(stream)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    rows = _csv_rows(csv.reader(text))
    first = next(rows, None)
    headings = [cell_text(value) for value in first[1]] if first else []
    while headings and not headings[-1]:
        headings.pop()
    if len(headings) > MAX_COLUMNS:
        raise UnreadableFile(
            f"Row 1 has {len(headings):,} columns. Prevent Hub reads at most {MAX_COLUMNS}: "
            "remove the columns you do not need"
        )
    return Source(headings, rows, max(lines - 1, 0))


def _scan_csv(stream: IO[bytes]) -> tuple[str, int]:
    """Which encoding the file is in (UTF-8, else Windows' own), and how many lines it has,
    read a megabyte at a time; a file that is not text is refused here."""
    head = stream.read(8)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(
            "The file is saved as Unicode text, not CSV. Save it from your spreadsheet program as "
            "CSV UTF-8 (comma delimited) and upload it again"
        )
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise UnreadableFile(
            "The file is an Excel workbook, not CSV. Rename it to end .xlsx and upload it again"
        )
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = returns = 0
    while chunk := stream.read(1024 * 1024):
        if b"\x00" in chunk:
            raise UnreadableFile(
                "The file is not a CSV file we can read: it holds NUL characters. Save it from your "
                "spreadsheet program as CSV UTF-8 (comma delimited) and upload it again"
            )
        lines += chunk.count(b"\n")
        returns += chunk.count(b"\r")  # a file saved with carriage returns alone
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    return ("utf-8-sig" if utf8 else "cp1252"), max(lines, returns) + 1


def _csv_rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[Any]]]:
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, row
    except csv.Error:
        raise UnreadableFile(
            f"Row {number + 1} is not in CSV format, or has a cell longer than "
            f"{csv.field_size_limit():,} characters. Nothing was imported"
        ) from None


def guess_columns(headings: Iterable[str]) -> dict[str, str]:
    """The first guess at which heading feeds which field."""
    squashed = {_squash(heading): heading for heading in reversed(list(headings)) if heading}
    guessed: dict[str, str] = {}
    for name, candidates in GUESSES.items():
        for candidate in candidates:
            if candidate in squashed and squashed[candidate] not in guessed.values():
                guessed[name] = squashed[candidate]
                break
    return guessed


# --- checking ------------------------------------------------------------------------------


_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
_DATE_FORMATS = (
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d/%m/%y",
    "%Y/%m/%d",
)
AMBIGUOUS = -1
BACKSLASH = "\\"


def _normal_name(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Lookups:
    """What rows are checked against, loaded once before the file is read."""

    organisations_by_urn: dict[str, int]
    organisations_by_name: dict[str, int]  # AMBIGUOUS where two share a name
    organisation_names: dict[int, str]
    courses: dict[str, int]  # by code and by title, casefolded; AMBIGUOUS where two share one
    people: dict[str, int]  # lower-case e-mail -> organisation id
    allowed_organisations: set[int] | None  # None: all the partnership's
    today: dt.date

    @classmethod
    def load(
        cls,
        *,
        organisations: Iterable[Any],
        courses: Iterable[Any],
        people: Iterable[tuple[str, int]],
        allowed_organisations: set[int] | None,
    ) -> Lookups:
        by_urn: dict[str, int] = {}
        by_name: dict[str, int] = {}
        names: dict[int, str] = {}
        for pk, name, urn in organisations:
            names[pk] = name
            if urn:
                by_urn[urn.strip().casefold()] = pk
            key = _normal_name(name)
            by_name[key] = AMBIGUOUS if key in by_name and by_name[key] != pk else pk
        by_course: dict[str, int] = {}
        for pk, code, title in courses:
            for key in {code.casefold(), _normal_name(title)}:
                by_course[key] = AMBIGUOUS if key in by_course and by_course[key] != pk else pk
        return cls(
            by_urn,
            by_name,
            names,
            by_course,
            {email.lower(): org for email, org in people},
            allowed_organisations,
            timezone.localdate(),
        )


@dataclass
class Checked:
    """What checking a file found: how many rows, the good ones spooled for landing, and
    every problem (the first MAX_SHOWN here, all of them in `error_spool`)."""

    rows: int = 0
    good: int = 0
    new_people: int = 0
    error_count: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    spool: IO[str] | None = None
    error_spool: IO[str] | None = None

    def refuse(self, line: int, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_SHOWN:
            self.errors.append((line, reason))
        if self.error_spool is None:
            # Binary underneath, so that storage saves the bytes as they are.
            raw = tempfile.TemporaryFile()  # noqa: SIM115
            self.error_spool = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", write_through=True)
            csv.writer(self.error_spool).writerow(["Row", "Problem"])
        csv.writer(self.error_spool).writerow([line or "", spreadsheet_safe(reason)])

    def close(self) -> None:
        for spool in (self.spool, self.error_spool):
            if spool is not None:
                spool.close()


def _quote(value: str, limit: int = 60) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return f"‘{shown}’"


class _Dates:
    """Completion dates as the usual UK forms write them, remembered by their text (an
    export holds few distinct dates)."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.seen: dict[Any, dt.date | str] = {}

    def read(self, value: Any) -> dt.date | str:
        """The date, or the problem with it."""
        try:
            return self.seen[value]
        except (KeyError, TypeError):
            pass
        result = self._parse(value)
        if isinstance(result, dt.date):
            if result > self.today:
                result = f"the date completed, {result:%d/%m/%Y}, is in the future"
            elif result < EARLIEST:
                result = f"the date completed, {result:%d/%m/%Y}, is before {EARLIEST.year}: check the year"
        try:
            if len(self.seen) < 100_000:
                self.seen[value] = result
        except TypeError:
            pass
        return result

    def _parse(self, value: Any) -> dt.date | str:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._serial(float(value))
        text = cell_text(value)
        if not text:
            return "enter the date completed"
        for pattern in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        # A date with a time, as learning systems write it ("05/03/2024 14:22").
        first = text.split(" ")[0].split("T")[0]
        if first != text:
            for pattern in _DATE_FORMATS[:4]:
                try:
                    return dt.datetime.strptime(first, pattern).date()
                except ValueError:
                    continue
        if re.fullmatch(r"\d{5}(\.\d+)?", text):
            return self._serial(float(text))
        return f"{_quote(text, 30)} is not a date: write it like 25/03/2024 or 2024-03-25"

    @staticmethod
    def _serial(number: float) -> dt.date | str:
        # Excel's serial dates, where a date column was saved as numbers.
        if 20_000 <= number <= 80_000:
            return EXCEL_EPOCH + dt.timedelta(days=int(number))
        return f"{number:g} is not a date: write it like 25/03/2024 or 2024-03-25"


def check(
    source: Source,
    columns: dict[str, str],
    lookups: Lookups,
    *,
    course_for_all: int | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 20_000,
) -> Checked:
    """Check every row of `source`, read through the layout `columns` (field -> heading);
    `course_for_all` is the course of every row when the file has no course column."""
    result = Checked()
    positions = {
        name: source.headings.index(heading)
        for name, heading in columns.items()
        if heading and heading in source.headings
    }
    for name in REQUIRED:
        if name not in positions:
            result.refuse(1, f"row 1 has no column for {LABELS[name].lower()}")
    if "course" not in positions and course_for_all is None:
        result.refuse(1, "choose the column that holds the course, or the course every row is for")
    if result.error_count:
        return result
    # Closed by Checked.close, once the rows have landed or been refused.
    spool = result.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
    refuse = result.refuse
    limit = max_rows()
    email_at = positions["email"]
    date_at = positions["completed_on"]
    name_at = positions.get("name")
    org_at = positions.get("organisation")
    course_at = positions.get("course")
    width = max(positions.values()) + 1
    dates = _Dates(lookups.today)
    people = lookups.people
    new_people: dict[str, int] = {}
    allowed = lookups.allowed_organisations
    # What each organisation's and course's cell, as written, was found to be (a file
    # writes few of them, each many times): read once, not cleaned again on every row.
    organisation_of: dict[Any, int | str | None] = {}
    course_of: dict[Any, int | str] = {}
    day_text: dict[dt.date, str] = {}
    buffer: list[str] = []
    rows = 0
    for line, cells in source.rows:
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        email_cell = cells[email_at]
        if not email_cell and not any(cells):
            continue  # a blank line
        rows += 1
        if rows > limit:
            refuse(line, f"the file has more than {limit:,} rows. Import at most {limit:,} at a time")
            rows -= 1
            break
        if progress is not None and rows % progress_every == 0:
            progress(rows)
        problems: list[str] = []
        email = cell_text(email_cell)
        key = email.lower()
        if not email:
            problems.append("enter the person's work e-mail address")
        elif len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
            problems.append(f"{_quote(email)} is not an e-mail address")
        name = cell_text(cells[name_at]) if name_at is not None else ""
        if len(name) > MAX_NAME:
            problems.append(f"the name must be {MAX_NAME} characters or fewer")
        organisation: int | str | None = None
        if org_at is not None:
            org_cell = cells[org_at]
            try:
                organisation = organisation_of[org_cell]
            except (KeyError, TypeError):
                org_text = cell_text(org_cell)
                organisation = _organisation(org_text, lookups) if org_text else None
                if len(organisation_of) < 100_000:
                    organisation_of[org_cell] = organisation
            if isinstance(organisation, str):
                problems.append(organisation)
                organisation = None
        if course_at is not None:
            course_cell = cells[course_at]
            try:
                course = course_of[course_cell]
            except (KeyError, TypeError):
                course = _course(cell_text(course_cell), lookups, course_for_all)
                if len(course_of) < 100_000:
                    course_of[course_cell] = course
        else:
            course = course_for_all if course_for_all is not None else "choose the course"
        if isinstance(course, str):
            problems.append(course)
        completed = dates.read(cells[date_at])
        if isinstance(completed, str):
            problems.append(completed)
        new = False
        if key and not problems:
            registered = people.get(key)
            if registered is not None:
                # Someone on the register is matched by e-mail alone; their organisation
                # is not changed by an import.
                if allowed is not None and registered not in allowed:
                    problems.append(
                        f"{_quote(email)} is on the register at an organisation you do not lead: "
                        "ask the coordinator to import their completions"
                    )
            elif allowed is not None and organisation is not None and organisation not in allowed:
                problems.append(f"you do not lead {lookups.organisation_names[organisation]}")  # type: ignore[index]
            elif key not in new_people:
                if organisation is None:
                    problems.append(f"{_quote(email)} is not on the register yet: give their organisation")
                elif not name:
                    problems.append(f"{_quote(email)} is not on the register yet: give their name")
                else:
                    new = True
                    new_people[key] = organisation  # type: ignore[assignment]
        if problems:
            refuse(line, "; ".join(problems))
            continue
        if result.error_count:
            continue  # nothing will land: the rest is only checked
        assert isinstance(completed, dt.date)
        day = day_text.get(completed)
        if day is None:
            day = day_text[completed] = completed.isoformat()
        if new:
            # COPY's text format: a backslash is the one character to escape (names and
            # e-mails hold no tabs or line breaks once read).
            buffer.append(
                f"{line}\t{key}\t{email}\t{name.replace(BACKSLASH, BACKSLASH * 2)}\t{organisation}\t"
                f"{course}\t{day}\tt\n"
            )
        else:
            buffer.append(f"{line}\t{key}\t\t\t\\N\t{course}\t{day}\tf\n")
        if len(buffer) >= 10_000:
            spool.write("".join(buffer))
            buffer.clear()
    if buffer:
        spool.write("".join(buffer))
    spool.flush()
    result.rows = rows
    result.new_people = len(new_people)
    result.good = rows - result.error_count
    if rows == 0 and not result.error_count:
        refuse(0, "the file has no rows under its headings. Add one completion per row")
    if progress is not None:
        progress(rows)
    return result


def _organisation(text: str, lookups: Lookups) -> int | str:
    found = lookups.organisations_by_urn.get(text.casefold())
    if found is not None:
        return found
    found = lookups.organisations_by_name.get(_normal_name(text))
    if found == AMBIGUOUS:
        return f"more than one organisation is named {_quote(text)}: give its URN instead"
    if found is None:
        return f"no organisation on the register is named {_quote(text)} or has that URN"
    return found


def _course(text: str, lookups: Lookups, course_for_all: int | None) -> int | str:
    if not text:
        return course_for_all if course_for_all is not None else "enter the course"
    found = lookups.courses.get(text.casefold()) or lookups.courses.get(_normal_name(text))
    if found == AMBIGUOUS:
        return f"more than one course is called {_quote(text)}: give its code instead"
    if found is None:
        return f"{_quote(text)} is not a course in Prevent Hub: give its code or title"
    return found


# --- landing -------------------------------------------------------------------------------

STAGE = "training_import_stage"
_STAGE_COLUMNS = "line, email_key, email, name, organisation_id, course_id, completed_on, is_new"


@dataclass(frozen=True)
class Landed:
    people_added: int
    completions_added: int
    person_ids: list[int]


def land(spool: IO[str], *, partnership_id: int) -> Landed:
    """Load the checked rows into the database: must run inside the action's transaction."""
    spool.seek(0)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _land_postgresql(cursor, spool, partnership_id)
        return _land_sqlite(cursor, spool, partnership_id)


_COMPLETION_COLUMNS = "uuid, partnership_id, person_id, course_id, completed_on, source, created_at"
_PG_NEW_UUID = "CAST(%s || lpad(to_hex(s.line), 12, '0') AS uuid)"


def _land_postgresql(cursor: Any, spool: IO[str], partnership_id: int) -> Landed:
    """COPY into a staging table, then three set-based statements. The people new to the
    register are added first and their ids kept in a second temporary table. Their
    completions cannot be recorded already (their rows exist only in this transaction,
    which no other session sees), so they go in by a plain INSERT, once per person, course
    and date; a conflict check on each row (ON CONFLICT) costs a fifth of the insert's
    time. Only the rows of people already on the register are checked for what is
    recorded."""
    now = timezone.now()
    people_table = f"{STAGE}_people"
    # Dropped at commit; and here, for a second import in one transaction (tests).
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE}, pg_temp.{people_table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} (line integer, email_key text, email text, name text, "
        "organisation_id bigint, course_id bigint, completed_on date, is_new boolean) "
        "ON COMMIT DROP"
    )
    cursor.execute(f"CREATE TEMPORARY TABLE {people_table} (id bigint, email_key text) ON COMMIT DROP")
    with cursor.cursor.copy(f"COPY {STAGE} ({_STAGE_COLUMNS}) FROM STDIN") as copy:
        while chunk := spool.read(1024 * 1024):
            copy.write(chunk)
    cursor.execute(f"ANALYZE {STAGE}")
    cursor.execute(
        # The table names and SQL functions put in are constants, never input.
        "WITH added AS (INSERT INTO partners_contact "  # noqa: S608
        "(uuid, partnership_id, organisation_id, name, job_title, email, phone) "
        f"SELECT {_PG_NEW_UUID}, %s, organisation_id, name, '', email, '' FROM {STAGE} s WHERE is_new "
        # Only the e-mail's constraint is checked: a person added meanwhile by someone
        # else is skipped here, and their rows go with the people already recorded.
        "ON CONFLICT (lower(email), partnership_id) WHERE NOT (email = '') DO NOTHING "
        f"RETURNING id, lower(email)) INSERT INTO {people_table} (id, email_key) SELECT * FROM added",
        [_uuid_prefix(dashes=True), partnership_id],
    )
    people_added = max(cursor.rowcount, 0)
    cursor.execute(f"ANALYZE {people_table}")
    completions_prefix = _uuid_prefix(dashes=True)
    cursor.execute(
        f"INSERT INTO training_completion ({_COMPLETION_COLUMNS}) "  # noqa: S608
        f"SELECT DISTINCT ON (n.id, s.course_id, s.completed_on) {_PG_NEW_UUID}, %s, n.id, s.course_id, "
        f"s.completed_on, 'import', %s FROM {STAGE} s JOIN {people_table} n ON n.email_key = s.email_key "
        "ORDER BY n.id, s.course_id, s.completed_on, s.line",
        [completions_prefix, partnership_id, now],
    )
    completions_added = max(cursor.rowcount, 0)
    cursor.execute(
        "WITH added AS ("  # noqa: S608
        f"INSERT INTO training_completion ({_COMPLETION_COLUMNS}) "
        f"SELECT {_PG_NEW_UUID}, %s, c.id, s.course_id, s.completed_on, 'import', %s "
        f"FROM {STAGE} s JOIN partners_contact c "
        "ON c.partnership_id = %s AND lower(c.email) = s.email_key AND c.email <> '' "
        f"WHERE NOT EXISTS (SELECT FROM {people_table} n WHERE n.email_key = s.email_key) "
        # The one constraint a row may meet: checking the others too costs every row.
        "ON CONFLICT (person_id, course_id, completed_on) DO NOTHING RETURNING person_id) "
        # Counted in the database: a million rows are not sent back one by one.
        "SELECT person_id, count(*) FROM added GROUP BY person_id",
        [completions_prefix, partnership_id, now, partnership_id],
    )
    counts = cursor.fetchall()
    completions_added += sum(count for _, count in counts)
    cursor.execute(f"SELECT id FROM {people_table}")  # noqa: S608
    # Every new person has a completion: the row that named them.
    person_ids = sorted({person_id for person_id, _ in counts} | {row[0] for row in cursor.fetchall()})
    cursor.execute(f"DROP TABLE pg_temp.{STAGE}, pg_temp.{people_table}")
    return Landed(people_added, completions_added, person_ids)


def _land_sqlite(cursor: Any, spool: IO[str], partnership_id: int) -> Landed:
    cursor.execute(f"DROP TABLE IF EXISTS temp.{STAGE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGE} (line integer, email_key text, email text, name text, "
        "organisation_id integer, course_id integer, completed_on text, is_new integer)"
    )
    _insert_stage_sqlite(cursor, spool)
    # SQLite joins by nested loops: the people's side reads the staging table by this
    # index rather than scanning it for each person.
    cursor.execute(f"CREATE INDEX temp.{STAGE}_email ON {STAGE} (email_key)")
    new_uuid = "%s || printf('%%012x', line)"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    cursor.execute(
        # The table names and SQL functions put in are constants, never input.
        "INSERT INTO partners_contact "  # noqa: S608
        "(uuid, partnership_id, organisation_id, name, job_title, email, phone) "
        f"SELECT {new_uuid}, %s, organisation_id, name, '', email, '' FROM {STAGE} WHERE is_new "
        "ON CONFLICT DO NOTHING",
        [_uuid_prefix(dashes=False), partnership_id],
    )
    people_added = max(cursor.rowcount, 0)
    cursor.execute(
        f"INSERT INTO training_completion ({_COMPLETION_COLUMNS}) "  # noqa: S608
        f"SELECT {new_uuid.replace('line', 's.line')}, %s, c.id, s.course_id, s.completed_on, 'import', "
        f"%s FROM {STAGE} s JOIN partners_contact c "
        "ON c.partnership_id = %s AND lower(c.email) = s.email_key AND c.email <> '' "
        "WHERE true ON CONFLICT (person_id, course_id, completed_on) DO NOTHING RETURNING person_id",
        [_uuid_prefix(dashes=False), partnership_id, now, partnership_id],
    )
    added = [row[0] for row in cursor.fetchall()]
    cursor.execute(f"DROP TABLE temp.{STAGE}")
    return Landed(people_added, len(added), sorted(set(added)))


def _uuid_prefix(*, dashes: bool) -> str:
    """The first 20 hex digits of the new rows' UUIDs, random for each import (with a
    version 4 UUID's fixed bits); each row's line number makes the last 12. The rows of an
    import so have neighbouring keys, which the UUID index takes far faster than a million
    keys scattered over it."""
    value = uuid.uuid4().hex[:20]
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-" if dashes else value


def _insert_stage_sqlite(cursor: Any, spool: IO[str]) -> None:
    sql = f"INSERT INTO {STAGE} ({_STAGE_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    batch: list[tuple[Any, ...]] = []
    for text in spool:
        line, key, email, name, organisation, course, completed, new = text.rstrip("\n").split("\t")
        batch.append(
            (
                int(line),
                key,
                email,
                name.replace("\\\\", "\\"),
                None if organisation == "\\N" else int(organisation),
                int(course),
                completed,
                1 if new == "t" else 0,
            )
        )
        if len(batch) >= 10_000:
            cursor.executemany(sql, batch)
            batch.clear()
    if batch:
        cursor.executemany(sql, batch)


def after_import(partnership: Any, person_ids: list[int]) -> None:
    """Called once an import has landed, inside its transaction, with the people whose
    completions it added: their compliance summary rows follow, in one set-based pass."""
    compliance.refresh_people(person_ids)


# --- who imports, and what they see ------------------------------------------------------------

# The coordinator imports for every organisation; a partner lead for the organisations they
# lead (a row for anyone else is reported as a problem, and nothing lands).
IMPORTERS = (Role.COORDINATOR, Role.PARTNER_LEAD)


def can_import(viewer: Viewer) -> bool:
    return viewer.has_any(*IMPORTERS)


def batches(viewer: Viewer) -> QuerySet[ImportBatch]:
    """The coordinator sees every import of the partnership; a partner lead their own."""
    base = ImportBatch.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(Role.COORDINATOR):
        return base
    if viewer.has_any(Role.PARTNER_LEAD):
        return base.filter(created_by=viewer.user)
    return base.none()


def get_batch(viewer: Viewer, uuid: object) -> ImportBatch:
    return get_object_or_404(batches(viewer), uuid=uuid)


def layouts(viewer: Viewer) -> QuerySet[ImportLayout]:
    if not can_import(viewer):
        return ImportLayout.objects.none()
    return ImportLayout.objects.filter(partnership=viewer.partnership)


def lookups_for(viewer: Viewer) -> Lookups:
    """Every organisation of the partnership is matched (so that a partner lead's row for
    another organisation is told apart from a misspelt one), but a partner lead's rows must
    be for the organisations they lead."""
    partnership = viewer.partnership
    allowed = None if viewer.has_any(Role.COORDINATOR) else set(access.led_organisation_ids(viewer))
    return Lookups.load(
        organisations=Organisation.objects.filter(partnership=partnership).values_list("pk", "name", "urn"),
        courses=access.courses(viewer).values_list("pk", "code", "title"),
        people=Contact.objects.filter(partnership=partnership)
        .exclude(email="")
        .values_list("email", "organisation_id")
        .iterator(chunk_size=10_000),
        allowed_organisations=allowed,
    )
