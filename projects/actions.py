"""The write path for commissioned projects and their returns: each function checks the
viewer may make the change, writes it in one transaction and records the audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Membership, Role, User
from audit.log import changes_between, created, record, snapshot
from lib.errors import Refused
from partners.models import Organisation
from plans.models import Action, ActionKind
from projects import access, figures
from projects import quarters as q
from projects.models import (
    MAX_COUNT,
    MAX_MONEY,
    Funder,
    Milestone,
    MilestoneStatus,
    MonitoringReturn,
    Outcome,
    Output,
    OutputQuarter,
    Project,
    ProjectProvider,
    ProjectQuarter,
    ReturnLayout,
    ReturnSection,
    ReturnStatus,
    Risk,
)

PROJECT_FIELDS = [
    "title",
    "provider",
    "funder",
    "grant_reference",
    "start_on",
    "end_on",
    "status",
    "description",
    "action",
]
OUTPUT_FIELDS = ["description", "target_total"]
OUTCOME_FIELDS = ["description", "target", "result"]
MILESTONE_FIELDS = ["title", "due_on", "status", "completed_on"]
RISK_FIELDS = ["description", "likelihood", "impact", "mitigation", "status"]
DEFAULT_FUNDERS = ("Home Office Prevent funding", "Council", "Other")


def _audit(viewer: Viewer, verb: str, target: Any, changes: dict[str, Any]) -> None:
    record(verb=verb, actor=viewer.user, partnership=viewer.partnership, target=target, changes=changes)


def _require_editor(viewer: Viewer, partnership_id: int | None = None) -> None:
    if not access.can_edit(viewer):
        raise Refused("Only the partnership's Prevent coordinator can change commissioned projects.")
    if partnership_id is not None and partnership_id != viewer.partnership.pk:
        raise Refused("This project belongs to another partnership.")


def _stripped(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def seed_funders(partnership: Any) -> None:
    """The default funders and their layouts, for a new partnership (projects.apps)."""
    for position, name in enumerate(DEFAULT_FUNDERS):
        funder, _ = Funder.objects.get_or_create(
            partnership=partnership, name=name, defaults={"position": position}
        )
        ReturnLayout.objects.get_or_create(funder=funder)


# --- projects -------------------------------------------------------------------------------


def _check_project(viewer: Viewer, project: Project) -> None:
    if not project.title:
        raise Refused("Enter the project's title", field="title")
    if project.provider.partnership_id != viewer.partnership.pk:
        raise Refused("Select a provider from the list", field="provider")
    if project.funder.partnership_id != viewer.partnership.pk:
        raise Refused("Select a funder from the list", field="funder")
    if project.end_on < project.start_on:
        raise Refused("The end date must be on or after the start date", field="end_on")
    if q.count(project.start_on, project.end_on) > q.MAX_QUARTERS:
        raise Refused("A project can run for ten years at most", field="end_on")
    action = project.action
    if action is not None:
        if action.partnership_id != viewer.partnership.pk or action.kind != ActionKind.PROJECT:
            raise Refused("Select a plan action of kind commissioned project", field="action")
        if Project.objects.filter(action=action).exclude(pk=project.pk).exists():
            raise Refused("Another project already delivers this plan action", field="action")


@transaction.atomic
def create_project(
    *,
    viewer: Viewer,
    title: str,
    provider: Organisation,
    funder: Funder,
    start_on: dt.date,
    end_on: dt.date,
    grant_reference: str = "",
    status: str = "active",
    description: str = "",
    action: Action | None = None,
) -> Project:
    _require_editor(viewer)
    project = Project(
        partnership=viewer.partnership,
        title=title.strip(),
        provider=provider,
        funder=funder,
        grant_reference=grant_reference.strip(),
        start_on=start_on,
        end_on=end_on,
        status=status,
        description=description.strip(),
        action=action,
    )
    _check_project(viewer, project)
    project.save()
    _audit(viewer, "projects.project.created", project, created(snapshot(project, PROJECT_FIELDS)))
    return project


@transaction.atomic
def update_project(*, viewer: Viewer, project: Project, **values: Any) -> Project:
    _require_editor(viewer, project.partnership_id)
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"Not project fields: {', '.join(sorted(unknown))}")
    before = snapshot(project, PROJECT_FIELDS)
    for name, value in _stripped(values).items():
        setattr(project, name, value)
    _check_project(viewer, project)
    changes = changes_between(before, snapshot(project, PROJECT_FIELDS))
    if changes:
        project.save()
        _audit(viewer, "projects.project.updated", project, changes)
    return project


def _project_quarter(project: Project, quarter: dt.date, field: str = "quarter") -> dt.date:
    if quarter not in q.between(project.start_on, project.end_on):
        raise Refused("Select a quarter the project runs in", field=field)
    return quarter


def _money(value: Decimal | None, field: str) -> Decimal | None:
    if value is None:
        return None
    if value < 0 or value > MAX_MONEY:
        raise Refused(f"Enter an amount between £0 and £{MAX_MONEY:,}", field=field)
    return value.quantize(Decimal("0.01"))


def _count(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if value < 0 or value > MAX_COUNT:
        raise Refused(f"Enter a number between 0 and {MAX_COUNT:,}", field=field)
    return value


@transaction.atomic
def set_budget(*, viewer: Viewer, project: Project, quarter: dt.date, budget: Decimal) -> ProjectQuarter:
    """The budget profiled for one quarter of the project."""
    _require_editor(viewer, project.partnership_id)
    _project_quarter(project, quarter)
    amount = _money(budget, "budget") or Decimal("0.00")
    row, _ = ProjectQuarter.objects.get_or_create(project=project, quarter=quarter)
    if row.budget != amount:
        _audit(
            viewer,
            "projects.budget.profiled",
            project,
            {f"budget {q.short_label(quarter)}": {"from": str(row.budget), "to": str(amount)}},
        )
        row.budget = amount
        row.save(update_fields=["budget"])
    return row


# --- outputs, outcomes, milestones and risks ------------------------------------------------


def _add_part[T: (Output, Outcome, Milestone, Risk)](
    viewer: Viewer, project: Project, model: type[T], fields: list[str], noun: str, values: dict[str, Any]
) -> T:
    _require_editor(viewer, project.partnership_id)
    part = model(project=project, **_stripped(values))
    _check_part(part)
    part.save()
    _audit(viewer, f"projects.{noun}.added", project, created(snapshot(part, fields)))
    return part


def _update_part[T: (Output, Outcome, Milestone, Risk)](
    viewer: Viewer, part: T, fields: list[str], noun: str, values: dict[str, Any]
) -> T:
    _require_editor(viewer, part.project.partnership_id)
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Not {noun} fields: {', '.join(sorted(unknown))}")
    before = snapshot(part, fields)
    for name, value in _stripped(values).items():
        setattr(part, name, value)
    _check_part(part)
    changes = changes_between(before, snapshot(part, fields))
    if changes:
        part.save()
        _audit(viewer, f"projects.{noun}.updated", part.project, changes)
    return part


def _check_part(part: Output | Outcome | Milestone | Risk) -> None:
    if isinstance(part, Output):
        if not part.description:
            raise Refused("Enter the output", field="description")
        _count(part.target_total, "target_total")
    elif isinstance(part, Outcome):
        if not part.description:
            raise Refused("Enter the outcome", field="description")
    elif isinstance(part, Milestone):
        if not part.title:
            raise Refused("Enter the milestone", field="title")
        if part.status == MilestoneStatus.DONE and part.completed_on is None:
            part.completed_on = min(timezone.localdate(), max(part.due_on, part.project.start_on))
        if part.status != MilestoneStatus.DONE:
            part.completed_on = None
    elif not part.description:
        raise Refused("Enter the risk", field="description")


@transaction.atomic
def add_output(
    *, viewer: Viewer, project: Project, description: str, target_total: int | None = None
) -> Output:
    position = project.outputs.count()
    output = _add_part(
        viewer,
        project,
        Output,
        OUTPUT_FIELDS,
        "output",
        {"description": description, "target_total": target_total},
    )
    output.position = position
    output.save(update_fields=["position"])
    return output


@transaction.atomic
def update_output(*, viewer: Viewer, output: Output, **values: Any) -> Output:
    return _update_part(viewer, output, OUTPUT_FIELDS, "output", values)


@transaction.atomic
def set_output_target(
    *, viewer: Viewer, output: Output, quarter: dt.date, target: int | None
) -> OutputQuarter:
    project = output.project
    _require_editor(viewer, project.partnership_id)
    _project_quarter(project, quarter)
    value = _count(target, "target")
    row, _ = OutputQuarter.objects.get_or_create(output=output, quarter=quarter)
    if row.target != value:
        _audit(
            viewer,
            "projects.output.profiled",
            project,
            {f"{output.description} target {q.short_label(quarter)}": {"from": row.target, "to": value}},
        )
        row.target = value
        row.save(update_fields=["target"])
    return row


@transaction.atomic
def add_outcome(*, viewer: Viewer, project: Project, **values: Any) -> Outcome:
    return _add_part(viewer, project, Outcome, OUTCOME_FIELDS, "outcome", values)


@transaction.atomic
def update_outcome(*, viewer: Viewer, outcome: Outcome, **values: Any) -> Outcome:
    return _update_part(viewer, outcome, OUTCOME_FIELDS, "outcome", values)


@transaction.atomic
def add_milestone(*, viewer: Viewer, project: Project, **values: Any) -> Milestone:
    return _add_part(viewer, project, Milestone, MILESTONE_FIELDS, "milestone", values)


@transaction.atomic
def update_milestone(*, viewer: Viewer, milestone: Milestone, **values: Any) -> Milestone:
    return _update_part(viewer, milestone, MILESTONE_FIELDS, "milestone", values)


@transaction.atomic
def add_risk(*, viewer: Viewer, project: Project, **values: Any) -> Risk:
    return _add_part(viewer, project, Risk, RISK_FIELDS, "risk", values)


@transaction.atomic
def update_risk(*, viewer: Viewer, risk: Risk, **values: Any) -> Risk:
    return _update_part(viewer, risk, RISK_FIELDS, "risk", values)


# --- project providers ----------------------------------------------------------------------


@transaction.atomic
def appoint_provider(*, viewer: Viewer, organisation: Organisation, user: User) -> ProjectProvider:
    _require_editor(viewer, organisation.partnership_id)
    if not Membership.objects.filter(
        user=user, partnership=viewer.partnership, role=Role.PROJECT_PROVIDER
    ).exists():
        raise Refused("Select someone who holds the project provider role in the partnership", field="user")
    if ProjectProvider.objects.filter(user=user, organisation=organisation).exists():
        raise Refused(f"{user.full_name} already reports for {organisation.name}", field="user")
    link = ProjectProvider.objects.create(user=user, organisation=organisation)
    _audit(viewer, "projects.provider.appointed", organisation, created({"project_provider": user.email}))
    return link


@transaction.atomic
def remove_provider(*, viewer: Viewer, link: ProjectProvider) -> None:
    _require_editor(viewer, link.organisation.partnership_id)
    _audit(
        viewer,
        "projects.provider.removed",
        link.organisation,
        {"project_provider": {"from": link.user.email, "to": None}},
    )
    link.delete()


# --- funders and their layouts --------------------------------------------------------------


@transaction.atomic
def add_funder(*, viewer: Viewer, name: str) -> Funder:
    _require_editor(viewer)
    name = name.strip()
    if not name:
        raise Refused("Enter the funder's name", field="name")
    if Funder.objects.filter(partnership=viewer.partnership, name__iexact=name).exists():
        raise Refused("The partnership already has a funder with this name", field="name")
    funder = Funder.objects.create(
        partnership=viewer.partnership,
        name=name,
        position=Funder.objects.filter(partnership=viewer.partnership).count(),
    )
    ReturnLayout.objects.create(funder=funder)
    _audit(viewer, "projects.funder.added", funder, created({"name": name}))
    return funder


@transaction.atomic
def update_layout(
    *,
    viewer: Viewer,
    funder: Funder,
    name: str,
    active: bool,
    title: str,
    sections: list[str],
    headings: dict[str, str],
    reference_fields: str,
) -> ReturnLayout:
    _require_editor(viewer, funder.partnership_id)
    name = name.strip()
    if not name:
        raise Refused("Enter the funder's name", field="name")
    if (
        Funder.objects.filter(partnership=viewer.partnership, name__iexact=name)
        .exclude(pk=funder.pk)
        .exists()
    ):
        raise Refused("The partnership already has a funder with this name", field="name")
    if not sections or any(code not in ReturnSection.values for code in sections):
        raise Refused("Select at least one section from the list", field="sections")
    if not title.strip():
        raise Refused("Enter the title of the return", field="title")
    layout, _ = ReturnLayout.objects.get_or_create(funder=funder)
    before = {
        **snapshot(funder, ["name", "active"]),
        **snapshot(layout, ["title", "sections", "reference_fields"]),
    }
    before["headings"] = dict(layout.headings)
    funder.name, funder.active = name, active
    layout.title = title.strip()
    layout.sections = ",".join(dict.fromkeys(sections))
    layout.headings = {
        code: text.strip() for code, text in headings.items() if code in sections and text.strip()
    }
    layout.reference_fields = reference_fields.strip()
    after = {
        **snapshot(funder, ["name", "active"]),
        **snapshot(layout, ["title", "sections", "reference_fields"]),
    }
    after["headings"] = dict(layout.headings)
    changes = changes_between(before, after)
    if changes:
        funder.save()
        layout.save()
        _audit(viewer, "projects.funder.updated", funder, changes)
    return layout


# --- quarterly returns ----------------------------------------------------------------------


def _require_writer(viewer: Viewer, project: Project) -> None:
    if not access.can_write_returns(viewer, project):
        raise Refused("Only the project's provider or the coordinator can write its returns.")


@transaction.atomic
def start_return(*, viewer: Viewer, project: Project, quarter: dt.date) -> MonitoringReturn:
    _require_writer(viewer, project)
    _project_quarter(project, quarter)
    if MonitoringReturn.objects.filter(project=project, quarter=quarter).exists():
        raise Refused(f"The project already has a return for {q.label(quarter)}", field="quarter")
    monitoring_return = MonitoringReturn.objects.create(project=project, quarter=quarter)
    _audit(viewer, "projects.return.started", monitoring_return, created({"quarter": q.short_label(quarter)}))
    return monitoring_return


@transaction.atomic
def save_return(
    *,
    viewer: Viewer,
    monitoring_return: MonitoringReturn,
    spend: Decimal | None,
    actuals: dict[int, int | None],
    milestones: dict[int, str],
    progress: str,
    issues: str,
    next_quarter: str,
) -> MonitoringReturn:
    """The quarter's figures, written to the project's records, and the narrative."""
    project = monitoring_return.project
    _require_writer(viewer, project)
    if monitoring_return.locked:
        raise Refused("This return has been submitted and can no longer change.")
    if monitoring_return.status == ReturnStatus.IN_REVIEW and not access.can_edit(viewer):
        raise Refused("This return is with the coordinator for review; they can send it back to you.")
    quarter = monitoring_return.quarter
    changes: dict[str, Any] = {}
    row, _ = ProjectQuarter.objects.get_or_create(project=project, quarter=quarter)
    amount = _money(spend, "spend")
    if row.spend != amount:
        changes["spend"] = {
            "from": None if row.spend is None else str(row.spend),
            "to": None if amount is None else str(amount),
        }
        row.spend = amount
        row.save(update_fields=["spend"])
    outputs = {output.pk: output for output in project.outputs.all()}
    existing = {
        row.output_id: row for row in OutputQuarter.objects.filter(output__project=project, quarter=quarter)
    }
    for output_id, actual in actuals.items():
        if output_id not in outputs:
            raise Refused("That output is not one of the project's.")
        value = _count(actual, f"output_{output_id}")
        current = existing.get(output_id) or OutputQuarter(output_id=output_id, quarter=quarter)
        if current.actual != value or current.pk is None:
            if current.actual != value:
                changes[outputs[output_id].description] = {"from": current.actual, "to": value}
            current.actual = value
            current.save()
    for milestone in project.milestones.filter(pk__in=list(milestones)):
        status = milestones[milestone.pk]
        if status not in MilestoneStatus.values:
            raise Refused("Select a status from the list", field=f"milestone_{milestone.pk}")
        if status != milestone.status:
            changes[milestone.title] = {
                "from": milestone.get_status_display(),
                "to": MilestoneStatus(status).label,
            }
            milestone.status = status
            if status == MilestoneStatus.DONE:
                milestone.completed_on = min(timezone.localdate(), q.quarter_end(quarter))
            else:
                milestone.completed_on = None
            milestone.save(update_fields=["status", "completed_on"])
    before = snapshot(monitoring_return, ["progress", "issues", "next_quarter"])
    monitoring_return.progress, monitoring_return.issues, monitoring_return.next_quarter = (
        progress.strip(),
        issues.strip(),
        next_quarter.strip(),
    )
    changes.update(
        changes_between(before, snapshot(monitoring_return, ["progress", "issues", "next_quarter"]))
    )
    monitoring_return.save()
    if changes:
        _audit(viewer, "projects.return.saved", monitoring_return, changes)
    return monitoring_return


def _move(
    viewer: Viewer, monitoring_return: MonitoringReturn, to: str, verb: str, **extra: Any
) -> MonitoringReturn:
    changes: dict[str, dict[str, Any]] = {"status": {"from": monitoring_return.status, "to": to}}
    monitoring_return.status = to
    for name, value in extra.items():
        setattr(monitoring_return, name, value)
        if isinstance(value, str):
            changes[name] = {"from": None, "to": value}
    monitoring_return.save()
    _audit(viewer, verb, monitoring_return, changes)
    return monitoring_return


@transaction.atomic
def send_for_review(*, viewer: Viewer, monitoring_return: MonitoringReturn) -> MonitoringReturn:
    _require_writer(viewer, monitoring_return.project)
    if monitoring_return.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK):
        raise Refused("Only a draft, or a return sent back, can be sent for review.")
    return _move(viewer, monitoring_return, ReturnStatus.IN_REVIEW, "projects.return.sent_for_review")


@transaction.atomic
def send_back(*, viewer: Viewer, monitoring_return: MonitoringReturn, comment: str) -> MonitoringReturn:
    _require_editor(viewer, monitoring_return.project.partnership_id)
    if monitoring_return.status != ReturnStatus.IN_REVIEW:
        raise Refused("Only a return sent for review can be sent back.")
    if not comment.strip():
        raise Refused("Say what the provider should change", field="comment")
    return _move(
        viewer,
        monitoring_return,
        ReturnStatus.SENT_BACK,
        "projects.return.sent_back",
        review_comment=comment.strip(),
    )


@transaction.atomic
def submit_return(*, viewer: Viewer, monitoring_return: MonitoringReturn) -> MonitoringReturn:
    """Lock the return: what it reports now is stored and never read from the records
    again."""
    _require_editor(viewer, monitoring_return.project.partnership_id)
    if monitoring_return.locked:
        raise Refused("This return has already been submitted.")
    locked = MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)
    if locked.locked:
        raise Refused("This return has already been submitted.")
    report = figures.live_reports(
        [monitoring_return.project], {monitoring_return.project_id: monitoring_return}
    )
    return _move(
        viewer,
        monitoring_return,
        ReturnStatus.SUBMITTED,
        "projects.return.submitted",
        snapshot=report[monitoring_return.project_id],
        submitted_at=timezone.now(),
        submitted_by=viewer.user,
        review_comment="",
    )
