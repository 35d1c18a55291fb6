"""What one reader without access to the cases can download for one partnership and one
financial year, gathered into one release and protected together (performance.disclosure):
the Channel statistics tables, the dashboard's Channel indicators, the equality tables and
the return's Channel counts. Protecting them together is what stops a suppressed cell being
worked out from another table the same reader has, or from the difference between a year and
its quarters.

Each part contributes with a function `(partnership, financial_year) -> Contribution`, named
in CONTRIBUTORS by its dotted path (so this module imports none of them). Relations may name
cells of another part's tables (the dashboard's "referrals received" in a quarter is the
statistics table's total for that quarter): every contribution is gathered first, then every
relation is added.

A partnership in a region is protected together with the region and the region's other
partnerships (a *scope*): the region's tables are the sums of its partnerships' tables, and
both are published, so one area could otherwise be subtracted from another. The protected
release of a scope is stored (StoredRelease) with the version of the figures it was worked
out from, and worked out again only when that version moves (`shown`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import Any

from performance.disclosure import SUPPRESSED_MARK, TOTAL, CellRef, Release, Rules, Table

Partnership = Any

# "module.function", each (partnership, financial_year) -> Contribution.
CONTRIBUTORS: tuple[str, ...] = (
    "performance.statistics.contribution",  # the Channel statistics tables
    "performance.indicators.release_tables",  # the dashboard's Channel indicators
    "performance.return_figures.contribution",  # the quarterly return's Channel counts
    "performance.equality.contribution",  # equality monitoring (issue 17 part 5)
)
# Moves when the tables' code changes, so stored releases are worked out again.
LAYOUT_VERSION = "statistics-2"


@dataclass(frozen=True)
class Contribution:
    tables: Sequence[Table] = ()
    relations: Sequence[tuple[CellRef, Sequence[CellRef]]] = field(default=())
    # The keys of the tables also published for a region (summed over its partnerships):
    # only those a regional reader is shown. Every other table is the partnership's own;
    # summing it for a region would publish, and protect, cells nobody reads.
    regional: frozenset[str] = frozenset()


def _contributor(path: str) -> Callable[[Partnership, int], Contribution]:
    module, name = path.rsplit(".", 1)
    function: Callable[[Partnership, int], Contribution] = getattr(import_module(module), name)
    return function


def rules_for(partnership: Partnership) -> Rules:
    """The partnership's disclosure rules, as its coordinator set them (the defaults: fewer
    than 5 suppressed, no rounding)."""
    from performance.models import DisclosureRules

    found = DisclosureRules.objects.filter(partnership=partnership).first()
    if found is None:
        return Rules()
    return Rules(threshold=found.threshold, round_to=found.round_to)


def _gathered(partnership: Partnership, financial_year: int) -> list[Contribution]:
    return [_contributor(path)(partnership, financial_year) for path in CONTRIBUTORS]


def release(partnership: Partnership, financial_year: int) -> Release:
    gathered = _gathered(partnership, financial_year)
    built = Release(table for contribution in gathered for table in contribution.tables)
    for contribution in gathered:
        for total, parts in contribution.relations:
            built.relate(total, parts)
    return built


def protected(partnership: Partnership, financial_year: int, *, wait: bool = True) -> Published:
    """The partnership's release as every reader without access to the cases is shown it:
    protected together with the partnerships and regions of its scope (so the dashboard,
    the return, the equality tables and the board pack suppress exactly what the
    statistics pages do), stored while the figures do not move. Keys are the partnership's
    own, as its contributors name them."""
    scope = scope_of(partnership=partnership)
    prefix = "" if scope.alone else partnership_prefix(partnership)
    return Published(shown(scope, financial_year, prefix, wait=wait), prefix, scope_rules(scope))


@dataclass(frozen=True)
class Scope:
    """Partnerships (and the regions made of them) protected together: a partnership in no
    region is alone; one in a region goes with every partnership of its regions, and of
    theirs, so no area's figures can be subtracted from another's published figures."""

    partnerships: tuple[Any, ...]
    regions: tuple[Any, ...]

    @property
    def key(self) -> str:
        """Names the scope's partnerships and regions, and which partnerships each region
        holds (two overlapping regions keep the same partnerships and regions when one takes
        in a partnership of the other, but their sums change). A digest: a region of many
        partnerships would not fit a column."""
        described = (
            ".".join(f"p{p.pk}" for p in self.partnerships)
            + "|"
            + ".".join(
                f"r{r.pk}:" + "-".join(str(pk) for pk in sorted(p.pk for p in r.partnerships.all()))
                for r in self.regions
            )
        )
        return "scope-" + hashlib.sha256(described.encode()).hexdigest()[:40]

    @property
    def alone(self) -> bool:
        return not self.regions and len(self.partnerships) == 1


def scope_of(*, partnership: Partnership | None = None, region: Any = None) -> Scope:
    from performance.models import Region

    partnership_ids: set[int] = {partnership.pk} if partnership is not None else set()
    region_ids: set[int] = {region.pk} if region is not None else set()
    while True:
        found_regions = (
            set(Region.objects.filter(partnerships__in=partnership_ids).values_list("pk", flat=True))
            | region_ids
        )
        found_partnerships = (
            set(
                Region.partnerships.through.objects.filter(region_id__in=found_regions).values_list(
                    "partnership_id", flat=True
                )
            )
            | partnership_ids
        )
        if found_regions == region_ids and found_partnerships == partnership_ids:
            break
        region_ids, partnership_ids = found_regions, found_partnerships
    from accounts.models import Partnership as PartnershipModel

    return Scope(
        tuple(PartnershipModel.objects.filter(pk__in=partnership_ids).order_by("pk")),
        tuple(Region.objects.filter(pk__in=region_ids).order_by("pk").prefetch_related("partnerships")),
    )


def partnership_prefix(partnership: Partnership) -> str:
    return f"p{partnership.pk}/"


def region_prefix(region: Any) -> str:
    return f"r{region.pk}/"


def _prefixed(prefix: str, ref: CellRef) -> CellRef:
    return (prefix + ref[0], ref[1], ref[2])


def scope_release(scope: Scope, financial_year: int) -> Release:
    """Everything published for the scope's partnerships and regions in one release: each
    partnership's release under its prefix, each region's tables (the sums of its
    partnerships' tables) under the region's, related cell by cell."""
    if scope.alone:
        return release(scope.partnerships[0], financial_year)
    built = Release()
    by_partnership: dict[int, dict[str, Table]] = {}
    for partnership in scope.partnerships:
        gathered = _gathered(partnership, financial_year)
        prefix = partnership_prefix(partnership)
        by_partnership[partnership.pk] = {}
        for contribution in gathered:
            for table in contribution.tables:
                built.add(replace(table, key=prefix + table.key))
                if table.key in contribution.regional:
                    by_partnership[partnership.pk][table.key] = table
        for contribution in gathered:
            for total, parts in contribution.relations:
                built.relate(_prefixed(prefix, total), [_prefixed(prefix, part) for part in parts])
    for region in scope.regions:
        members = [p.pk for p in region.partnerships.all() if p.pk in by_partnership]
        if not members:
            continue
        prefix = region_prefix(region)
        keys = set.intersection(*(set(by_partnership[pk]) for pk in members))
        for key in sorted(keys):
            shapes = {
                (tuple(by_partnership[pk][key].rows), tuple(by_partnership[pk][key].columns))
                for pk in members
            }
            if len(shapes) != 1:
                continue
            first = by_partnership[members[0]][key]
            summed: dict[tuple[str, str], int] = {}
            for pk in members:
                for (_, row, column), value in by_partnership[pk][key].values().items():
                    if row in first.rows and column in first.columns:
                        summed[(row, column)] = summed.get((row, column), 0) + value
            table = replace(first, key=prefix + key, cells=summed)
            built.add(table)
            for row in table.all_rows():
                for column in table.all_columns():
                    built.relate(
                        (table.key, row, column),
                        [(f"p{pk}/{key}", row, column) for pk in members],
                    )
    return built


def scope_rules(scope: Scope) -> Rules:
    """The strictest of the scope's partnerships' rules: the highest threshold, and the
    coarsest rounding any of them asks for (one query, whatever the scope's size)."""
    from performance.models import DisclosureRules

    if scope.alone:
        found = [rules_for(scope.partnerships[0])]
    else:
        chosen = {
            rules.partnership_id: Rules(threshold=rules.threshold, round_to=rules.round_to)
            for rules in DisclosureRules.objects.filter(partnership__in=[p.pk for p in scope.partnerships])
        }
        found = [chosen.get(p.pk, Rules()) for p in scope.partnerships]
    rounding = [rules.round_to for rules in found if rules.round_to]
    return Rules(
        threshold=max(rules.threshold for rules in found), round_to=max(rounding) if rounding else None
    )


@dataclass(frozen=True)
class Shown:
    """A release as one reader is shown it: each table's title, rows and columns, and
    each cell's value (None where suppressed); `notes` are the disclosure rules in words
    (empty for readers with access to the cases, who see exact figures)."""

    tables: dict[str, dict[str, Any]]
    cells: dict[CellRef, int | None]
    notes: tuple[str, ...] = ()
    protected: bool = False
    # Set when the figures have moved since this release was worked out and the new one
    # is still being worked out (`shown(..., wait=False)`): when this one was.
    behind_since: dt.datetime | None = None

    def value(self, key: str, row: str, column: str) -> int | None:
        return self.cells[(key, row, column)]

    def to_json(self) -> dict[str, Any]:
        return {
            "tables": self.tables,
            "cells": [[*ref, value] for ref, value in self.cells.items()],
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Shown:
        return cls(
            tables=data["tables"],
            cells={(key, row, column): value for key, row, column, value in data["cells"]},
            notes=tuple(data["notes"]),
            protected=True,
        )


@dataclass(frozen=True)
class Published:
    """One partnership's tables out of its scope's protected release (see `protected`)."""

    release: Shown
    prefix: str
    rules: Rules

    @property
    def tables(self) -> dict[str, Table]:
        found: dict[str, Table] = {}
        for key, described in self.release.tables.items():
            if not key.startswith(self.prefix) or (not self.prefix and "/" in key):
                continue
            rows, columns = described["rows"], described["columns"]
            own = key[len(self.prefix) :]
            found[own] = Table(
                key=own,
                title=described["title"],
                rows=[row for row in rows if row != TOTAL],
                columns=[column for column in columns if column != TOTAL],
                cells={},
                totals=TOTAL in rows,
            )
        return found

    def value(self, key: str, row: str, column: str) -> int | None:
        return self.release.value(self.prefix + key, row, column)

    def shown(self, key: str, row: str, column: str) -> str:
        value = self.value(key, row, column)
        return SUPPRESSED_MARK if value is None else str(value)

    def suppressed_cells(self) -> frozenset[CellRef]:
        return frozenset(
            (key[len(self.prefix) :], row, column)
            for (key, row, column), value in self.release.cells.items()
            if value is None and key.startswith(self.prefix) and (self.prefix or "/" not in key)
        )

    def rows(self, key: str) -> list[tuple[str, list[int | None]]]:
        table = self.tables[key]
        return [
            (row, [self.value(key, row, column) for column in table.all_columns()])
            for row in table.all_rows()
        ]


def _described(built: Release) -> dict[str, dict[str, Any]]:
    return {
        key: {"title": table.title, "rows": table.all_rows(), "columns": table.all_columns()}
        for key, table in built.tables.items()
    }


def exact(partnership: Partnership, financial_year: int) -> Shown:
    """The partnership's own release with exact figures, for readers with case access."""
    built = release(partnership, financial_year)
    return Shown(_described(built), dict(built.values()))


def version(scope: Scope, financial_year: int, rules: Rules) -> str:
    """The version of the figures behind a scope's year: three indexed aggregate queries,
    over the statistical records (the statistics, the equality tally, the Channel
    indicators), the indicators' stored values (recomputed after any change of the
    partnership's records) and the submitted returns."""
    from django.db.models import Count, Max, Q

    from cases.models import StatisticalRecord
    from performance.models import IndicatorValue, PartnershipReturn

    members = [p.pk for p in scope.partnerships]
    found = StatisticalRecord.objects.filter(
        partnership__in=members, financial_year=financial_year
    ).aggregate(n=Count("id"), latest=Max("changed_at"))
    computed = IndicatorValue.objects.filter(indicator__partnership__in=members).aggregate(
        n=Count("id"), latest=Max("computed_at")
    )
    submitted = PartnershipReturn.objects.filter(partnership__in=members).aggregate(
        n=Count("id", filter=Q(submitted_at__isnull=False)), latest=Max("submitted_at")
    )
    parts = [
        f"{found['n']}:{found['latest'].isoformat() if found['latest'] else '-'}",
        f"{computed['n']}:{computed['latest'].isoformat() if computed['latest'] else '-'}",
        f"{submitted['n']}:{submitted['latest'].isoformat() if submitted['latest'] else '-'}",
    ]
    return f"{LAYOUT_VERSION}:{rules.threshold}:{rules.round_to}:" + ":".join(parts)


# How long a page shows a region's stored release after its figures moved, while the task
# works the new one out (performance.summaries.warm), before it works it out itself.
BEHIND_FOR = dt.timedelta(minutes=15)


def shown(scope: Scope, financial_year: int, part: str = "", *, wait: bool = True) -> Shown:
    """One part of the scope's protected release for a year (`part`: the key prefix of a
    partnership or region of the scope, empty for a partnership alone): the stored one
    while the figures have not moved, otherwise the whole release worked out again and
    stored part by part.

    Working out a region's release takes seconds to minutes, and the task queued by the
    change is already doing it; so with `wait=False` (the statistics pages) a scope of
    several partnerships answers with the stored release, marked `behind_since`, for
    BEHIND_FOR after it was worked out. Every stored release was protected as a whole, so
    showing the last one discloses nothing the next one would not."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from performance.models import StoredRelease

    rules = scope_rules(scope)
    current = version(scope, financial_year, rules)
    stored = StoredRelease.objects.filter(scope=scope.key, financial_year=financial_year, part=part).first()
    if stored is not None and stored.version == current:
        return Shown.from_json(stored.cells)
    if (
        stored is not None
        and not wait
        and not scope.alone
        and stored.worked_out_at >= timezone.now() - BEHIND_FOR
        and stored.version.startswith(f"{LAYOUT_VERSION}:{rules.threshold}:{rules.round_to}:")
    ):
        return replace(Shown.from_json(stored.cells), behind_since=stored.worked_out_at)
    built = scope_release(scope, financial_year)
    protected_release = built.protect(rules, start=_own_protection(scope, financial_year, rules))
    whole = Shown(
        _described(built),
        {ref: protected_release.value(*ref) for ref in built.values()},
        tuple(rules.notes()),
        protected=True,
    )
    parts = _parts(whole, scope)
    try:
        with transaction.atomic():
            StoredRelease.objects.filter(scope=scope.key, financial_year=financial_year).delete()
            StoredRelease.objects.bulk_create(
                StoredRelease(
                    scope=scope.key,
                    financial_year=financial_year,
                    part=prefix,
                    version=current,
                    cells=slice_.to_json(),
                )
                for prefix, slice_ in parts.items()
            )
    except IntegrityError:  # another request stored it meanwhile
        pass
    return parts.get(part, Shown({}, {}, whole.notes, protected=True))


def _own_protection(scope: Scope, financial_year: int, rules: Rules) -> set[CellRef]:
    """For a scope of several partnerships, where the search starts: each partnership's
    release protected on its own (milliseconds each), so that the scope's search (seconds
    to minutes, every round an elimination over the whole scope) has only the exposures
    across partnerships and regions left to cover. On four partnerships of the benchmark's
    data set it took a third less time and suppressed fewer cells than starting from the
    small cells alone."""
    if scope.alone:
        return set()
    found: set[CellRef] = set()
    for partnership in scope.partnerships:
        prefix = partnership_prefix(partnership)
        own = release(partnership, financial_year).protect(rules)
        found.update((prefix + key, row, column) for key, row, column in own.suppressed_cells())
    return found


def _parts(whole: Shown, scope: Scope) -> dict[str, Shown]:
    """The release cut into its parts, by key prefix ("" for a partnership alone)."""
    if scope.alone:
        return {"": whole}
    prefixes = [partnership_prefix(p) for p in scope.partnerships] + [region_prefix(r) for r in scope.regions]
    tables: dict[str, dict[str, Any]] = {prefix: {} for prefix in prefixes}
    cells: dict[str, dict[CellRef, int | None]] = {prefix: {} for prefix in prefixes}
    # One pass over the cells: a key's prefix is everything up to its "/".
    for key, table in whole.tables.items():
        tables[key[: key.index("/") + 1]][key] = table
    for ref, value in whole.cells.items():
        cells[ref[0][: ref[0].index("/") + 1]][ref] = value
    return {prefix: Shown(tables[prefix], cells[prefix], whole.notes, protected=True) for prefix in prefixes}
