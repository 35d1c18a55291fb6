"""Delivery-plans benchmark: the plan pages at national scale, on SQLite and PostgreSQL.

    .venv/bin/python bench/plans.py [--database sqlite|postgresql|both] [--requests N] [--scale F]

(`make bench-plans` runs it with the defaults: both databases, 50 requests, full scale.)

For each database the script runs itself in a fresh subprocess whose environment is
set before Django starts: SQLite gets `PREVENTHUB_VAR_DIR=<fresh temp dir>` and no
DATABASE_URL, so the project's own SQLite settings (WAL, IMMEDIATE transactions)
apply; PostgreSQL gets `DATABASE_URL=.../preventhub_bench_<pid>`, a database created
first and dropped at the end, also when the run fails. The subprocess migrates, then
builds a national-scale data set with `bulk_create` (the benchmark measures reads, so
it bypasses the action functions and their audit events):

- 400 partnerships, each with one coordinator (two-factor verified when signed in);
- 5 yearly plans per partnership (the five financial years up to the current one;
  the newest two active, the others closed), each with 5 objectives, two of which
  have 2 areas of focus, and 50 actions: 2,000 plans and 100,000 actions in all;
- 5 progress updates per action (500,000), with the latest RAG and update date
  stored on the action as `plans.actions.record_progress_update` would, and a spread
  of RAG values, target dates and update dates that leaves a good share of the
  actions of active plans overdue;
- one extra, tiny partnership with one plan of 2 actions, to compare query counts.

It then signs in as the coordinator of the largest partnership and, for its newest
active plan, times with Django's test client (after a few warm-up requests):

- the strategy page   /plans/<uuid>/
- the overdue list     /plans/overdue/
- the RAG summary      /plans/  (every plan of the partnership with its RAG counts)

and prints for each page the p50 and p95 response time, the number of SQL queries
one request runs (counted as assertNumQueries counts them: the session, the user
read with their memberships and the two-factor device are included; the session save,
at most once a minute, is not), and the p50 of the summed time of exactly those
statements, with the same parameters, re-run on a plain database cursor (so the rest
of the response time is Python: middleware, ORM, view and template). The query count
of each page is also measured on the tiny partnership: a count that does not grow
with the data is the same on both, and for the strategy page that is asserted. The
target is a p50 under 30 ms for every page. `--explain` prints the query plan of the
slowest statement of every page (it is printed anyway for a page that misses the
target); `--statements` lists every statement of each page with its raw time.

The test client keeps one database connection open, so connection set-up is not in
the figures; SQLite gets no ANALYZE (the app never runs one), PostgreSQL is vacuumed,
analysed and checkpointed after the load, as its background workers would do in the
minutes after it, so that their work does not run during the timing. The machine's
load average is printed with the results: other work on the machine shows up in the
p50 and p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# Run as a script, the project root is not on the path; bench.common needs it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    WARM_UP_REQUESTS,
    PageResult,
    count_queries,
    database_description,
    get,
    measure,
    print_profiles,
    print_slowest,
    print_statements,
    print_table,
    settle_database,
    setup_django,
    signed_in_client,
)
from bench.common import main as run_benchmark

if TYPE_CHECKING:
    from accounts.models import Partnership, User
    from plans.models import Objective, Strategy

TARGET_P50_MS = 30.0
SEED = 20_260_401

# National scale. --scale changes the number of partnerships only: every partnership
# (and so every page measured) is the same size whatever the scale.
PARTNERSHIPS = 400
PLANS_PER_PARTNERSHIP = 5
ACTIVE_PLANS = 2
OBJECTIVES_PER_PLAN = 5
AREAS_OF_FOCUS = {2: 2, 4: 2}  # objective position -> number of areas of focus under it
ACTIONS_PER_PLAN = 50
UPDATES_PER_ACTION = 5
BATCH_SIZE = 5_000
PARTNERSHIPS_PER_TRANSACTION = 20

# Shares of the latest RAG status, and the chance that an action of an active plan has
# been updated this quarter.
ACTIVE_RAG_WEIGHTS = {"red": 12, "amber": 28, "green": 42, "complete": 18}
CLOSED_RAG_WEIGHTS = {"red": 8, "amber": 14, "green": 20, "complete": 58}
EARLIER_RAG_WEIGHTS = {"red": 15, "amber": 35, "green": 50}
UPDATED_THIS_QUARTER = 0.55
NO_TARGET_DATE = 0.1

OBJECTIVE_TITLES = [
    "Safeguard people at risk of radicalisation through early intervention",
    "Build the confidence and resilience of communities",
    "Work with education, health and other sectors to meet the Prevent duty",
    "Tackle the ideological causes of terrorism online and offline",
    "Strengthen the partnership's governance and understanding of local risk",
]
AREA_TITLES = [
    "Schools and colleges",
    "Faith and community organisations",
    "Health and social care",
    "Online harms",
]
VERBS = ["Deliver", "Review", "Commission", "Map", "Embed", "Evaluate", "Promote", "Host", "Refresh"]
SUBJECTS = [
    "WRAP training for frontline staff",
    "the Channel referral pathway",
    "community roundtables on extremism",
    "the counter-terrorism local profile briefing",
    "Prevent awareness in supplementary schools",
    "a Prevent education package for colleges",
    "the due diligence process for venue hire",
    "an online safety campaign for parents",
    "referral quality audits",
    "the faith leaders' network",
]
LEAD_OFFICERS = [
    "Prevent Coordinator",
    "Prevent Education Officer",
    "Community Engagement Officer",
    "Head of Community Safety",
    "Safeguarding Adults Lead",
    "Designated Safeguarding Lead Network Chair",
    "Principal Attendance Advisor",
    "Youth Service Manager",
    "Police Prevent Sergeant",
    "Public Health Consultant",
    "Communications Manager",
    "Channel Panel Chair",
]
LEAD_AGENCIES = ["Council", "Police", "NHS trust", "Schools forum", "Voluntary sector", "Probation"]
TIMESCALES = ["", "Quarterly", "By the end of the year", "Termly"]
COMMENTARIES = [
    "Training delivered to two further cohorts; feedback shows more confidence in making referrals.",
    "Planning meeting held with partners; venue and dates agreed for the next quarter.",
    "Delayed by staff absence. A revised timetable goes to the next steering group.",
    "Completed on schedule. Evaluation report shared with the board.",
    "Work is on track. Attendance figures will be included in the quarterly return.",
    "Awaiting sign-off from the commissioning panel before the provider can start.",
    "Partners engaged well; a follow-up session has been requested by three schools.",
    "Risk escalated to the partnership board because funding has not yet been confirmed.",
]


# ---------------------------------------------------------------------------------
# The worker process: build the data set, then time the pages.
# ---------------------------------------------------------------------------------


@dataclass
class DataSet:
    partnerships: int = 0
    strategies: int = 0
    objectives: int = 0
    actions: int = 0
    updates: int = 0
    seconds: float = 0.0


def financial_year_start(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def day_between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if high <= low:
        return low
    return low + dt.timedelta(days=rng.randint(0, (high - low).days))


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass(frozen=True)
class History:
    target_date: dt.date | None
    updates: list[tuple[dt.date, str]]  # oldest first; the last is the latest


def action_history(
    rng: random.Random, start: dt.date, end: dt.date, today: dt.date, quarter: dt.date, active: bool
) -> History:
    target = None if rng.random() < NO_TARGET_DATE else day_between(rng, start + dt.timedelta(days=60), end)
    horizon = min(end, today)
    if active and quarter <= horizon and rng.random() < UPDATED_THIS_QUARTER:
        latest = day_between(rng, max(quarter, start), horizon)
    elif active:
        latest = day_between(rng, start, min(horizon, quarter - dt.timedelta(days=1)))
    else:
        latest = day_between(rng, start + dt.timedelta(days=120), horizon)
    dates = [latest]
    for _ in range(UPDATES_PER_ACTION - 1):
        dates.append(max(start, dates[-1] - dt.timedelta(days=rng.randint(20, 80))))
    dates.reverse()
    rags = [weighted(rng, EARLIER_RAG_WEIGHTS) for _ in dates[:-1]]
    rags.append(weighted(rng, ACTIVE_RAG_WEIGHTS if active else CLOSED_RAG_WEIGHTS))
    return History(target, list(zip(dates, rags, strict=True)))


def plan_targets(objectives: list[Objective]) -> list[tuple[Objective, int]]:
    """Share a plan's actions between its objectives and areas of focus, in order."""
    base, extra = divmod(ACTIONS_PER_PLAN, len(objectives))
    return [(objective, base + (1 if index < extra else 0)) for index, objective in enumerate(objectives)]


