"""Channel statistics benchmark: the statistics page as each kind of reader opens it, on
SQLite and PostgreSQL.

    .venv/bin/python bench/channel_statistics.py [--database sqlite|postgresql|both] [--requests N]

The data set is the one of bench/performance.py (its `build`): 300 partnerships with
Zipf-skewed sizes sharing 7,000 referrals a year for ten years, as the anonymous
statistical records the statistics count (spread over the national referral sectors,
types of concern, age bands and genders), each partnership with the demo's Channel
indicators and their stored values. PostgreSQL gets the national set (`--scale F` keeps a
share, always the largest and the smallest partnership), SQLite the largest and the
smallest only.

Signed in through Django's test client after warm-up requests, for the last complete
financial year of the largest partnership, it times:

- the page a coordinator opens        /performance/statistics/?year=Y
  exact figures, worked out on each request from the records (no disclosure control);
- the page a steering member opens    the same address
  the protected release as stored (`performance.releases.shown`: a version check of
  three aggregate queries, then the stored cells), the partnership alone in its scope;
- the same once the partnership is in a region of ten partnerships (three on SQLite's
  data set), whose stored release holds every partnership of the region and the region;
- the page the region's regional adviser opens  /performance/statistics/regions/<uuid>/?year=Y.

Each page is printed beside the raw SQL of its own statements and the best raw SQL for
its figures: for the exact page, the one grouped count over the year's records, the
equality tally's sums and the list of years; for a protected page, the stored release's
row and the list of years. Target: every page's p50 under 50 ms.

It also prints how long working out a protected release takes when its figures have
moved (the task does it after a change, `performance.summaries`; a page does it only if
it comes first): for the partnership alone, and for the region's scope.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    Compared,
    PageResult,
    database_description,
    get,
    measure,
    migrate_and_run,
    print_compared,
    profiled,
    signed_in_client,
)
from bench.common import main as run_benchmark
from bench.performance import build, time_sql

PAGE_TARGET_MS = 50.0
REGION_SIZE = 10
BREAKDOWN = "quarter, sector_id, concern_type_id, age_band, gender, state, discussed_at_panel, adopted"


def exact_sql(partnership: Any, year: int) -> list[tuple[str, Any]]:
    """The least SQL the exact page's figures need: the year's records counted by every
    breakdown at once, the equality tally of the year, and the years there are."""
    return [
        (
            f"SELECT {BREAKDOWN}, COUNT(*) FROM cases_statisticalrecord "
            f"WHERE partnership_id = %s AND financial_year = %s GROUP BY {BREAKDOWN}",
            [partnership.pk, year],
        ),
        (
            'SELECT dimension, "group", SUM(referrals), SUM(discussed), SUM(adopted) '
            "FROM cases_equalitycount WHERE partnership_id = %s AND quarter_start >= %s "
            'AND quarter_start < %s GROUP BY dimension, "group"',
            [partnership.pk, dt.date(year, 4, 1), dt.date(year + 1, 4, 1)],
        ),
        years_sql([partnership.pk]),
    ]


def years_sql(partnership_ids: list[int]) -> tuple[str, Any]:
    marks = ", ".join(["%s"] * len(partnership_ids))
    return (
        f"SELECT DISTINCT financial_year FROM cases_statisticalrecord WHERE partnership_id IN ({marks})",
        partnership_ids,
    )


def stored_sql(scope_key: str, year: int, part: str, partnership_ids: list[int]) -> list[tuple[str, Any]]:
    """The least SQL a protected page needs: its part of the stored release, and the years
    there are."""
    return [
        (
            "SELECT cells FROM performance_storedrelease "
            "WHERE scope = %s AND financial_year = %s AND part = %s",
            [scope_key, year, part],
        ),
        years_sql(partnership_ids),
    ]


def time_release(scope: Any, year: int, repeats: int) -> float:
    """Working out a scope's protected release from its records (what `shown` does when the
    figures have moved), median of `repeats`."""
    from performance import releases

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        releases.scope_release(scope, year).protect(releases.scope_rules(scope))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run_pages(args: argparse.Namespace) -> None:
    from django.db import connection

    from accounts.models import Membership, Partnership, Role, User
    from lib.bands import financial_year
    from performance import releases
    from performance.models import Region, StoredRelease

    print(f"Building the statistics data set (scale {args.scale:g}) on {database_description()}…", flush=True)
    seconds, built, totals = build(args.scale)
    largest, smallest = built["largest"], built["smallest"]
    partnership = largest.partnership
    year = financial_year(dt.date.today()) - 1  # the last complete year
    url = f"/performance/statistics/?year={year}"

    def member(role: str, of: Any = partnership) -> Any:
        user = User.objects.create_user(f"{role}@{of.slug}.example.gov.uk", None, full_name=role.title())
        Membership.objects.create(user=user, partnership=of, role=role)
        return user

    coordinator = signed_in_client(largest.coordinator)
    steering = signed_in_client(member(Role.STEERING))
    small_steering = signed_in_client(member(Role.STEERING, smallest.partnership))
    small_coordinator = signed_in_client(smallest.coordinator)
    small_queries = {
        "exact": len(_queries(small_coordinator, url)),
        "protected": len(_queries(small_steering, url)),
    }

    exact = PageResult("coordinator: exact figures", url)
    measure(exact, coordinator, args.requests, profile=args.profile)
    best_exact = time_sql(exact_sql(partnership, year), args.requests)

    alone = releases.scope_of(partnership=partnership)
    work_alone = time_release(alone, year, max(3, args.requests // 10))
    get(steering, url)  # works the release out and stores it
    protected = PageResult("steering member: partnership alone", url)
    measure(protected, steering, args.requests, profile=args.profile)
    best_protected = time_sql(stored_sql(alone.key, year, "", [partnership.pk]), args.requests)

    # A region of the largest partnerships (and the smallest) the data set holds.
    others = list(
        Partnership.objects.exclude(pk__in=[partnership.pk, smallest.partnership.pk])
        .exclude(slug="one-year")
        .order_by("pk")[: REGION_SIZE - 2]
    )
    members = [partnership, *others, smallest.partnership]
    adviser = User.objects.create_user("regional@example.gov.uk", None, full_name="Rory")
    for each in members:
        Membership.objects.create(user=adviser, partnership=each, role=Role.REGIONAL)
    region = Region.objects.create(name="Benchmark region")
    region.readers.set([adviser])
    regional = signed_in_client(adviser)
    region_url = f"/performance/statistics/regions/{region.uuid}/?year={year}"
    # The same pages' query counts in a region of two, to compare with the region's.
    region.partnerships.set([partnership, smallest.partnership])
    small_queries["region"] = len(_queries(regional, region_url))
    region.partnerships.set(members)
    small_queries["in region"] = len(_queries(small_steering, url))
    scope = releases.scope_of(region=region)
    work_region = time_release(scope, year, max(1, args.requests // 30))
    region_profile = profiled(functools.partial(time_release, scope, year, 1), 1) if args.profile else ""
    get(steering, url)  # works the region's scope out and stores it
    in_region = PageResult(f"steering member: partnership in a region of {len(members)}", url)
    measure(in_region, steering, args.requests, profile=args.profile)
    best_in_region = time_sql(
        stored_sql(scope.key, year, releases.partnership_prefix(partnership), [partnership.pk]), args.requests
    )
    get(regional, region_url)
    region_page = PageResult(f"regional adviser: the region of {len(members)}", region_url)
    measure(region_page, regional, args.requests, profile=args.profile)
    best_region = time_sql(
        stored_sql(scope.key, year, releases.region_prefix(region), [m.pk for m in members]), args.requests
    )
    stored = sum(
        len(part.cells["cells"])
        for part in StoredRelease.objects.filter(scope=scope.key, financial_year=year)
    )

    print()
    print(f"Channel statistics on {database_description()} (load average {os.getloadavg()[0]:.2f}):")
    for name, took in seconds.items():
        print(f"  built {name} in {took:.1f} s")
    print("  " + ", ".join(f"{name}: {count:,}" for name, count in totals.items()))
    print(
        f"  largest partnership: {largest.records:,} records over ten years; year shown: "
        f"{year}/{(year + 1) % 100:02d}; the region's stored release: {stored:,} cells"
    )
    print()
    print_compared(
        [
            Compared(exact, best_exact, small_queries["exact"], PAGE_TARGET_MS),
            Compared(protected, best_protected, small_queries["protected"], PAGE_TARGET_MS),
            Compared(in_region, best_in_region, small_queries["in region"], PAGE_TARGET_MS),
            Compared(region_page, best_region, small_queries["region"], PAGE_TARGET_MS),
        ],
        args,
    )
    print(
        "  (smallest: the smallest partnership's steering member's same page, in the same scope; "
        "for the regional page, the region with two partnerships)"
    )
    print()
    print("working out a protected release when its figures have moved (the task does it, not a page):")
    print(f"  the partnership alone                  {work_alone:>9.1f} ms")
    print(f"  the region's scope ({len(members)} partnerships)   {work_region:>9.1f} ms")
    if region_profile:
        print(f"\nProfile: working out the region's scope\n{region_profile}")
    assert connection.vendor in ("sqlite", "postgresql")


def _queries(client: Any, url: str) -> list[Any]:
    from bench.common import count_queries

    get(client, url)
    return count_queries(client, url)


def run_worker(args: argparse.Namespace) -> int:
    return migrate_and_run(run_pages, args)


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())
