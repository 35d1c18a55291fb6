"""Reading a register of organisations from a CSV or XLSX file: the file is read within
the bounds plans imports use (plans.spreadsheets.read_table: size, rows, cells, XLSX read
as a stream), each row checked, and every problem reported with its row number. Columns
are found through a mapping: Prevent Hub's own headings, or the Department for
Education's "Get Information about Schools" (GIAS) establishment download."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lib.text import clean
from partners.models import OrganisationStatus, Sector

# A GIAS download has well over a hundred columns; only those mapped are read.
MAX_COLUMNS = 400
MAX_ROWS = 5000

FIELDS = ("name", "sector", "address", "postcode", "parent", "status", "urn")
LIMITS = {"name": 200, "address": 500, "postcode": 10, "urn": 20, "parent": 200}


@dataclass(frozen=True)
class Mapping:
    """Which column heading feeds which field; `gias` reads GIAS's own values (types of
    establishment as sectors, "Open" and "Closed" as statuses)."""

    key: str
    label: str
    columns: dict[str, tuple[str, ...]]
    gias: bool = False


HUB = Mapping(
    "hub",
    "Prevent Hub columns",
    {
        "name": ("Name",),
        "sector": ("Sector",),
        "address": ("Address",),
        "postcode": ("Postcode",),
        "parent": ("Parent organisation",),
        "status": ("Status",),
        "urn": ("URN",),
    },
)
GIAS = Mapping(
    "gias",
    "Get Information about Schools (GIAS) establishment download",
    {
        "name": ("EstablishmentName",),
        "sector": ("TypeOfEstablishment (name)",),
        "address": ("Street", "Locality", "Town"),
        "postcode": ("Postcode",),
        "parent": ("Trusts (name)",),
        "status": ("EstablishmentStatus (name)",),
        "urn": ("URN",),
    },
    gias=True,
)
MAPPINGS = {mapping.key: mapping for mapping in (HUB, GIAS)}
LABELS = {
    "name": "Name",
    "sector": "Sector",
    "address": "Address",
    "postcode": "Postcode",
    "parent": "Parent organisation",
    "status": "Status",
    "urn": "URN",
}


def saved_mapping(key: str, name: str, columns: dict[str, str]) -> Mapping:
    """A saved column layout: each field read from the heading given (values as in
    Prevent Hub's own layout: sectors by their names, Active or Closed)."""
    return Mapping(key, name, {field: (columns[field],) for field in FIELDS if columns.get(field)})


REQUIRED = ("name",)

# GIAS "TypeOfEstablishment (name)" values, as sectors' codes. Anything else is "other".
GIAS_SECTORS = {
    "community school": "school-maintained",
    "voluntary aided school": "school-maintained",
    "voluntary controlled school": "school-maintained",
    "foundation school": "school-maintained",
    "community special school": "school-maintained",
    "foundation special school": "school-maintained",
    "pupil referral unit": "school-maintained",
    "local authority nursery school": "early-years",
    "academy converter": "school-academy",
    "academy sponsor led": "school-academy",
    "academy special converter": "school-academy",
    "academy special sponsor led": "school-academy",
    "academy 16-19 converter": "school-academy",
    "academy 16 to 19 sponsor led": "school-academy",
    "academy alternative provision converter": "school-academy",
    "academy alternative provision sponsor led": "school-academy",
    "free schools": "school-academy",
    "free schools special": "school-academy",
    "free schools alternative provision": "school-academy",
    "free schools 16 to 19": "school-academy",
    "university technical college": "school-academy",
    "studio schools": "school-academy",
    "city technology college": "school-academy",
    "other independent school": "school-independent",
    "other independent special school": "school-independent",
    "non-maintained special school": "school-independent",
    "further education": "further-education",
    "sixth form centres": "further-education",
    "special post 16 institution": "further-education",
    "higher education institutions": "higher-education",
}
# A trust named in the Trusts column is a group of schools, not a school: no duty check
# of the seeded checklist applies to it.
GIAS_TRUST_SECTOR = "academy-trust"


@dataclass
class ImportedOrganisation:
    line: int
    name: str
    sector: Sector
    address: str = ""
    postcode: str = ""
    status: str = OrganisationStatus.ACTIVE
    urn: str = ""
    parent: str = ""
    parent_sector: Sector | None = None


@dataclass
class Parsed:
    rows: list[ImportedOrganisation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(clean(str(value)).split())


def parse(table: list[tuple[int, list[Any]]], mapping: Mapping, sectors: list[Sector]) -> Parsed:
    """Check every row of a table from read_table; rows are usable only if no error."""
    result = Parsed()
    if not table or not any(_text(cell) for cell in table[0][1]):
        result.errors.append("The file is empty. Put the column headings in row 1")
        return result
    headings = {_text(cell).lower(): index for index, cell in reversed(list(enumerate(table[0][1])))}
    positions: dict[str, list[int]] = {}
    for name, columns in mapping.columns.items():
        found = [headings[column.lower()] for column in columns if column.lower() in headings]
        if found:
            positions[name] = found
    for name in REQUIRED:
        if name not in positions:
            result.errors.append(f"Row 1: add a column called ‘{mapping.columns[name][0]}’")
    if result.errors:
        return result
    data_rows = table[1:]
    if not data_rows:
        result.errors.append("The file has no organisations. Add one organisation per row under the headings")
        return result
    if len(data_rows) > MAX_ROWS:
        result.errors.append(
            f"The file has more than {MAX_ROWS:,} rows. Import at most {MAX_ROWS:,} at a time"
        )
        return result
    by_code = {sector.code: sector for sector in sectors}
    by_label = {sector.label.lower(): sector for sector in sectors}
    for line, cells in data_rows:
        values = {
            name: ", ".join(v for v in (_text(cells[i]) if i < len(cells) else "" for i in indexes) if v)
            for name, indexes in positions.items()
        }
        problems: list[str] = []
        for name, limit in LIMITS.items():
            if len(values.get(name, "")) > limit:
                problems.append(f"the {name} must be {limit} characters or fewer")
        if not values.get("name"):
            problems.append("enter the organisation's name")
        sector_text = values.get("sector", "")
        sector: Sector | None
        if mapping.gias:
            sector = by_code.get(GIAS_SECTORS.get(sector_text.lower(), "other"))
        else:
            sector = by_label.get(sector_text.lower()) if sector_text else by_code.get("other")
        if sector is None:
            problems.append(f"‘{sector_text[:100]}’ is not a sector in the list")
        status_text = values.get("status", "").lower()
        if mapping.gias:
            status = OrganisationStatus.CLOSED if status_text == "closed" else OrganisationStatus.ACTIVE
        elif status_text in ("", "active"):
            status = OrganisationStatus.ACTIVE
        elif status_text == "closed":
            status = OrganisationStatus.CLOSED
        else:
            problems.append("the status must be Active or Closed")
            status = OrganisationStatus.ACTIVE
        if problems or sector is None:
            result.errors.extend(f"Row {line}: {problem}" for problem in problems)
            continue
        result.rows.append(
            ImportedOrganisation(
                line=line,
                name=values["name"],
                sector=sector,
                address=values.get("address", ""),
                postcode=values.get("postcode", ""),
                status=status,
                urn=values.get("urn", ""),
                parent=values.get("parent", ""),
                parent_sector=by_code.get(GIAS_TRUST_SECTOR) if mapping.gias else None,
            )
        )
    return result


def headings(table: list[tuple[int, list[Any]]]) -> list[str]:
    """The distinct headings of row 1, in order, for choosing which column feeds a field."""
    if not table:
        return []
    seen: dict[str, str] = {}
    for cell in table[0][1]:
        text = _text(cell)[:100]
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return list(seen.values())


def normal_postcode(postcode: str) -> str:
    return " ".join(postcode.upper().split())


# What an organisation may be nested under, at most: a service under a council under
# nothing; a school under its trust. Deeper chains are refused as likely mistakes.
MAX_DEPTH = 10


@dataclass(frozen=True)
class Registered:
    """An organisation already on the register, as the import matches it."""

    pk: int
    name: str
    postcode: str
    urn: str
    parent_id: int | None


def parent_problems(rows: list[ImportedOrganisation], register: list[Registered]) -> list[str]:
    """Every problem with the rows' parents that writing the import would meet, with its
    row number, found before anything is written: a parent named nowhere (unless a GIAS
    trust, which is added), a parent name that would match more than one organisation
    (two on the register, two rows of the file, or one row and a different organisation
    on the register), and a parent that would put an organisation under itself or in a
    chain deeper than MAX_DEPTH. It follows partners.actions.import_organisations step by
    step: each row matched by URN, else by name and postcode, or added; then each row's
    parent linked, in file order, and the chain checked as each link is made."""
    by_urn = {o.urn: o.pk for o in register if o.urn}
    by_name_postcode = {(o.name.lower(), o.postcode): o.pk for o in register}
    urns = {o.pk: o.urn for o in register}
    parents: dict[int, int | None] = {o.pk: o.parent_id for o in register}
    by_name: dict[str, list[int]] = {}
    for o in register:
        by_name.setdefault(o.name.lower(), []).append(o.pk)
    # Organisations the import would add get keys below zero.
    added = 0
    row_keys: dict[int, int] = {}

    def add(name: str, postcode: str, urn: str) -> int:
        nonlocal added
        added -= 1
        parents[added] = None
        urns[added] = urn
        by_name.setdefault(name.lower(), []).append(added)
        by_name_postcode[(name.lower(), postcode)] = added
        if urn:
            by_urn[urn] = added
        return added

    for index, row in enumerate(rows):
        postcode = normal_postcode(row.postcode)
        match = by_urn.get(row.urn) if row.urn else None
        if match is None:
            match = by_name_postcode.get((row.name.lower(), postcode))
            if match is not None and urns.get(match) and row.urn and urns[match] != row.urn:
                match = None
        if match is None:
            match = add(row.name, postcode, row.urn)
        elif row.urn:
            urns[match] = row.urn
        row_keys[index] = match

    problems = []
    for index, row in enumerate(rows):
        if not row.parent:
            continue
        key = row.parent.lower()
        named = by_name.get(key, [])
        if len(named) > 1:
            problems.append(f"Row {row.line}: more than one organisation is named ‘{row.parent[:200]}’")
            continue
        if named:
            parent = named[0]
        elif row.parent_sector is not None:
            parent = add(row.parent, "", "")
        else:
            problems.append(f"Row {row.line}: no organisation is named ‘{row.parent[:200]}’")
            continue
        organisation = row_keys[index]
        if parents.get(organisation) == parent:
            continue
        before = parents.get(organisation)
        parents[organisation] = parent
        problem = _chain_problem(organisation, parents)
        if problem:
            problems.append(f"Row {row.line}: {problem}")
            parents[organisation] = before
    return problems


def _chain_problem(organisation: int, parents: dict[int, int | None]) -> str:
    """As partners.actions._check_parent: the chain of parents never comes back to the
    organisation and is no deeper than MAX_DEPTH."""
    parent_id = parents.get(organisation)
    seen: set[int] = set()
    while parent_id is not None:
        if parent_id == organisation:
            return "an organisation cannot sit under itself or under one of its own"
        if parent_id in seen or len(seen) >= MAX_DEPTH:
            return "the chain of parent organisations is too long or goes round"
        seen.add(parent_id)
        parent_id = parents.get(parent_id)
    return ""