def build_structure(
    count: int, today: dt.date, data: DataSet
) -> tuple[list[Partnership], dict[int, User], list[Strategy], dict[int, list[Objective]]]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import Membership, Partnership, Role, User
    from plans.models import SLOT, Objective, Strategy, StrategyStatus

    first_year = financial_year_start(today) - PLANS_PER_PARTNERSHIP + 1
    with transaction.atomic():
        partnerships = Partnership.objects.bulk_create(
            [
                Partnership(name=f"Benchmark partnership {n:03}", slug=f"bench-{n:03}", code=f"B{n:03}")
                for n in range(1, count + 1)
            ],
            batch_size=BATCH_SIZE,
        )
        users = User.objects.bulk_create(
            [
                User(
                    email=f"coordinator-{p.code.lower()}@bench.example.gov.uk",
                    full_name=f"Coordinator {p.code}",
                    password=make_password(None),
                )
                for p in partnerships
            ],
            batch_size=BATCH_SIZE,
        )
        coordinators = {p.pk: user for p, user in zip(partnerships, users, strict=True)}
        Membership.objects.bulk_create(
            [Membership(user=coordinators[p.pk], partnership=p, role=Role.COORDINATOR) for p in partnerships],
            batch_size=BATCH_SIZE,
        )
        strategies = Strategy.objects.bulk_create(
            [
                Strategy(
                    partnership=p,
                    title=f"Prevent Delivery Plan {year}-{(year + 1) % 100:02}",
                    period_start=dt.date(year, 4, 1),
                    period_end=dt.date(year + 1, 3, 31),
                    status=(
                        StrategyStatus.ACTIVE
                        if year > first_year + PLANS_PER_PARTNERSHIP - 1 - ACTIVE_PLANS
                        else StrategyStatus.CLOSED
                    ),
                    source=f"Agreed by the {p.name} Prevent board",
                    summary="The partnership's yearly delivery plan for the Prevent duty.",
                )
                for p in partnerships
                for year in range(first_year, first_year + PLANS_PER_PARTNERSHIP)
            ],
            batch_size=BATCH_SIZE,
        )
        tops = Objective.objects.bulk_create(
            [
                Objective(
                    strategy=s,
                    position=position,
                    sort_key=position * SLOT * SLOT,
                    reference=f"Objective {position}",
                    title=OBJECTIVE_TITLES[position - 1],
                    description="What the partnership will achieve under this objective.",
                )
                for s in strategies
                for position in range(1, OBJECTIVES_PER_PLAN + 1)
            ],
            batch_size=BATCH_SIZE,
        )
        areas = Objective.objects.bulk_create(
            [
                Objective(
                    strategy_id=top.strategy_id,
                    parent=top,
                    position=position,
                    sort_key=top.sort_key + position * SLOT,
                    title=AREA_TITLES[(top.position + position) % len(AREA_TITLES)],
                )
                for top in tops
                for position in range(1, AREAS_OF_FOCUS.get(top.position, 0) + 1)
            ],
            batch_size=BATCH_SIZE,
        )
    by_strategy: dict[int, list[Objective]] = {s.pk: [] for s in strategies}
    for objective in sorted([*tops, *areas], key=lambda o: o.sort_key):
        by_strategy[objective.strategy_id].append(objective)
    data.partnerships += len(partnerships)
    data.strategies += len(strategies)
    data.objectives += len(tops) + len(areas)
    return partnerships, coordinators, strategies, by_strategy


