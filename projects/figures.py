"""What a return reports, as plain data: built from the project's records while the return
is open (`live_reports`, a fixed number of queries for any number of projects), and stored
as it was when submitted (MonitoringReturn.snapshot). Pages, the spreadsheet and the PDF
all read this one shape, so a submitted return looks the same wherever it is read, and
the variance against the profile is worked out the same way everywhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from projects import quarters as q
from projects.models import (
    Level,
    Milestone,
    MilestoneStatus,
    MonitoringReturn,
    Outcome,
    Output,
    OutputQuarter,
    Project,
    ProjectQuarter,
    ReturnLayout,
    Risk,
    RiskStatus,
)

# Spend more than this share away from the quarter's profile is highlighted.
VARIANCE_SHARE = Decimal("0.10")
Report = dict[str, Any]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def live_reports(projects: Sequence[Project], returns: Mapping[int, MonitoringReturn]) -> dict[int, Report]:
    """Each project's report for the quarter of its return in `returns`, read from the
    records now. Seven queries whatever the number of projects."""
    ids = [project.pk for project in projects]
    layouts = {
        layout.funder_id: layout
        for layout in ReturnLayout.objects.filter(funder_id__in={p.funder_id for p in projects})
    }
    money: dict[int, list[ProjectQuarter]] = {}
    for row in ProjectQuarter.objects.filter(project_id__in=ids).order_by("quarter"):
        money.setdefault(row.project_id, []).append(row)
    outputs: dict[int, list[Output]] = {}
    for output in Output.objects.filter(project_id__in=ids):
        outputs.setdefault(output.project_id, []).append(output)
    by_output: dict[int, list[OutputQuarter]] = {}
    for output_row in OutputQuarter.objects.filter(output__project_id__in=ids).order_by("quarter"):
        by_output.setdefault(output_row.output_id, []).append(output_row)
    outcomes: dict[int, list[Outcome]] = {}
    for outcome in Outcome.objects.filter(project_id__in=ids):
        outcomes.setdefault(outcome.project_id, []).append(outcome)
    milestones: dict[int, list[Milestone]] = {}
    for milestone in Milestone.objects.filter(project_id__in=ids):
        milestones.setdefault(milestone.project_id, []).append(milestone)
    risks: dict[int, list[Risk]] = {}
    for risk in Risk.objects.filter(project_id__in=ids):
        risks.setdefault(risk.project_id, []).append(risk)
    reports = {}
    for project in projects:
        monitoring_return = returns[project.pk]
        reports[project.pk] = _report(
            project,
            monitoring_return,
            layouts.get(project.funder_id),
            money.get(project.pk, []),
            [(output, by_output.get(output.pk, [])) for output in outputs.get(project.pk, [])],
            outcomes.get(project.pk, []),
            milestones.get(project.pk, []),
            risks.get(project.pk, []),
        )
    return reports


def _report(
    project: Project,
    monitoring_return: MonitoringReturn,
    layout: ReturnLayout | None,
    money: list[ProjectQuarter],
    outputs: list[tuple[Output, list[OutputQuarter]]],
    outcomes: list[Outcome],
    milestones: list[Milestone],
    risks: list[Risk],
) -> Report:
    quarter = monitoring_return.quarter
    by_quarter = {row.quarter: row for row in money}
    spend = []
    budget_total = Decimal(0)
    for each in q.between(project.start_on, project.end_on):
        row = by_quarter.get(each)
        budget_total += row.budget if row else Decimal(0)
        # The quarters after the return's are not part of what it reports.
        if each <= quarter:
            spend.append(
                {
                    "quarter": each.isoformat(),
                    "label": q.short_label(each),
                    "budget": _money(row.budget if row else Decimal(0)),
                    "spend": _money(row.spend) if row else None,
                }
            )
    output_rows = []
    for output, rows in outputs:
        this = next((row for row in rows if row.quarter == quarter), None)
        to_date = [row for row in rows if row.quarter <= quarter]
        output_rows.append(
            {
                "description": output.description,
                "target_total": output.target_total,
                "target_quarter": this.target if this else None,
                "actual_quarter": this.actual if this else None,
                "target_to_date": sum(row.target or 0 for row in to_date)
                if any(r.target is not None for r in to_date)
                else None,
                "actual_to_date": sum(row.actual or 0 for row in to_date),
            }
        )
    sections = layout.section_list() if layout else [(code, label) for code, label in _default_sections()]
    return {
        "title": layout.title if layout else "Quarterly monitoring return",
        "sections": [list(section) for section in sections],
        "references": [list(pair) for pair in (layout.reference_list() if layout else [])],
        "quarter": quarter.isoformat(),
        "quarter_label": q.label(quarter),
        "project": {
            "title": project.title,
            "provider": project.provider.name,
            "funder": project.funder.name,
            "grant_reference": project.grant_reference,
            "start_on": project.start_on.isoformat(),
            "end_on": project.end_on.isoformat(),
            "status": project.get_status_display(),
            "description": project.description,
        },
        "spend": spend,
        "budget_total": _money(budget_total),
        "outputs": output_rows,
        "outcomes": [
            {"description": o.description, "target": o.target, "result": o.result} for o in outcomes
        ],
        "milestones": [
            {
                "title": m.title,
                "due_on": m.due_on.isoformat(),
                "status": m.get_status_display(),
                "completed_on": m.completed_on.isoformat() if m.completed_on else None,
            }
            for m in milestones
        ],
        "risks": [
            {
                "description": r.description,
                "likelihood": Level(r.likelihood).label,
                "impact": Level(r.impact).label,
                "mitigation": r.mitigation,
                "status": RiskStatus(r.status).label,
            }
            for r in risks
        ],
        "narrative": {
            "progress": monitoring_return.progress,
            "issues": monitoring_return.issues,
            "next_quarter": monitoring_return.next_quarter,
        },
    }


def _default_sections() -> list[tuple[str, str]]:
    from projects.models import ReturnSection

    return [(str(code), str(label)) for code, label in ReturnSection.choices]


def report_of(monitoring_return: MonitoringReturn) -> Report:
    """The stored report of a submitted return; the records' of an open one."""
    if monitoring_return.locked and monitoring_return.snapshot:
        return monitoring_return.snapshot
    return live_reports([monitoring_return.project], {monitoring_return.project_id: monitoring_return})[
        monitoring_return.project_id
    ]


