"""Training compliance benchmark: the compliance pages at national scale, on SQLite and
PostgreSQL.

    .venv/bin/python bench/training_pages.py [--database sqlite|postgresql|both] [--requests N] [--scale F]

bench/training.py calls `run_pages(args)` in its worker; run alone, this script is its own
benchmark (bench/common.py: one subprocess per database, PostgreSQL in a database created
for the run and dropped at the end).

The data set is written with set-based SQL (generate_series on PostgreSQL, a recursive
series on SQLite), not through the action functions: 400 partnerships with Zipf-skewed
sizes (exponent 0.55: the largest holds about 3.2%), 60,000 organisations (a council, its
services, 5% of the rest, under it; the rest schools, health, voluntary and faith
organisations), 1,500,000 people (a quarter in each of four staff groups; a tenth with no
start date; one in twenty left) and about 5,000,000 completions of four national courses
over four years. PostgreSQL gets the whole national set (or `--scale F` of the
partnerships, always keeping the largest and the smallest); SQLite gets the largest and
the smallest partnership only ("partnership scale"). Each partnership has three
requirement rules: frontline staff WRAP (a staff group, refresher every 3 years, target
90%), maintained schools' Prevent awareness (a sector, with the refresher course, every 3
years, 95%) and the council's WRAP (the council and its services, within 3 months,
refresher every 2 years, 100%). Every organisation declares its number of all staff and
of frontline staff a year ago and this year (`partners.StaffCount`), about half of them
more than the register holds: the declared staff beyond the register are in each
percentage's denominator. The compliance summary is then built by
`training.compliance.rebuild()`, the set-based code the service runs, and timed.

Signed in as the coordinator of the largest partnership, through Django's test client
after warm-up requests, it times:

- the compliance page of the frontline staff rule /training/rules/<uuid>/
- the council's compliance page               /training/compliance/organisations/<uuid>/
- the sector summary                          /training/compliance/sectors/

For each: p50 and p95, the queries one request runs (the session, user and second-factor
look-ups included) and the same on the smallest partnership (the count must not grow
with the data), the p50 of the page's own statements re-run on a plain cursor, and the
p50 of the best single raw SQL statements over the base tables (contacts, organisations,
completions; dates compared and months added in SQL at query time) that give the same
figures, given the council's organisations already found, with each rule's latest
declared staff numbers (one statement a rule). Targets: p50 under 30 ms on
PostgreSQL and 50 ms on SQLite.
"""

from __future__ import annotations

import argparse
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
ORGANISATIONS = 60_000
PEOPLE = 1_500_000
ZIPF_EXPONENT = 0.55
SERVICES_SHARE = 20  # one organisation in 20 is a council service
GROUPS = ("frontline-staff", "teaching-staff", "support-staff", "managers")
OTHER_SECTORS = (
    "school-maintained",
    "school-academy",
    "early-years",
    "health",
    "voluntary-community",
    "faith-institution",
    "further-education",
)
COURSES = ("prevent-awareness", "wrap", "prevent-refresher", "channel-awareness")
TARGETS_MS = {"postgresql": 30.0, "sqlite": 50.0}


def sizes() -> list[tuple[int, int]]:
    """(organisations, people) of each partnership, largest first."""
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, PARTNERSHIPS + 1)]
    total = sum(weights)
    return [(max(3, round(ORGANISATIONS * w / total)), max(20, round(PEOPLE * w / total))) for w in weights]


# --- writing the data set ------------------------------------------------------------------------


@dataclass
class Built:
    partnership: Any
    council: Any
    coordinator: Any
    rules: list[Any]
    organisations: int
    people: int


