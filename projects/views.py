"""Pages of the commissioned projects: the list, a project's page with its profile and
spend, outputs, milestones, risks and returns, the forms for each part, and the quarterly
returns with their downloads. Views check access, hand the form to an action and
redirect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from audit.log import record_outside_action
from govuk.pages import Done, button, form_page, posted
from govuk.paging import keyset_page
from govuk.templatetags.govuk import short_date
from projects import access, actions, documents, figures
from projects import quarters as q
from projects.access import PROJECT_EDITORS, PROJECT_READERS, RETURN_WRITERS, SUMMARY_READERS
from projects.forms import (
    BudgetForm,
    FilterForm,
    FunderForm,
    FunderReturnForm,
    LayoutForm,
    MilestoneForm,
    OutcomeForm,
    OutputForm,
    OutputTargetForm,
    ProjectForm,
    ProviderForm,
    ReturnForm,
    RiskForm,
    SendBackForm,
    StartReturnForm,
    SummaryForm,
)
from projects.models import (
    MonitoringReturn,
    OutputQuarter,
    Project,
    ProjectQuarter,
    ReturnSection,
    ReturnStatus,
)

PAGE_SIZE = 50


def _quarters_of(projects: Any) -> list[dt.date]:
    span = projects.aggregate(first=Min("start_on"), last=Max("end_on"))
    if span["first"] is None:
        return []
    return q.between(span["first"], span["last"])


@partnership_view(*PROJECT_READERS)
def project_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    listed = access.projects(viewer).select_related("provider", "funder")
    filter_form = FilterForm(request.GET, viewer=viewer, quarters=_quarters_of(access.projects(viewer)))
    filtered = False
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        if data["funder"] is not None:
            listed, filtered = listed.filter(funder=data["funder"]), True
        if data["provider"] is not None:
            listed, filtered = listed.filter(provider=data["provider"]), True
        if data["status"]:
            listed, filtered = listed.filter(status=data["status"]), True
        if data["quarter"]:
            quarter = data["quarter"]
            listed = listed.filter(start_on__lte=q.quarter_end(quarter), end_on__gte=quarter)
            filtered = True
    page = keyset_page(request, listed, keys=("title", "id"), size=PAGE_SIZE, noun="projects")
    return render(
        request,
        "projects/project_list.html",
        {
            "filter_form": filter_form,
            "filtered": filtered,
            "total": listed.count(),
            "page": page,
            "can_edit": access.can_edit(viewer),
        },
    )


@partnership_view(*PROJECT_READERS)
def project_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    project = access.get_project(viewer, uuid)
    money = {row.quarter: row for row in ProjectQuarter.objects.filter(project=project)}
    spend: list[dict[str, Any]] = []
    for quarter in q.between(project.start_on, project.end_on):
        row = money.get(quarter)
        budget = row.budget if row else Decimal(0)
        amount = row.spend if row else None
        # Formatted here: at 40 quarters the template's number and date filters were most
        # of the page's time (bench/projects.py).
        spend.append(
            {
                "quarter": quarter.isoformat(),
                "label": q.label(quarter),
                "budget": budget,
                "spend": amount,
                "budget_text": pounds(budget),
                "spend_text": "Not recorded" if amount is None else pounds(amount),
                "variance_text": "" if amount is None else pounds(amount - budget),
                "marker": figures.variance_marker(budget, amount),
            }
        )
    outputs = list(project.outputs.all())
    by_output: dict[int, list[OutputQuarter]] = {}
    for output_row in OutputQuarter.objects.filter(output__project=project).order_by("quarter"):
        by_output.setdefault(output_row.output_id, []).append(output_row)
    output_rows = []
    for output in outputs:
        rows = by_output.get(output.pk, [])
        targets = [row.target for row in rows if row.target is not None]
        actual = sum(row.actual or 0 for row in rows)
        target = (
            output.target_total if output.target_total is not None else (sum(targets) if targets else None)
        )
        output_rows.append(
            {
                "output": output,
                "target": target,
                "actual": actual,
                "by_quarter": [
                    f"{row.quarter:%b %Y}: {'–' if row.actual is None else row.actual}"
                    + ("" if row.target is None else f" of {row.target}")
                    for row in rows
                    if row.target is not None or row.actual is not None
                ],
                "marker": "Behind target" if _behind(rows) else "",
            }
        )
    can_edit = access.can_edit(viewer)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "spend": spend,
            "budget_total": pounds(sum((row["budget"] for row in spend), Decimal(0))),
            "spend_total": pounds(sum((row["spend"] or Decimal(0) for row in spend), Decimal(0))),
            "budget_url": reverse("projects:budget_edit", args=[project.uuid]),
            "outputs": output_rows,
            "outcomes": list(project.outcomes.all()),
            "milestones": list(project.milestones.all()),
            "risks": list(project.risks.all()),
            "returns": [
                (
                    r.get_absolute_url(),
                    f"{r.quarter:%B %Y} quarter",
                    r.get_status_display(),
                    short_date(timezone.localtime(r.submitted_at).date() if r.submitted_at else None),
                )
                for r in project.returns.only("uuid", "quarter", "status", "submitted_at")
            ],
            "can_edit": can_edit,
            "can_write": access.can_write_returns(viewer, project),
            "providers": list(
                access.providers(viewer).filter(organisation_id=project.provider_id).select_related("user")
            ),
            "action_shown": project.action is not None and viewer.has_any(Role.COORDINATOR, Role.STEERING),
        },
    )


@partnership_view(*SUMMARY_READERS)
def summary(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The steering group's view of the projects: for a financial year, per funder and in
    total, how many projects, budget against spend, and each project's outputs against
    their targets. Figures only; no project's page is linked."""
    counted = access.summary_projects(viewer)
    current = figures.year_of(timezone.localdate())
    span = counted.aggregate(first=Min("start_on"), last=Max("end_on"))
    years = {current}
    if span["first"] is not None:
        years.update(range(figures.year_of(span["first"]), figures.year_of(span["last"]) + 1))
    offered = sorted(years, reverse=True)
    form = SummaryForm(request.GET, years=offered)
    year = form.cleaned_data["year"] if form.is_valid() else current
    if not form.is_valid():
        form = SummaryForm(initial={"year": current}, years=offered)
    found = figures.year_summary(counted, year, today=timezone.localdate())
    return render(
        request,
        "projects/summary.html",
        {
            "form": form,
            "summary": found,
            "total": _money_cells(found.money),
            "funders": [
                {
                    "name": funder.name,
                    "count": len(funder.projects),
                    "money": _money_cells(funder.money),
                    "projects": [
                        {"title": p.title, "provider": p.provider, "money": _money_cells(p.money)}
                        for p in funder.projects
                    ],
                    "outputs": [(p.title, output) for p in funder.projects for output in p.outputs],
                }
                for funder in found.funders
            ],
        },
    )


