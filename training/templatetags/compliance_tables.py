"""Rows of a requirement rule's compliance tables (by organisation, sector and service),
built in Python one string per row, as partners' organisation list is: in the template
engine, eight lookups and a localised number a cell made the tables a large part of the
page's time (bench/README.md, "Training compliance pages"). Every value goes through
`escape`."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString

from govuk.rows import joined, text_cell, text_header
from training.compliance import OrganisationRow, SectorRow

register = template.Library()


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
        f'<tr class="govuk-table__row">{text_header(row.organisation.name, row.organisation.href)}'
        f"{text_cell(f'{row.percent_text} ({figures.trained})')}{text_cell(figures.audience)}"
        f"{text_cell(figures.due_soon)}{text_cell(figures.overdue)}{text_cell(figures.not_yet_trained)}"
        f"{text_cell(row.against_target)}{text_cell(_declared(row))}</tr>"
    )


def _sector_row(row: SectorRow) -> str:
    figures = row.figures
    return (
        f'<tr class="govuk-table__row">{text_header(row.sector.label)}'
        f"{text_cell(f'{row.percent_text} ({figures.trained})')}"
        f"{text_cell(_recorded(figures.audience, figures.unrecorded))}{text_cell(figures.overdue)}"
        f"{text_cell(row.against_target)}</tr>"
    )


def _service_row(row: OrganisationRow) -> str:
    figures = row.figures
    return (
        f'<tr class="govuk-table__row">{text_header(row.organisation.name)}{text_cell(row.children)}'
        f"{text_cell(f'{row.percent_text} ({figures.trained})')}"
        f"{text_cell(_recorded(figures.audience, figures.unrecorded))}{text_cell(row.against_target)}</tr>"
    )


@register.simple_tag
def rule_organisation_rows(rows: Iterable[OrganisationRow]) -> SafeString:
    return joined(_organisation_row(row) for row in rows)


@register.simple_tag
def rule_sector_rows(rows: Iterable[SectorRow]) -> SafeString:
    return joined(_sector_row(row) for row in rows)


@register.simple_tag
def rule_service_rows(rows: Iterable[OrganisationRow]) -> SafeString:
    return joined(_service_row(row) for row in rows)
