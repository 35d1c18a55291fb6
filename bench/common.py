"""What the benchmarks share: one subprocess per database, a signed-in test client,
query capture with parameters, raw SQL re-runs, percentiles and query plans.

A benchmark script calls `main(script, description, run_worker)`. The parent process
then runs the script again once per database, as a worker with its environment set
before Django starts: SQLite gets `PREVENTHUB_VAR_DIR=<fresh temp dir>` and no
DATABASE_URL, so the project's own SQLite settings apply; PostgreSQL gets a database
`preventhub_bench_<pid>` that is created first and dropped at the end, also on
failure. The worker calls `setup_django()` and does the work."""

from __future__ import annotations

import argparse
import math
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DEFAULT_POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
WARM_UP_REQUESTS = 5


# ---------------------------------------------------------------------------------
# The parent process: one subprocess per database.
# ---------------------------------------------------------------------------------


def parse_args(description: str | None, argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of national scale (default 1.0; 0.01 smoke-tests)"
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the query plan of each page's slowest statement"
    )
    parser.add_argument(
        "--postgres-server",
        default=os.environ.get("BENCH_POSTGRES_SERVER", DEFAULT_POSTGRES_SERVER),
        help=f"PostgreSQL server to create the benchmark database on (default {DEFAULT_POSTGRES_SERVER})",
    )
    parser.add_argument(
        "--statements", action="store_true", help="print every statement of each page with its raw time"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile each page's requests and print where the time goes"
    )
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    if args.scale <= 0:
        parser.error("--scale must be more than 0")
    return args


def worker_command(script: Path, args: argparse.Namespace, database: str) -> list[str]:
    command = [sys.executable, str(script.resolve()), "--worker", database]
    command += ["--requests", str(args.requests), "--scale", str(args.scale)]
    return command + [f"--{flag}" for flag in ("explain", "statements", "profile") if getattr(args, flag)]


def worker_environment(var_dir: str, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PREVENTHUB_VAR_DIR": var_dir,
            # Measure what production serves: no debug cursor, no debug pages.
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_worker_process(script: Path, args: argparse.Namespace, database: str, env: dict[str, str]) -> int:
    # The command is the benchmark script, run by this interpreter.
    command = worker_command(script, args, database)
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode  # noqa: S603


def run_sqlite(script: Path, args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="preventhub-bench-") as var_dir:
        return run_worker_process(script, args, "sqlite", worker_environment(var_dir, None))


def run_postgresql(script: Path, args: argparse.Namespace) -> int:
    import psycopg
    from psycopg import sql

    server = args.postgres_server.rstrip("/")
    name = f"preventhub_bench_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with tempfile.TemporaryDirectory(prefix="preventhub-bench-") as var_dir:
            env = worker_environment(var_dir, f"{server}/{name}")
            return run_worker_process(script, args, "postgresql", env)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        print(f"Dropped the benchmark database {name}.", flush=True)


def main(
    script: Path,
    description: str | None,
    run_worker: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None = None,
) -> int:
    args = parse_args(description, argv)
    if args.worker:
        return run_worker(args)
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    failed = []
    for database in databases:
        code = run_sqlite(script, args) if database == "sqlite" else run_postgresql(script, args)
        if code != 0:
            failed.append(database)
        print(flush=True)
    if failed:
        print(f"The benchmark failed on: {', '.join(failed)}.")
        return 1
    return 0


# ---------------------------------------------------------------------------------
# The worker process.
# ---------------------------------------------------------------------------------


def setup_django() -> None:
    # Running bench/<name>.py puts bench/ first on the path, where the script would
    # shadow the app of the same name (bench/plans.py the plans app, bench/cases.py
    # the cases app).
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def settle_database() -> None:
    """Before anything is timed, bring PostgreSQL to the state a running service's
    database is in: VACUUM (ANALYZE) gives the planner statistics and sets the
    visibility map and the rows' hint bits, and CHECKPOINT writes the loaded pages out.
    Left alone, the checkpoint would spread the load's writes over the timing, and the
    timed reads would find tables never vacuumed (autovacuum may be off, as it is on the
    development machine). SQLite never gathers statistics by itself and the app does
    not run ANALYZE, so it gets none."""
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError as error:  # it needs a superuser or pg_checkpoint
            print(f"  No CHECKPOINT before timing ({str(error).strip()}).", flush=True)


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Any = None
    many: bool = False
    # BEGIN, COMMIT and the like: Django counts them as queries (CaptureQueriesContext
    # and assertNumQueries do) but runs them outside the cursor's execute wrappers.
    transaction_control: bool = False


@dataclass
class PageResult:
    """A page (or a function) timed: response times, its statements and their raw time."""

    name: str
    url: str = ""
    # A form the page is POSTed (a search, whose criteria stay out of the URL); GET if None.
    form: dict[str, Any] | None = None
    times_ms: list[float] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    raw_ms: list[float] = field(default_factory=list)
    statement_ms: list[list[float]] = field(default_factory=list)
    # The same page's query count on a small data set, to show it does not grow.
    small_queries: int = 0
    # With --profile: where the time of its requests went (pstats output).
    profile: str = ""

    @property
    def queries(self) -> int:
        return len(self.statements)

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)

    @property
    def raw_p50(self) -> float:
        return statistics.median(self.raw_ms)


