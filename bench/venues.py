"""Venue checks benchmark: a venue check's page and the checks list at national scale, on
SQLite and PostgreSQL.

    .venv/bin/python bench/venues.py [--database sqlite|postgresql|both] [--requests N] [--scale F]

The data set: 400 partnerships with Zipf-skewed sizes (exponent 0.55: the largest holds
about 3.2%) sharing 50,000 venue checks, each partnership with ten venues and a lettings
policy. Every check is sealed and indexed as the service writes it (lib.crypto.seal_secret
for the organiser, the contact and the speakers; a blind-index row per name, so about
three per check), with two findings; organisers and speakers are drawn from a pool of a
hundred names per partnership, so a check's page finds many earlier checks naming the
same people (at most 50 are listed). Three in four checks are decided, half of those have
an outcome recorded, and a tenth are closed. Rows are written with bulk_create (the seals
and digests computed in Python, as the actions compute them), not through the actions, to
keep the build short; PostgreSQL gets the whole national set (or `--scale F` of the
partnerships, always keeping the largest and the smallest); SQLite gets the largest and the
smallest partnership only ("partnership scale").

Signed in as a venue officer of the largest partnership, through Django's test client after
warm-up requests, it times:

- a venue check's page (the request, what was checked, the decision, earlier checks)
                                              /venues/checks/<uuid>/
- the checks list (first page of 50, newest event first)  /venues/

For each: p50 and p95, the queries one request runs (session, user and second-factor
look-ups included) and the same on the smallest partnership (the count must not grow with
the data), the p50 of the page's own statements re-run on a plain cursor, and the p50 of the
best raw SQL for the same figures (the check with its venue and findings, and the earlier
checks through the name index; the list's count and first page). Target: p50 under 30 ms
on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    Compared,
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
CHECKS = 50_000
VENUES_EACH = 10
NAMES_EACH = 100
ZIPF_EXPONENT = 0.55
TARGET_MS = 30.0
BATCH = 2_000


def sizes() -> list[int]:
    """Checks of each partnership, largest first."""
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, PARTNERSHIPS + 1)]
    total = sum(weights)
    return [max(5, round(CHECKS * w / total)) for w in weights]


@dataclass
class Built:
    partnership: Any
    officer: Any
    check: Any
    checks: int


def build(scale: float) -> tuple[dict[str, float], Built, Built, dict[str, int]]:
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Membership, Partnership, Role, User
    from venues import names
    from venues.models import (
        CheckItem,
        CheckState,
        Decision,
        Finding,
        LettingsPolicy,
        NameKey,
        NameRole,
        Outcome,
        Venue,
        VenueCheck,
        VenueKind,
    )

    ranks = chosen_ranks(scale, connection.vendor, PARTNERSHIPS)
    all_sizes = sizes()
    kinds = list(VenueKind.objects.filter(partnership=None))
    items = list(CheckItem.objects.filter(partnership=None))
    today = timezone.localdate()
    now = timezone.now()
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    built: dict[int, Built] = {}
    decisions = (Decision.APPROVED, Decision.CONDITIONS, Decision.DECLINED)
    outcomes = tuple(Outcome)
    with transaction.atomic():
        for rank in ranks:
            number = all_sizes[rank]
            partnership = Partnership.objects.create(
                name=f"Partnership {rank + 1}", slug=f"p{rank + 1}", code=f"P{rank + 1}"
            )
            officer = User.objects.create_user(f"venues@p{rank + 1}.example.gov.uk", None, full_name="Vera")
            Membership.objects.create(user=officer, partnership=partnership, role=Role.VENUE_OFFICER)
            policy = LettingsPolicy.objects.create(
                partnership=partnership, title="Lettings policy", version="1"
            )
            venues = Venue.objects.bulk_create(
                Venue(
                    partnership=partnership,
                    name=f"Venue {n + 1}",
                    kind=kinds[n % len(kinds)],
                    postcode="E1 6AN",
                    policy=policy,
                )
                for n in range(VENUES_EACH)
            )
            pool = [f"Bench Person {rank + 1}-{n}" for n in range(NAMES_EACH)]
            digest = {name: names.digest(name) for name in pool}
            for first in range(0, number, BATCH):
                rows = []
                speakers_of = []
                for i in range(first, min(number, first + BATCH)):
                    decided = i % 4 != 3
                    recorded = decided and i % 2 == 0
                    record = VenueCheck(
                        partnership=partnership,
                        venue=venues[i % len(venues)],
                        event_title=f"Event {i}",
                        event_description="A benchmark event.",
                        event_date=today - dt.timedelta(days=(i * 37) % 1500),
                        audience=50 + i % 200,
                        created_by=officer,
                    )
                    organiser, contact = pool[(i * 7) % NAMES_EACH], pool[(i * 11 + 3) % NAMES_EACH]
                    speakers = [pool[(i * 13 + k) % NAMES_EACH] for k in range(i % 4)]
                    record.sealed_organiser = record.seal("organiser", organiser)
                    record.sealed_contact = record.seal("contact", contact)
                    record.sealed_speakers = record.seal("speakers", json.dumps(speakers)) if speakers else ""
                    if decided:
                        record.state = CheckState.DECIDED
                        record.decision = decisions[i % 3]
                        record.reasons = "Checked."
                        record.decided_by = officer
                        record.decided_at = now
                    if recorded:
                        record.state = CheckState.EVENT_RECORDED
                        record.outcome = outcomes[i % len(outcomes)]
                        record.outcome_by = officer
                        record.outcome_at = now
                    if recorded and i % 5 == 0:
                        record.state = CheckState.CLOSED
                        record.closed_on = today
                        record.review_on = record.event_date + dt.timedelta(days=730)
                    rows.append(record)
                    speakers_of.append((organiser, contact, speakers))
                VenueCheck.objects.bulk_create(rows)
                if connection.vendor != "postgresql":  # SQLite returns no ids from bulk_create
                    ids = dict(
                        VenueCheck.objects.filter(uuid__in=[r.uuid for r in rows]).values_list("uuid", "pk")
                    )
                    for record in rows:
                        record.pk = ids[record.uuid]
                keys = []
                findings = []
                for record, (organiser, contact, speakers) in zip(rows, speakers_of, strict=True):
                    found = {
                        (NameRole.ORGANISER, digest[organiser]),
                        (NameRole.CONTACT, digest[contact]),
                        *((NameRole.SPEAKER, digest[s]) for s in speakers),
                    }
                    keys += [
                        NameKey(check_record=record, partnership=partnership, role=role, digest=value)
                        for role, value in sorted(found)
                    ]
                    findings += [
                        Finding(check_record=record, item=items[0], note="Open sources: nothing found."),
                        Finding(check_record=record, item=items[4], note="Conditions accepted."),
                    ]
                NameKey.objects.bulk_create(keys, batch_size=BATCH)
                Finding.objects.bulk_create(findings, batch_size=BATCH)
            # The page timed: a recent check whose names recur in many others.
            check = VenueCheck.objects.filter(partnership=partnership).order_by("-event_date", "-id").first()
            built[rank] = Built(partnership, officer, check, number)
    seconds["checks, names and findings"] = time.perf_counter() - started
    started = time.perf_counter()
    settle_database()
    seconds["VACUUM (ANALYZE)"] = time.perf_counter() - started
    totals = {}
    with connection.cursor() as cursor:
        for table in ("venues_venue", "venues_venuecheck", "venues_namekey", "venues_finding"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            totals[table] = cursor.fetchone()[0]
    totals["partnerships"] = len(ranks)
    return seconds, built[ranks[0]], built[ranks[-1]], totals


# --- the best raw SQL --------------------------------------------------------------------


def detail_sql(check: Any) -> list[tuple[str, Any]]:
    """The check with its venue and kind, its findings, and the earlier checks sharing a
    name digest (through the index of names), newest first, 200 rows at most."""
    return [
        (
            "SELECT c.*, v.name, k.label FROM venues_venuecheck c JOIN venues_venue v ON v.id = c.venue_id "
            "JOIN venues_venuekind k ON k.id = v.kind_id WHERE c.uuid = %s AND c.partnership_id = %s",
            [check.uuid.hex if _sqlite() else check.uuid, check.partnership_id],
        ),
        (
            "SELECT f.note, i.label FROM venues_finding f JOIN venues_checkitem i ON i.id = f.item_id "
            "WHERE f.check_record_id = %s ORDER BY i.position",
            [check.pk],
        ),
        (
            "SELECT o.uuid, o.event_date, o.event_title, v.name, o.decision, o.state, e.role "
            "FROM venues_namekey e JOIN venues_venuecheck o ON o.id = e.check_record_id "
            "JOIN venues_venue v ON v.id = o.venue_id "
            "WHERE e.partnership_id = %s AND e.check_record_id <> %s "
            "AND e.digest IN (SELECT digest FROM venues_namekey WHERE check_record_id = %s) "
            "ORDER BY o.event_date DESC, o.id DESC LIMIT 200",
            [check.partnership_id, check.pk, check.pk],
        ),
    ]


def list_sql(partnership_id: int) -> list[tuple[str, Any]]:
    return [
        ("SELECT COUNT(*) FROM venues_venuecheck WHERE partnership_id = %s", [partnership_id]),
        (
            "SELECT c.uuid, c.event_date, c.event_title, c.state, c.decision, v.name "
            "FROM venues_venuecheck c "
            "JOIN venues_venue v ON v.id = c.venue_id WHERE c.partnership_id = %s "
            "ORDER BY c.event_date DESC, c.id DESC LIMIT 51",
            [partnership_id],
        ),
    ]


def _sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


def time_sql(statements: list[tuple[str, Any]], repeats: int) -> float:
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


# --- the run -----------------------------------------------------------------------------


@dataclass
class Timed:
    page: PageResult
    base_ms: float
    small_queries: int


def run_pages(args: argparse.Namespace) -> list[Timed]:
    from django.db import connection
    from django.urls import reverse

    from venues.queries import earlier_checks

    print(
        f"Building the venue checks data set (scale {args.scale:g}) on {database_description()}…", flush=True
    )
    seconds, largest, smallest, totals = build(args.scale)
    client = signed_in_client(largest.officer)
    small = signed_in_client(smallest.officer)

    def urls(built: Built) -> dict[str, str]:
        return {
            "detail": reverse("venues:check_detail", kwargs={"uuid": built.check.uuid}),
            "list": reverse("venues:check_list"),
        }

    labels = {"detail": "a venue check's page", "list": "the checks list (first 50)"}
    base = {"detail": detail_sql(largest.check), "list": list_sql(largest.partnership.pk)}
    results = []
    small_urls = urls(smallest)
    for key, url in urls(largest).items():
        page = PageResult(labels[key], url)
        measure(page, client, args.requests, profile=args.profile)
        get(small, small_urls[key])
        small_queries = len(count_queries(small, small_urls[key]))
        results.append(Timed(page, time_sql(base[key], args.requests), small_queries))
    print()
    print(f"Venue check pages on {database_description()} (load average {os.getloadavg()[0]:.2f}):")
    for name, took in seconds.items():
        print(f"  built {name} in {took:.1f} s")
    print("  " + ", ".join(f"{name}: {count:,}" for name, count in totals.items()))
    print(
        f"  largest partnership: {largest.checks:,} checks; smallest: {smallest.checks:,}; "
        f"earlier checks listed on the timed page: {len(earlier_checks(largest.check))}"
    )
    print()
    target = TARGET_MS if connection.vendor == "postgresql" else None
    print_compared([Compared(t.page, t.base_ms, t.small_queries, target) for t in results], args)
    return results


def run_worker(args: argparse.Namespace) -> int:
    return migrate_and_run(run_pages, args)


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())
