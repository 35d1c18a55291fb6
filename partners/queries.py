"""Reads over the Prevent duty checks: where each organisation stands on each check that
applies to its sector, the register of gaps by sector (a fixed number of aggregate
queries, whatever the size of the register), and the filter of the organisation list
that each number of the register links to, defined the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from partners.models import CheckItem, CheckStatus, DutyCheck, Organisation, OrganisationStatus, Sector

# Each active organisation and check that applies to its sector is in exactly one of
# these, by its current (latest) check.
MET, NOT_MET, OVERDUE, NEVER, NOT_APPLICABLE = "met", "not_met", "overdue", "never", "not_applicable"
GAP = "gap"  # not met, overdue or never checked
GAP_RESULTS = (NOT_MET, OVERDUE, NEVER)


def today() -> dt.date:
    return timezone.localdate()


def _in_date(on: dt.date) -> Q:
    return Q(next_due_on__isnull=True) | Q(next_due_on__gte=on)


def _result_condition(result: str, on: dt.date) -> Q:
    """Which current checks are in `result` (all but `never`)."""
    if result == MET:
        return Q(status=CheckStatus.MET) & _in_date(on)
    if result == NOT_MET:
        return Q(status__in=[CheckStatus.NOT_MET, CheckStatus.PARTLY]) & _in_date(on)
    if result == OVERDUE:
        return ~Q(status=CheckStatus.NOT_APPLICABLE) & Q(next_due_on__lt=on)
    if result == NOT_APPLICABLE:
        return Q(status=CheckStatus.NOT_APPLICABLE)
    raise ValueError(result)


def with_result(
    organisations: QuerySet[Organisation],
    items: QuerySet[CheckItem],
    item: CheckItem | None,
    result: str,
    on: dt.date | None = None,
) -> QuerySet[Organisation]:
    """The active organisations whose current check of `item` (or of any check in `items`
    that applies to their sector, when `item` is None) is in `result`; `gap` is any of
    not met, overdue and never checked."""
    on = on or today()
    checklist = items.filter(pk=item.pk) if item is not None else items
    applicable = checklist.filter(sectors=OuterRef("sector"))
    current = DutyCheck.objects.filter(
        organisation=OuterRef("pk"), current=True, item__in=checklist, item__sectors=OuterRef("sector")
    )
    never = Exists(
        applicable.filter(
            ~Exists(
                DutyCheck.objects.filter(
                    organisation=OuterRef(OuterRef("pk")), item=OuterRef("pk"), current=True
                )
            )
        )
    )
    wanted = GAP_RESULTS if result == GAP else (result,)
    condition = Q(pk__in=[])
    for kind in wanted:
        condition |= Q(never) if kind == NEVER else Q(Exists(current.filter(_result_condition(kind, on))))
    return organisations.filter(condition, status=OrganisationStatus.ACTIVE)


def gap_count(organisations: QuerySet[Organisation], items: QuerySet[CheckItem]) -> int:
    """How many active organisations have at least one gap: the home page's number."""
    return with_result(organisations, items, None, GAP).count()


@dataclass
class GapRow:
    sector: Sector
    item: CheckItem
    organisations: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def gaps(self) -> int:
        return sum(self.counts[result] for result in GAP_RESULTS)


def gap_register(partnership_id: int, items: QuerySet[CheckItem], on: dt.date | None = None) -> list[GapRow]:
    """For each sector with active organisations and each check that applies to it: how
    many organisations' current checks are met, not met, overdue, not applicable, and how
    many were never checked. Four queries, whatever the size of the register."""
    on = on or today()
    active = Organisation.objects.filter(partnership_id=partnership_id, status=OrganisationStatus.ACTIVE)
    in_sector = dict(active.values_list("sector").annotate(n=Count("id")).order_by())
    if not in_sector:
        return []
    sectors = {sector.pk: sector for sector in Sector.objects.filter(pk__in=in_sector)}
    checklist = list(items.prefetch_related("sectors"))
    recorded = (
        DutyCheck.objects.filter(
            current=True,
            organisation__partnership_id=partnership_id,
            organisation__status=OrganisationStatus.ACTIVE,
        )
        .values("organisation__sector", "item")
        .annotate(
            **{
                result: Count("id", filter=_result_condition(result, on))
                for result in (MET, NOT_MET, OVERDUE)
            },
            not_applicable=Count("id", filter=_result_condition(NOT_APPLICABLE, on)),
            total=Count("id"),
        )
        .order_by()
    )
    by_pair = {(row["organisation__sector"], row["item"]): row for row in recorded}
    rows = []
    ordered = sorted(sectors.values(), key=lambda sector: (sector.position, sector.label))
    for sector in ordered:
        for item in checklist:
            if not any(s.pk == sector.pk for s in item.sectors.all()):
                continue
            found: dict[str, Any] = dict(by_pair.get((sector.pk, item.pk), {}))
            counts: dict[str, int] = {
                result: int(found.get(result, 0)) for result in (MET, NOT_MET, OVERDUE, NOT_APPLICABLE)
            }
            counts[NEVER] = in_sector[sector.pk] - int(found.get("total", 0))
            rows.append(GapRow(sector, item, in_sector[sector.pk], counts))
    return rows


def current_checks(
    organisation: Organisation, items: QuerySet[CheckItem]
) -> list[tuple[CheckItem, DutyCheck | None]]:
    """Each check that applies to the organisation's sector, with its current result."""
    applicable = list(items.filter(sectors=organisation.sector_id))
    current = {
        check.item_id: check
        for check in DutyCheck.objects.filter(organisation=organisation, current=True, item__in=applicable)
    }
    return [(item, current.get(item.pk)) for item in applicable]


def result_of(check: DutyCheck | None, on: dt.date | None = None) -> str:
    """The register's word for an organisation's current check of an item."""
    on = on or today()
    if check is None:
        return NEVER
    if check.status == CheckStatus.NOT_APPLICABLE:
        return NOT_APPLICABLE
    if check.next_due_on is not None and check.next_due_on < on:
        return OVERDUE
    return MET if check.status == CheckStatus.MET else NOT_MET
