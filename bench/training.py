"""Training benchmark: the import of completions (issue 15, part 6) on SQLite and PostgreSQL.

    .venv/bin/python bench/training.py [--database sqlite|postgresql|both] [--scale F]

Each database gets its own subprocess, set up as bench/plans.py does (bench/common.py).
The subprocess migrates, then builds three partnerships with the same 150 fictional
organisations (schools, colleges, council services, faith institutions; each with a URN),
and writes one deterministic CSV file of 1,000,000 rows (times `--scale`), in the shape
of a learning system's export: "Email address", "Full name", "Organisation", "Course",
"Completion date" (dd/mm/yyyy). 250,000 fictional people complete four courses each; the
organisation is written by its name (in any capitals, sometimes with extra spaces) or by
its URN, the course by its code or its title, and one e-mail address in ten in capitals.

It then times, in the same run:

- **ours**: `training.actions.imports.run_import` on the whole file, as the background
  task runs it: every row read and checked (`importing.check`), then landed
  (`importing.land`: COPY into a staging table, then INSERT ... SELECT of the new people,
  of their completions, and of the completions of people already recorded with ON
  CONFLICT DO NOTHING), the audit event and the batch's result. The upload step (the file
  kept in storage) is timed on its own.
- **floor**: the same CSV file loaded by a bare `COPY ... (FORMAT csv)` into an
  unindexed table of five text columns (PostgreSQL only): no checking, no matching, no
  indexes; no import of this file can be faster.
- **django-import-export**: the first 20,000 rows of the same file imported into another
  partnership through a `ModelResource` for Completion with the same matching (people by
  e-mail, created if new with their name and organisation; organisations by name or URN;
  courses by code or title), the usual way: `resource.import_data(dataset)` in one
  transaction. Our import of the same 20,000 rows into a third partnership is timed
  beside it.

Then, in the same run, the compliance pages of bench/training_pages.py (see its own
description): the national data set, and the compliance page of the largest partnership,
an organisation's page and the sector summary, with the best raw SQL over the base tables
beside each. (`bench/training_pages.py` alone times the pages without the import.)

The figures printed are rows a second and the per-row ratio of django-import-export's
time to ours (ours per row measured on the whole file). Targets: at least 35,000 rows a
second into PostgreSQL for 1,000,000 rows, and at least 20 times faster per row than
django-import-export."""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import training_pages
from bench.common import database_description, setup_django
from bench.common import main as run_benchmark

FULL_ROWS = 1_000_000
COMPLETIONS_PER_PERSON = 4
IEX_ROWS = 20_000
TARGET_ROWS_PER_SECOND = 35_000
TARGET_RATIO = 20
HEADINGS = ["Email address", "Full name", "Organisation", "Course", "Completion date"]
COLUMNS = {
    "email": "Email address",
    "name": "Full name",
    "organisation": "Organisation",
    "course": "Course",
    "completed_on": "Completion date",
}
GIVEN = (
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Emma",
    "Farid",
    "Grace",
    "Hana",
    "Ibrahim",
    "Jade",
    "Kofi",
    "Leah",
    "Mo",
    "Nadia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zara",
)
FAMILY = (
    "Ahmed",
    "Begum",
    "Clarke",
    "Evans",
    "Fernandes",
    "Green",
    "Hussain",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Mensah",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Rahman",
    "Smith",
    "Taylor",
    "Uddin",
    "Vaughan",
    "Walsh",
    "Yilmaz",
    "Zielinski",
    "Da Silva",
)
PLACES = (
    "Riverside",
    "Hollybrook",
    "Eastgate",
    "Millfield",
    "Northwood",
    "Kingsmead",
    "Oakfield",
    "Bridgewater",
    "Stepney",
    "Bow",
    "Poplar",
    "Shadwell",
    "Wapping",
    "Limehouse",
    "Mile End",
)
KINDS = (
    ("Primary School", "school-maintained"),
    ("Academy", "school-academy"),
    ("College", "further-education"),
    ("Youth Service", "local-authority"),
    ("Mosque", "faith-institution"),
    ("Community Centre", "voluntary-community"),
    ("Health Centre", "health"),
    ("Housing Office", "housing"),
    ("Library", "local-authority"),
    ("Children's Centre", "early-years"),
)
ORGANISATIONS = 150