def build(scale: float) -> tuple[dict[str, float], Built, Built, dict[str, int]]:
    from django.db import connection, transaction

    from accounts.models import Membership, Partnership, Role, User
    from partners.models import Organisation, Sector, StaffGroup
    from training import compliance
    from training.models import AudienceKind, Course, RequirementRule

    d = Dialect(connection.vendor)
    ranks = chosen_ranks(scale, connection.vendor, PARTNERSHIPS)
    all_sizes = sizes()
    sector = {s.code: s.pk for s in Sector.objects.filter(partnership=None)}
    group = {g.code: g.pk for g in StaffGroup.objects.filter(partnership=None)}
    course = {c.code: c for c in Course.objects.filter(partnership=None)}
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    built: dict[int, Built] = {}
    creator = User.objects.create_user("bench-creator@example.gov.uk", None, full_name="Bench")
    with transaction.atomic(), connection.cursor() as cursor:
        for rank in ranks:
            n_orgs, n_people = all_sizes[rank]
            partnership = Partnership.objects.create(
                name=f"Partnership {rank + 1}", slug=f"p{rank + 1}", code=f"P{rank + 1}"
            )
            p = partnership.pk
            council = Organisation.objects.create(
                partnership=partnership, name=f"Council {rank + 1}", sector_id=sector["local-authority"]
            )
            services = max(1, n_orgs // SERVICES_SHARE)
            others = (
                "CASE "
                + " ".join(
                    f"WHEN i % {len(OTHER_SECTORS)} = {k} THEN {sector[code]}"
                    for k, code in enumerate(OTHER_SECTORS)
                )
                + " END"
            )
            prefix, source = d.series(n_orgs - 1)
            cursor.execute(
                f"{prefix}INSERT INTO partners_organisation "
                "(uuid, partnership_id, name, sector_id, address, postcode, parent_id, status, urn, created_at) "  # noqa: E501
                f"SELECT {d.uuid()}, {p}, 'Organisation ' || (i + 1), "
                f"CASE WHEN i < {services} THEN {sector['local-authority']} ELSE {others} END, '', '', "
                f"CASE WHEN i < {services} THEN {council.pk} ELSE NULL END, 'active', '', {d.now()} FROM {source}"  # noqa: E501
            )
            cursor.execute(
                f"SELECT MIN(id), MAX(id), COUNT(*) FROM partners_organisation WHERE partnership_id = {p}"
            )
            low, high, count = cursor.fetchone()
            assert high - low + 1 == count == n_orgs, "organisation ids are not contiguous"
            groups = (
                "CASE "
                + " ".join(f"WHEN i % 4 = {k} THEN {group[code]}" for k, code in enumerate(GROUPS))
                + " END"
            )
            prefix, source = d.series(n_people)
            cursor.execute(
                f"{prefix}INSERT INTO partners_contact (uuid, partnership_id, organisation_id, name, job_title, "  # noqa: E501
                "email, phone, staff_group_id, started_on, left_on) "
                f"SELECT {d.uuid()}, {p}, {low} + ((i * 7919) % {n_orgs}), 'Person ' || i, '', '', '', {groups}, "  # noqa: E501
                f"CASE WHEN i % 10 = 0 THEN NULL ELSE {d.days_ago('(i * 37) % 3650')} END, "
                f"CASE WHEN i % 20 = 7 THEN {d.days_ago('i % 400')} ELSE NULL END FROM {source}"
            )
            # Declared staff numbers (the denominators beyond the register): every
            # organisation a count of all staff and of frontline staff, a year ago and
            # this year; about half declare more than the register holds.
            recorded = max(1, n_people // n_orgs)
            cursor.execute(
                "INSERT INTO partners_staffcount (uuid, organisation_id, staff_group_id, number, counted_on) "
                f"SELECT {d.uuid()}, o.id, g.group_id, "
                f"CASE WHEN g.group_id = {group['all-staff']} THEN {recorded} ELSE {max(1, recorded // 4)} END "  # noqa: E501
                f"+ (o.id * 13 + g.y) % {max(2, recorded // 2)} - {max(1, recorded // 4)}, g.counted_on "
                "FROM partners_organisation o CROSS JOIN ("
                f"SELECT {group['all-staff']} AS group_id, 0 AS y, {d.days_ago('400')} AS counted_on UNION ALL "  # noqa: E501
                f"SELECT {group['all-staff']}, 1, {d.days_ago('35')} UNION ALL "
                f"SELECT {group['frontline-staff']}, 0, {d.days_ago('400')} UNION ALL "
                f"SELECT {group['frontline-staff']}, 1, {d.days_ago('35')}) g "
                f"WHERE o.partnership_id = {p}"
            )
            courses = (
                "CASE "
                + " ".join(f"WHEN k % 4 = {n} THEN {course[code].pk}" for n, code in enumerate(COURSES))
                + " END"
            )
            cursor.execute(
                "INSERT INTO training_completion (uuid, partnership_id, person_id, course_id, completed_on, "
                "session_id, source, created_at) "
                f"SELECT {d.uuid()}, {p}, c.id, {courses}, {d.days_ago('(c.id * 13 + k * 211) % 1460')}, NULL, "  # noqa: E501
                f"'import', {d.now()} FROM partners_contact c CROSS JOIN "
                "(SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) ks "  # noqa: E501
                f"WHERE c.partnership_id = {p} AND (c.id * 7 + k) % 3 <> 0"
            )
            rules = []
            for name, kind, target, codes, due, refresher, percent in (
                (
                    "Frontline staff: WRAP",
                    AudienceKind.STAFF_GROUP,
                    {"staff_group_id": group["frontline-staff"]},
                    ("wrap",),
                    6,
                    36,
                    90,
                ),
                (
                    "Maintained schools: awareness",
                    AudienceKind.SECTOR,
                    {"sector_id": sector["school-maintained"]},
                    ("prevent-awareness", "prevent-refresher"),
                    3,
                    36,
                    95,
                ),
                (
                    "Council: WRAP",
                    AudienceKind.ORGANISATION,
                    {"organisation_id": council.pk},
                    ("wrap",),
                    3,
                    24,
                    100,
                ),
            ):
                rule = RequirementRule.objects.create(
                    partnership=partnership,
                    name=name,
                    audience=kind,
                    due_within_months=due,
                    refresher_months=refresher,
                    target_percent=percent,
                    created_by=creator,
                    **target,
                )
                rule.courses.set([course[code] for code in codes])
                rules.append(rule)
            coordinator = User.objects.create_user(
                f"coordinator@p{rank + 1}.example.gov.uk", None, full_name="Cora"
            )
            Membership.objects.create(user=coordinator, partnership=partnership, role=Role.COORDINATOR)
            built[rank] = Built(partnership, council, coordinator, rules, n_orgs, n_people)
    seconds["base tables"] = time.perf_counter() - started
    started = time.perf_counter()
    settle_database()  # statistics for the planner, as a running service's tables have
    seconds["VACUUM (ANALYZE)"] = time.perf_counter() - started
    started = time.perf_counter()
    entries = compliance.rebuild()
    seconds["compliance summary (training.compliance.rebuild)"] = time.perf_counter() - started
    started = time.perf_counter()
    # The summary settled too, as autovacuum leaves a table after many rows go in (since
    # PostgreSQL 13 it vacuums after inserts): the pages count from its index alone, which
    # needs the table's pages marked all-visible.
    settle_database()
    seconds["VACUUM (ANALYZE) of the summary"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        totals = {}
        for table in (
            "partners_organisation",
            "partners_contact",
            "training_completion",
            "training_complianceentry",
            "partners_staffcount",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            totals[table] = cursor.fetchone()[0]
    totals["summary rows written"] = entries
    totals["partnerships"] = len(ranks)
    return seconds, built[ranks[0]], built[ranks[-1]], totals


# --- the best raw SQL over the base tables -------------------------------------------------------


def base_sql(rule: Any, group_by: str, organisation_ids: Sequence[int] | None, d: Dialect) -> tuple[str, Any]:
    """One statement giving a rule's figures (people, trained, due soon, overdue) grouped by
    organisation or sector, from contacts, organisations and completions, with the
    months added and dates compared at query time."""
    from training.compliance import DUE_SOON_DAYS, rule_start
    from training.models import AudienceKind

    today = d.today()
    soon = f"(CURRENT_DATE + {DUE_SOON_DAYS})" if d.pg else f"date('now', '+{DUE_SOON_DAYS} days')"
    course_ids = [course.pk for course in rule.courses.all()]
    first_due = d.add_months(
        f"COALESCE(c.started_on, '{rule_start(rule).isoformat()}')", rule.due_within_months
    )
    if rule.refresher_months:
        expires = d.add_months("l.latest", rule.refresher_months)
        valid = f"(l.latest IS NOT NULL AND {expires} > {today})"
        due = f"CASE WHEN l.latest IS NULL THEN {first_due} ELSE {d.greatest(first_due, expires)} END"
        expiring = f"({valid} AND {expires} <= {soon})"
    else:
        valid = "(l.latest IS NOT NULL)"
        due = first_due
        expiring = "(1 = 0)"
    audience = {
        AudienceKind.STAFF_GROUP: f"c.staff_group_id = {rule.staff_group_id}",
        AudienceKind.SECTOR: f"o.sector_id = {rule.sector_id}",
        AudienceKind.ORGANISATION: f"c.organisation_id IN ({','.join(str(i) for i in organisation_ids or [0])})",  # noqa: E501
    }[rule.audience]
    if organisation_ids is not None and rule.audience != AudienceKind.ORGANISATION:
        audience += f" AND c.organisation_id IN ({','.join(str(i) for i in organisation_ids)})"
    group = "c.organisation_id" if group_by == "organisation" else "o.sector_id"
    sql = (
        f"SELECT {group}, COUNT(*), "
        f"SUM(CASE WHEN {valid} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {expiring} OR (NOT {valid} AND {due} > {today} AND {due} <= {soon}) THEN 1 ELSE 0 END), "  # noqa: E501
        f"SUM(CASE WHEN NOT {valid} AND {due} <= {today} THEN 1 ELSE 0 END) "
        "FROM partners_contact c JOIN partners_organisation o ON o.id = c.organisation_id "
        "LEFT JOIN (SELECT person_id, MAX(completed_on) AS latest FROM training_completion "
        f"WHERE partnership_id = {rule.partnership_id} AND course_id IN ({','.join(str(i) for i in course_ids)}) "  # noqa: E501
        "GROUP BY person_id) l ON l.person_id = c.id "
        f"WHERE c.partnership_id = {rule.partnership_id} AND o.status = 'active' AND (c.left_on IS NULL OR c.left_on > {today}) "  # noqa: E501
        f"AND {audience} GROUP BY {group}"
    )
    return sql, None


def declared_sql(rule: Any, organisation_ids: Sequence[int] | None, d: Dialect) -> tuple[str, Any]:
    """Each active organisation's latest declared number, on or before today, of the staff
    group whose numbers are the rule's denominators beyond the register (the rule's own
    group, or all staff), from the staff counts."""
    from partners.models import StaffGroup
    from training.compliance import ALL_STAFF
    from training.models import AudienceKind

    group = (
        rule.staff_group_id
        if rule.audience == AudienceKind.STAFF_GROUP
        else StaffGroup.objects.get(partnership=None, code=ALL_STAFF).pk
    )
    today = d.today()
    within = (
        f" AND s.organisation_id IN ({','.join(str(i) for i in organisation_ids)})"
        if organisation_ids
        else ""
    )
    sql = (
        "SELECT s.organisation_id, s.number FROM partners_staffcount s "
        "JOIN partners_organisation o ON o.id = s.organisation_id "
        f"WHERE o.partnership_id = {rule.partnership_id} AND o.status = 'active' AND s.staff_group_id = {group} "  # noqa: E501
        f"AND s.counted_on <= {today}{within} AND NOT EXISTS (SELECT 1 FROM partners_staffcount t "
        "WHERE t.organisation_id = s.organisation_id AND t.staff_group_id = s.staff_group_id "
        f"AND t.counted_on > s.counted_on AND t.counted_on <= {today})"
    )
    return sql, None


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


# --- the run -----------------------------------------------------------------------------------


@dataclass
class Timed:
    page: PageResult
    base_ms: float
    small_queries: int


def run_pages(args: argparse.Namespace) -> list[Timed]:
    """Build the data set in the current database, time the pages and print the report.
    For bench/training.py, which has already set up Django and migrated."""
    from django.db import connection
    from django.urls import reverse

    from training import compliance

    print(f"Building the training data set (scale {args.scale:g}) on {database_description()}…", flush=True)
    seconds, largest, smallest, totals = build(args.scale)
    settle_database()
    d = Dialect(connection.vendor)
    client = signed_in_client(largest.coordinator)
    small = signed_in_client(smallest.coordinator)
    frontline = largest.rules[0]
    under = sorted(compliance.descendants([largest.council.pk]))

    def urls(built: Built) -> dict[str, str]:
        return {
            "rule": reverse("training:rule_detail", kwargs={"uuid": built.rules[0].uuid}),
            "organisation": reverse("training:compliance_organisation", kwargs={"uuid": built.council.uuid}),
            "sectors": reverse("training:compliance_sectors"),
        }

    names = {
        "rule": "compliance page of the frontline staff rule",
        "organisation": "the council's compliance page (with its services)",
        "sectors": "sector summary (three rules)",
    }
    base = {
        "rule": [
            base_sql(frontline, "organisation", None, d),
            base_sql(frontline, "sector", None, d),
            declared_sql(frontline, None, d),
        ],
        "organisation": [base_sql(rule, "organisation", under, d) for rule in largest.rules]
        + [declared_sql(rule, under, d) for rule in largest.rules],
        "sectors": [base_sql(rule, "sector", None, d) for rule in largest.rules]
        + [declared_sql(rule, None, d) for rule in largest.rules],
    }
    results = []
    small_urls = urls(smallest)
    for key, url in urls(largest).items():
        page = PageResult(names[key], url)
        measure(page, client, args.requests, profile=args.profile)
        get(small, small_urls[key])
        small_queries = len(count_queries(small, small_urls[key]))
        results.append(Timed(page, time_sql(base[key], args.requests), small_queries))
    target = TARGETS_MS[connection.vendor]
    print()
    print(f"Training compliance pages on {database_description()} (load average {os.getloadavg()[0]:.2f}):")
    for name, took in seconds.items():
        print(f"  built {name} in {took:.1f} s")
    print("  " + ", ".join(f"{name}: {count:,}" for name, count in totals.items()))
    print(
        f"  largest partnership: {largest.organisations:,} organisations, {largest.people:,} people; "
        f"smallest: {smallest.organisations:,}, {smallest.people:,}"
    )
    print()
    print_compared(
        [Compared(t.page, t.base_ms, t.small_queries, target) for t in results],
        args,
        best_heading="base-table SQL p50",
    )
    return results


def run_worker(args: argparse.Namespace) -> int:
    return migrate_and_run(run_pages, args)


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())
