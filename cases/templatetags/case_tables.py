"""Rows of the gateway queue, the case list and a chronology, built in Python one string per row:
in the template engine these rows were most of the pages' time (see bench/cases.py).
Every value goes through `escape`."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from cases.models import CaseEvent, Referral
from cases.queries import QueueRow
from govuk.links import uuid_url
from govuk.rows import cell, joined
from govuk.templatetags.govuk import short_date

register = template.Library()


def _note(text: str, urgent: bool = False) -> str:
    return f'<span class="app-cell-note{" app-overdue" if urgent else ""}">{escape(text)}</span>'


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
        f"{cell(about)}{cell(concern)}{cell(escape(short_date(timezone.localdate(referral.received_at))))}"
        f"{cell(str(row.waited), numeric=True)}{cell(escape(short_date(row.due)))}</tr>"
    )


@register.simple_tag
def queue_rows(rows: Iterable[QueueRow]) -> SafeString:
    return joined(_queue_row(row) for row in rows)


def _case_row(referral: Referral) -> str:
    href = uuid_url("cases:referral_detail", referral.uuid)
    person = referral.person
    about = person.full_name if person else referral.subject_name
    return (
        f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{href}">{escape(referral.reference)}</a></th>'
        f"{cell(escape(about))}{cell(escape(referral.concern_type.label))}"
        f"{cell(escape(short_date(timezone.localdate(referral.received_at))))}"
        f"{cell(escape(referral.get_state_display()))}</tr>"
    )


@register.simple_tag
def case_rows(referrals: Iterable[Referral]) -> SafeString:
    return joined(_case_row(referral) for referral in referrals)


def _event(event: CaseEvent) -> str:
    at = timezone.localtime(event.occurred_at)
    actor = f' <span class="govuk-body-s">– {escape(event.actor.full_name)}</span>' if event.actor else ""
    return (
        f'<li><span class="govuk-body-s">{escape(short_date(at.date()))}, {at:%H:%M}</span><br>'
        f"{escape(event.summary)}{actor}</li>"
    )


@register.simple_tag
def chronology_items(events: Iterable[CaseEvent]) -> SafeString:
    return joined(_event(event) for event in events)
