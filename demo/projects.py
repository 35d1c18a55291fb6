"""Commissioned projects for the demo, written through the projects' action functions.

Tower Hamlets: the seven projects of its Prevent Delivery Plan 2018-19 ("Projects" table),
with the outcomes and outputs as the plan states them ("25 x 2 hour training sessions",
"39 workshops delivered in the community", "500+ reached", "300 Workshops"). The plan
names no provider: those it leaves blank or redacts stay unpublished or redacted here. Its
budgets, the quarterly figures and the returns' words are invented for the demonstration
(demo data), telling a plausible story over the plan's year: project B started late and
caught up, project E underspent while its safe space discussions waited to start, and
project D ended the year behind its 39 workshops.

Westminster: its parenting programme ("9 series of this programme to 122 parents") and the
Gangs and Radicalisation Project ("92 young people across four local youth projects") over
2017-18, reported quarterly to the Home Office, "as the funding body" (report, 3.4.5).

Each partnership's demo project provider (projectprovider@<slug>.demo) reports for one
provider. The plans' rows of kind commissioned project link to their projects, and the
measures of those rows read the projects' outputs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from partners import actions as partner_actions
from partners.models import Organisation, Sector
from plans import measures
from plans.models import Action, ActionKind, MeasurePeriod
from projects import actions
from projects import quarters as q
from projects.models import Funder, MilestoneStatus, Project

DEMO = "Demo return: "


@dataclass(frozen=True)
class DemoOutput:
    description: str
    target: int | None
    actuals: tuple[int, int, int, int]  # by quarter of the year


@dataclass(frozen=True)
class DemoProject:
    title: str
    provider: str
    plan_row: str  # the plan action it delivers, by title ("" for none)
    description: str
    outputs: tuple[DemoOutput, ...]
    budget: tuple[int, int, int, int]
    spend: tuple[int, int, int, int]
    outcome: str
    narratives: tuple[str, str, str, str]
    milestones: tuple[tuple[str, dt.date], ...] = ()
    risk: tuple[str, str, str, str] | None = None  # description, likelihood, impact, mitigation
    returns_submitted: int = 4  # the later ones are left for review


TH_YEAR = dt.date(2018, 4, 1)
TH_PROJECTS = (
    DemoProject(
        "Critical thinking workshops for young people",
        "[Provider not published: project A]",
        "Commissioned project A (name not published)",
        "2 hour workshops, delivered 1-4 weeks apart, with a homework task and a workbook to take home.",
        (DemoOutput("2 hour workshops delivered", None, (6, 8, 9, 7)),),
        (6000, 6000, 6000, 6000),
        (5800, 6100, 5900, 6000),
        "Delivery of educational resources that will help build critical-thinking skills in young people.",
        (
            "First workshops delivered; workbooks well received.",
            "Workshops extended to two more schools.",
            "Second round of workshops under way in two more schools.",
            "All planned workshops delivered.",
        ),
        (("Workbook printed", dt.date(2018, 5, 31)),),
    ),
    DemoProject(
        "Gangs and extremism awareness sessions",
        "[Provider not published: project B]",
        "Commissioned project B (name not published)",
        "Training sessions for young people on gang involvement, drugs, violence, extremism and "
        "radicalisation.",
        (DemoOutput("25 x 2 hour training sessions", 25, (2, 4, 12, 7)),),
        (5000, 5000, 5000, 5000),
        (2200, 3900, 6800, 5600),
        "Young people are empowered with skills and confidence to resist being pulled into gangs",
        (
            "Sessions started later than planned while venues were agreed; 2 delivered.",
            "6 of 25 sessions delivered; extra sessions booked for the autumn to catch up.",
            "Back on track; 18 of 25 sessions delivered.",
            "All 25 sessions delivered.",
        ),
        (("Venues agreed", dt.date(2018, 6, 30)), ("Final session delivered", dt.date(2019, 3, 31))),
        ("Venues not available in time", "high", "medium", "Book youth centres a term ahead"),
    ),
    DemoProject(
        "Family resilience project",
        "[Provider not published: project C]",
        "Commissioned project C (name not published)",
        "The plan states no outputs for this project.",
        (),
        (3000, 3000, 3000, 3000),
        (3000, 2900, 3100, 3000),
        "Build understanding and resistance to extremism from within the family unit",
        ("Families recruited.", "Sessions running.", "Sessions running.", "Year completed."),
    ),
    DemoProject(
        "Women's community workshops",
        "[Provider not published: project D]",
        "Commissioned project D (name not published)",
        "Workshops with women in the community, including the threat of internet radicalisation.",
        (DemoOutput("39 workshops delivered in the community", 39, (8, 9, 10, 10)),),
        (4500, 4500, 4500, 4500),
        (4400, 4500, 4600, 4300),
        "Improved relations and engagement with female community.",
        (
            "8 workshops delivered.",
            "17 community workshops delivered to date.",
            "27 workshops delivered.",
            "37 of 39 workshops delivered; the last two moved to April after a venue closed.",
        ),
        (),
        ("Community venues close at short notice", "medium", "medium", "Keep a list of second venues"),
    ),
    DemoProject(
        "Community activists network",
        "[Provider redacted: project E]",
        "Commissioned project E (name not published)",
        "[REDACTED] [REDACTED] [REDACTED] [REDACTED]",
        (
            DemoOutput("Train young leaders", None, (12, 8, 6, 4)),
            DemoOutput("Create safe space discussions", None, (0, 0, 3, 4)),
            DemoOutput("Training for activists and organisations", None, (1, 2, 2, 2)),
            DemoOutput("Local campaigns", None, (0, 1, 0, 1)),
        ),
        (7000, 7000, 7000, 7000),
        (6900, 4100, 6200, 7300),
        "Produce a network of community activists to build a local narrative to challenge extremist "
        "ideologies.",
        (
            "Young leaders recruited.",
            "Young leaders recruited; safe space discussions not yet started, so spend is below profile.",
            "First safe space discussions held.",
            "Campaign launched; spend caught up in part.",
        ),
        (("Safe space discussions start", dt.date(2018, 9, 30)),),
    ),
    DemoProject(
        "Specialist engagement for 14-30 year olds",
        "[Provider redacted: project F]",
        "Commissioned project F (name not published)",
        "[REDACTED]",
        (
            DemoOutput("500+ reached", 500, (80, 120, 130, 200)),
            DemoOutput("300 Workshops", 300, (50, 60, 70, 125)),
        ),
        (10000, 10000, 10000, 10000),
        (9800, 10100, 9900, 10200),
        "Specialist engagement activities and interventions targeted at 14-30 year olds.",
        (
            "80 young people reached and 50 workshops held.",
            "200 young people reached and 110 workshops held.",
            "330 young people reached and 180 workshops held.",
            "530 young people reached and 305 workshops held.",
        ),
    ),
    DemoProject(
        "Family and community workshops",
        "[Provider redacted: project G]",
        "Commissioned project G (name not published)",
        "[REDACTED]",
        (
            DemoOutput(
                "2-3hr workshops delivered in community settings such as schools, community centres "
                "and Mosques",
                None,
                (5, 6, 6, 8),
            ),
        ),
        (4000, 4000, 4000, 4000),
        (3900, 4000, 4100, 4000),
        "Empower families and communities to recognise the signs of radicalisation and respond effectively.",
        (
            "Workshops running in schools and community centres.",
            "Workshops running in schools and community centres.",
            "Mosque-based workshops added at the request of parents.",
            "Mosque-based workshops continued.",
        ),
        returns_submitted=3,
    ),
)

WM_YEAR = dt.date(2017, 4, 1)
WM_PROJECTS = (
    DemoProject(
        "Prevent parenting programme: Strengthening Families, Strengthening Communities",
        "[Provider not published: parenting programme]",
        "Prevent parenting programme: 'Strengthening Families, Strengthening Communities'",
        "An adapted version of the Race Equality Foundation's 'Strengthening Families, Strengthening "
        "Communities' course.",
        (
            DemoOutput("Series of the programme delivered", 9, (2, 2, 3, 2)),
            DemoOutput("Parents taking part", 122, (27, 26, 41, 28)),
        ),
        (8000, 8000, 8000, 8000),
        (7600, 8100, 8200, 7900),
        "Improve the confidence, parenting skills and awareness of parents",
        (
            "Two series delivered.",
            "Two series delivered; schools invited parents to information sessions.",
            "Three series delivered.",
            "9 series delivered over the year to 122 parents across Westminster.",
        ),
    ),
    DemoProject(
        "Gangs and Radicalisation Project",
        "Local youth projects (four, names not published)",
        "Gangs and Radicalisation Project",
        "Sessions for young people aged 16-24 with four local youth projects.",
        (DemoOutput("Young people reached across four local youth projects", 92, (18, 24, 27, 23)),),
        (3500, 3500, 3500, 3500),
        (3400, 3600, 3500, 3300),
        "Young people understand the shared vulnerabilities that lead to gangs and extremism",
        (
            "Sessions started with the first youth project.",
            "Two youth projects running sessions.",
            "All four youth projects running sessions.",
            "92 young people reached across four local youth projects.",
        ),
    ),
)
WM_REFERENCES = "Funding body: Home Office"

BY_SLUG = {"towerhamlets": (TH_YEAR, TH_PROJECTS), "westminster": (WM_YEAR, WM_PROJECTS)}


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    if partnership.slug not in BY_SLUG:
        return
    year, projects = BY_SLUG[partnership.slug]
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    home_office = Funder.objects.get(partnership=partnership, name="Home Office Prevent funding")
    actions.update_layout(
        viewer=coordinator,
        funder=home_office,
        name=home_office.name,
        active=True,
        title="Quarterly monitoring report",
        sections=["details", "outputs", "spend", "milestones", "risks", "narrative"],
        headings={"outputs": "Output measures"},
        reference_fields=WM_REFERENCES if partnership.slug == "westminster" else "Funding body: Home Office",
    )
    made = [
        _project(coordinator, home_office, year, data, f"HO-PREVENT-{year:%y}-{index + 1:02d}")
        for index, data in enumerate(projects)
    ]
    # Tower Hamlets' provider reports for project G, whose last return is still a draft.
    reports_for = made[-1] if partnership.slug == "towerhamlets" else made[0]
    actions.appoint_provider(
        viewer=coordinator, organisation=reports_for.provider, user=people[Role.PROJECT_PROVIDER]
    )
    _measures(coordinator, made, projects)


def _provider(coordinator: Viewer, name: str) -> Organisation:
    existing = Organisation.objects.filter(partnership=coordinator.partnership, name=name).first()
    if existing is not None:
        return existing
    sector = Sector.objects.get(partnership=None, code="voluntary-community")
    return partner_actions.create_organisation(viewer=coordinator, name=name, sector=sector)


def _plan_row(coordinator: Viewer, title: str) -> Action | None:
    return (
        Action.objects.filter(partnership=coordinator.partnership, title=title)
        .order_by("-strategy__period_start")
        .first()
    )


def _project(
    coordinator: Viewer, funder: Funder, year: dt.date, data: DemoProject, reference: str
) -> Project:
    row = _plan_row(coordinator, data.plan_row)
    quarters = q.between(year, dt.date(year.year + 1, 3, 31))
    project = actions.create_project(
        viewer=coordinator,
        title=data.title,
        provider=_provider(coordinator, data.provider),
        funder=funder,
        start_on=year,
        end_on=dt.date(year.year + 1, 3, 31),
        grant_reference=reference,
        status="completed",
        description=data.description,
        # Only a plan row of kind commissioned project is linked; Westminster's report
        # lists its projects as ordinary actions.
        action=row if row is not None and row.kind == ActionKind.PROJECT else None,
    )
    for quarter, budget in zip(quarters, data.budget, strict=True):
        actions.set_budget(viewer=coordinator, project=project, quarter=quarter, budget=Decimal(budget))
    outputs = []
    for output in data.outputs:
        made = actions.add_output(
            viewer=coordinator, project=project, description=output.description, target_total=output.target
        )
        if output.target is not None:
            share = [output.target // 4 + (1 if i < output.target % 4 else 0) for i in range(4)]
            for quarter, target in zip(quarters, share, strict=True):
                actions.set_output_target(viewer=coordinator, output=made, quarter=quarter, target=target)
        outputs.append((made, output))
    actions.add_outcome(
        viewer=coordinator, project=project, description=data.outcome[:300], target="", result="Demo data"
    )
    milestones = [
        actions.add_milestone(
            viewer=coordinator, project=project, title=title, due_on=due, status=MilestoneStatus.NOT_STARTED
        )
        for title, due in data.milestones
    ]
    if data.risk is not None:
        description, likelihood, impact, mitigation = data.risk
        actions.add_risk(
            viewer=coordinator,
            project=project,
            description=description,
            likelihood=likelihood,
            impact=impact,
            mitigation=mitigation,
            status="open",
        )
    for index, quarter in enumerate(quarters):
        monitoring_return = actions.start_return(viewer=coordinator, project=project, quarter=quarter)
        actions.save_return(
            viewer=coordinator,
            monitoring_return=monitoring_return,
            spend=Decimal(data.spend[index]),
            actuals={made.pk: output.actuals[index] for made, output in outputs},
            milestones={
                m.pk: MilestoneStatus.DONE
                if m.due_on <= q.quarter_end(quarter)
                else MilestoneStatus.IN_PROGRESS
                for m in milestones
            },
            progress=DEMO + data.narratives[index],
            issues="",
            next_quarter="",
        )
        if index < data.returns_submitted:
            actions.send_for_review(viewer=coordinator, monitoring_return=monitoring_return)
            actions.submit_return(viewer=coordinator, monitoring_return=monitoring_return)
    return project


def _measures(coordinator: Viewer, projects: list[Project], data: tuple[DemoProject, ...]) -> None:
    """The plan rows' measures read the projects' outputs: each output with a target, as
    the row's output counts itself."""
    for project, demo in zip(projects, data, strict=True):
        row = _plan_row(coordinator, demo.plan_row)
        if row is None:
            continue
        for output in project.outputs.exclude(target_total=None):
            measures.add_measure(
                viewer=coordinator,
                action=row,
                source="projects.output_actual",
                params={"output": str(output.pk)},
                label=output.description,
                target=Decimal(output.target_total or 0),
                period=MeasurePeriod.PLAN,
            )
