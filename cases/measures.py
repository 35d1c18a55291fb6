"""The Channel figures cases offers to measures (govuk.measures), for the partnership's
indicators: referrals received, gateway decisions within the target, referrals discussed
at panel that were adopted, and the days from referral to panel. Each reads the anonymous
statistical record (cases/statistics.py keeps it up to date on every change), in one
query, whatever the data. They count people referred, so they are `disclosive`: a reader
without access to the cases sees them only after disclosure control."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import Count, Q, QuerySet

from accounts.models import Partnership
from cases.models import StatisticalRecord
from govuk.measures import Figure, MeasureSource, Unit, period_words


def _records(partnership: Partnership) -> QuerySet[StatisticalRecord]:
    return StatisticalRecord.objects.filter(partnership=partnership)


def referrals_received(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Referrals received in the period (counted where they were received, as the
    statistics count them, even after a transfer)."""
    number = _records(partnership).filter(received_on__range=(start, end)).count()
    noun = "referral" if number == 1 else "referrals"
    return Figure.count(number, f"{number} {noun} received {period_words(start, end)}")


def gateway_within_target(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Gateway decisions made in the period within the partnership's target (working days
    after the day of receipt, as the gateway queue counts them), as a percentage of the
    gateway decisions made in the period."""
    counts = (
        _records(partnership)
        .filter(gateway_decided_on__range=(start, end))
        .aggregate(decided=Count("id"), within=Count("id", filter=Q(gateway_within_target=True)))
    )
    target = partnership.gateway_target_days
    text = (
        f"{counts['within']} of {counts['decided']} gateway decisions made {period_words(start, end)} "
        f"were made within {target} working days of the referral"
    )
    return Figure.percentage(counts["within"], counts["decided"], text)


def adopted_at_panel(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Referrals first discussed at a Channel panel in the period that were adopted as
    Channel cases, as a percentage of those discussed."""
    counts = (
        _records(partnership)
        .filter(first_panel_on__range=(start, end))
        .aggregate(discussed=Count("id"), adopted=Count("id", filter=Q(adopted=True)))
    )
    text = (
        f"{counts['adopted']} of {counts['discussed']} referrals first discussed at a Channel panel "
        f"{period_words(start, end)} were adopted"
    )
    return Figure.percentage(counts["adopted"], counts["discussed"], text)


def days_to_panel(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """The median of the calendar days from receipt to the first panel that discussed the
    referral, over referrals first discussed in the period."""
    days = [
        d
        for d in _records(partnership)
        .filter(first_panel_on__range=(start, end))
        .values_list("days_to_panel", flat=True)
        if d is not None
    ]
    text = (
        f"The median of the calendar days from referral to first panel, over {len(days)} referrals "
        f"first discussed {period_words(start, end)}"
    )
    return Figure.median(days, text)


MEASURES = (
    MeasureSource(
        code="cases.referrals_received",
        label="Channel: referrals received",
        unit=Unit.COUNT,
        parameters=(),
        compute=referrals_received,
        hint="Referrals received in the period, where they were received.",
        disclosive=True,
    ),
    MeasureSource(
        code="cases.gateway_within_target",
        label="Channel: gateway decisions made within the target",
        unit=Unit.PERCENTAGE,
        parameters=(),
        compute=gateway_within_target,
        hint="Decisions made in the period; the target is the partnership's, in working days.",
        disclosive=True,
    ),
    MeasureSource(
        code="cases.adopted_at_panel",
        label="Channel: referrals discussed at panel that were adopted",
        unit=Unit.PERCENTAGE,
        parameters=(),
        compute=adopted_at_panel,
        hint="Referrals first discussed at a panel in the period.",
        disclosive=True,
    ),
    MeasureSource(
        code="cases.days_to_panel",
        label="Channel: days from referral to panel (median)",
        unit=Unit.DAYS,
        parameters=(),
        compute=days_to_panel,
        hint="The median of the calendar days, over referrals first discussed at a panel in the period.",
        disclosive=True,
    ),
)
