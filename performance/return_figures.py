"""The figures of a partnership's quarterly return, the comparison with the previous
quarter's submitted return, and the return's Channel counts as tables for disclosure control
(performance.releases CONTRIBUTORS names `contribution`).

A report is plain JSON (what a submitted return stores): sections, each a list of rows
`{"key", "label", "value", "target", "unit"}`. Keys are stable from quarter to quarter, so a
figure is found beside the previous quarter's by its key. Counts come from the measure
sources (govuk.measures) where one gives the figure; Channel counts and the projects' rows
are read from their records directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Partnership
from cases.models import CLOSED_STATES, StatisticalRecord
from govuk.measures import sources
from lib.bands import financial_quarter, financial_year
from performance import releases
from performance.disclosure import SUPPRESSED_MARK, TOTAL, CellRef, Protected, Release, Table
from performance.models import PartnershipReturn
from performance.releases import Contribution
from projects import quarters as q
from projects.models import OutputQuarter, ProjectQuarter

Report = dict[str, Any]
COUNT, MONEY = "count", "money"

# (key, label): the Channel counts, of the referrals received in the quarter.
CHANNEL_ROWS = (
    ("referrals", "Referrals received"),
    ("discussed", "Discussed at a Channel panel"),
    ("adopted", "Adopted as a Channel case"),
    ("closed", "Closed"),
)
CHANNEL_LABELS = dict(CHANNEL_ROWS)
# The one column of each quarter's Channel table in the release.
CHANNEL_COLUMN = "Count"
SECTIONS = (
    ("channel", "Channel", "channel_narrative"),
    ("training", "Training delivered", "training_narrative"),
    ("engagement", "Engagement", "engagement_narrative"),
    ("projects", "Commissioned projects: outputs and spend", "projects_narrative"),
)


def _row(key: str, label: str, value: Any, target: Any = None, unit: str = COUNT) -> dict[str, Any]:
    return {"key": key, "label": label, "value": value, "target": target, "unit": unit}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def channel_counts(partnership: Partnership, quarter: dt.date) -> dict[str, int]:
    """Of the referrals received in the quarter (as the Home Office statistics count them,
    by the quarter of receipt): how many, how many were discussed at a Channel panel, adopted,
    and are closed now. One aggregate query over the statistical records. A record whose
    referral has been erased has no date of receipt here and is not counted."""
    records = StatisticalRecord.objects.filter(
        partnership=partnership,
        referral__received_at__gte=_day_start(quarter),
        referral__received_at__lt=_day_start(q.next_quarter(quarter)),
    )
    totals = records.aggregate(
        referrals=Count("id"),
        discussed=Count("id", filter=Q(discussed_at_panel=True)),
        adopted=Count("id", filter=Q(adopted=True)),
        closed=Count("id", filter=Q(state__in=list(CLOSED_STATES))),
    )
    return {key: int(totals[key] or 0) for key, _ in CHANNEL_ROWS}


def _figure(partnership: Partnership, code: str, params: Mapping[str, str], quarter: dt.date) -> int:
    value = sources()[code].compute(partnership, params, quarter, q.quarter_end(quarter)).value
    return int(value or 0)


def _by_choice(
    partnership: Partnership, quarter: dt.date, parameter: str, codes: tuple[tuple[str, str, str], ...]
) -> list[dict[str, Any]]:
    """Rows per choice of `parameter` (a course, a type of event) of the sources `codes`
    ((code, key, words)), leaving out the choices with nothing in the quarter."""
    first = sources()[codes[0][0]].parameter(parameter)
    assert first is not None
    rows: list[dict[str, Any]] = []
    for value, label in first.choices(partnership):
        figures = [
            (key, words, _figure(partnership, code, {parameter: value}, quarter))
            for code, key, words in codes
        ]
        if any(number for _, _, number in figures):
            rows += [_row(f"{key}:{value}", f"{label}: {words}", number) for key, words, number in figures]
    return rows


def _training(partnership: Partnership, quarter: dt.date) -> list[dict[str, Any]]:
    codes = (
        ("training.sessions_held", "sessions", "sessions held"),
        ("training.completions", "completions", "completions"),
    )
    return [
        _row("sessions", "Sessions held (every course)", _figure(partnership, codes[0][0], {}, quarter)),
        _row("completions", "Completions (every course)", _figure(partnership, codes[1][0], {}, quarter)),
        *_by_choice(partnership, quarter, "course", codes),
    ]


def _engagement(partnership: Partnership, quarter: dt.date) -> list[dict[str, Any]]:
    codes = (("community.events", "events", "events held"), ("community.attendees", "attendees", "attendees"))
    return [
        _row("events", "Engagement events held (every type)", _figure(partnership, codes[0][0], {}, quarter)),
        _row("attendees", "Attendees (every type)", _figure(partnership, codes[1][0], {}, quarter)),
        *_by_choice(partnership, quarter, "event_type", codes),
    ]


def _projects(partnership: Partnership, quarter: dt.date) -> list[dict[str, Any]]:
    """Each project's outputs against their targets and its spend against its budget for
    the quarter (projects with nothing profiled or recorded for it are left out)."""
    rows: list[dict[str, Any]] = []
    outputs = (
        OutputQuarter.objects.filter(output__project__partnership=partnership, quarter=quarter)
        .select_related("output__project")
        .order_by("output__project__title", "output__position", "output_id")
    )
    for row in outputs:
        label = f"{row.output.project.title}: {row.output.description}"
        rows.append(_row(f"output:{row.output_id}", label, row.actual, row.target))
    money = (
        ProjectQuarter.objects.filter(project__partnership=partnership, quarter=quarter)
        .select_related("project__funder")
        .order_by("project__title", "project_id")
    )
    for spend in money:
        label = f"{spend.project.title} ({spend.project.funder.name}): spend against budget"
        rows.append(
            _row(f"spend:{spend.project_id}", label, _money(spend.spend), _money(spend.budget), MONEY)
        )
    return rows


def live_report(partnership_return: PartnershipReturn) -> Report:
    """The return as the records stand now (a draft's figures, or what submitting stores)."""
    partnership, quarter = partnership_return.partnership, partnership_return.quarter
    channel = channel_counts(partnership, quarter)
    rows = {
        "channel": [_row(key, label, channel[key]) for key, label in CHANNEL_ROWS],
        "training": _training(partnership, quarter),
        "engagement": _engagement(partnership, quarter),
        "projects": _projects(partnership, quarter),
    }
    return {
        "partnership": partnership.name,
        "quarter": quarter.isoformat(),
        "quarter_label": q.label(quarter),
        "sections": [{"code": code, "heading": heading, "rows": rows[code]} for code, heading, _ in SECTIONS],
        "computed_at": timezone.now().isoformat(),
    }


def report_of(partnership_return: PartnershipReturn) -> Report:
    """The stored figures of a submitted (or reopened) return; a draft's computed now."""
    if partnership_return.snapshot is not None:
        return partnership_return.snapshot
    return live_report(partnership_return)


def narrative(partnership_return: PartnershipReturn) -> dict[str, str]:
    return {code: getattr(partnership_return, field) for code, _, field in SECTIONS}


# --- the previous quarter -------------------------------------------------------------------


def previous_submitted(partnership_return: PartnershipReturn) -> PartnershipReturn | None:
    """The latest submitted version of the previous quarter's return."""
    return (
        PartnershipReturn.objects.filter(
            partnership_id=partnership_return.partnership_id,
            quarter=q.previous_quarter(partnership_return.quarter),
            submitted_at__isnull=False,
        )
        .order_by("-version")
        .first()
    )


def _number(row: Mapping[str, Any] | None) -> Decimal | None:
    if row is None or row["value"] is None:
        return None
    return Decimal(str(row["value"]))


def change_words(current: Decimal | None, previous: Decimal | None, unit: str) -> str:
    """ "up 3", "down 2", "same"; "not comparable" where either is missing."""
    if current is None or previous is None:
        return "not comparable"
    difference = current - previous
    if not difference:
        return "same"
    amount = f"£{abs(difference):,.2f}" if unit == MONEY else f"{abs(difference):,.0f}"
    return f"{'up' if difference > 0 else 'down'} {amount}"


def shown(value: Any, unit: str) -> str:
    if value is None:
        return "Not recorded"
    if unit == MONEY:
        return f"£{Decimal(str(value)):,.2f}"
    return f"{int(value):,}"


@dataclass(frozen=True)
class Line:
    """A figure of the return as a page or a download shows it."""

    key: str
    label: str
    value: str
    target: str
    previous: str
    change: str
    suppressed: bool = False  # for the coordinator: suppressed in what the funder sees


@dataclass(frozen=True)
class Section:
    code: str
    heading: str
    lines: list[Line]
    narrative: str


def lines(
    report: Report,
    previous: Report | None,
    narratives: Mapping[str, str],
    *,
    protection: Protection | None,
    previous_protection: Protection | None,
    exact: bool,
) -> list[Section]:
    """Each section's figures beside the previous quarter's with the change in words. With
    `exact` (the coordinator) Channel counts are exact and marked where the release
    suppresses them; otherwise they are the protected values ("[c]" where suppressed, and
    a change involving one is "[c]" too)."""
    before = {
        section["code"]: {row["key"]: row for row in section["rows"]}
        for section in (previous or {}).get("sections", [])
    }
    found: list[Section] = []
    for section in report["sections"]:
        code = section["code"]
        built = []
        for row in section["rows"]:
            earlier = before.get(code, {}).get(row["key"])
            now, then = _number(row), _number(earlier)
            value = shown(row["value"], row["unit"])
            previous_value = shown(earlier["value"], row["unit"]) if earlier else "No return"
            change = change_words(now, then, row["unit"])
            suppressed = False
            if code == "channel":
                suppressed = protection is not None and protection.suppressed(row["key"])
                earlier_suppressed = previous_protection is not None and previous_protection.suppressed(
                    row["key"]
                )
                if not exact:
                    if suppressed:
                        value, change = SUPPRESSED_MARK, SUPPRESSED_MARK
                    if earlier is not None and earlier_suppressed:
                        previous_value, change = SUPPRESSED_MARK, SUPPRESSED_MARK
            target = "" if row["target"] is None else shown(row["target"], row["unit"])
            built.append(Line(row["key"], row["label"], value, target, previous_value, change, suppressed))
        found.append(Section(code, section["heading"], built, narratives.get(code, "")))
    return found


# --- disclosure control ---------------------------------------------------------------------


def table_key(quarter: dt.date) -> str:
    return f"quarterly-return-{quarter.isoformat()}"


def channel_table(quarter: dt.date, counts: Mapping[str, int]) -> Table:
    """A quarter's Channel counts as a table of the release: a row per count, one column, no
    totals (the counts are not parts of one whole). The same counts as the statistics
    tables' totals for the quarter: referrals received = every referral received in the
    quarter; discussed and adopted = the "discussed at a Channel panel" and "adopted"
    columns' totals; closed = the referrals received in the quarter whose state is closed."""
    return Table(
        key=table_key(quarter),
        title=f"Quarterly return: Channel counts, {q.label(quarter)}",
        rows=[label for _, label in CHANNEL_ROWS],
        columns=[CHANNEL_COLUMN],
        cells={(label, CHANNEL_COLUMN): int(counts.get(key, 0)) for key, label in CHANNEL_ROWS},
        totals=False,
    )


def _channel_of(report: Report) -> dict[str, int]:
    section = next(s for s in report["sections"] if s["code"] == "channel")
    return {row["key"]: int(row["value"] or 0) for row in section["rows"]}


def _fy_quarters(year: int) -> list[dt.date]:
    return q.between(dt.date(year, 4, 1), dt.date(year + 1, 3, 31))


def published(partnership: Partnership, year: int) -> dict[dt.date, PartnershipReturn]:
    """The version of each quarter's return a funder has now: the latest submitted one."""
    found: dict[dt.date, PartnershipReturn] = {}
    rows = PartnershipReturn.objects.filter(
        partnership=partnership, quarter__in=_fy_quarters(year), submitted_at__isnull=False
    ).order_by("quarter", "version")
    for row in rows:
        found[row.quarter] = row
    return found


def contribution(partnership: Partnership, year: int) -> Contribution:
    """For performance.releases: a table per quarter of the financial year whose return has
    been submitted, holding the counts as submitted."""
    tables: list[Table] = []
    relations: list[tuple[CellRef, list[CellRef]]] = []
    submitted = {quarter: row for quarter, row in published(partnership, year).items() if row.snapshot}
    live = dict(
        StatisticalRecord.objects.filter(partnership=partnership, financial_year=year)
        .values("quarter")
        .annotate(n=Count("id"))
        .values_list("quarter", "n")
    )
    for quarter, row in submitted.items():
        counts = _channel_of(row.snapshot or {})
        table = channel_table(quarter, counts)
        tables.append(table)
        tables_, relation = _tied_to_statistics(table, quarter, int(counts.get("referrals", 0)), live)
        tables.extend(tables_)
        relations.extend(relation)
    return Contribution(tables=tables, relations=relations)


def _tied_to_statistics(
    table: Table, quarter: dt.date, submitted: int, live: Mapping[int | None, int]
) -> tuple[list[Table], list[tuple[CellRef, list[CellRef]]]]:
    """The submitted "referrals received" and the statistics' total for the same quarter
    are the same count, taken at different times: referrals recorded after the return was
    submitted make the difference. Without a relation, a small difference between the two
    published figures would give away what protecting either hides; so the difference goes
    into the release as a cell of its own (known to the attacker, which is the safe side),
    with the relation statistics total = submitted + recorded later (or the reverse)."""
    from performance.statistics import REFERRALS
    from performance.statistics import table_key as statistics_key

    number = financial_quarter(quarter)
    now = live.get(number, 0)
    statistics_cell = (statistics_key("sector", f"q{number}"), TOTAL, REFERRALS)
    submitted_cell = (table.key, CHANNEL_LABELS["referrals"], CHANNEL_COLUMN)
    later = Table(
        key=f"{table.key}-difference",
        title=f"Referrals recorded since the return for {q.label(quarter)} was submitted (not published)",
        rows=["Difference"],
        columns=[CHANNEL_COLUMN],
        cells={("Difference", CHANNEL_COLUMN): abs(now - submitted)},
        totals=False,
    )
    difference = (later.key, "Difference", CHANNEL_COLUMN)
    if now >= submitted:
        return [later], [(statistics_cell, [submitted_cell, difference])]
    return [later], [(submitted_cell, [statistics_cell, difference])]


class Protection:
    """Which of one quarter's Channel counts the release suppresses."""

    def __init__(self, protected: Protected | releases.Published, quarter: dt.date) -> None:
        self.protected = protected
        self.key = table_key(quarter)

    def suppressed(self, row_key: str) -> bool:
        return self.protected.value(self.key, CHANNEL_LABELS[row_key], CHANNEL_COLUMN) is None

    def notes(self) -> list[str]:
        return self.protected.rules.notes()


def protection_for(partnership: Partnership, quarter: dt.date, counts: Mapping[str, int]) -> Protection:
    """The protection of a quarter's counts within everything the funder can download for
    the financial year, with `counts` as this quarter's (a draft's counts in place of those
    submitted, to show the coordinator which would be suppressed)."""
    year = financial_year(quarter)
    whole = releases.release(partnership, year)
    key = table_key(quarter)
    built = Release([table for table in whole.tables.values() if table.key != key])
    built.add(channel_table(quarter, counts))
    for total, *parts in _relations(whole, key):
        built.relate(total, parts)
    return Protection(built.protect(releases.rules_for(partnership)), quarter)


def _relations(whole: Release, key: str) -> list[list[Any]]:
    """The release's relations between cells, except those naming `key` (its values are
    replaced). Each table's own totals are left out: the table adds them itself."""
    own = {
        (total, tuple(sorted(parts))) for table in whole.tables.values() for total, parts in table.equations()
    }
    found: list[list[Any]] = []
    for total, parts in whole.equations():
        if (total, tuple(sorted(parts))) in own or any(ref[0] == key for ref in (total, *parts)):
            continue
        found.append([total, *parts])
    return found


def protection_of(partnership_return: PartnershipReturn) -> Protection:
    """The protection of a return's Channel counts: for the version the funder has, the
    release itself; for a draft or an older version, the release with its counts put in."""
    partnership, quarter = partnership_return.partnership, partnership_return.quarter
    if published(partnership, financial_year(quarter)).get(quarter) == partnership_return:
        return Protection(releases.protected(partnership, financial_year(quarter)), quarter)
    return protection_for(partnership, quarter, _channel_of(report_of(partnership_return)))