# --- variance -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpendRow:
    quarter: str
    label: str
    budget: Decimal
    spend: Decimal | None
    variance: Decimal | None
    marker: str  # "Underspend", "Overspend" or "", in words beside any colour


def variance_marker(budget: Decimal, spend: Decimal | None) -> str:
    if spend is None:
        return ""
    allowed = budget * VARIANCE_SHARE
    if spend < budget - allowed:
        return "Underspend"
    if spend > budget + allowed:
        return "Overspend"
    return ""


def spend_rows(report: Report, *, upto: str | None = None) -> list[SpendRow]:
    rows = []
    for row in report["spend"]:
        if upto is not None and row["quarter"] > upto:
            break
        budget = Decimal(row["budget"] or 0)
        spend = None if row["spend"] is None else Decimal(row["spend"])
        rows.append(
            SpendRow(
                row["quarter"],
                row["label"],
                budget,
                spend,
                None if spend is None else spend - budget,
                variance_marker(budget, spend),
            )
        )
    return rows


@dataclass(frozen=True)
class OutputRow:
    description: str
    target_total: int | None
    target_quarter: int | None
    actual_quarter: int | None
    target_to_date: int | None
    actual_to_date: int
    marker: str  # "Behind target" when the quarter's or the to-date actual is short


def output_rows(report: Report) -> list[OutputRow]:
    rows = []
    for row in report["outputs"]:
        behind = (
            row["target_quarter"] is not None and (row["actual_quarter"] or 0) < row["target_quarter"]
        ) or (row["target_to_date"] is not None and row["actual_to_date"] < row["target_to_date"])
        rows.append(OutputRow(**row, marker="Behind target" if behind else ""))
    return rows


