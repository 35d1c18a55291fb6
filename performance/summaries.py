"""The stored summary behind the dashboard: every indicator's value for the periods the
dashboard shows, computed by a task, never on a page.

Keeping it up to date costs a write one statement: `audit.log` calls `mark_stale` (through
`after_write`, registered in PerformanceConfig.ready) inside the transaction of every
audited write, which inserts the partnership's `StaleFigures` mark if there is none. When
the mark is new, the transaction queues (on commit) the task `refresh_partnership`, which
deletes the mark and recomputes the values in one transaction: a write that commits
meanwhile marks the partnership again and queues the task again, so no change is missed.
A mark that already exists means a task is queued, so later writes add nothing."""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from accounts.models import Partnership
from govuk import measures as registry
from performance.indicators import periods_for
from performance.models import Indicator, IndicatorValue, StaleFigures

logger = logging.getLogger(__name__)


def mark_stale(partnership_ids: set[int]) -> None:
    """Mark the partnerships' figures stale, in the write's transaction: one INSERT of the
    marks not already there, and the task queued on commit for each newly marked one."""
    now = timezone.now()
    table = StaleFigures._meta.db_table
    rows = ", ".join(["(%s, %s)"] * len(partnership_ids))
    values: list[int | dt.datetime] = []
    for pk in sorted(partnership_ids):
        values += [pk, now]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (partnership_id, marked_at) VALUES {rows} "  # noqa: S608 - no user input
            "ON CONFLICT (partnership_id) DO NOTHING RETURNING partnership_id",
            values,
        )
        marked = [row[0] for row in cursor.fetchall()]
    for pk in marked:
        transaction.on_commit(functools.partial(refresh_partnership.enqueue, pk))


@task
def refresh_partnership(partnership_id: int) -> None:
    """Recompute the partnership's figures, if they are marked stale."""
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is not None and StaleFigures.objects.filter(partnership=partnership).exists():
        refresh(partnership)
        warm(partnership)


def warm(partnership: Partnership, *, today: dt.date | None = None) -> None:
    """Work out and store the protected releases of the financial years the dashboard shows
    (performance.releases), so that the first reader without case access after a change
    does not wait for them: for a region's partnerships together this takes seconds."""
    from lib.bands import financial_year
    from performance import releases

    this_year = financial_year(today or timezone.localdate())
    for year in range(this_year - 2, this_year + 1):
        releases.protected(partnership, year)


@transaction.atomic
def refresh(partnership: Partnership, *, today: dt.date | None = None) -> int:
    """Clear the mark and recompute every active indicator's values for the periods the
    dashboard shows: the eight quarters (or three financial years) before the present one
    and the present one so far. Returns how many values were stored."""
    StaleFigures.objects.filter(partnership=partnership).delete()
    today = today or timezone.localdate()
    now = timezone.now()
    indicators = list(Indicator.objects.filter(partnership=partnership, active=True))
    IndicatorValue.objects.filter(indicator__partnership=partnership).delete()
    values = []
    for indicator in indicators:
        source = registry.source(indicator.source)
        if source is None:
            logger.warning(
                "Indicator %s reads a measure source no longer offered: %s", indicator.pk, indicator.source
            )
            continue
        for start, end in periods_for(indicator.period, today):
            figure = source.compute(partnership, indicator.params, start, min(end, today))
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    period_start=start,
                    period_end=end,
                    value=figure.value,
                    numerator=figure.numerator,
                    denominator=figure.denominator,
                    description=figure.description,
                    computed_at=now,
                )
            )
    IndicatorValue.objects.bulk_create(values, batch_size=500)
    return len(values)
