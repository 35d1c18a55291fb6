"""Rows of a requirement rule's compliance tables (by organisation, sector and service),
built in Python one string per row, as partners' organisation list is: in the template
engine, eight lookups and a localised number a cell made the tables a large part of the
page's time (bench/README.md, "Training compliance pages"). Every value goes through
`escape`."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from training.compliance import OrganisationRow, SectorRow

register = template.Library()


def _cell(text: object) -> str:
    return f'<td class="govuk-table__cell">{escape(str(text))}</td>'


def _header(text: str, href: str = "") -> str:
    inner = f'<a class="govuk-link" href="{escape(href)}">{escape(text)}</a>' if href else escape(text)
    return f'<th scope="row" class="govuk-table__header">{inner}</th>'


def _recorded(audience: int, unrecorded: int) -> str:
    if unrecorded:
        return f"{audience} and {unrecorded} declared staff not on the register"
    return str(audience)


def _declared(row: OrganisationRow) -> str:
    if row.declared is None:
        return "Not recorded"
    text = f"{row.declared.number} on {date_format(row.declared.counted_on, 'j M Y')}"
    if row.figures.unrecorded:
        text += f": {row.figures.unrecorded} not on the register"
    return text


def _organisation_row(row: OrganisationRow) -> str:
    figures = row.figures
    return (
        f'<tr class="govuk-table__row">{_header(row.organisation.name, row.organisation.href)}'
        f"{_cell(f'{row.percent_text} ({figures.trained})')}{_cell(figures.audience)}"
        f"{_cell(figures.due_soon)}{_cell(figures.overdue)}{_cell(figures.not_yet_trained)}"
        f"{_cell(row.against_target)}{_cell(_declared(row))}</tr>"
    )


def _sector_row(row: SectorRow) -> str:
    figures = row.figures
    return (
        f'<tr class="govuk-table__row">{_header(row.sector.label)}'
        f"{_cell(f'{row.percent_text} ({figures.trained})')}"
        f"{_cell(_recorded(figures.audience, figures.unrecorded))}{_cell(figures.overdue)}"
        f"{_cell(row.against_target)}</tr>"
    )


def _service_row(row: OrganisationRow) -> str:
    figures = row.figures
    return (
        f'<tr class="govuk-table__row">{_header(row.organisation.name)}{_cell(row.children)}'
        f"{_cell(f'{row.percent_text} ({figures.trained})')}"
        f"{_cell(_recorded(figures.audience, figures.unrecorded))}{_cell(row.against_target)}</tr>"
    )


@register.simple_tag
def rule_organisation_rows(rows: Iterable[OrganisationRow]) -> SafeString:
    return mark_safe("".join(_organisation_row(row) for row in rows))  # noqa: S308 - every value is escaped above


@register.simple_tag
def rule_sector_rows(rows: Iterable[SectorRow]) -> SafeString:
    return mark_safe("".join(_sector_row(row) for row in rows))  # noqa: S308 - every value is escaped above


@register.simple_tag
def rule_service_rows(rows: Iterable[OrganisationRow]) -> SafeString:
    return mark_safe("".join(_service_row(row) for row in rows))  # noqa: S308 - every value is escaped above