def quarter_totals(report: Report) -> dict[str, Decimal | None]:
    """The return quarter's budget and spend, and both to date."""
    rows = spend_rows(report, upto=report["quarter"])
    this = rows[-1] if rows else None
    return {
        "budget": this.budget if this else Decimal(0),
        "spend": this.spend if this else None,
        "budget_to_date": sum((row.budget for row in rows), Decimal(0)),
        "spend_to_date": sum((row.spend or Decimal(0) for row in rows), Decimal(0)),
        "budget_total": Decimal(report.get("budget_total") or 0),
    }


# --- what changed since the last submitted return ------------------------------------------


def changes(previous: Report, current: Report) -> list[str]:
    """What the current report says differently from the previous submitted one, in
    sentences: project details, the budget, each output's totals, milestones and risks."""
    said: list[str] = []
    before, after = previous["project"], current["project"]
    for key, words in (
        ("status", "Status"),
        ("end_on", "End date"),
        ("start_on", "Start date"),
        ("provider", "Provider"),
        ("grant_reference", "Grant reference"),
    ):
        if before.get(key) != after.get(key):
            said.append(f"{words} changed from {before.get(key) or 'none'} to {after.get(key) or 'none'}.")
    old_total = quarter_totals(previous)["budget_total"]
    new_total = quarter_totals(current)["budget_total"]
    if old_total != new_total:
        said.append(f"Total budget changed from £{old_total:,.2f} to £{new_total:,.2f}.")
    new_spend = quarter_totals(current)
    said.append(
        f"Spend to date rose from £{quarter_totals(previous)['spend_to_date']:,.2f} "
        f"to £{new_spend['spend_to_date']:,.2f}."
    )
    earlier = {row["description"]: row for row in previous["outputs"]}
    for row in current["outputs"]:
        old = earlier.pop(row["description"], None)
        if old is None:
            said.append(f"New output: {row['description']}.")
        elif old["actual_to_date"] != row["actual_to_date"]:
            said.append(
                f"{row['description']}: {old['actual_to_date']} to date before, {row['actual_to_date']} now."
            )
        if old is not None and old["target_total"] != row["target_total"]:
            said.append(
                f"{row['description']}: target changed from {old['target_total']} to {row['target_total']}."
            )
    said.extend(f"Output no longer reported: {name}." for name in earlier)
    said.extend(
        _listed_changes("Milestone", "title", previous["milestones"], current["milestones"], ("status",))
    )
    said.extend(
        _listed_changes(
            "Risk", "description", previous["risks"], current["risks"], ("status", "likelihood", "impact")
        )
    )
    return said


def _listed_changes(
    noun: str,
    key: str,
    before: Iterable[Mapping[str, Any]],
    after: Iterable[Mapping[str, Any]],
    fields: tuple[str, ...],
) -> list[str]:
    said = []
    earlier = {row[key]: row for row in before}
    for row in after:
        old = earlier.pop(row[key], None)
        if old is None:
            said.append(f"New {noun.lower()}: {row[key]}.")
            continue
        for field in fields:
            if old.get(field) != row.get(field):
                said.append(f"{noun} {row[key]}: {field} changed from {old.get(field)} to {row.get(field)}.")
    said.extend(f"{noun} removed: {name}." for name in earlier)
    return said


def done_milestone_status() -> str:
    return str(MilestoneStatus.DONE.label)


def parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# --- the steering group's summary: a financial year's figures, no narrative -----------------


def year_start(year: int) -> dt.date:
    """The first day of the financial year that starts in April of `year`."""
    return dt.date(year, 4, 1)


