"""Commissioned projects benchmark: a project's page and a partnership's funder return at
national scale, on SQLite and PostgreSQL.

    .venv/bin/python bench/projects.py [--database sqlite|postgresql|both] [--requests N] [--scale F]

The data set is written with set-based SQL, not through the action functions: 400
partnerships holding 8,000 projects between them, with Zipf-skewed sizes (exponent 0.55:
the largest holds about 3.2%, some 256 projects), each project running ten years (40
financial quarters from April 2016) with a budget and spend for each quarter, three
outputs with a target and an actual for each quarter, an outcome, four milestones, two
risks, and a quarterly return for each of its 40 quarters: 39 submitted, each holding its
locked snapshot (the JSON the service stores, taken from a real project's report and
copied), and the last in review. PostgreSQL gets the whole national set (or `--scale F`
of the partnerships, always keeping the largest and the smallest); SQLite gets the
largest and the smallest partnership only ("partnership scale").

Signed in as the coordinator of the largest partnership, through Django's test client
after warm-up requests, it times:

- a project's page                       /projects/<uuid>/
- the funder return for a quarter (XLSX)  /projects/funders/<uuid>/return.xlsx?quarter=2021-04-01

For each: p50 and p95, the queries one request runs (session and user look-ups included)
and the same on the smallest partnership (the count must not grow with the data), the p50
of the page's own statements re-run on a plain cursor, and the p50 of the best raw SQL
for the same figures. Targets: the project page's p50 under 30 ms on PostgreSQL; the
funder return under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
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
    Dialect,
    PageResult,
    capture_queries,
    chosen_ranks,
    count_queries,
    database_description,
    get,
    measure,
    measure_call,
    migrate_and_run,
    print_compared,
    settle_database,
    signed_in_client,
)
from bench.common import main as run_benchmark

PARTNERSHIPS = 400
PROJECTS = 8_000
ZIPF_EXPONENT = 0.55
QUARTERS = 40
FIRST_QUARTER = dt.date(2016, 4, 1)
RETURN_QUARTER = dt.date(2021, 4, 1)
OUTPUTS = 3
TARGETS_MS = {"project": 30.0, "funder": 1000.0}


def sizes() -> list[int]:
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, PARTNERSHIPS + 1)]
    total = sum(weights)
    return [max(2, round(PROJECTS * w / total)) for w in weights]


def quarters() -> list[dt.date]:
    from projects import quarters as q

    return q.between(FIRST_QUARTER, dt.date(2026, 3, 31))


def quarter_table(d: Dialect) -> str:
    rows = " UNION ALL ".join(
        f"SELECT {d.date(day)} AS quarter, {n} AS n" for n, day in enumerate(quarters())
    )
    return f"({rows}) qt"


@dataclass
class Built:
    partnership: Any
    coordinator: Any
    project: Any
    funder: Any
    projects: int


def build(scale: float) -> tuple[dict[str, float], Built, Built, dict[str, int]]:
    from django.db import connection, transaction

    from accounts.models import Membership, Partnership, Role, User
    from partners.models import Organisation, Sector
    from projects import figures
    from projects.models import Funder, MonitoringReturn, Project

    d = Dialect(connection.vendor)
    ranks = chosen_ranks(scale, connection.vendor, PARTNERSHIPS)
    all_sizes = sizes()
    sector = Sector.objects.get(partnership=None, code="voluntary-community").pk
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    built: dict[int, Built] = {}
    snapshot_sql = ""
    with transaction.atomic(), connection.cursor() as cursor:
        for rank in ranks:
            n = all_sizes[rank]
            partnership = Partnership.objects.create(
                name=f"Partnership {rank + 1}", slug=f"p{rank + 1}", code=f"P{rank + 1}"
            )
            p = partnership.pk
            funder = Funder.objects.get(partnership=partnership, name="Home Office Prevent funding")
            providers = max(1, n // 3)
            prefix, source = d.series(providers)
            cursor.execute(
                f"{prefix}INSERT INTO partners_organisation "
                "(uuid, partnership_id, name, sector_id, address, postcode, parent_id, status, urn, created_at) "  # noqa: E501
                f"SELECT {d.uuid()}, {p}, 'Provider ' || (i + 1), {sector}, '', '', NULL, 'active', '', {d.now()} "  # noqa: E501
                f"FROM {source}"
            )
            low = (
                Organisation.objects.filter(partnership=partnership)
                .order_by("id")
                .values_list("id", flat=True)[0]
            )
            prefix, source = d.series(n)
            cursor.execute(
                f"{prefix}INSERT INTO projects_project (uuid, partnership_id, title, provider_id, funder_id, "
                "grant_reference, start_on, end_on, status, description, action_id, created_at) "
                f"SELECT {d.uuid()}, {p}, 'Project ' || (i + 1), {low} + (i % {providers}), {funder.pk}, "
                f"'HO-' || i, {d.date(FIRST_QUARTER)}, {d.date(dt.date(2026, 3, 31))}, 'active', "
                f"'A commissioned project of the benchmark', NULL, {d.now()} FROM {source}"
            )
            scope = f"FROM projects_project p CROSS JOIN {quarter_table(d)} WHERE p.partnership_id = {p}"
            cursor.execute(
                "INSERT INTO projects_projectquarter (project_id, quarter, budget, spend) "
                f"SELECT p.id, qt.quarter, 2500, CASE WHEN (p.id + qt.n) % 7 = 0 THEN 1800 ELSE 2450 END {scope}"  # noqa: E501
            )
            for k in range(OUTPUTS):
                cursor.execute(
                    "INSERT INTO projects_output (uuid, project_id, description, target_total, position) "
                    f"SELECT {d.uuid()}, p.id, 'Output {k + 1}: workshops delivered', 240, {k} "
                    f"FROM projects_project p WHERE p.partnership_id = {p}"
                )
            cursor.execute(
                "INSERT INTO projects_outputquarter (output_id, quarter, target, actual) "
                "SELECT o.id, qt.quarter, 6, CASE WHEN (o.id + qt.n) % 5 = 0 THEN 4 ELSE 6 END "
                f"FROM projects_output o JOIN projects_project p ON p.id = o.project_id CROSS JOIN {quarter_table(d)} "  # noqa: E501
                f"WHERE p.partnership_id = {p}"
            )
            cursor.execute(
                "INSERT INTO projects_outcome (uuid, project_id, description, target, result) "
                f"SELECT {d.uuid()}, p.id, 'Young people more confident', '80%', 'On track' "
                f"FROM projects_project p WHERE p.partnership_id = {p}"
            )
            for k in range(4):
                cursor.execute(
                    "INSERT INTO projects_milestone (uuid, project_id, title, due_on, status, completed_on) "
                    f"SELECT {d.uuid()}, p.id, 'Milestone {k + 1}', {d.date(dt.date(2017 + 2 * k, 3, 31))}, 'done', "  # noqa: E501
                    f"{d.date(dt.date(2017 + 2 * k, 3, 20))} FROM projects_project p WHERE p.partnership_id = {p}"  # noqa: E501
                )
            for k in range(2):
                cursor.execute(
                    "INSERT INTO projects_risk (uuid, project_id, description, likelihood, impact, mitigation, status) "  # noqa: E501
                    f"SELECT {d.uuid()}, p.id, 'Risk {k + 1}', 'medium', 'high', 'Mitigated', 'open' "
                    f"FROM projects_project p WHERE p.partnership_id = {p}"
                )
            if not snapshot_sql:
                sample = (
                    Project.objects.filter(partnership=partnership)
                    .select_related("provider", "funder")
                    .first()
                )
                assert sample is not None
                report = figures.live_reports(
                    [sample],
                    {
                        sample.pk: MonitoringReturn(
                            project=sample, quarter=RETURN_QUARTER, progress="On track."
                        )
                    },
                )[sample.pk]
                snapshot_sql = d.json(json.dumps(report))
            cursor.execute(
                "INSERT INTO projects_monitoringreturn (uuid, project_id, quarter, status, progress, issues, "
                "next_quarter, review_comment, snapshot, submitted_at, submitted_by_id, updated_at) "
                f"SELECT {d.uuid()}, p.id, qt.quarter, CASE WHEN qt.n = {QUARTERS - 1} THEN 'in_review' ELSE 'submitted' END, "  # noqa: E501
                f"'On track.', '', '', '', CASE WHEN qt.n = {QUARTERS - 1} THEN NULL ELSE {snapshot_sql} END, "  # noqa: E501
                f"CASE WHEN qt.n = {QUARTERS - 1} THEN NULL ELSE {d.now()} END, NULL, {d.now()} {scope}"
            )
            coordinator = User.objects.create_user(
                f"coordinator@p{rank + 1}.example.gov.uk", None, full_name="Cora"
            )
            Membership.objects.create(user=coordinator, partnership=partnership, role=Role.COORDINATOR)
            project = Project.objects.filter(partnership=partnership).order_by("id").first()
            built[rank] = Built(partnership, coordinator, project, funder, n)
    seconds["tables"] = time.perf_counter() - started
    started = time.perf_counter()
    settle_database()
    seconds["VACUUM (ANALYZE)"] = time.perf_counter() - started
    totals = {}
    with connection.cursor() as cursor:
        for table in (
            "projects_project",
            "projects_projectquarter",
            "projects_outputquarter",
            "projects_monitoringreturn",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            totals[table] = cursor.fetchone()[0]
    totals["partnerships"] = len(ranks)
    return seconds, built[ranks[0]], built[ranks[-1]], totals


def project_sql(project: Any) -> list[tuple[str, Any]]:
    """The project page's figures in two statements: each quarter's budget and spend, and
    each output's target and actual summed over its quarters."""
    return [
        (
            "SELECT quarter, budget, spend, spend - budget FROM projects_projectquarter "
            "WHERE project_id = %s ORDER BY quarter",
            [project.pk],
        ),
        (
            "SELECT o.id, o.description, o.target_total, SUM(oq.target), SUM(oq.actual) FROM projects_output o "  # noqa: E501
            "LEFT JOIN projects_outputquarter oq ON oq.output_id = o.id WHERE o.project_id = %s "
            "GROUP BY o.id, o.description, o.target_total",
            [project.pk],
        ),
    ]