def build_actions(
    rng: random.Random,
    strategies: list[Strategy],
    objectives: dict[int, list[Objective]],
    coordinators: dict[int, User],
    today: dt.date,
    data: DataSet,
) -> None:
    from django.db import transaction

    from lib.quarters import quarter_start
    from plans.models import Action, ActionKind, ProgressUpdate, StrategyStatus

    quarter = quarter_start(today)
    actions: list[Action] = []
    histories: list[History] = []
    for strategy in strategies:
        number = 0
        for objective, count in plan_targets(objectives[strategy.pk]):
            for position in range(1, count + 1):
                number += 1
                history = action_history(
                    rng,
                    strategy.period_start,
                    strategy.period_end,
                    today,
                    quarter,
                    strategy.status == StrategyStatus.ACTIVE,
                )
                latest_on, latest_rag = history.updates[-1]
                actions.append(
                    Action(
                        partnership_id=strategy.partnership_id,
                        strategy_id=strategy.pk,
                        objective_id=objective.pk,
                        kind=ActionKind.PROJECT if number % 10 == 0 else ActionKind.ACTION,
                        position=position,
                        sort_key=objective.sort_key + position,
                        reference=f"{objective.sort_key // 1_000_000}.{number}",
                        title=f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}",
                        description="Agreed with partners at the annual planning workshop.",
                        outcomes="Staff and communities know how to raise concerns.",
                        outputs="Sessions delivered\nAttendance recorded\nFeedback collected",
                        target_date=history.target_date,
                        timescale="Ongoing" if history.target_date is None else rng.choice(TIMESCALES),
                        lead_officer=rng.choice(LEAD_OFFICERS),
                        lead_agency=rng.choice(LEAD_AGENCIES),
                        partners="Police, schools, voluntary sector",
                        rag=latest_rag,
                        last_update_on=latest_on,
                    )
                )
                histories.append(history)
    with transaction.atomic():
        Action.objects.bulk_create(actions, batch_size=BATCH_SIZE)
        updates = [
            ProgressUpdate(
                action_id=action.pk,
                update_date=update_date,
                rag=rag,
                commentary=rng.choice(COMMENTARIES),
                author_id=coordinators[action.partnership_id].pk,
            )
            # Oldest first, so the latest update also has the highest id.
            for action, history in zip(actions, histories, strict=True)
            for update_date, rag in history.updates
        ]
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH_SIZE)
    data.actions += len(actions)
    data.updates += len(updates)


