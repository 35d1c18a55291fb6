"""Table rows written in Python, one string a row: for the long tables whose rows, in the
template engine, were most of their page's time (the case list and the gateway queue, the
plan action list, the organisation list and an organisation's page, a rule's compliance;
bench/README.md). `cell` and `row_header` take HTML already made safe; `text_cell`,
`text_header` and `link` escape the text they are given."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe


def cell(html: str, numeric: bool = False) -> str:
    return f'<td class="govuk-table__cell{" govuk-table__cell--numeric" if numeric else ""}">{html}</td>'


def text_cell(text: object, numeric: bool = False) -> str:
    return cell(escape(str(text)), numeric)


def row_header(html: str) -> str:
    return f'<th scope="row" class="govuk-table__header">{html}</th>'


def link(href: str, text: str) -> str:
    return f'<a class="govuk-link" href="{escape(href)}">{escape(text)}</a>'


def text_header(text: str, href: str = "") -> str:
    """A row's header cell: the text, or a link to `href` with it."""
    return row_header(link(href, text) if href else escape(text))


def row(*cells: str) -> str:
    return f'<tr class="govuk-table__row">{"".join(cells)}</tr>'


def joined(rows: Iterable[str]) -> SafeString:
    """The rows as one safe string, for a template tag to return."""
    return mark_safe("".join(rows))  # noqa: S308 - every row's values are escaped where it is made
