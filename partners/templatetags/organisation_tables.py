"""Rows of the organisation list, built in Python one string per row: in the template
engine (`{% url %}`, `get_status_display` and five lookups a row) the 50 rows were a
large part of the page's time (bench/README.md, "Load"). Every value goes through
`escape`."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from govuk.links import uuid_url
from partners.models import Organisation, OrganisationStatus

register = template.Library()

_STATUS_LABELS = {str(value): str(label) for value, label in OrganisationStatus.choices}


def _cell(text: str) -> str:
    return f'<td class="govuk-table__cell">{escape(text)}</td>'


def _organisation_row(organisation: Organisation) -> str:
    href = uuid_url("partners:organisation_detail", organisation.uuid)
    parent = organisation.parent.name if organisation.parent is not None else ""
    return (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{href}">{escape(organisation.name)}</a></th>'
        f"{_cell(str(organisation.sector))}{_cell(parent)}{_cell(organisation.postcode)}"
        f"{_cell(_STATUS_LABELS.get(organisation.status, organisation.status))}</tr>"
    )


@register.simple_tag
def organisation_rows(organisations: Iterable[Organisation]) -> SafeString:
    return mark_safe("".join(_organisation_row(organisation) for organisation in organisations))  # noqa: S308 - every value is escaped above
