"""Reading the Census 2021 tables the Office for National Statistics publishes by local
authority, as CSV or XLSX, in either of its layouts:

- one row per area and category ("Create a custom dataset" downloads): a column of area
  codes ("Lower tier local authorities Code"), of area names, of categories ("Ethnic group
  (20 categories)", with or without its " Code" column) and "Observation";
- one row per area (the bulk "census2021-ts021-ltla.csv" files): "geography code",
  "geography" and one column per category, headed "<question>: <category>".

The categories are placed in the page's groups by the saved mapping below (MAPPINGS: the
Census headings and labels of tables TS021 ethnic group, TS030 religion, TS008 sex and TS007
age by single year, or TS007A where its bands fit). Only the partnership's local authorities
are kept, and the file is bounded whatever it claims: its size, columns and rows are counted
as they are read."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from cases.models import AgeBand
from lib.bands import AGE_BANDS, OLDEST_BAND
from performance.models import PopulationDimension
from plans import spreadsheets

MAX_BYTES = spreadsheets.MAX_IMPORT_BYTES
MAX_COLUMNS = 300
MAX_ROWS = 200_000  # rows read from a CSV (every area of England and Wales in 101 ages is 36,000)
MAX_RESIDENTS = 100_000_000

SKIPPED = ("does not apply", "total")

_ETHNIC = (("asian", "Asian"), ("black", "Black"), ("mixed", "Mixed"), ("white", "White"), ("other", "Other"))
_RELIGIONS = {
    "no religion": "No religion",
    "christian": "Christian",
    "buddhist": "Buddhist",
    "hindu": "Hindu",
    "jewish": "Jewish",
    "muslim": "Muslim",
    "sikh": "Sikh",
    "other religion": "Other religion",
    "not answered": "Not answered",
}
_SEXES = {"female": "Female", "male": "Male", "females": "Female", "males": "Male"}
_AGE_LABELS = dict(AgeBand.choices)


class Refusal(Exception):
    """The file cannot be imported; the message says why."""


def dimension_of(heading: str) -> str | None:
    words = heading.strip().lower()
    if words.startswith("ethnic group"):
        return PopulationDimension.ETHNICITY
    if words.startswith("religion"):
        return PopulationDimension.RELIGION
    if words.startswith("sex"):
        return PopulationDimension.SEX
    if words.startswith("age"):
        return PopulationDimension.AGE
    return None


def _band(age: int) -> str:
    band = next((band for top, band in AGE_BANDS if age <= top), OLDEST_BAND)
    return _AGE_LABELS[band]


def _age_group(label: str) -> str | None:
    words = label.strip().lower()
    if words.startswith("aged under 1"):
        return _band(0)
    match = re.fullmatch(r"aged (\d+) years? and (under|over)", words)
    if match:
        age = int(match.group(1))
        ages = range(0, age + 1) if match.group(2) == "under" else range(age, age + 1)
        bands = {_band(a) for a in ages}
        return bands.pop() if len(bands) == 1 else ""
    match = re.fullmatch(r"aged (\d+) to (\d+) years?", words)
    if match:
        bands = {_band(a) for a in range(int(match.group(1)), int(match.group(2)) + 1)}
        return bands.pop() if len(bands) == 1 else ""
    match = re.fullmatch(r"aged (\d+) years?", words)
    if match:
        return _band(int(match.group(1)))
    return None


def group_of(dimension: str, label: str) -> str | None:
    """The page's group for a Census category; None to skip it (totals, "Does not apply");
    "" for a category that does not fit (an age band across two of ours)."""
    words = label.strip().lower()
    if not words or words.startswith(SKIPPED):
        return None
    if dimension == PopulationDimension.ETHNICITY:
        return next((group for start, group in _ETHNIC if words.startswith(start)), "")
    if dimension == PopulationDimension.RELIGION:
        return _RELIGIONS.get(words, "")
    if dimension == PopulationDimension.SEX:
        return _SEXES.get(words, "")
    if dimension == PopulationDimension.AGE:
        found = _age_group(label)
        return "" if found is None else found
    return ""


@dataclass
class Parsed:
    dimension: str
    title: str
    # (area code, area name, group) -> residents
    figures: dict[tuple[str, str, str], int] = field(default_factory=dict)
    areas_in_file: int = 0

    def by_group(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for (_, _, group), residents in self.figures.items():
            found[group] = found.get(group, 0) + residents
        return found


def _rows(name: str, content: bytes) -> Iterator[tuple[int, Sequence[Any]]]:
    if len(content) > MAX_BYTES:
        raise Refusal(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)}MB")
    suffix = PurePath(name).suffix.lower()
    try:
        if suffix == ".csv":
            yield from spreadsheets.csv_rows(content)
        elif suffix == ".xlsx":
            table = spreadsheets.read_table(name, content, max_columns=MAX_COLUMNS)
            if len(table) > spreadsheets.MAX_IMPORT_ROWS:
                raise Refusal(
                    f"The workbook has more than {spreadsheets.MAX_IMPORT_ROWS:,} rows: "
                    "download the table as CSV and upload that"
                )
            yield from table
        else:
            raise Refusal("The selected file must be a CSV or XLSX file")
    except spreadsheets.UnreadableFile as unreadable:
        raise Refusal(str(unreadable)) from None


def _number(value: Any, row: int) -> int:
    text = str(value).strip().replace(",", "") if value is not None else ""
    if not re.fullmatch(r"\d{1,9}", text):
        raise Refusal(f"Row {row}: the number of residents must be a whole number, not {str(value)[:20]!r}")
    number = int(text)
    if number > MAX_RESIDENTS:
        raise Refusal(f"Row {row}: {number:,} residents is more than any local authority has")
    return number


def _find(headings: list[str], test: Any) -> int | None:
    return next((index for index, heading in enumerate(headings) if test(heading.lower())), None)


def parse(name: str, content: bytes, codes: Sequence[str]) -> Parsed:
    """The figures of the partnership's local authorities (`codes`) in the file."""
    wanted = {code.upper() for code in codes}
    if not wanted:
        raise Refusal("Enter the partnership's local authority codes before importing")
    rows = _rows(name, content)
    first = next(rows, None)
    if first is None:
        raise Refusal("The selected file is empty")
    headings = [str(cell or "").strip() for cell in first[1]]
    if len(headings) > MAX_COLUMNS:
        raise Refusal(f"Row 1 has {len(headings):,} columns. Prevent Hub reads at most {MAX_COLUMNS}")
    code_at = _find(
        headings, lambda h: h.endswith("code") and ("local authorit" in h or h.startswith("geography"))
    )
    if code_at is None:
        raise Refusal(
            "The file has no column of local authority codes: expected 'Lower tier local authorities Code' "
            "or 'geography code', as the Office for National Statistics publishes them"
        )
    observation_at = _find(headings, lambda h: h == "observation" or h == "count")
    area_label = headings[code_at][: -len("code")].strip().lower()
    name_at = _find(headings, lambda h: h in (area_label, f"{area_label} label", "geography"))
    if observation_at is not None:
        category_at = _find(headings, lambda h: dimension_of(h) is not None and not h.endswith("code"))
        if category_at is None:
            raise Refusal(
                "The file has no column of categories: expected one headed 'Ethnic group', 'Religion', 'Sex' "
                "or 'Age', as in the Census 2021 tables TS021, TS030, TS008 and TS007"
            )
        dimension = dimension_of(headings[category_at]) or ""
        parsed = Parsed(dimension, headings[category_at])
        columns: list[tuple[int, str]] = []
    else:
        category_at = None
        columns = [
            (index, heading.split(":", 1)[1].strip())
            for index, heading in enumerate(headings)
            if ":" in heading and dimension_of(heading) is not None
        ]
        if not columns:
            raise Refusal(
                "The file has no 'Observation' column and no columns of categories ('Ethnic group: White')"
            )
        dimension = dimension_of(headings[columns[0][0]]) or ""
        # The bulk files give each heading and its categories: only the headings are counted.
        columns = [(index, label) for index, label in columns if ":" not in label]
        parsed = Parsed(dimension, headings[columns[0][0]].split(":", 1)[0] if columns else dimension)
    areas: set[str] = set()
    count = 0
    for number, cells in rows:
        count += 1
        if count > MAX_ROWS:
            raise Refusal(
                f"The file has more than {MAX_ROWS:,} rows: it is not a Census table by local authority"
            )
        if len(cells) > MAX_COLUMNS:
            raise Refusal(f"Row {number} has more than {MAX_COLUMNS} columns")
        values = [str(cell).strip() if cell is not None else "" for cell in cells]
        if not any(values):
            continue
        code = values[code_at].upper() if code_at < len(values) else ""
        areas.add(code[:12])
        if len(areas) > 1000:
            raise Refusal("The file names more than 1,000 areas: it is not a table by local authority")
        if code not in wanted:
            continue
        area_name = values[name_at][:100] if name_at is not None and name_at < len(values) else ""
        if observation_at is not None and category_at is not None:
            label = values[category_at] if category_at < len(values) else ""
            pairs = [(label, values[observation_at] if observation_at < len(values) else "")]
        else:
            pairs = [(label, values[index] if index < len(values) else "") for index, label in columns]
        for label, value in pairs:
            group = group_of(dimension, label)
            if group is None:
                continue
            if group == "":
                raise Refusal(
                    f"Row {number}: the category {label[:60]!r} does not fit the groups counted"
                    + (
                        " (use the table by single year of age, TS007)"
                        if dimension == PopulationDimension.AGE
                        else ""
                    )
                )
            key = (code, area_name, group)
            parsed.figures[key] = parsed.figures.get(key, 0) + _number(value, number)
    parsed.areas_in_file = len(areas)
    found = {code for code, _, _ in parsed.figures}
    if not found:
        raise Refusal(f"The file has no figures for {', '.join(sorted(wanted))}")
    return parsed
