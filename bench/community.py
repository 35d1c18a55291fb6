"""Engagement benchmark: the engagement list at national scale, on SQLite and PostgreSQL.

    .venv/bin/python bench/community.py [--database sqlite|postgresql|both] [--requests N] [--scale F]

The data set is written with set-based SQL (generate_series on PostgreSQL, a recursive
series on SQLite), not through the action functions: 400 partnerships with Zipf-skewed
sizes (exponent 0.55: the largest holds about 3.2%) and 100,000 engagement events between
them over five years, each with one or two themes and an audience sector, one in three
with an organisation involved and one in ten with a network; 50 organisations and 3
networks per partnership. PostgreSQL gets the whole national set (or `--scale F` of the
partnerships, always keeping the largest and the smallest); SQLite gets the largest and the
smallest partnership only ("partnership scale"). Every partnership has its seeded event
types and themes (community.lists).

Signed in as the coordinator of the largest partnership, through Django's test client after
warm-up requests, it times:

- the engagement list, first page                   /community/
- the list filtered by type and theme, first page    /community/?event_type=..&theme=..
- the list's second page (a keyset cursor)           /community/?after=..

For each: p50 and p95, the queries one request runs (the session, user and second-factor
look-ups included) and the same on the smallest partnership (the count must not grow with
the data), the p50 of the page's own statements re-run on a plain cursor, and the p50 of the
best raw SQL for the same rows: one statement for the page's 51 rows (type label joined) and
one for the count. Target: p50 under 30 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    Compared,
    Dialect,
    PageResult,
    chosen_ranks,
    count_queries,
    database_description,
    get,
    measure,
    migrate_and_run,
    print_compared,
    settle_database,
    signed_in_client,
)
from bench.common import main as run_benchmark

PARTNERSHIPS = 400
EVENTS = 100_000
ORGANISATIONS_EACH = 50
NETWORKS_EACH = 3
ZIPF_EXPONENT = 0.55
DAYS = 5 * 365
TARGET_MS = 30.0
SECTORS = ("voluntary-community", "faith-institution", "school-maintained", "health", "local-authority")


def sizes() -> list[int]:
    """Events of each partnership, largest first."""
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, PARTNERSHIPS + 1)]
    total = sum(weights)
    return [max(5, round(EVENTS * weight / total)) for weight in weights]


@dataclass
class Built:
    partnership: Any
    coordinator: Any
    workshop: int  # the event type filtered on
    online_safety: int  # the theme filtered on
    events: int


def build(scale: float) -> tuple[float, Built, Built, dict[str, int]]:
    from django.db import connection, transaction

    from accounts.models import Membership, Partnership, Role, User
    from community.models import EventType, Theme
    from partners.models import Sector

    d = Dialect(connection.vendor)
    ranks = chosen_ranks(scale, connection.vendor, PARTNERSHIPS)
    all_sizes = sizes()
    sector_ids = [Sector.objects.get(partnership=None, code=code).pk for code in SECTORS]
    started = time.perf_counter()
    built: dict[int, Built] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for rank in ranks:
            n = all_sizes[rank]
            # Creating the partnership seeds its event types, themes and channels.
            partnership = Partnership.objects.create(
                name=f"Partnership {rank + 1}", slug=f"p{rank + 1}", code=f"P{rank + 1}"
            )
            p = partnership.pk
            coordinator = User.objects.create_user(
                f"coordinator@p{rank + 1}.example.gov.uk", None, full_name="Cora"
            )
            Membership.objects.create(user=coordinator, partnership=partnership, role=Role.COORDINATOR)
            types = list(EventType.objects.filter(partnership=partnership).values_list("pk", flat=True))
            themes = list(Theme.objects.filter(partnership=partnership).values_list("pk", flat=True))
            prefix, source = d.series(ORGANISATIONS_EACH)
            cursor.execute(
                f"{prefix}INSERT INTO partners_organisation (uuid, partnership_id, name, sector_id, "
                "address, postcode, parent_id, status, urn, created_at) "
                f"SELECT {d.uuid()}, {p}, 'Organisation ' || (i + 1), {sector_ids[0]}, '', '', NULL, "
                f"'active', '', {d.now()} FROM {source}"
            )
            cursor.execute(f"SELECT MIN(id) FROM partners_organisation WHERE partnership_id = {p}")
            first_organisation = cursor.fetchone()[0]
            prefix, source = d.series(NETWORKS_EACH)
            cursor.execute(
                f"{prefix}INSERT INTO partners_network (uuid, partnership_id, name, description) "
                f"SELECT {d.uuid()}, {p}, 'Network ' || (i + 1), '' FROM {source}"
            )
            cursor.execute(f"SELECT MIN(id) FROM partners_network WHERE partnership_id = {p}")
            first_network = cursor.fetchone()[0]
            type_case = "CASE " + " ".join(
                f"WHEN i % {len(types)} = {k} THEN {pk}" for k, pk in enumerate(types)
            )
            prefix, source = d.series(n)
            cursor.execute(
                f"{prefix}INSERT INTO community_engagementevent (uuid, partnership_id, held_on, ends_on, "
                "starts_at, title, event_type_id, venue, headcount, feedback, recorded_by_id, created_at) "
                f"SELECT {d.uuid()}, {p}, {d.days_ago(f'(i * 7919) % {DAYS}')}, NULL, NULL, "
                f"'Event ' || i, {type_case} END, 'Community centre ' || (i % 40), "
                f"CASE WHEN i % 9 = 0 THEN NULL ELSE 5 + (i * 31) % 120 END, "
                f"'Feedback of event ' || i, {coordinator.pk}, {d.now()} FROM {source}"
            )
            events = f"SELECT id FROM community_engagementevent WHERE partnership_id = {p}"
            theme_case = (
                "CASE "
                + " ".join(f"WHEN e.id % {len(themes)} = {k} THEN {pk}" for k, pk in enumerate(themes))
                + " END"
            )
            second_theme = (
                "CASE "
                + " ".join(f"WHEN (e.id / 3) % {len(themes)} = {k} THEN {pk}" for k, pk in enumerate(themes))
                + " END"
            )
            cursor.execute(
                "INSERT INTO community_engagementevent_themes (engagementevent_id, theme_id) "
                f"SELECT e.id, {theme_case} FROM ({events}) e"
            )
            cursor.execute(
                "INSERT INTO community_engagementevent_themes (engagementevent_id, theme_id) "
                f"SELECT e.id, {second_theme} FROM ({events}) e "
                f"WHERE e.id % 2 = 0 AND {second_theme} <> {theme_case}"
            )
            sector_case = (
                "CASE "
                + " ".join(
                    f"WHEN e.id % {len(sector_ids)} = {k} THEN {pk}" for k, pk in enumerate(sector_ids)
                )
                + " END"
            )
            cursor.execute(
                "INSERT INTO community_engagementevent_sectors (engagementevent_id, sector_id) "
                f"SELECT e.id, {sector_case} FROM ({events}) e"
            )
            cursor.execute(
                "INSERT INTO community_engagementevent_organisations (engagementevent_id, organisation_id) "
                f"SELECT e.id, {first_organisation} + (e.id % {ORGANISATIONS_EACH}) FROM ({events}) e "
                "WHERE e.id % 3 = 0"
            )
            cursor.execute(
                "INSERT INTO community_engagementevent_networks (engagementevent_id, network_id) "
                f"SELECT e.id, {first_network} + (e.id % {NETWORKS_EACH}) FROM ({events}) e "
                "WHERE e.id % 10 = 0"
            )
            built[rank] = Built(
                partnership,
                coordinator,
                EventType.objects.get(partnership=partnership, label="Workshop").pk,
                Theme.objects.get(partnership=partnership, label="Online safety").pk,
                n,
            )
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        totals = {}
        for table in (
            "community_engagementevent",
            "community_engagementevent_themes",
            "community_engagementevent_organisations",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            totals[table] = cursor.fetchone()[0]
    totals["partnerships"] = len(ranks)
    return seconds, built[ranks[0]], built[ranks[-1]], totals


# --- the best raw SQL for the same rows ------------------------------------------------------


def best_sql(
    built: Built, *, filtered: bool, after: tuple[dt.date, int] | None = None
) -> list[tuple[str, list[Any]]]:
    """The page's rows (51: one more tells whether there is a next page), with the type's
    label, and the count of all that match."""
    where = "e.partnership_id = %s"
    params: list[Any] = [built.partnership.pk]
    if filtered:
        where += (
            " AND e.event_type_id = %s AND EXISTS (SELECT 1 FROM community_engagementevent_themes et "
            "WHERE et.engagementevent_id = e.id AND et.theme_id = %s)"
        )
        params += [built.workshop, built.online_safety]
    rows_where, rows_params = where, list(params)
    if after is not None:
        rows_where += " AND (e.held_on, e.id) < (%s, %s)"
        rows_params += list(after)
    return [
        (
            "SELECT e.id, e.uuid, e.held_on, e.title, e.venue, e.headcount, t.label "
            "FROM community_engagementevent e JOIN community_eventtype t ON t.id = e.event_type_id "
            f"WHERE {rows_where} ORDER BY e.held_on DESC, e.id DESC LIMIT 51",
            rows_params,
        ),
        (f"SELECT COUNT(*) FROM community_engagementevent e WHERE {where}", params),
    ]


def time_sql(statements: list[tuple[str, list[Any]]], repeats: int) -> float:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            started = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@dataclass
class Timed:
    page: PageResult
    best_ms: float
    small_queries: int


def _next_link(html: str) -> str:
    found = re.search(r'href="(\?[^"]*after=[^"]*)" rel="next"', html)
    assert found, "the first page has no next page"
    return found.group(1).replace("&amp;", "&")


def run_pages(args: argparse.Namespace) -> list[Timed]:
    from django.core import signing
    from django.urls import reverse

    print(f"Building the engagement data set (scale {args.scale:g}) on {database_description()}…", flush=True)
    seconds, largest, smallest, totals = build(args.scale)
    settle_database()
    client = signed_in_client(largest.coordinator)
    small = signed_in_client(smallest.coordinator)
    listed = reverse("community:event_list")

    def urls(built: Built) -> dict[str, str]:
        first = f"{listed}?event_type={built.workshop}&theme={built.online_safety}"
        return {"first": listed, "filtered": first}

    big, little = urls(largest), urls(smallest)
    big["second"] = listed + _next_link(get(client, listed))
    # The smallest partnership may have a single page: its second-page count is taken on the first.
    little_html = get(small, listed)
    little["second"] = listed + _next_link(little_html) if 'rel="next"' in little_html else listed
    cursor = signing.loads(parse_qs(urlsplit(big["second"]).query)["after"][0], salt="govuk.paging")
    names = {
        "first": "engagement list, first page",
        "filtered": "filtered by type and theme",
        "second": "second page (keyset cursor)",
    }
    best = {
        "first": best_sql(largest, filtered=False),
        "filtered": best_sql(largest, filtered=True),
        "second": best_sql(largest, filtered=False, after=(dt.date.fromisoformat(cursor[0]), int(cursor[1]))),
    }
    results = []
    for key, url in big.items():
        page = PageResult(names[key], url)
        measure(page, client, args.requests, profile=args.profile)
        get(small, little[key])
        results.append(
            Timed(page, time_sql(best[key], args.requests), len(count_queries(small, little[key])))
        )
    print()
    print(f"Engagement list on {database_description()} (load average {os.getloadavg()[0]:.2f}):")
    print(f"  built in {seconds:.1f} s; " + ", ".join(f"{name}: {count:,}" for name, count in totals.items()))
    print(f"  largest partnership: {largest.events:,} events; smallest: {smallest.events:,}")
    print()
    print_compared(
        [Compared(t.page, t.best_ms, t.small_queries, TARGET_MS) for t in results],
        args,
        best_heading="best SQL p50",
    )
    return results


def run_worker(args: argparse.Namespace) -> int:
    return migrate_and_run(run_pages, args)


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())
