"""Rows of the organisation list, and of an organisation's page (those within it, its
contacts), built in Python one string per row: in the template engine (`{% url %}`,
`get_status_display` and five lookups a row) the 50 rows of the list were a large part
of the page's time, and a council's hundred services of its page's (bench/README.md,
"Load"). Every value goes through `escape`."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString

from govuk.links import uuid_url
from govuk.rows import joined, text_cell
from partners.models import Contact, Organisation, OrganisationStatus

register = template.Library()

_STATUS_LABELS = {str(value): str(label) for value, label in OrganisationStatus.choices}


def _organisation_row(organisation: Organisation) -> str:
    href = uuid_url("partners:organisation_detail", organisation.uuid)
    parent = organisation.parent.name if organisation.parent is not None else ""
    return (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{href}">{escape(organisation.name)}</a></th>'
        f"{text_cell(str(organisation.sector))}{text_cell(parent)}{text_cell(organisation.postcode)}"
        f"{text_cell(_STATUS_LABELS.get(organisation.status, organisation.status))}</tr>"
    )


@register.simple_tag
def organisation_rows(organisations: Iterable[Organisation]) -> SafeString:
    return joined(_organisation_row(organisation) for organisation in organisations)


def _child_row(child: Organisation) -> str:
    href = uuid_url("partners:organisation_detail", child.uuid)
    return (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{href}">{escape(child.name)}</a></th>'
        f"{text_cell(str(child.sector))}{text_cell(_STATUS_LABELS.get(child.status, child.status))}</tr>"
    )


@register.simple_tag
def child_rows(children: Iterable[Organisation]) -> SafeString:
    return joined(_child_row(child) for child in children)


def _contact_row(contact: Contact) -> str:
    group = contact.staff_group.label if contact.staff_group is not None else ""
    if contact.left_on:
        group += f" (left {date_format(contact.left_on, 'j F Y')})"
    href = uuid_url("partners:contact_edit", contact.uuid)
    roles = ", ".join(str(role) for role in contact.roles.all())
    cells = "".join(
        text_cell(text) for text in (contact.job_title, roles, group, contact.email, contact.phone)
    )
    return (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f"{escape(contact.name)}</th>{cells}"
        f'<td class="govuk-table__cell"><a class="govuk-link" href="{href}">Change'
        f'<span class="govuk-visually-hidden"> {escape(contact.name)}</span></a></td></tr>'
    )


@register.simple_tag
def contact_rows(contacts: Iterable[Contact]) -> SafeString:
    return joined(_contact_row(contact) for contact in contacts)
