"""Where the time of a completion import goes, phase by phase, on PostgreSQL.

    PREVENTHUB_ENVIRONMENT=development .venv/bin/python bench/training_probe.py \
        --database postgresql --scale 0.2

The same file and the same import as bench/training.py's "ours" (`--scale F` scales its
1,000,000 rows), into a fresh partnership, with each phase timed three ways: wall time,
this process's CPU time, and the CPU time of the database server's process for this
connection (`/proc/<pid>/stat`, where PostgreSQL runs on this machine). On a machine
shared with other work the wall time includes waiting for a CPU; the CPU times do not, so
they compare a change with the one before it. The phases: `check` (every row read and
checked, spooled), `land` (staging, the new people, the completions), `after_import` (the
compliance summary's refresh) and the commit (what `land_import` took beyond the two:
mostly PostgreSQL's foreign-key checks of every row inserted). The slowest statements
follow, each with the database's CPU time."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import training
from bench.common import database_description, setup_django
from bench.common import main as run_benchmark


class Phase:
    """Wraps a module's function so that each call's wall and CPU times are kept."""

    def __init__(self, module: Any, name: str, backend: Callable[[], float]) -> None:
        self.module, self.name = module, name
        self.original: Callable[..., Any] = getattr(module, name)
        self.wall = self.cpu = self.database = 0.0

        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu, database = time.perf_counter(), time.process_time(), backend()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.wall += time.perf_counter() - wall
                self.cpu += time.process_time() - cpu
                self.database += backend() - database

        setattr(module, name, timed)

    def restore(self) -> None:
        setattr(self.module, self.name, self.original)


def run_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    from training import importing
    from training.actions import imports
    from training.models import Course, ImportStatus

    if connection.vendor != "postgresql":
        print("The probe reads the database server's CPU time: run it with --database postgresql.")
        return 0
    call_command("migrate", verbosity=0)
    rows = max(1_000, round(training.FULL_ROWS * args.scale))
    settings.TRAINING_IMPORT_MAX_ROWS = max(rows, training.FULL_ROWS)
    settings.TRAINING_IMPORT_BACKGROUND_ROWS = rows + 1
    courses = list(Course.objects.filter(partnership=None).values_list("code", "title"))
    if training.backend_cpu() is None:
        print("PostgreSQL does not run on this machine: its CPU time cannot be read.")
        return 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def backend() -> float:
        # Read from /proc alone: a query here would be watched itself.
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    slow: list[tuple[float, float, str]] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        wall, database = time.perf_counter(), backend()
        try:
            return execute(sql, params, many, context)
        finally:
            slow.append((time.perf_counter() - wall, backend() - database, " ".join(sql.split())[:100]))

    print(
        f"Completion import probe on {database_description()} "
        f"(load average {training.load_average()}, {os.cpu_count()} CPUs)"
    )
    with tempfile.TemporaryDirectory(prefix="preventhub-bench-probe-") as folder:
        path = Path(folder) / "completions.csv"
        training.write_file(path, rows, courses)
        _, viewer = training.build_partnership("Bench Probe", "BP")
        with path.open("rb") as stream:
            batch = imports.start_import(viewer=viewer, upload=File(stream, name=path.name))
        batch = imports.choose_columns(viewer=viewer, batch=batch, columns=training.COLUMNS)
        phases = [
            Phase(importing, "check", backend),
            Phase(importing, "land", backend),
            Phase(importing, "after_import", backend),
            Phase(imports, "land_import", backend),
        ]
        try:
            wall, cpu, database = time.perf_counter(), time.process_time(), backend()
            with connection.execute_wrapper(watch):
                batch = imports.run_import(batch=batch)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            database = backend() - database
        finally:
            for phase in phases:
                phase.restore()
    if batch.status != ImportStatus.DONE:
        raise RuntimeError(f"The import was refused: {batch.errors[:3]}")
    check, land, after, land_import = phases
    print(
        f"  {batch.total_rows:,} rows: {batch.completions_added:,} completions and "
        f"{batch.people_added:,} people added"
    )
    print(f"  {'phase':<14}{'wall s':>9}{'this CPU s':>12}{'database CPU s':>16}")
    for name, figures in (
        ("check", (check.wall, check.cpu, check.database)),
        ("land", (land.wall, land.cpu, land.database)),
        ("after_import", (after.wall, after.cpu, after.database)),
        (
            "commit",
            (
                land_import.wall - land.wall - after.wall,
                land_import.cpu - land.cpu - after.cpu,
                land_import.database - land.database - after.database,
            ),
        ),
        ("total", (wall, cpu, database)),
    ):
        print(f"  {name:<14}{figures[0]:9.2f}{figures[1]:12.2f}{figures[2]:16.2f}")
    print(
        f"  {batch.total_rows / wall:,.0f} rows/s; {batch.total_rows / (cpu + database):,.0f} rows per CPU "
        f"second (both processes, {cpu + database:.2f} s)"
    )
    print("  slowest statements (wall s, database CPU s):")
    for seconds, database_seconds, sql in sorted(slow, reverse=True)[:6]:
        print(f"    {seconds:6.2f} {database_seconds:6.2f}  {sql}")
    print(f"  load average after: {training.load_average()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())