def organisation_rows() -> list[tuple[str, str, str]]:
    """(name, URN, sector code) of the fictional organisations, the same in every run."""
    rows = []
    for index in range(ORGANISATIONS):
        kind, sector = KINDS[index % len(KINDS)]
        place = PLACES[(index // len(KINDS)) % len(PLACES)]
        rows.append((f"{place} {kind}", f"{700000 + index}", sector))
    return rows


def write_file(path: Path, rows: int, courses: list[tuple[str, str]]) -> int:
    """The export: `rows` completions, four per person, deterministic. Returns its size."""
    chooser = random.Random(15)
    organisations = organisation_rows()
    people = (rows + COMPLETIONS_PER_PERSON - 1) // COMPLETIONS_PER_PERSON
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADINGS)
        written = 0
        for person in range(people):
            given, family = chooser.choice(GIVEN), chooser.choice(FAMILY)
            name, urn, _ = organisations[person % ORGANISATIONS]
            email = f"{given}.{family}{person}@{name.split()[0]}.example.org".replace(" ", "").lower()
            if person % 10 == 0:
                email = email.upper()
            shown_organisation = (urn, name, name.upper(), f"  {name.lower()} ")[person % 4]
            for index, (code, title) in enumerate(chooser.sample(courses, COMPLETIONS_PER_PERSON)):
                if written == rows:
                    break
                day = chooser.randrange(0, 6 * 365)
                year, day_of_year = 2019 + day // 365, day % 365
                month, day_of_month = 1 + day_of_year // 31 % 12, 1 + day_of_year % 28
                course = code if (person + index) % 2 else title
                writer.writerow(
                    [
                        email,
                        f"{given} {family}",
                        shown_organisation,
                        course,
                        f"{day_of_month:02d}/{month:02d}/{year}",
                    ]
                )
                written += 1
    return path.stat().st_size


def head_of_file(path: Path, rows: int) -> Path:
    """The heading and the first `rows` rows of the file, as a file of their own."""
    part = path.with_name(f"first-{rows}.csv")
    with (
        path.open(encoding="utf-8", newline="") as source,
        part.open("w", encoding="utf-8", newline="") as target,
    ):
        for index, line in enumerate(source):
            if index > rows:
                break
            target.write(line)
    return part


def build_partnership(name: str, code: str) -> tuple[Any, Any]:
    from accounts.access import Viewer
    from accounts.models import Membership, Partnership, Role, User
    from partners.models import Organisation, Sector

    partnership = Partnership.objects.create(name=name, slug=name.lower().replace(" ", "-"), code=code)
    user = User.objects.create_user(
        email=f"coordinator@{code.lower()}.example.gov.uk", full_name="Bench Coordinator"
    )
    Membership.objects.create(user=user, partnership=partnership, role=Role.COORDINATOR)
    sectors = {sector.code: sector for sector in Sector.objects.filter(partnership=None)}
    Organisation.objects.bulk_create(
        Organisation(partnership=partnership, name=name, urn=urn, sector=sectors[sector])
        for name, urn, sector in organisation_rows()
    )
    return partnership, Viewer(user, partnership, frozenset({Role.COORDINATOR}))


class Timer:
    """Wraps a module's function so that each call's time is kept."""

    def __init__(self, module: Any, name: str) -> None:
        self.module, self.name = module, name
        self.original: Callable[..., Any] = getattr(module, name)
        self.seconds = 0.0

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        setattr(module, name, timed)

    def restore(self) -> None:
        setattr(self.module, self.name, self.original)


def ours(viewer: Any, path: Path) -> dict[str, float]:
    """Our import of the file, as the background task runs it, phase by phase."""
    from django.core.files import File

    from training import importing
    from training.actions import imports
    from training.models import ImportStatus

    with path.open("rb") as stream:
        started = time.perf_counter()
        batch = imports.start_import(viewer=viewer, upload=File(stream, name=path.name))
        upload = time.perf_counter() - started
    # run_worker raises the background threshold: what the background task runs is timed
    # here, in this process, rather than by a worker.
    batch = imports.choose_columns(viewer=viewer, batch=batch, columns=COLUMNS)
    check, land = Timer(importing, "check"), Timer(importing, "land")
    try:
        started, cpu, backend_before = time.perf_counter(), time.process_time(), backend_cpu()
        batch = imports.run_import(batch=batch)
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu
        backend_after = backend_cpu()
        backend = None if backend_before is None or backend_after is None else backend_after - backend_before
    finally:
        check.restore()
        land.restore()
    if batch.status != ImportStatus.DONE:
        raise RuntimeError(
            f"The import was refused: {batch.error_count} problems, such as {batch.errors[:3]}"
        )
    return {
        "upload": upload,
        "check": check.seconds,
        "land": land.seconds,
        "total": total,
        "cpu": cpu + (backend or 0.0),
        "backend_known": backend is not None,
        "rows": batch.total_rows,
        "added": batch.completions_added,
        "people": batch.people_added,
    }


def backend_cpu() -> float | None:
    """The CPU seconds the database server's process for this connection has used, where
    the server runs on this machine (PostgreSQL on localhost); None otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bare_copy(path: Path) -> float:
    """The floor: the same file by COPY into an unindexed table of text columns."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_floor (email text, name text, organisation text, course text, "
            "completed text) ON COMMIT DROP"
        )
        started = time.perf_counter()
        with (
            path.open("rb") as stream,
            cursor.cursor.copy("COPY bench_floor FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := stream.read(1024 * 1024):
                copy.write(chunk)
        return time.perf_counter() - started


def django_import_export(partnership: Any, path: Path) -> float | None:
    """The same rows through a django-import-export ModelResource, the usual way."""
    try:
        import tablib
        from import_export import fields, resources, widgets
    except ImportError:
        return None
    from django.db.models import Q

    from partners.models import Contact, Organisation
    from training.models import Completion, CompletionSource, Course

    def organisation_for(value: str) -> Organisation:
        text = " ".join(value.split())
        found = (
            Organisation.objects.filter(partnership=partnership)
            .filter(Q(urn=text) | Q(name__iexact=text))
            .first()
        )
        if found is None:
            raise ValueError(f"No organisation is named {text} or has that URN")
        return found

    class PersonWidget(widgets.ForeignKeyWidget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Contact:
            email = str(value).strip()
            person = Contact.objects.filter(partnership=partnership, email__iexact=email).first()
            if person is None:
                person = Contact.objects.create(
                    partnership=partnership,
                    organisation=organisation_for(row["Organisation"]),
                    name=" ".join(str(row["Full name"]).split()),
                    email=email,
                )
            return person

    class CourseWidget(widgets.ForeignKeyWidget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Course:
            text = " ".join(str(value).split())
            return Course.objects.filter(Q(partnership=None) | Q(partnership=partnership)).get(
                Q(code__iexact=text) | Q(title__iexact=text)
            )

    class CompletionResource(resources.ModelResource):
        person = fields.Field(attribute="person", column_name="Email address", widget=PersonWidget(Contact))
        course = fields.Field(attribute="course", column_name="Course", widget=CourseWidget(Course))
        completed_on = fields.Field(
            attribute="completed_on",
            column_name="Completion date",
            widget=widgets.DateWidget(format="%d/%m/%Y"),
        )

        class Meta:
            model = Completion
            fields = ("person", "course", "completed_on")
            import_id_fields = ("person", "course", "completed_on")
            skip_unchanged = True
            use_transactions = True

        def before_save_instance(self, instance: Completion, row: Any, **kwargs: Any) -> None:
            instance.partnership = partnership
            instance.source = CompletionSource.IMPORT

    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv")
    started = time.perf_counter()
    result = CompletionResource().import_data(dataset, dry_run=False, raise_errors=True)
    seconds = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        raise RuntimeError("django-import-export refused rows of the file")
    return seconds


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def run_worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from training.models import Course

    call_command("migrate", verbosity=0)
    rows = max(1_000, round(FULL_ROWS * args.scale))
    iex_rows = min(IEX_ROWS, rows)
    settings.TRAINING_IMPORT_MAX_ROWS = max(rows, FULL_ROWS)
    settings.TRAINING_IMPORT_BACKGROUND_ROWS = rows + 1
    courses = list(Course.objects.filter(partnership=None).values_list("code", "title"))
    print(
        f"Completion import on {database_description()} "
        f"(load average {load_average()}, {os.cpu_count()} CPUs)"
    )
    with tempfile.TemporaryDirectory(prefix="preventhub-bench-training-") as folder:
        path = Path(folder) / "completions.csv"
        started = time.perf_counter()
        size = write_file(path, rows, courses)
        print(
            f"  file: {rows:,} rows, {size / 1e6:,.1f} MB, written in {time.perf_counter() - started:.1f} s"
        )
        _, whole_viewer = build_partnership("Bench Whole File", "BW")
        _, ours_viewer = build_partnership("Bench Ours Part", "BO")
        iex_partnership, _ = build_partnership("Bench Import Export", "BI")
        figures = ours(whole_viewer, path)
        per_row = figures["total"] / figures["rows"]
        print(f"  upload (file kept in storage)            {figures['upload']:8.2f} s")
        print(f"  ours, {rows:,} rows:")
        print(f"    check (read and validate every row)    {figures['check']:8.2f} s")
        print(f"    land (staging, INSERT ... SELECT)      {figures['land']:8.2f} s")
        verdict = "meets" if figures["rows"] / figures["total"] >= TARGET_ROWS_PER_SECOND else "MISSES"
        if connection.vendor != "postgresql":
            verdict = "on PostgreSQL:"
        print(
            f"    total                                  {figures['total']:8.2f} s   "
            f"{figures['rows'] / figures['total']:>10,.0f} rows/s   ({verdict} the target of "
            f"{TARGET_ROWS_PER_SECOND:,}; {figures['added']:,} completions and "
            f"{figures['people']:,} people added)"
        )
        if figures["backend_known"]:
            print(
                f"    CPU time (this process and the database's)  {figures['cpu']:8.2f} s   "
                f"{figures['rows'] / figures['cpu']:>10,.0f} rows per CPU second"
            )
        if connection.vendor == "postgresql":
            floor = bare_copy(path)
            print(
                f"  floor: bare COPY into an unindexed table {floor:8.2f} s   {rows / floor:>10,.0f} rows/s"
            )
        part = head_of_file(path, iex_rows)
        iex = django_import_export(iex_partnership, part)
        small = ours(ours_viewer, part)
        print(
            f"  ours, the first {iex_rows:,} rows            {small['total']:8.2f} s   "
            f"{iex_rows / small['total']:>10,.0f} rows/s"
        )
        if iex is None:
            print("  django-import-export is not installed (make .venv/.dev-installed installs it): no ratio")
        else:
            ratio = (iex / iex_rows) / per_row
            verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
            print(
                f"  django-import-export, {iex_rows:,} rows      {iex:8.2f} s   "
                f"{iex_rows / iex:>10,.0f} rows/s"
            )
            print(
                f"  per row, django-import-export / ours on the whole file: {ratio:,.0f} times "
                f"({verdict} the target of {TARGET_RATIO})"
            )
    # The page figures, in the same run: the compliance page, an organisation's page and
    # the sector summary, over the national data set bench/training_pages.py builds.
    print()
    training_pages.run_pages(args)
    print(f"  load average after: {load_average()} (the machine is shared: other work inflates the times)")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_benchmark(Path(__file__), __doc__.split("\n\n")[0] if __doc__ else None, run_worker, argv)


if __name__ == "__main__":
    sys.exit(main())