def percentile(values: Sequence[float], percent: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def signed_in_client(user: User) -> Client:
    """A client signed in with a verified second factor, as conftest.py signs in."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import SealedTOTPDevice

    client = Client()
    client.force_login(user)
    device = SealedTOTPDevice.objects.create(user=user, name="Benchmark device", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def get(client: Client, url: str) -> str:
    """GET `url`, which must answer 200; the page's HTML."""
    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return response.content.decode()


def capture_queries(run: Callable[[], object]) -> list[Statement]:
    """Every query `run()` runs, in order, with its parameters: those Django's
    CaptureQueriesContext counts, with the parameters an execute wrapper sees
    (CaptureQueriesContext keeps only the SQL with the values interpolated)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    recorded: dict[int, Statement] = {}

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        # The debug cursor logs a statement after running it, so the log's length now
        # is this statement's place in it.
        recorded[len(connection.queries_log) - captured.initial_queries] = Statement(sql, params, many)
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(record):
        run()
    statements = [
        recorded.get(index) or Statement(query["sql"], transaction_control=True)
        for index, query in enumerate(captured.captured_queries)
    ]
    assert len(statements) == len(captured) and len(recorded) <= len(captured)
    return statements


def count_queries(client: Client, url: str) -> list[Statement]:
    """Every query one GET of `url` runs (see capture_queries)."""
    return capture_queries(lambda: get(client, url))


def fetch(client: Client, page: PageResult) -> str:
    """The page as its benchmark opens it: GET, or POST of its form; it must answer 200."""
    if page.form is None:
        return get(client, page.url)
    response = client.post(page.url, page.form)
    assert response.status_code == 200, f"POST {page.url} answered {response.status_code}"
    return response.content.decode()


_AUDIT_INSERT = re.compile(r'^\s*INSERT INTO "audit_auditevent" \((?P<columns>[^)]*)\)')


def rerunnable(statement: Statement) -> Any:
    """The statement's parameters for a re-run. A page that is audited inserts an
    audit event whose hash is unique (it chains the log); on SQLite a re-run gets a
    fresh random hash so the row goes in like the original did. On PostgreSQL the
    event goes in through `audit_append`, which chains each call to the head it finds,
    so its statement re-runs as it was."""
    found = _AUDIT_INSERT.match(statement.sql)
    if not found or statement.many or statement.params is None:
        return statement.params
    columns = [column.strip().strip('"') for column in found["columns"].split(",")]
    params = list(statement.params)
    params[columns.index("hash")] = secrets.token_hex(32)
    return params


def time_statements(page: PageResult, repeats: int) -> None:
    """Re-run the page's statements on a plain cursor and time them."""
    from django.db import connection

    page.statement_ms = [[] for _ in page.statements]
    with connection.cursor() as cursor:
        for _ in range(repeats):
            total = 0.0
            for index, statement in enumerate(page.statements):
                params = rerunnable(statement)
                started = time.perf_counter()
                if statement.many:
                    cursor.executemany(statement.sql, params)
                else:
                    cursor.execute(statement.sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
                elapsed = (time.perf_counter() - started) * 1000
                page.statement_ms[index].append(elapsed)
                total += elapsed
            page.raw_ms.append(total)


def measure(page: PageResult, client: Client, repeats: int, profile: bool = False) -> None:
    for _ in range(WARM_UP_REQUESTS):
        fetch(client, page)
    for _ in range(repeats):
        started = time.perf_counter()
        fetch(client, page)
        page.times_ms.append((time.perf_counter() - started) * 1000)
    page.statements = capture_queries(lambda: fetch(client, page))
    time_statements(page, repeats)
    if profile:
        page.profile = profiled(lambda: fetch(client, page), repeats)


PROFILE_LINES = 30


def profiled(run: Callable[[], object], repeats: int) -> str:
    """Run `run()` `repeats` times under cProfile (untimed: the profiler slows it);
    the functions that took the most time, by their own time and with what they call."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        run()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(PROFILE_LINES)
    stats.sort_stats("cumulative").print_stats(PROFILE_LINES)
    return out.getvalue()


def measure_call(
    result: PageResult, run: Callable[[], object], repeats: int, before_each: Callable[[], None] | None = None
) -> None:
    """Like `measure`, for a function instead of a page; `before_each` runs untimed
    before every call (to empty a cache, say)."""
    for _ in range(WARM_UP_REQUESTS):
        if before_each:
            before_each()
        run()
    for _ in range(repeats):
        if before_each:
            before_each()
        started = time.perf_counter()
        run()
        result.times_ms.append((time.perf_counter() - started) * 1000)
    if before_each:
        before_each()
    result.statements = capture_queries(run)
    time_statements(result, repeats)


def slowest_statement(page: PageResult) -> tuple[Statement, float]:
    timed = [
        (statement, statistics.median(times))
        for statement, times in zip(page.statements, page.statement_ms, strict=True)
        if statement.sql.lstrip().upper().startswith("SELECT")
    ]
    return max(timed, key=lambda pair: pair[1])


def explain(statement: Statement) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + statement.sql, statement.params)
        rows = cursor.fetchall()
    depth: dict[int, int] = {0: 0}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * (depth[node] - 1) + detail)
    return lines


def database_description() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        return f"PostgreSQL {version}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def short(sql: str, width: int = 100) -> str:
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def print_table(pages: Sequence[PageResult]) -> None:
    name_width = max(len(page.name) for page in pages) + 2
    print(f"{'page':<{name_width}}{'p50 ms':>8}{'p95 ms':>9}{'queries':>10}{'raw SQL p50 ms':>17}")
    for page in pages:
        print(
            f"{page.name:<{name_width}}{page.p50:>8.1f}{page.p95:>9.1f}{page.queries:>10}{page.raw_p50:>17.1f}"
        )


def print_statements(pages: Sequence[PageResult]) -> None:
    for page in pages:
        print()
        print(f"Statements of the {page.name} (raw p50 ms each):")
        for statement, times in zip(page.statements, page.statement_ms, strict=True):
            print(f"  {statistics.median(times):6.2f}  {short(statement.sql)}")


def print_profiles(pages: Sequence[PageResult]) -> None:
    for page in pages:
        if page.profile:
            print()
            print(f"Profile of the {page.name}:")
            print(page.profile)


def print_slowest(page: PageResult) -> None:
    statement, median_ms = slowest_statement(page)
    print()
    print(f"Slowest statement of the {page.name} ({median_ms:.2f} ms p50 raw):")
    print(f"  {statement.sql}")
    print(f"  params: {statement.params!r}")
    for line in explain(statement):
        print(f"    {line}")


@dataclass(frozen=True)
class Compared:
    """One page's figures beside what it is judged against: the query count of the
    smallest partnership's same page (which must be equal), the best raw SQL for the same
    figures, and the target (None where the benchmark sets none on this database)."""

    page: PageResult
    best_sql_ms: float
    small_queries: int
    target_ms: float | None


def print_compared(
    rows: Sequence[Compared], args: argparse.Namespace, best_heading: str = "best raw SQL p50"
) -> None:
    """The table every page benchmark prints, its verdicts, and what --profile,
    --statements and --explain asked for."""
    width = max(len(row.page.name) for row in rows) + 2
    best = len(best_heading) + 2
    print(
        f"{'page':<{width}}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}{'(smallest)':>11}"
        f"{'own SQL p50':>13}{best_heading:>{best}}"
    )
    for row in rows:
        page = row.page
        print(
            f"{page.name:<{width}}{page.p50:>8.1f}{page.p95:>8.1f}{page.queries:>9}{row.small_queries:>11}"
            f"{page.raw_p50:>13.1f}{row.best_sql_ms:>{best}.1f}"
        )
    for row in rows:
        if row.target_ms is not None:
            met = "met" if row.page.p50 < row.target_ms else "MISSED"
            print(f"  {row.page.name}: target of {row.target_ms:.0f} ms {met}")
        if row.small_queries != row.page.queries:
            print(f"  {row.page.name}: the query count GROWS with the data")
    pages = [row.page for row in rows]
    print_profiles(pages)
    if args.statements:
        print_statements(pages)
    if args.explain:
        for page in pages:
            print_slowest(page)


def migrate_and_run(run: Callable[[argparse.Namespace], object], args: argparse.Namespace) -> int:
    """A page benchmark's worker: set up Django, migrate the empty database, run."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    label = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"{label}: migrating…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    run(args)
    return 0


def chosen_ranks(scale: float, vendor: str, partnerships: int) -> list[int]:
    """The ranks of the partnerships a national data set builds: on PostgreSQL a share
    (`--scale`) spread evenly from the largest to the smallest, always both; on SQLite (a
    partnership's database) only the largest and the smallest."""
    if vendor != "postgresql":
        return [0, partnerships - 1]
    count = max(2, min(partnerships, round(partnerships * scale)))
    step = (partnerships - 1) / (count - 1)
    return sorted({round(index * step) for index in range(count)})


class Dialect:
    """The SQL the data-set builders write, for PostgreSQL or SQLite."""

    def __init__(self, vendor: str) -> None:
        self.pg = vendor == "postgresql"

    def uuid(self) -> str:
        return "gen_random_uuid()" if self.pg else "lower(hex(randomblob(16)))"

    def now(self) -> str:
        return "now()" if self.pg else "strftime('%Y-%m-%d %H:%M:%f', 'now')"

    def today(self) -> str:
        return "CURRENT_DATE" if self.pg else "date('now')"

    def days_ago(self, expr: str) -> str:
        return f"(CURRENT_DATE - ({expr})::int)" if self.pg else f"date('now', '-' || ({expr}) || ' days')"

    def date(self, day: Any) -> str:
        return f"DATE '{day.isoformat()}'" if self.pg else f"'{day.isoformat()}'"

    def add_months(self, expr: str, months: int) -> str:
        if self.pg:
            return f"(({expr}) + interval '{months} months')::date"
        return f"date({expr}, '+{months} months')"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.pg else f"max({a}, {b})"

    def series(self, n: int) -> tuple[str, str]:
        """(prefix, from-item) giving rows i = 0 .. n-1."""
        if self.pg:
            return "", f"generate_series(0, {n - 1}) AS s(i)"
        return f"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {n - 1}) ", "s"

    def json(self, text: str) -> str:
        quoted = text.replace("'", "''")
        return f"'{quoted}'::jsonb" if self.pg else f"'{quoted}'"