def year_of(day: dt.date) -> int:
    """The calendar year in which the financial year holding `day` starts."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    return f"{year}-{str(year + 1)[-2:]} (April {year} to March {year + 1})"


@dataclass(frozen=True)
class Money:
    """A year's budget and spend: the profile for the whole year, the profile of its
    quarters ended by `today` ("to date"), the spend recorded in those quarters, and the
    variance between the last two with its marker in words."""

    budget_year: Decimal
    budget_to_date: Decimal
    spend_to_date: Decimal

    @property
    def variance(self) -> Decimal:
        return self.spend_to_date - self.budget_to_date

    @property
    def marker(self) -> str:
        return variance_marker(self.budget_to_date, self.spend_to_date)

    def __add__(self, other: Money) -> Money:
        return Money(
            self.budget_year + other.budget_year,
            self.budget_to_date + other.budget_to_date,
            self.spend_to_date + other.spend_to_date,
        )


NO_MONEY = Money(Decimal(0), Decimal(0), Decimal(0))


@dataclass(frozen=True)
class OutputYear:
    description: str
    target: int | None  # the quarters' targets in the year summed; None when none is set
    actual: int


@dataclass(frozen=True)
class ProjectYear:
    title: str
    provider: str
    money: Money
    outputs: list[OutputYear]


@dataclass(frozen=True)
class FunderYear:
    name: str
    projects: list[ProjectYear]
    money: Money


@dataclass(frozen=True)
class YearSummary:
    year: int
    label: str
    funders: list[FunderYear]
    money: Money

    @property
    def project_count(self) -> int:
        return sum(len(funder.projects) for funder in self.funders)


def year_summary(projects: QuerySet[Project], year: int, *, today: dt.date) -> YearSummary:
    """Each funder's projects running in the financial year `year`, with their budget and
    spend and their outputs' targets and actuals summed over the year's quarters, by
    funder and in total. Figures only: no narrative, risk, file or person. Three queries
    whatever the number of projects."""
    first = year_start(year)
    quarters = [first]
    for _ in range(3):
        quarters.append(q.next_quarter(quarters[-1]))
    ended = [quarter for quarter in quarters if q.quarter_end(quarter) < today]
    running = list(
        projects.filter(start_on__lte=q.quarter_end(quarters[-1]), end_on__gte=first)
        .select_related("provider", "funder")
        .order_by("funder__position", "funder__name", "funder_id", "title", "id")
    )
    ids = [project.pk for project in running]
    money = {
        row["project_id"]: Money(
            row["budget_year"] or Decimal(0), row["budget_to_date"] or Decimal(0), row["spend"] or Decimal(0)
        )
        for row in ProjectQuarter.objects.filter(project_id__in=ids, quarter__in=quarters)
        .values("project_id")
        .annotate(
            budget_year=Sum("budget"),
            budget_to_date=Sum("budget", filter=Q(quarter__in=ended)),
            spend=Sum("spend", filter=Q(quarter__in=ended)),
        )
    }
    in_year = Q(quarters__quarter__in=quarters)
    outputs: dict[int, list[OutputYear]] = {}
    for output in (
        Output.objects.filter(project_id__in=ids)
        .annotate(
            year_target=Sum("quarters__target", filter=in_year),
            year_actual=Sum("quarters__actual", filter=in_year),
        )
        .order_by("position", "id")
    ):
        outputs.setdefault(output.project_id, []).append(
            OutputYear(output.description, output.year_target, output.year_actual or 0)
        )
    grouped: dict[int, list[ProjectYear]] = {}
    names: dict[int, str] = {}
    for project in running:
        names[project.funder_id] = project.funder.name
        grouped.setdefault(project.funder_id, []).append(
            ProjectYear(
                project.title,
                project.provider.name,
                money.get(project.pk, NO_MONEY),
                outputs.get(project.pk, []),
            )
        )
    funders = [
        FunderYear(names[funder_id], rows, sum((row.money for row in rows), NO_MONEY))
        for funder_id, rows in grouped.items()
    ]
    total = sum((funder.money for funder in funders), NO_MONEY)
    return YearSummary(year, year_label(year), funders, total)
