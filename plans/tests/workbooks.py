"""XLSX files written by hand, part by part, for tests of what the import does with a file
no spreadsheet program would write: openpyxl refuses to write most of them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"

HEADINGS = ["Objective", "Action", "Lead officer"]


def column_letter(index: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell(reference: str, value: str | int | float, kind: str = "inlineStr", style: int | None = None) -> str:
    """A cell: inline text by default; kind "n", "b", "d", "s" or "str" writes `value` as
    that type's <v>, whatever it holds."""
    styled = f' s="{style}"' if style is not None else ""
    if kind == "inlineStr":
        return f'<c r="{reference}" t="inlineStr"{styled}><is><t>{escape(str(value))}</t></is></c>'
    return f'<c r="{reference}" t="{kind}"{styled}><v>{escape(str(value))}</v></c>'


def row(number: int, values: Iterable[str]) -> str:
    cells = "".join(cell(f"{column_letter(i)}{number}", v) for i, v in enumerate(values, start=1) if v)
    return f'<row r="{number}">{cells}</row>'


def sheet(rows: str, *, dimension: str = "") -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
        f"{declared}<sheetData>{rows}</sheetData></worksheet>"
    )


def shared_strings(strings: Iterable[str]) -> str:
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}">{items}</sst>'


# A style sheet whose second cell format is a date (numFmtId 14, d/m/yyyy), for date cells.
DATE_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)


def workbook(
    sheet_xml: str,
    *,
    strings: str | None = None,
    styles: str | None = None,
    extra: dict[str, bytes | str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A workbook of one sheet, with the parts given, zipped with `compression`."""
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet")]
    relationships = [("worksheet", "worksheets/sheet1.xml")]
    parts: dict[str, bytes | str] = {"xl/worksheets/sheet1.xml": sheet_xml}
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml", "sharedStrings"))
        relationships.append(("sharedStrings", "sharedStrings.xml"))
        parts["xl/sharedStrings.xml"] = strings
    if styles is not None:
        overrides.append(("/xl/styles.xml", "styles"))
        relationships.append(("styles", "styles.xml"))
        parts["xl/styles.xml"] = styles
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts["[Content_Types].xml"] = (
        f'{declaration}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{_TYPES}.{kind}+xml"/>' for name, kind in overrides
        )
        + "</Types>"
    )
    parts["_rels/.rels"] = (
        f'{declaration}<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" '
        f'Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts["xl/workbook.xml"] = (
        f'{declaration}<workbook xmlns="{MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
        '<sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'{declaration}<Relationships xmlns="{_PACKAGE}">'
        + "".join(
            f'<Relationship Id="rId{number}" Type="{_RELATIONSHIPS}/{kind}" Target="{target}"/>'
            for number, (kind, target) in enumerate(relationships, start=1)
        )
        + "</Relationships>"
    )
    parts |= extra or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def plan_workbook(*rows: list[str], **options: object) -> bytes:
    """A workbook whose first sheet has HEADINGS in row 1 and `rows` under them."""
    body = row(1, HEADINGS) + "".join(row(number, values) for number, values in enumerate(rows, start=2))
    return workbook(sheet(body), **options)  # type: ignore[arg-type]