def funder_sql(built: Built) -> list[tuple[str, Any]]:
    """The funder return's figures: the stored snapshots of the quarter's returns of the
    funder's projects active in it."""
    return [
        (
            "SELECT p.title, r.status, r.snapshot FROM projects_project p LEFT JOIN projects_monitoringreturn r "  # noqa: E501
            "ON r.project_id = p.id AND r.quarter = %s WHERE p.partnership_id = %s AND p.funder_id = %s "
            "AND p.start_on <= %s AND p.end_on >= %s ORDER BY p.title, p.id",
            [RETURN_QUARTER, built.partnership.pk, built.funder.pk, dt.date(2021, 6, 30), RETURN_QUARTER],
        )
    ]


def download(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return bytes(response.content)


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


@dataclass
class Timed:
    key: str
    page: PageResult
    base_ms: float
    small_queries: int


def run_pages(args: argparse.Namespace) -> list[Timed]:
    from django.urls import reverse

    print(f"Building the projects data set (scale {args.scale:g}) on {database_description()}…", flush=True)
    seconds, largest, smallest, totals = build(args.scale)
    client = signed_in_client(largest.coordinator)
    small = signed_in_client(smallest.coordinator)

    def urls(built: Built) -> dict[str, str]:
        return {
            "project": reverse("projects:project_detail", kwargs={"uuid": built.project.uuid}),
            "funder": reverse("projects:funder_return", kwargs={"uuid": built.funder.uuid})
            + f"?quarter={RETURN_QUARTER.isoformat()}",
        }

    names = {"project": "a project's page (40 quarters)", "funder": "funder return for a quarter (XLSX)"}
    base = {"project": project_sql(largest.project), "funder": funder_sql(largest)}
    results = []
    small_urls = urls(smallest)
    for key, url in urls(largest).items():
        page = PageResult(names[key], url)
        if key == "funder":
            # A file, not a page: bench.common's `measure` reads HTML.
            measure_call(page, functools.partial(download, client, url), args.requests)
            download(small, small_urls["funder"])
            small_queries = len(capture_queries(functools.partial(download, small, small_urls["funder"])))
        else:
            measure(page, client, args.requests, profile=args.profile)
            get(small, small_urls[key])
            small_queries = len(count_queries(small, small_urls[key]))
        results.append(Timed(key, page, time_sql(base[key], args.requests), small_queries))
    print()
    print(f"Commissioned projects on {database_description()} (load average {os.getloadavg()[0]:.2f}):")
    for name, took in seconds.items():
        print(f"  built {name} in {took:.1f} s")
    print("  " + ", ".join(f"{name}: {count:,}" for name, count in totals.items()))
    print(f"  largest partnership: {largest.projects:,} projects; smallest: {smallest.projects:,}")
    print()
    print_compared([Compared(t.page, t.base_ms, t.small_queries, TARGETS_MS[t.key]) for t in results], args)
    return results


def run_worker(args: argparse.Namespace) -> int:
    return migrate_and_run(run_pages, args)


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())