def _money_cells(money: figures.Money) -> dict[str, Any]:
    return {
        "budget_year": pounds(money.budget_year),
        "budget_to_date": pounds(money.budget_to_date),
        "spend_to_date": pounds(money.spend_to_date),
        "variance": pounds(money.variance),
        "marker": money.marker,
        "profiled": bool(money.budget_to_date or money.spend_to_date),
    }


def pounds(amount: Decimal) -> str:
    return f"-£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


def _behind(rows: list[OutputQuarter]) -> bool:
    """Behind when, over the quarters with a target and an actual, the actuals fall short."""
    counted = [row for row in rows if row.target is not None and row.actual is not None]
    return sum(row.actual or 0 for row in counted) < sum(row.target or 0 for row in counted)


@partnership_view(*PROJECT_EDITORS)
def project_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        project = actions.create_project(viewer=viewer, **data)
        return Done(project.get_absolute_url(), f"{project.title} added")

    return form_page(
        request,
        ProjectForm(posted(request), viewer=viewer, initial={"status": "active"}),
        save=save,
        template="projects/project_form.html",
        context={"project": None},
    )


@partnership_view(*PROJECT_EDITORS)
def project_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    project = access.get_editable_project(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_project(viewer=viewer, project=project, **data)
        return Done(project.get_absolute_url(), "Project details saved")

    initial = {name: getattr(project, name) for name in actions.PROJECT_FIELDS}
    initial["provider"] = project.provider.uuid
    initial["funder"] = project.funder.uuid
    initial["action"] = project.action.uuid if project.action else None
    return form_page(
        request,
        ProjectForm(posted(request), viewer=viewer, project=project, initial=initial),
        save=save,
        template="projects/project_form.html",
        context={"project": project},
    )


def _part_page(
    request: HttpRequest, form: Any, save: Any, project: Project, heading: str, *, back: str = ""
) -> HttpResponse:
    return form_page(
        request,
        form,
        save=save,
        template="projects/part_form.html",
        context={"project": project, "heading": heading, "back": back or project.get_absolute_url()},
    )


@partnership_view(*PROJECT_EDITORS)
def budget_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    project = access.get_editable_project(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.set_budget(viewer=viewer, project=project, quarter=data["quarter"], budget=data["budget"])
        return Done(
            f"{project.get_absolute_url()}#spend", f"Budget for {q.short_label(data['quarter'])} saved"
        )

    initial = {"quarter": request.GET.get("quarter", "")}
    return _part_page(
        request,
        BudgetForm(posted(request), project=project, initial=initial),
        save,
        project,
        "Profile the budget",
    )


@partnership_view(*PROJECT_EDITORS)
def output_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    project = access.get_editable_project(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.add_output(viewer=viewer, project=project, **data)
        return Done(f"{project.get_absolute_url()}#outputs", "Output added")

    return _part_page(request, OutputForm(posted(request)), save, project, "Add an output")


@partnership_view(*PROJECT_EDITORS)
def output_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    output = access.get_output(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_output(viewer=viewer, output=output, **data)
        return Done(f"{output.project.get_absolute_url()}#outputs", "Output saved")

    initial = {"description": output.description, "target_total": output.target_total}
    return _part_page(
        request, OutputForm(posted(request), initial=initial), save, output.project, "Change the output"
    )


@partnership_view(*PROJECT_EDITORS)
def output_target(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    output = access.get_output(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.set_output_target(
            viewer=viewer, output=output, quarter=data["quarter"], target=data["target"]
        )
        return Done(
            f"{output.project.get_absolute_url()}#outputs",
            f"Target for {q.short_label(data['quarter'])} saved",
        )

    return _part_page(
        request,
        OutputTargetForm(posted(request), project=output.project),
        save,
        output.project,
        f"Target by quarter: {output.description}",
    )


def _simple_part(
    request: HttpRequest, viewer: Viewer, uuid: UUID, form_class: Any, add: Any, heading: str, anchor: str
) -> HttpResponse:
    project = access.get_editable_project(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        add(viewer=viewer, project=project, **data)
        return Done(
            f"{project.get_absolute_url()}#{anchor}", f"{heading.split(' ', 2)[-1].capitalize()} added"
        )

    return _part_page(request, form_class(posted(request)), save, project, heading)


@partnership_view(*PROJECT_EDITORS)
def outcome_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _simple_part(request, viewer, uuid, OutcomeForm, actions.add_outcome, "Add an outcome", "outcomes")


@partnership_view(*PROJECT_EDITORS)
def milestone_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _simple_part(
        request, viewer, uuid, MilestoneForm, actions.add_milestone, "Add a milestone", "milestones"
    )


@partnership_view(*PROJECT_EDITORS)
def risk_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _simple_part(request, viewer, uuid, RiskForm, actions.add_risk, "Add a risk", "risks")


@partnership_view(*PROJECT_EDITORS)
def outcome_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    outcome = access.get_outcome(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_outcome(viewer=viewer, outcome=outcome, **data)
        return Done(f"{outcome.project.get_absolute_url()}#outcomes", "Outcome saved")

    initial = {name: getattr(outcome, name) for name in actions.OUTCOME_FIELDS}
    return _part_page(
        request, OutcomeForm(posted(request), initial=initial), save, outcome.project, "Change the outcome"
    )


@partnership_view(*PROJECT_EDITORS)
def milestone_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    milestone = access.get_milestone(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_milestone(viewer=viewer, milestone=milestone, **data)
        return Done(f"{milestone.project.get_absolute_url()}#milestones", "Milestone saved")

    initial = {name: getattr(milestone, name) for name in actions.MILESTONE_FIELDS}
    return _part_page(
        request,
        MilestoneForm(posted(request), initial=initial),
        save,
        milestone.project,
        "Change the milestone",
    )


@partnership_view(*PROJECT_EDITORS)
def risk_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    risk = access.get_risk(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_risk(viewer=viewer, risk=risk, **data)
        return Done(f"{risk.project.get_absolute_url()}#risks", "Risk saved")

    initial = {name: getattr(risk, name) for name in actions.RISK_FIELDS}
    return _part_page(
        request, RiskForm(posted(request), initial=initial), save, risk.project, "Change the risk"
    )


@partnership_view(*PROJECT_EDITORS)
def provider_add(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    project = access.get_editable_project(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.appoint_provider(viewer=viewer, organisation=project.provider, user=data["user"])
        return Done(
            f"{project.get_absolute_url()}#providers",
            f"{data['user'].full_name} now reports for {project.provider.name}",
        )

    return _part_page(
        request,
        ProviderForm(posted(request), viewer=viewer),
        save,
        project,
        f"Appoint a project provider for {project.provider.name}",
    )


@partnership_view(*PROJECT_EDITORS)
def provider_remove(request: HttpRequest, viewer: Viewer, uuid: UUID, pk: int) -> HttpResponse:
    project = access.get_editable_project(viewer, uuid)
    link = get_object_or_404(
        access.providers(viewer)
        .filter(organisation_id=project.provider_id)
        .select_related("user", "organisation"),
        pk=pk,
    )

    def press() -> Done:
        actions.remove_provider(viewer=viewer, link=link)
        return Done(
            f"{project.get_absolute_url()}#providers",
            f"{link.user.full_name} no longer reports for {project.provider.name}",
        )

    return button(request, press=press, back=project.get_absolute_url())


# --- funders --------------------------------------------------------------------------------


@partnership_view(*PROJECT_EDITORS)
def funder_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    funders = list(access.funders(viewer).select_related("layout"))
    quarters = _quarters_of(access.projects(viewer))
    return render(
        request,
        "projects/funder_list.html",
        {
            "funders": funders,
            "return_form": FunderReturnForm(
                quarters=quarters, initial={"quarter": _current_quarter(quarters)}
            ),
            "has_quarters": bool(quarters),
        },
    )


def _current_quarter(quarters: list[dt.date]) -> str:
    today = q.quarter_start(dt.date.today())
    past = [quarter for quarter in quarters if quarter <= today]
    chosen = past[-1] if past else (quarters[0] if quarters else None)
    return chosen.isoformat() if chosen else ""


@partnership_view(*PROJECT_EDITORS)
def funder_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        funder = actions.add_funder(viewer=viewer, name=data["name"])
        return Done(reverse("projects:funder_list"), f"{funder.name} added")

    return form_page(
        request,
        FunderForm(posted(request)),
        save=save,
        template="projects/part_form.html",
        context={"project": None, "heading": "Add a funder", "back": reverse("projects:funder_list")},
    )


@partnership_view(*PROJECT_EDITORS)
def funder_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    funder = access.get_funder(viewer, uuid)
    layout = getattr(funder, "layout", None)

    def save(data: dict[str, Any]) -> Done:
        actions.update_layout(
            viewer=viewer,
            funder=funder,
            name=data["name"],
            active=data["active"],
            title=data["title"],
            sections=data["sections"],
            headings=data["headings"],
            reference_fields=data["reference_fields"],
        )
        return Done(reverse("projects:funder_list"), f"{funder.name} and its return saved")

    initial: dict[str, Any] = {"name": funder.name, "active": funder.active}
    if layout is not None:
        initial.update(title=layout.title, reference_fields=layout.reference_fields)
        order = [code for code, _ in layout.section_list()]
        for code in ReturnSection.values:
            initial[f"position_{code}"] = order.index(code) + 1 if code in order else ""
            initial[f"heading_{code}"] = layout.headings.get(code, "")
    return form_page(
        request,
        LayoutForm(posted(request), initial=initial),
        save=save,
        template="projects/part_form.html",
        context={
            "project": None,
            "heading": f"{funder.name}: funder and return layout",
            "back": reverse("projects:funder_list"),
        },
    )


@partnership_view(*PROJECT_EDITORS)
def funder_return(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _funder_return(request, viewer, uuid, "xlsx")


@partnership_view(*PROJECT_EDITORS)
def funder_return_pdf(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    return _funder_return(request, viewer, uuid, "pdf")


def _funder_return(request: HttpRequest, viewer: Viewer, uuid: UUID, extension: str) -> HttpResponse:
    """Every project of the funder active in the quarter: the submitted return's figures
    where there is one, the records' otherwise, each row saying which; in the funder's
    layout (its sections, their order and headings), as XLSX or tagged PDF. A quarter
    that is not one of the partnership's projects' answers 404."""
    funder = access.get_funder(viewer, uuid)
    projects = access.projects(viewer).filter(funder=funder)
    # The same quarters as the funder list offers: any quarter of the partnership's projects.
    quarters = _quarters_of(access.projects(viewer))
    chosen = request.GET if "quarter" in request.GET else {"quarter": _current_quarter(quarters)}
    form = FunderReturnForm(chosen, quarters=quarters)
    if not form.is_valid():
        raise Http404
    quarter = form.cleaned_data["quarter"]
    active = list(
        projects.filter(start_on__lte=q.quarter_end(quarter), end_on__gte=quarter)
        .select_related("provider", "funder")
        .order_by("title", "id")
    )
    stored = {
        r.project_id: r
        for r in MonitoringReturn.objects.filter(project__in=[p.pk for p in active], quarter=quarter)
    }
    placeholders = {p.pk: stored.get(p.pk) or MonitoringReturn(project=p, quarter=quarter) for p in active}
    open_ones = [p for p in active if not placeholders[p.pk].locked]
    live = figures.live_reports(open_ones, placeholders) if open_ones else {}
    rows = []
    for project in active:
        monitoring_return = placeholders[project.pk]
        if monitoring_return.locked and monitoring_return.snapshot:
            rows.append(("Submitted", monitoring_return.snapshot))
        else:
            status = "Not started" if monitoring_return.pk is None else monitoring_return.get_status_display()
            rows.append((f"{status}: not submitted", live[project.pk]))
    layout = getattr(funder, "layout", None)
    title = layout.title if layout else "Quarterly monitoring return"
    references = [list(pair) for pair in layout.reference_list()] if layout else []
    # The funder's layout as it is now: a submitted snapshot's own sections are those of
    # the project's return, and the partnership's return is laid out once for all.
    sections = (
        layout.section_list() if layout else [(code, str(label)) for code, label in ReturnSection.choices]
    )
    about = documents.funder_about(title, funder.name, q.label(quarter), references, len(rows))
    built = documents.funder_sections(sections, rows)
    heading = f"{title}: {funder.name}, {q.short_label(quarter)}"
    if extension == "xlsx":
        response = HttpResponse(documents.funder_xlsx(about, built), content_type=documents.XLSX)
    else:
        response = HttpResponse(
            documents.funder_pdf(about, built, title=heading), content_type="application/pdf"
        )
    record_outside_action(
        verb="projects.funder_return.downloaded",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=funder,
        label=f"{funder.name[:60]}, {q.short_label(quarter)}, {extension.upper()}",
    )
    name = "".join(ch if ch.isalnum() else "-" for ch in funder.name.lower())[:40]
    response["Content-Disposition"] = (
        f'attachment; filename="funder-return-{name}-{quarter.isoformat()}.{extension}"'
    )
    return response


# --- quarterly returns ----------------------------------------------------------------------


@partnership_view(*RETURN_WRITERS)
def return_start(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    project = access.get_writable_project(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        monitoring_return = actions.start_return(viewer=viewer, project=project, quarter=data["quarter"])
        return Done(reverse("projects:return_edit", args=[monitoring_return.uuid]), "Return started")

    taken = set(project.returns.values_list("quarter", flat=True))
    suggested = next((d for d in q.between(project.start_on, project.end_on) if d not in taken), None)
    return _part_page(
        request,
        StartReturnForm(
            posted(request), project=project, initial={"quarter": suggested.isoformat() if suggested else ""}
        ),
        save,
        project,
        "Start a quarterly return",
    )


def _previous_submitted(monitoring_return: MonitoringReturn) -> MonitoringReturn | None:
    return (
        MonitoringReturn.objects.filter(
            project_id=monitoring_return.project_id,
            status=ReturnStatus.SUBMITTED,
            quarter__lt=monitoring_return.quarter,
        )
        .order_by("-quarter")
        .first()
    )


@partnership_view(*PROJECT_READERS)
def return_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    monitoring_return = access.get_return(viewer, uuid)
    report = figures.report_of(monitoring_return)
    previous = _previous_submitted(monitoring_return)
    project = monitoring_return.project
    writer = access.can_write_returns(viewer, project)
    status = monitoring_return.status
    return render(
        request,
        "projects/return_detail.html",
        {
            "return": monitoring_return,
            "project": project,
            "report": report,
            "spend": figures.spend_rows(report, upto=report["quarter"]),
            "totals": figures.quarter_totals(report),
            "outputs": figures.output_rows(report),
            "previous": previous,
            "changes": figures.changes(previous.snapshot, report) if previous and previous.snapshot else [],
            "can_change": writer
            and (
                status in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK)
                or (status == ReturnStatus.IN_REVIEW and access.can_edit(viewer))
            ),
            "can_send": writer and status in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK),
            "can_review": access.can_edit(viewer) and status == ReturnStatus.IN_REVIEW,
            "can_submit": access.can_edit(viewer) and status != ReturnStatus.SUBMITTED,
        },
    )


@partnership_view(*RETURN_WRITERS)
def return_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    monitoring_return = access.get_writable_return(viewer, uuid)
    project = monitoring_return.project
    outputs = list(project.outputs.all())
    milestones = list(project.milestones.all())
    quarter = monitoring_return.quarter
    actuals = {
        row.output_id: row.actual
        for row in OutputQuarter.objects.filter(output__project=project, quarter=quarter)
    }
    money = ProjectQuarter.objects.filter(project=project, quarter=quarter).first()
    initial: dict[str, Any] = {
        "spend": money.spend if money else None,
        "progress": monitoring_return.progress,
        "issues": monitoring_return.issues,
        "next_quarter": monitoring_return.next_quarter,
    }
    for output in outputs:
        initial[f"output_{output.pk}"] = actuals.get(output.pk)
    for milestone in milestones:
        initial[f"milestone_{milestone.pk}"] = milestone.status
    form = ReturnForm(
        posted(request),
        monitoring_return=monitoring_return,
        outputs=outputs,
        milestones=milestones,
        initial=initial,
    )

    def save(data: dict[str, Any]) -> Done:
        actions.save_return(viewer=viewer, monitoring_return=monitoring_return, **form.figures())
        return Done(monitoring_return.get_absolute_url(), "Return saved as a draft")

    blocked = ""
    if monitoring_return.locked:
        blocked = "This return has been submitted and can no longer change."
    elif monitoring_return.status == ReturnStatus.IN_REVIEW and not access.can_edit(viewer):
        blocked = "This return is with the coordinator for review; they can send it back to you."
    return form_page(
        request,
        form,
        save=save,
        template="projects/return_form.html",
        context={
            "return": monitoring_return,
            "project": project,
            "quarter_label": q.label(quarter),
            "blocked": blocked,
            "money": money,
        },
    )


@partnership_view(*RETURN_WRITERS)
def return_send(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    monitoring_return = access.get_writable_return(viewer, uuid)

    def press() -> Done:
        actions.send_for_review(viewer=viewer, monitoring_return=monitoring_return)
        return Done(monitoring_return.get_absolute_url(), "Return sent to the coordinator for review")

    return button(request, press=press, back=monitoring_return.get_absolute_url())


@partnership_view(*PROJECT_EDITORS)
def return_send_back(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    monitoring_return = access.get_reviewable_return(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.send_back(viewer=viewer, monitoring_return=monitoring_return, comment=data["comment"])
        return Done(monitoring_return.get_absolute_url(), "Return sent back to the provider")

    return _part_page(
        request,
        SendBackForm(posted(request)),
        save,
        monitoring_return.project,
        f"Send back the return for {q.label(monitoring_return.quarter)}",
        back=monitoring_return.get_absolute_url(),
    )


@partnership_view(*PROJECT_EDITORS)
def return_submit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    monitoring_return = access.get_reviewable_return(viewer, uuid)

    def press() -> Done:
        actions.submit_return(viewer=viewer, monitoring_return=monitoring_return)
        return Done(monitoring_return.get_absolute_url(), "Return submitted: it is now locked")

    return button(request, press=press, back=monitoring_return.get_absolute_url())


@partnership_view(*PROJECT_READERS)
def return_download(request: HttpRequest, viewer: Viewer, uuid: UUID, extension: str) -> HttpResponse:
    if extension not in ("xlsx", "pdf"):
        raise Http404
    monitoring_return = access.get_return(viewer, uuid)
    report = figures.report_of(monitoring_return)
    status = monitoring_return.get_status_display()
    if not monitoring_return.locked:
        status = f"{status}: not submitted"
    if extension == "xlsx":
        response = HttpResponse(documents.return_xlsx(report), content_type=documents.XLSX)
    else:
        response = HttpResponse(documents.return_pdf(report, status=status), content_type="application/pdf")
    record_outside_action(
        verb="projects.return.downloaded",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=monitoring_return,
        label=f"{monitoring_return.project.title[:60]}, {q.short_label(monitoring_return.quarter)}",
    )
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(report, extension)}"'
    return response
