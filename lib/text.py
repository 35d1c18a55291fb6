"""Text as people paste it. Word and some browsers carry C0 control characters (a vertical
tab for a soft line break, \\x01 and the like) into what is pasted; spreadsheets refuse to
store them and PostgreSQL refuses NUL. Every text input, forms and imports alike, is
cleaned here, and exports clean what is already stored."""

from __future__ import annotations

import re

# C0 controls and DEL, except tab, line feed and carriage return, which are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A vertical tab or form feed stands for a line break where Word pasted it.
_BREAKS = re.compile(r"[\x0b\x0c]")


def clean(text: str) -> str:
    """`text` with line-break controls made line breaks and every other control character
    removed. Tabs, line feeds and carriage returns are kept."""
    return _CONTROL.sub("", _BREAKS.sub("\n", text))


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


# What a spreadsheet program takes for the start of a formula (and runs) in a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text for a cell of an exported CSV or XLSX file that a spreadsheet program will not
    run: control characters taken out first (openpyxl refuses them, and the formula check
    must see what the program will), then a leading quote on text that starts like a formula."""
    text = clean(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
