"""Load benchmark: the roles' everyday pages served by gunicorn on PostgreSQL at
national scale, at several concurrencies, beside a floor measured in the same run.

    PREVENTHUB_ENVIRONMENT=development .venv/bin/python bench/load.py [--scale F] [--reuse]
        [--concurrency 1,4,8] [--requests N] [--seconds S] [--time-limit S] [--workers N]

The data set is built in a PostgreSQL database of its own, `preventhub_bench_load`, by
the other benchmarks' builders, one after the other (bench/cases.py, bench/plans.py,
bench/training_pages.py, bench/performance.py; `--scale F` keeps that share of each
one's partnerships, always the largest), and kept for the next run: `--reuse` skips the
build when the database holds a data set of the same scale. Then two gunicorns are
started on free loopback ports with the same number of workers (`--workers`, default 2):
the product (`config.wsgi`, every middleware, DEBUG off), and the floor
(bench/load_floor_settings.py: no middleware, bare views that read the same rows of the
list pages with the same querysets and write them as JSON). Each page is driven by
`--concurrency` client processes at a time, each with one HTTP/1.1 connection
(http.client, re-opened when gunicorn's sync worker closes it), until `--requests`
requests or `--seconds` seconds, whichever is first; the whole drive stops at
`--time-limit` seconds. Both gunicorns are always stopped at the end.

Targets, at concurrency 4: every page's p99 under 100 ms; each list page at least 70% of
its floor's requests a second.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

# Run as a script, the project root is not on the path; bench.common needs it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DEFAULT_POSTGRES_SERVER, ROOT, percentile, settle_database, setup_django

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.sharedctypes import Synchronized
    from multiprocessing.synchronize import Barrier

DATABASE = "preventhub_bench_load"
TARGET_CONCURRENCY = 4
TARGET_P99_MS = 100.0
TARGET_FLOOR_SHARE = 0.70
# Untimed requests on each connection before a page's timing starts: the first request
# of a worker process to a page imports and prepares what it needs.
WARM_UP_REQUESTS = 3
READY_SECONDS = 60
MANIFEST_TABLE = "bench_load_manifest"
BENCH_DEVICE = "Benchmark device"  # as bench.common.signed_in_client names it


@dataclass(frozen=True)
class Page:
    """One page the benchmark drives: who opens it, and the floor's path for a list page."""

    key: str
    name: str
    email: str
    path: str
    floor: str | None = None
    # Shown for comparison, with no target: the near-empty page.
    reference: bool = False


# The lightest request both servers answer, signed out: the product's health check (one
# `SELECT 1`) through every middleware, and the same view without them.
NEAR_EMPTY = Page("near_empty", "near-empty page (/healthz)", "", "/healthz", "/healthz", reference=True)


