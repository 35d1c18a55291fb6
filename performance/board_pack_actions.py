"""The write path of the board pack: the coordinator produces a pack, recorded with its
version (1, 2, ... for the same quarter) and its audit event, in one transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership
from audit.log import created, record, snapshot
from lib.bands import financial_year
from lib.errors import Refused
from lib.text import clean
from performance import board_pack, releases
from performance.models import BoardPack, Marking
from performance.models.board_pack import AUDIENCE_LENGTH
from projects.quarters import quarter_end

FIELDS = ["title", "audience", "marking", "period_start", "period_end", "version", "size"]


def produce_pack(*, viewer: Viewer, period_start: dt.date, audience: str, marking: str) -> BoardPack:
    """Produce a pack. The protected releases it reads are worked out and stored first,
    outside the transaction (for a region's partnerships that takes seconds, which the
    write lock should not wait for)."""
    if viewer.has_any(*board_pack.PRODUCERS) and period_start in board_pack.quarters_offered(
        timezone.localdate()
    ):
        year = financial_year(period_start)
        for earlier in range(year - 2, year + 1):
            releases.protected(viewer.partnership, earlier)
    return _produce(viewer=viewer, period_start=period_start, audience=audience, marking=marking)


@transaction.atomic
def _produce(*, viewer: Viewer, period_start: dt.date, audience: str, marking: str) -> BoardPack:
    if not viewer.has_any(*board_pack.PRODUCERS):
        raise Refused("Only the Prevent coordinator produces the board pack.")
    today = timezone.localdate()
    if period_start not in board_pack.quarters_offered(today):
        raise Refused("Choose a quarter from the list", field="period")
    audience = " ".join(clean(str(audience or "")).split())
    if not audience:
        raise Refused("Enter the board or committee the pack is for", field="audience")
    if len(audience) > AUDIENCE_LENGTH:
        raise Refused(
            f"The board or committee must be {AUDIENCE_LENGTH} characters or fewer", field="audience"
        )
    if marking not in Marking.values:
        raise Refused("Choose the protective marking", field="marking")
    # The partnership's row lock orders two packs produced at once, so each has its version.
    partnership = Partnership.objects.select_for_update().get(pk=viewer.partnership.pk)
    latest = BoardPack.objects.filter(partnership=partnership, period_start=period_start).aggregate(
        latest=Max("version")
    )["latest"]
    version = (latest or 0) + 1
    title = board_pack.title_for(period_start)
    produced_at = timezone.now()
    source = board_pack.html(
        **board_pack.context(
            partnership,
            period_start=period_start,
            audience=audience,
            marking_label=Marking(marking).label,
            version=version,
            produced_on=timezone.localdate(produced_at),
            title=title,
        )
    )
    document = board_pack.pdf(source)
    pack = BoardPack.objects.create(
        partnership=partnership,
        title=title,
        audience=audience,
        marking=marking,
        period_start=period_start,
        period_end=quarter_end(period_start),
        version=version,
        produced_by=viewer.user,
        produced_at=produced_at,
        pdf=document,
        html=source,
        size=len(document),
    )
    record(
        verb="board_pack.produced",
        actor=viewer.user,
        partnership=partnership,
        target=pack,
        label=str(pack),
        changes=created(snapshot(pack, FIELDS)),
    )
    return pack