def build_tiny_plan(today: dt.date) -> tuple[User, Strategy]:
    """A partnership with one active plan of two actions, one of them overdue."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Membership, Partnership, Role, User
    from lib.quarters import quarter_start
    from plans.models import SLOT, Action, Objective, ProgressUpdate, Rag, Strategy, StrategyStatus

    year = financial_year_start(today)
    partnership = Partnership.objects.create(
        name="Benchmark tiny partnership", slug="bench-tiny", code="TINY"
    )
    user = User.objects.create(
        email="coordinator-tiny@bench.example.gov.uk",
        full_name="Tiny Coordinator",
        password=make_password(None),
    )
    Membership.objects.create(user=user, partnership=partnership, role=Role.COORDINATOR)
    strategy = Strategy.objects.create(
        partnership=partnership,
        title=f"Tiny plan {year}-{(year + 1) % 100:02}",
        period_start=dt.date(year, 4, 1),
        period_end=dt.date(year + 1, 3, 31),
        status=StrategyStatus.ACTIVE,
    )
    objective = Objective.objects.create(
        strategy=strategy, position=1, sort_key=SLOT * SLOT, reference="Objective 1", title="Only objective"
    )
    stale = quarter_start(today) - dt.timedelta(days=10)
    for position, (rag, updated_on) in enumerate([(Rag.RED, stale), (Rag.GREEN, today)], start=1):
        action = Action.objects.create(
            partnership=partnership,
            strategy=strategy,
            objective=objective,
            position=position,
            sort_key=objective.sort_key + position,
            title=f"Tiny action {position}",
            lead_officer="Prevent Coordinator",
            rag=rag,
            last_update_on=updated_on,
        )
        ProgressUpdate.objects.create(
            action=action, update_date=updated_on, rag=rag, commentary="Progress noted.", author=user
        )
    return user, strategy


def build_data_set(scale: float, today: dt.date) -> DataSet:
    count = max(1, round(PARTNERSHIPS * scale))
    rng = random.Random(SEED)
    data = DataSet()
    started = time.perf_counter()
    partnerships, coordinators, strategies, objectives = build_structure(count, today, data)
    by_partnership: dict[int, list[Strategy]] = {}
    for strategy in strategies:
        by_partnership.setdefault(strategy.partnership_id, []).append(strategy)
    reported = 0
    for index in range(0, len(partnerships), PARTNERSHIPS_PER_TRANSACTION):
        chunk = partnerships[index : index + PARTNERSHIPS_PER_TRANSACTION]
        build_actions(
            rng, [s for p in chunk for s in by_partnership[p.pk]], objectives, coordinators, today, data
        )
        done = index + len(chunk)
        if done * 4 // len(partnerships) > reported or done == len(partnerships):
            reported = done * 4 // len(partnerships)
            elapsed = time.perf_counter() - started
            print(f"  {done}/{len(partnerships)} partnerships, {data.actions:,} actions ({elapsed:.0f} s)")
    data.seconds = time.perf_counter() - started
    return data


# ---------------------------------------------------------------------------------
# Measuring (the helpers are in bench/common.py).
# ---------------------------------------------------------------------------------


def print_report(
    args: argparse.Namespace,
    data: DataSet,
    migrate_seconds: float,
    pages: list[PageResult],
    partnership: Partnership,
    strategy: Strategy,
    load: tuple[float, float],
) -> None:
    print(
        f"{database_description()} — {data.partnerships:,} partnerships, {data.strategies:,} strategies, "
        f"{data.objectives:,} objectives, {data.actions:,} actions, {data.updates:,} updates "
        f"(built in {data.seconds:.0f} s; migrate {migrate_seconds:.1f} s)"
    )
    print(
        f"Signed in as the coordinator of {partnership.name}; strategy page of {strategy.title}. "
        f"{args.requests} timed requests per page after {WARM_UP_REQUESTS} warm-up requests; "
        f"load average {load[0]:.2f} before and {load[1]:.2f} after timing, on {os.cpu_count()} CPUs."
    )
    print()
    print_table(pages)
    print()
    print("Queries per page for a partnership with one plan of 2 actions, against the table above:")
    for page in pages:
        verdict = "same" if page.small_queries == page.queries else "DIFFERENT: grows with the data"
        print(f"  {page.name}: {page.small_queries} on the tiny plan, {page.queries} at scale ({verdict})")
    print()
    for page in pages:
        met = page.p50 < TARGET_P50_MS
        print(
            f"{page.name}: p50 {page.p50:.1f} ms — target of {TARGET_P50_MS:.0f} ms "
            f"{'met' if met else 'MISSED'}; query count "
            f"{'constant' if page.small_queries == page.queries else 'GROWS'}"
        )
    if args.statements:
        print_statements(pages)
    if args.profile:
        print_profiles(pages)
    for page in pages:
        if args.explain or page.p50 >= TARGET_P50_MS:
            print_slowest(page)


def run_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse

    from accounts.models import Membership, Partnership, Role
    from plans.models import Action, Strategy, StrategyStatus
    from plans.queries import today as local_today

    label = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"{label}: migrating and building the data set (scale {args.scale:g})…")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started

    today = local_today()
    data = build_data_set(args.scale, today)
    tiny_user, tiny_strategy = build_tiny_plan(today)
    settle_database()

    largest = (
        Action.objects.values("partnership_id")
        .annotate(actions=Count("id"))
        .order_by("-actions", "partnership_id")
        .first()
    )
    assert largest is not None
    partnership = Partnership.objects.get(pk=largest["partnership_id"])
    strategy = (
        Strategy.objects.filter(partnership=partnership, status=StrategyStatus.ACTIVE)
        .order_by("-period_start")
        .first()
    )
    assert strategy is not None
    coordinator = Membership.objects.get(partnership=partnership, role=Role.COORDINATOR).user

    client = signed_in_client(coordinator)
    tiny_client = signed_in_client(tiny_user)
    pages = [
        PageResult("strategy page", reverse("plans:strategy_detail", kwargs={"uuid": strategy.uuid})),
        PageResult("overdue list", reverse("plans:overdue")),
        PageResult("RAG summary (/plans/)", reverse("plans:strategy_list")),
    ]
    tiny_urls = [
        reverse("plans:strategy_detail", kwargs={"uuid": tiny_strategy.uuid}),
        reverse("plans:overdue"),
        reverse("plans:strategy_list"),
    ]
    load_before = os.getloadavg()[0]
    for page, tiny_url in zip(pages, tiny_urls, strict=True):
        measure(page, client, args.requests, profile=args.profile)
        get(tiny_client, tiny_url)
        page.small_queries = len(count_queries(tiny_client, tiny_url))
    load = (load_before, os.getloadavg()[0])

    print_report(args, data, migrate_seconds, pages, partnership, strategy, load)
    strategy_page = pages[0]
    assert strategy_page.small_queries == strategy_page.queries, (
        f"the strategy page runs {strategy_page.queries} queries at scale "
        f"but {strategy_page.small_queries} on a tiny plan"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())