# ---------------------------------------------------------------------------------
# The parent process.
# ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of national scale (default 1.0; 0.05 is quick)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data set already built at this scale, if there is one"
    )
    parser.add_argument("--concurrency", default="1,4,8", help="client processes at a time (default 1,4,8)")
    parser.add_argument(
        "--requests", type=int, default=500, help="most timed requests per page and concurrency (default 500)"
    )
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="most seconds per page and concurrency (default 10)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=900.0,
        help="most seconds of driving in all; pages not reached are reported as such (default 900)",
    )
    parser.add_argument(
        "--build-time-limit",
        type=float,
        default=3600.0,
        help="most seconds to build the data set and sign the users in (default 3600)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="loopback address to serve on (default 127.0.0.1)"
    )
    parser.add_argument("--pages", default="", help="comma-separated page keys to drive (default: all)")
    parser.add_argument(
        "--drop", action="store_true", help="drop the benchmark database at the end instead of keeping it"
    )
    parser.add_argument(
        "--postgres-server",
        default=os.environ.get("BENCH_POSTGRES_SERVER", DEFAULT_POSTGRES_SERVER),
        help=f"PostgreSQL server of the benchmark database (default {DEFAULT_POSTGRES_SERVER})",
    )
    parser.add_argument("--worker", metavar="PLAN_FILE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.concurrencies = sorted({int(part) for part in args.concurrency.split(",") if part.strip()})
    except ValueError:
        parser.error("--concurrency takes whole numbers separated by commas, such as 1,4,8")
    if not args.concurrencies or min(args.concurrencies) < 1:
        parser.error("--concurrency needs at least one number, each at least 1")
    if args.requests < 1 or args.seconds <= 0 or args.time_limit <= 0 or args.build_time_limit <= 0:
        parser.error("--requests, --seconds, --time-limit and --build-time-limit must be more than 0")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.scale <= 0 or args.scale > 1:
        parser.error("--scale must be more than 0 and at most 1")
    if not is_loopback(args.host):
        parser.error(
            f"--host {args.host} is not a loopback address: the benchmark serves on this machine only"
        )
    # No host is a Unix socket: this machine too.
    server_host = urlsplit(args.postgres_server).hostname
    if server_host is not None and not is_loopback(server_host):
        parser.error(
            f"--postgres-server {server_host} is not on this machine: the benchmark stays on loopback"
        )
    args.page_keys = {part.strip() for part in args.pages.split(",") if part.strip()}
    return args


def is_loopback(host: str) -> bool:
    """127.0.0.0/8 or localhost: the benchmark's servers and its database stay on this machine.
    (IPv6 ::1 is refused: the project's default ALLOWED_HOSTS name IPv4 only.)"""
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.version == 4 and address.is_loopback


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def environment(args: argparse.Namespace, var_dir: str, settings: str = "config.settings") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "PREVENTHUB_ENVIRONMENT": "development",
            "PREVENTHUB_VAR_DIR": var_dir,
            "DATABASE_URL": f"{args.postgres_server.rstrip('/')}/{DATABASE}",
            # Measure what production serves: no debug cursor, no debug pages.
            "DEBUG": "false",
            "ALLOWED_HOSTS": args.host,
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("PREVENTHUB_DEMO", None)
    return env


def ensure_database(args: argparse.Namespace) -> None:
    """Create the benchmark database unless it is there. It is kept only with --reuse and
    when it holds a finished data set of the same scale; otherwise dropped and made anew."""
    import psycopg
    from psycopg import sql

    server = args.postgres_server.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists and args.reuse:
            held = held_scale(f"{server}/{DATABASE}")
            if held == args.scale:
                return
            print(
                f"{DATABASE} holds "
                + (f"a data set of scale {held:g}" if held is not None else "no finished data set")
                + f": building scale {args.scale:g} anew.",
                flush=True,
            )
        if exists:
            print(f"Dropping the earlier benchmark database {DATABASE}.", flush=True)
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


def held_scale(url: str) -> float | None:
    """The scale of the data set the database holds, from its manifest; None if unfinished."""
    import psycopg

    with psycopg.connect(url) as connection:
        found = connection.execute("SELECT to_regclass(%s) IS NOT NULL", [MANIFEST_TABLE]).fetchone()
        if not found or not found[0]:
            return None
        row = connection.execute(f"SELECT manifest FROM {MANIFEST_TABLE}").fetchone()
    return float(json.loads(row[0])["scale"]) if row else None


def drop_database(args: argparse.Namespace) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{args.postgres_server.rstrip('/')}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
    print(f"Dropped the benchmark database {DATABASE}.", flush=True)


def prepare(args: argparse.Namespace, var_dir: str) -> dict[str, Any]:
    """Build the data set (unless reused) and sign the users in, in a worker process;
    the pages to drive, each with its session cookie."""
    plan_file = Path(var_dir) / "plan.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(plan_file)]
    command += ["--scale", str(args.scale)]
    # The command is this script, run by this interpreter.
    subprocess.run(  # noqa: S603
        command, env=environment(args, var_dir), cwd=ROOT, check=True, timeout=args.build_time_limit
    )
    plan: dict[str, Any] = json.loads(plan_file.read_text())
    return plan


@dataclass
class Server:
    name: str
    host: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def gunicorn(name: str, args: argparse.Namespace, var_dir: str, settings: str) -> Iterator[Server]:
    """A gunicorn with `args.workers` sync workers on a free loopback port, in a process
    group of its own; stopped (TERM, then KILL of its group) whatever happens."""
    port = free_port(args.host)
    log = Path(var_dir) / f"gunicorn-{name}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--workers",
        str(args.workers),
        "--bind",
        f"{args.host}:{port}",
        "--chdir",
        str(ROOT),
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - gunicorn from this interpreter's environment
            command,
            env=environment(args, var_dir, settings),
            cwd=ROOT,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    server = Server(name, args.host, port, process, log)
    try:
        wait_until_ready(server)
        yield server
    finally:
        stop(server)


def wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn ({server.name}) exited: see {server.log}\n{server.log.read_text()}")
        with suppress(OSError):
            connection = HTTPConnection(server.host, server.port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn ({server.name}) did not answer /healthz within {READY_SECONDS} s")


def stop(server: Server) -> None:
    process = server.process
    if process.poll() is None:
        process.terminate()  # gunicorn's master stops its workers gracefully
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    # Whatever is left of the group this benchmark started (its workers).
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


# ---------------------------------------------------------------------------------
# The client: one process per connection, so the GIL does not serialise the clients.
# ---------------------------------------------------------------------------------


@dataclass
class Run:
    """One page at one concurrency on one server."""

    times_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    error_sample: str = ""

    @property
    def requests(self) -> int:
        return len(self.times_ms)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else float("nan")

    @property
    def p99(self) -> float:
        return percentile(self.times_ms, 99) if self.times_ms else float("nan")


def client(
    host: str,
    port: int,
    path: str,
    cookie: str,
    barrier: Barrier,
    counter: Synchronized[int],
    limit: int,
    seconds: float,
    results: Queue[tuple[list[float], int, float, float, str]],
) -> None:
    connection = HTTPConnection(host, port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    problem = ""

    def one() -> int:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status

    try:
        for _ in range(WARM_UP_REQUESTS):
            status = one()
            if status != 200 and not problem:
                problem = f"warm-up answered {status}"
        barrier.wait(timeout=READY_SECONDS)
    except (OSError, HTTPException, threading.BrokenBarrierError) as error:
        barrier.abort()
        results.put(([], 1, 0.0, 0.0, problem or repr(error)))
        return
    # perf_counter is CLOCK_MONOTONIC on Linux, one clock for every process: the parent
    # compares the clients' start and end times.
    started = time.perf_counter()
    stop_at = started + seconds
    times: list[float] = []
    errors = 0
    ended = started
    while True:
        with counter.get_lock():
            if counter.value >= limit:
                break
            counter.value += 1
        before = time.perf_counter()
        if before >= stop_at:
            break
        try:
            status = one()
        except (OSError, HTTPException) as error:
            status, problem = 0, problem or repr(error)
            connection.close()
        ended = time.perf_counter()
        if status == 200:
            times.append((ended - before) * 1000)
        else:
            errors += 1
            problem = problem or f"answered {status}"
    connection.close()
    results.put((times, errors, started, ended, problem))


def drive(host: str, port: int, path: str, cookie: str, concurrency: int, limit: int, seconds: float) -> Run:
    """`concurrency` client processes, each with one connection, GET `path` until
    `limit` requests in all or `seconds`; requests a second over the span from the
    first timed request to the last answer."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(concurrency)
    counter = context.Value("i", 0)
    results: Queue[tuple[list[float], int, float, float, str]] = context.Queue()
    processes = [
        context.Process(
            target=client,
            args=(host, port, path, cookie, barrier, counter, limit, seconds, results),
            daemon=True,
        )
        for _ in range(concurrency)
    ]
    for process in processes:
        process.start()
    run = Run()
    starts, ends = [], []
    try:
        for _ in processes:
            times, errors, started, ended, problem = results.get(timeout=seconds + 120)
            run.times_ms += times
            run.errors += errors
            run.error_sample = run.error_sample or problem
            if started:
                starts.append(started)
                ends.append(ended)
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    run.seconds = max(ends) - min(starts) if starts else 0.0
    return run


# ---------------------------------------------------------------------------------
# The report.
# ---------------------------------------------------------------------------------


@dataclass
class Row:
    page: Page
    concurrency: int
    product: Run | None
    floor: Run | None = None


def verdict(row: Row) -> str:
    if row.product is None:
        return "not run"
    if row.concurrency != TARGET_CONCURRENCY or row.page.reference:
        return ""
    met = row.product.errors == 0 and row.product.p99 < TARGET_P99_MS
    if row.floor is not None:
        met = met and row.floor.rps > 0 and row.product.rps / row.floor.rps >= TARGET_FLOOR_SHARE
    return "yes" if met else "NO"


def print_table(rows: Sequence[Row]) -> None:
    width = max(len(row.page.name) for row in rows) + 2
    heading = (
        f"{'page':<{width}}{'conc':>5}{'requests':>10}{'errors':>8}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'floor rps':>11}{'floor p99':>11}{'ratio':>8}{'target met':>12}"
    )
    print(heading)
    print("-" * len(heading))
    for row in rows:
        run = row.product
        if run is None:
            print(f"{row.page.name:<{width}}{row.concurrency:>5}  not run: the time limit was reached")
            continue
        floor = row.floor
        floor_cells = (
            f"{floor.rps:>11.1f}{floor.p99:>11.1f}{run.rps / floor.rps if floor.rps else 0:>8.0%}"
            if floor is not None
            else f"{'':>11}{'':>11}{'':>8}"
        )
        print(
            f"{row.page.name:<{width}}{row.concurrency:>5}{run.requests:>10}{run.errors:>8}{run.rps:>9.1f}"
            f"{run.p50:>9.1f}{run.p99:>9.1f}{floor_cells}{verdict(row):>12}"
        )
    print()
    print(
        f"Targets at concurrency {TARGET_CONCURRENCY}: p99 under {TARGET_P99_MS:.0f} ms and no errors; "
        f"a list page at least {TARGET_FLOOR_SHARE:.0%} of its floor's requests a second."
    )
    for row in rows:
        for label, run in (("", row.product), (" (floor)", row.floor)):
            if run is not None and run.errors:
                where = f"{row.page.name}{label} at {row.concurrency}"
                print(f"  {where}: {run.errors} errors, first: {run.error_sample}")


def run_parent(args: argparse.Namespace) -> int:
    started = time.monotonic()
    print(f"Load benchmark, scale {args.scale:g}, load average {os.getloadavg()[0]:.1f}.", flush=True)
    ensure_database(args)
    rows: list[Row] = []
    load_before = 0.0
    try:
        with tempfile.TemporaryDirectory(prefix="preventhub-bench-load-") as var_dir:
            try:
                plan = prepare(args, var_dir)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as problem:
                print(f"Building the data set or signing the users in failed: {problem}")
                return 1
            pages = [Page(**page) for page in plan["pages"]]
            if args.page_keys:
                unknown = args.page_keys - {page.key for page in pages}
                if unknown:
                    known = ", ".join(page.key for page in pages)
                    print(f"No such page: {', '.join(sorted(unknown))}; the pages are {known}.")
                    return 2
                pages = [page for page in pages if page.key in args.page_keys]
            cookies: dict[str, str] = plan["cookies"]
            floor_paths: dict[str, str] = plan["floor_paths"]
            print(f"Data set ready ({time.monotonic() - started:.0f} s). Starting gunicorn…", flush=True)
            load_before = os.getloadavg()[0]
            with (
                gunicorn("product", args, var_dir, "config.settings") as product,
                gunicorn("floor", args, var_dir, "bench.load_floor_settings") as floor,
            ):
                print(
                    f"Product on {product.host}:{product.port}, floor on {floor.host}:{floor.port}, "
                    f"{args.workers} sync workers each.",
                    flush=True,
                )
                rows = drive_all(args, pages, cookies, floor_paths, product, floor)
    finally:
        if args.drop:
            drop_database(args)
    print()
    print(
        f"Driven between load averages {load_before:.1f} and {os.getloadavg()[0]:.1f} (1 minute), "
        f"{os.cpu_count()} CPUs; "
        f"{time.monotonic() - started:.0f} s in all."
    )
    print()
    print_table(rows)
    return 0


def drive_all(
    args: argparse.Namespace,
    pages: Sequence[Page],
    cookies: dict[str, str],
    floor_paths: dict[str, str],
    product: Server,
    floor: Server,
) -> list[Row]:
    drive_until = time.monotonic() + args.time_limit
    rows = []
    for concurrency in args.concurrencies:
        for page in pages:
            if time.monotonic() >= drive_until:
                rows.append(Row(page, concurrency, None))
                continue
            seconds = min(args.seconds, drive_until - time.monotonic())
            run = drive(
                product.host, product.port, page.path, cookies[page.key], concurrency, args.requests, seconds
            )
            row = Row(page, concurrency, run)
            if page.floor:
                row.floor = drive(
                    floor.host, floor.port, floor_paths[page.key], "", concurrency, args.requests, seconds
                )
            rows.append(row)
            floor_note = f", floor {row.floor.rps:.1f} rps" if row.floor else ""
            print(
                f"  {page.name} at {concurrency}: {run.requests} requests, {run.rps:.1f} rps, "
                f"p99 {run.p99:.1f} ms{floor_note}",
                flush=True,
            )
    return rows


# ---------------------------------------------------------------------------------
# The worker: Django set up on the benchmark database.
# ---------------------------------------------------------------------------------


def read_manifest() -> dict[str, Any] | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [MANIFEST_TABLE])
        if not cursor.fetchone()[0]:
            return None
        cursor.execute(f"SELECT manifest FROM {MANIFEST_TABLE}")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_manifest(manifest: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MANIFEST_TABLE} (manifest text NOT NULL)")
        cursor.execute(f"DELETE FROM {MANIFEST_TABLE}")
        cursor.execute(f"INSERT INTO {MANIFEST_TABLE} (manifest) VALUES (%s)", [json.dumps(manifest)])


def rename_partnerships(after_pk: int, after_user_pk: int, prefix: str, code_letter: str = "") -> None:
    """The builders name their partnerships and users alike (each expects a database of its
    own): the partnerships and users one builder made get `prefix` before their slug, name
    and e-mail address (and `code_letter` for the code's first letter), so the next can
    build beside them."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat, Substr

    from accounts.models import Partnership, User

    partnerships = Partnership.objects.filter(pk__gt=after_pk)
    changes: dict[str, Any] = {
        "slug": Concat(Value(f"{prefix}-"), F("slug")),
        "name": Concat(Value(f"{prefix.capitalize()}: "), F("name")),
    }
    if code_letter:
        changes["code"] = Concat(Value(code_letter), Substr("code", 2))
    partnerships.update(**changes)
    User.objects.filter(pk__gt=after_user_pk).update(email=Concat(Value(f"{prefix}-"), F("email")))


def last_pks() -> tuple[int, int]:
    from django.db.models import Max

    from accounts.models import Partnership, User

    return (
        Partnership.objects.aggregate(m=Max("pk"))["m"] or 0,
        User.objects.aggregate(m=Max("pk"))["m"] or 0,
    )


def build(scale: float) -> dict[str, Any]:
    """Build the four data sets, one after the other, in this database; the pages to
    drive and who opens each (the manifest kept with the data)."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Membership, Role, User
    from bench import cases as cases_bench
    from bench import performance as performance_bench
    from bench import plans as plans_bench
    from bench import training_pages
    from plans.models import Action, Strategy, StrategyStatus
    from plans.queries import today as plans_today

    seconds: dict[str, float] = {}

    started = time.perf_counter()
    print("Channel cases (bench/cases.py)…", flush=True)
    before = last_pks()
    now = timezone.now()
    _, largest_cases, _ = cases_bench.build_data_set(scale, now)
    rename_partnerships(*before, "cases")
    for user in (largest_cases.staff.coordinator, largest_cases.staff.police):
        user.refresh_from_db(fields=["email"])
    timed_case = cases_bench.chosen_cases(largest_cases)["timed"][1]
    seconds["cases"] = time.perf_counter() - started

    started = time.perf_counter()
    print("Delivery plans (bench/plans.py)…", flush=True)
    before = last_pks()
    plans_bench.build_data_set(scale, plans_today())
    rename_partnerships(*before, "plans")
    largest_plans = (
        Action.objects.filter(partnership_id__gt=before[0])
        .values("partnership_id")
        .annotate(actions=Count("id"))
        .order_by("-actions", "partnership_id")
        .first()
    )
    assert largest_plans is not None
    strategy = (
        Strategy.objects.filter(partnership_id=largest_plans["partnership_id"], status=StrategyStatus.ACTIVE)
        .order_by("-period_start")
        .first()
    )
    assert strategy is not None
    plans_coordinator = Membership.objects.get(
        partnership_id=largest_plans["partnership_id"], role=Role.COORDINATOR
    ).user
    seconds["plans"] = time.perf_counter() - started

    started = time.perf_counter()
    print("Partners and training (bench/training_pages.py)…", flush=True)
    before = last_pks()
    _, largest_training, _, _ = training_pages.build(scale)
    rename_partnerships(*before, "training", code_letter="T")
    largest_training.coordinator.refresh_from_db()
    seconds["partners and training"] = time.perf_counter() - started

    started = time.perf_counter()
    print("Performance figures (bench/performance.py)…", flush=True)
    _, built_performance, _ = performance_bench.build(scale)
    largest_performance = built_performance["largest"]
    steering = User.objects.create(
        email="steering@load.bench.example.gov.uk", full_name="Steering member", password=make_password(None)
    )
    Membership.objects.create(user=steering, partnership=largest_performance.partnership, role=Role.STEERING)
    seconds["performance"] = time.perf_counter() - started

    started = time.perf_counter()
    settle_database()
    seconds["VACUUM (ANALYZE), CHECKPOINT"] = time.perf_counter() - started

    staff = largest_cases.staff
    training_coordinator = largest_training.coordinator.email
    pages = [
        Page("coordinator_home", "coordinator home", staff.coordinator.email, "/"),
        Page("case_list", "case list", staff.police.email, reverse("cases:case_list"), "/floor/cases/"),
        Page(
            "gateway_queue",
            "gateway queue",
            staff.police.email,
            reverse("cases:queue"),
            "/floor/cases/queue/",
        ),
        Page(
            "case_page",
            "case page",
            staff.police.email,
            reverse("cases:referral_detail", kwargs={"uuid": timed_case.uuid}),
        ),
        Page(
            "strategy_page",
            "strategy page",
            plans_coordinator.email,
            reverse("plans:strategy_detail", kwargs={"uuid": strategy.uuid}),
        ),
        Page(
            "plan_actions",
            "plan action list",
            plans_coordinator.email,
            reverse("plans:action_list"),
            "/floor/plans/actions/",
        ),
        Page(
            "training_rule",
            "training compliance page",
            training_coordinator,
            reverse("training:rule_detail", kwargs={"uuid": largest_training.rules[0].uuid}),
        ),
        Page(
            "organisation_page",
            "organisation page",
            training_coordinator,
            reverse("partners:organisation_detail", kwargs={"uuid": largest_training.council.uuid}),
        ),
        Page(
            "partners_list",
            "partners list",
            training_coordinator,
            reverse("partners:organisation_list"),
            "/floor/partners/",
        ),
        Page(
            "performance",
            "performance dashboard",
            largest_performance.coordinator.email,
            reverse("performance:dashboard"),
        ),
        Page("steering_home", "steering home", steering.email, "/"),
    ]
    return {
        "scale": scale,
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "seconds": seconds,
        "pages": [page.__dict__ for page in pages],
    }


def session_cookie(email: str) -> tuple[str, int]:
    """A new session of the user, signed in with a verified second factor (as the other
    benchmarks' test clients are): the Cookie header, and the user's pk."""
    from django.conf import settings

    from accounts.models import User
    from bench.common import signed_in_client

    user = User.objects.get(email=email)
    client = signed_in_client(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}", user.pk


def run_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.contrib.sessions.models import Session
    from django.core.management import call_command

    from accounts.models import SealedTOTPDevice

    # The parent kept the database only if it holds a finished data set of this scale.
    manifest = read_manifest()
    if manifest is None:
        print(f"Migrating {DATABASE} and building the data set (scale {args.scale:g})…", flush=True)
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        print(f"  migrated ({time.perf_counter() - started:.0f} s)", flush=True)
        manifest = build(args.scale)
        write_manifest(manifest)
    else:
        print(f"Reusing the data set built {manifest['built_at']} (scale {manifest['scale']:g}).", flush=True)
    for step, taken in manifest["seconds"].items():
        print(f"  {step}: {taken:.0f} s to build")
    # The sessions and devices of earlier runs (this database is the benchmark's alone).
    Session.objects.all().delete()
    SealedTOTPDevice.objects.filter(name=BENCH_DEVICE).delete()
    cookies, floor_paths = {NEAR_EMPTY.key: ""}, {NEAR_EMPTY.key: "/healthz"}
    signed_in: dict[str, tuple[str, int]] = {}
    for page in manifest["pages"]:
        if page["email"] not in signed_in:
            signed_in[page["email"]] = session_cookie(page["email"])
        cookie, user_pk = signed_in[page["email"]]
        cookies[page["key"]] = cookie
        if page["floor"]:
            floor_paths[page["key"]] = f"{page['floor']}?user={user_pk}"
    Path(args.worker).write_text(
        json.dumps(
            {
                "pages": [NEAR_EMPTY.__dict__, *manifest["pages"]],
                "cookies": cookies,
                "floor_paths": floor_paths,
            }
        )
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return run_worker(args)
    # Stopped by a signal, the parent still stops both gunicorns (the `finally`s run).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
