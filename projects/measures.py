"""The figures commissioned projects offer to plans' measures (govuk.measures): an
output's actual over the quarters in the period (as a count, or as a percentage of its
target), spend in the period (in pounds, or as a percentage of the budget profiled for
it), and milestones completed. Each is one aggregate query, and one for the words.

A quarter counts in a period when it starts within the period: returns report by quarter,
so a period of a financial year takes its four quarters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from accounts.models import Partnership
from govuk.measures import Figure, MeasureSource, Parameter, Unit, period_words
from lib.errors import Refused
from lib.quarters import quarter_start
from projects.models import Funder, Milestone, MilestoneStatus, Output, OutputQuarter, Project, ProjectQuarter


def output_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = Output.objects.filter(project__partnership=partnership).order_by(
        "project__title", "position", "id"
    )
    return [
        (str(pk), f"{title}: {description}")
        for pk, title, description in rows.values_list("pk", "project__title", "description")
    ]


def project_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = Project.objects.filter(partnership=partnership).order_by("title", "id")
    return [(str(pk), title) for pk, title in rows.values_list("pk", "title")]


def funder_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    return [
        (str(pk), name)
        for pk, name in Funder.objects.filter(partnership=partnership).values_list("pk", "name")
    ]


def _quarters(start: dt.date, end: dt.date) -> Q:
    return Q(quarter__gte=quarter_start(start), quarter__lte=end)


def _output(partnership: Partnership, params: Mapping[str, str]) -> Output | None:
    return (
        Output.objects.filter(project__partnership=partnership, pk=params["output"])
        .select_related("project")
        .first()
    )


def output_actual(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    output = _output(partnership, params)
    if output is None:
        return Figure(None, "The output chosen is no longer recorded")
    number = (
        OutputQuarter.objects.filter(_quarters(start, end), output=output).aggregate(n=Sum("actual"))["n"]
        or 0
    )
    return Figure.count(
        number, f"{number} of {output.description} ({output.project.title}), {period_words(start, end)}"
    )


def output_progress(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """The actual over the target profiled for the quarters in the period; where the
    output has no quarterly targets, over its target for the whole project."""
    output = _output(partnership, params)
    if output is None:
        return Figure(None, "The output chosen is no longer recorded")
    totals = OutputQuarter.objects.filter(_quarters(start, end), output=output).aggregate(
        actual=Sum("actual"), target=Sum("target")
    )
    actual = totals["actual"] or 0
    target, against = totals["target"], "the target for the quarters in the period"
    if target is None:
        target, against = output.target_total or 0, "the target for the whole project"
    return Figure.percentage(
        actual,
        target,
        f"{actual} of {target} {output.description} ({output.project.title}) against {against}, "
        + period_words(start, end),
    )


def _money_scope(partnership: Partnership, params: Mapping[str, str]) -> tuple[Q, str]:
    condition = Q(project__partnership=partnership)
    words = "all projects"
    if params.get("project"):
        condition &= Q(project_id=params["project"])
        words = dict(project_choices(partnership)).get(params["project"], "the project")
    elif params.get("funder"):
        condition &= Q(project__funder_id=params["funder"])
        words = f"projects funded by {dict(funder_choices(partnership)).get(params['funder'], 'the funder')}"
    return condition, words


def _pounds(value: Decimal | None) -> int:
    return int((value or Decimal(0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def spend(partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date) -> Figure:
    condition, words = _money_scope(partnership, params)
    total = ProjectQuarter.objects.filter(condition, _quarters(start, end)).aggregate(s=Sum("spend"))["s"]
    pounds = _pounds(total)
    return Figure.count(pounds, f"£{pounds:,} spent on {words}, {period_words(start, end)}")


def spend_of_budget(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    condition, words = _money_scope(partnership, params)
    totals = ProjectQuarter.objects.filter(condition, _quarters(start, end)).aggregate(
        s=Sum("spend"), b=Sum("budget")
    )
    spent, budget = _pounds(totals["s"]), _pounds(totals["b"])
    return Figure.percentage(
        spent, budget, f"£{spent:,} spent of a £{budget:,} budget on {words}, {period_words(start, end)}"
    )


def milestones_completed(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    condition = Q(
        project__partnership=partnership,
        status=MilestoneStatus.DONE,
        completed_on__gte=start,
        completed_on__lte=end,
    )
    words = "all projects"
    if params.get("project"):
        condition &= Q(project_id=params["project"])
        words = dict(project_choices(partnership)).get(params["project"], "the project")
    number = Milestone.objects.filter(condition).aggregate(n=Count("pk"))["n"]
    noun = "milestone" if number == 1 else "milestones"
    return Figure.count(number, f"{number} {noun} of {words} completed {period_words(start, end)}")


def _one_scope(params: Mapping[str, str]) -> None:

    if params.get("project") and params.get("funder"):
        raise Refused("Choose a project or a funder, not both", field="funder")


PERIOD_HINT = "Counts the quarters that start in the period."
MEASURES = (
    MeasureSource(
        code="projects.output_actual",
        label="Actual of a project output",
        unit=Unit.COUNT,
        parameters=(Parameter("output", "Output", output_choices, required=True),),
        compute=output_actual,
        hint=PERIOD_HINT,
    ),
    MeasureSource(
        code="projects.output_progress",
        label="Project output as a percentage of its target",
        unit=Unit.PERCENTAGE,
        parameters=(Parameter("output", "Output", output_choices, required=True),),
        compute=output_progress,
        hint=f"{PERIOD_HINT} The target is the quarters' targets, or the project's if none by quarter.",
    ),
    MeasureSource(
        code="projects.spend",
        label="Spend on commissioned projects (£)",
        unit=Unit.COUNT,
        parameters=(
            Parameter("project", "Project", project_choices),
            Parameter("funder", "Funder", funder_choices),
        ),
        compute=spend,
        hint=f"{PERIOD_HINT} In whole pounds.",
        check=_one_scope,
    ),
    MeasureSource(
        code="projects.spend_of_budget",
        label="Spend on commissioned projects as a percentage of budget",
        unit=Unit.PERCENTAGE,
        parameters=(
            Parameter("project", "Project", project_choices),
            Parameter("funder", "Funder", funder_choices),
        ),
        compute=spend_of_budget,
        hint=PERIOD_HINT,
        check=_one_scope,
    ),
    MeasureSource(
        code="projects.milestones_completed",
        label="Project milestones completed",
        unit=Unit.COUNT,
        parameters=(Parameter("project", "Project", project_choices),),
        compute=milestones_completed,
        hint="Milestones marked done with a completion date in the period.",
    ),
)
