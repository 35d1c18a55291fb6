"""Rows of the gateway queue, the case list and a chronology, built in Python one string per row:
in the template engine these rows were most of the pages' time (see bench/cases.py).
Every value goes through `escape`."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cases.models import CaseEvent, Referral
from cases.queries import QueueRow
from govuk.links import uuid_url
from govuk.templatetags.govuk import short_date

register = template.Library()


def _note(text: str, urgent: bool = False) -> str:
    return f'<span class="app-cell-note{" app-overdue" if urgent else ""}">{escape(text)}</span>'


def _cell(html: str, numeric: bool = False) -> str:
    return f'<td class="govuk-table__cell{" govuk-table__cell--numeric" if numeric else ""}">{html}</td>'


def _queue_row(row: QueueRow) -> str:
    referral = row.referral
    href = uuid_url("cases:referral_detail", referral.uuid)
    link = f'<a class="govuk-link" href="{href}">{escape(referral.reference)}</a>'
    flags = "".join(_note(flag, flag in ("Over target", "Urgent")) for flag in row.flags)
    about = escape(referral.subject_name)
    if referral.subject_date_of_birth:
        about += _note(f"Born {short_date(referral.subject_date_of_birth)}")
    concern = escape(referral.concern_type.label) + _note(f"From {referral.sector.label.lower()}")
    return (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{link}{flags}</th>'
        f"{_cell(about)}{_cell(concern)}{_cell(escape(short_date(timezone.localdate(referral.received_at))))}"
        f"{_cell(str(row.waited), numeric=True)}{_cell(escape(short_date(row.due)))}</tr>"
    )


@register.simple_tag
def queue_rows(rows: Iterable[QueueRow]) -> SafeString:
    return mark_safe("".join(_queue_row(row) for row in rows))  # noqa: S308 - every value is escaped above


def _case_row(referral: Referral) -> str:
    href = uuid_url("cases:referral_detail", referral.uuid)
    person = referral.person
    about = person.full_name if person else referral.subject_name
    return (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{href}">{escape(referral.reference)}</a></th>'
        f"{_cell(escape(about))}{_cell(escape(referral.concern_type.label))}"
        f"{_cell(escape(short_date(timezone.localdate(referral.received_at))))}"
        f"{_cell(escape(referral.get_state_display()))}</tr>"
    )


@register.simple_tag
def case_rows(referrals: Iterable[Referral]) -> SafeString:
    return mark_safe("".join(_case_row(referral) for referral in referrals))  # noqa: S308 - every value is escaped above


def _event(event: CaseEvent) -> str:
    at = timezone.localtime(event.occurred_at)
    actor = f' <span class="govuk-body-s">– {escape(event.actor.full_name)}</span>' if event.actor else ""
    return (
        f'<li><span class="govuk-body-s">{escape(short_date(at.date()))}, {at:%H:%M}</span><br>'
        f"{escape(event.summary)}{actor}</li>"
    )


@register.simple_tag
def chronology_items(events: Iterable[CaseEvent]) -> SafeString:
    return mark_safe("".join(_event(event) for event in events))  # noqa: S308 - every value is escaped above
