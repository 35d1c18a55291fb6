"""What a viewer may see and change of the commissioned projects. The coordinator sees and
changes everything; a project provider sees only the projects of the organisations they
report for; an action owner reads the projects that deliver the plan rows they own. The
steering group sees aggregates only (the summary, `summary_projects`): no project's page,
return or file. Any other project answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from projects.models import (
    Funder,
    Milestone,
    MonitoringReturn,
    Outcome,
    Output,
    Project,
    ProjectProvider,
    Risk,
)

PROJECT_EDITORS = (Role.COORDINATOR,)
PROJECT_READERS = (Role.COORDINATOR, Role.PROJECT_PROVIDER, Role.ACTION_OWNER)
# Who reads the aggregate figures of every project of the partnership (projects:summary).
SUMMARY_READERS = (Role.COORDINATOR, Role.STEERING)
# Who writes a quarterly return: the provider, or the coordinator on their behalf.
RETURN_WRITERS = (Role.COORDINATOR, Role.PROJECT_PROVIDER)


def provided_organisation_ids(viewer: Viewer) -> list[int]:
    if not viewer.has_any(Role.PROJECT_PROVIDER):
        return []
    return list(
        ProjectProvider.objects.filter(
            user=viewer.user, organisation__partnership=viewer.partnership
        ).values_list("organisation_id", flat=True)
    )


def projects(viewer: Viewer) -> QuerySet[Project]:
    base = Project.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(Role.COORDINATOR):
        return base
    seen = Q(pk__in=[])
    if viewer.has_any(Role.PROJECT_PROVIDER):
        seen |= Q(provider_id__in=provided_organisation_ids(viewer))
    if viewer.has_any(Role.ACTION_OWNER):
        seen |= Q(action__owner=viewer.user)
    return base.filter(seen)


def sees_every_project(viewer: Viewer) -> bool:
    return viewer.has_any(Role.COORDINATOR)


def summary_projects(viewer: Viewer) -> QuerySet[Project]:
    """The projects the summary adds up: every one of the partnership's, for those who
    read the summary; none for anyone else."""
    if not viewer.has_any(*SUMMARY_READERS):
        return Project.objects.none()
    return Project.objects.filter(partnership=viewer.partnership)


def can_edit(viewer: Viewer) -> bool:
    return viewer.has_any(*PROJECT_EDITORS)


def get_project(viewer: Viewer, uuid: object) -> Project:
    return get_object_or_404(projects(viewer).select_related("provider", "funder", "action"), uuid=uuid)


def get_editable_project(viewer: Viewer, uuid: object) -> Project:
    if not can_edit(viewer):
        return get_object_or_404(Project.objects.none(), uuid=uuid)
    return get_project(viewer, uuid)


def writable_projects(viewer: Viewer) -> QuerySet[Project]:
    """Whose returns this viewer may write: every project for the coordinator, their own
    for a project provider."""
    if can_edit(viewer):
        return projects(viewer)
    if viewer.has_any(Role.PROJECT_PROVIDER):
        return projects(viewer)
    return Project.objects.none()


def can_write_returns(viewer: Viewer, project: Project) -> bool:
    return writable_projects(viewer).filter(pk=project.pk).exists()


def get_writable_project(viewer: Viewer, uuid: object) -> Project:
    return get_object_or_404(writable_projects(viewer).select_related("provider", "funder"), uuid=uuid)


def returns(viewer: Viewer) -> QuerySet[MonitoringReturn]:
    return MonitoringReturn.objects.filter(project__in=projects(viewer))


def get_return(viewer: Viewer, uuid: object) -> MonitoringReturn:
    return get_object_or_404(
        returns(viewer).select_related("project", "project__provider", "project__funder", "submitted_by"),
        uuid=uuid,
    )


def get_writable_return(viewer: Viewer, uuid: object) -> MonitoringReturn:
    return get_object_or_404(
        MonitoringReturn.objects.filter(project__in=writable_projects(viewer)).select_related(
            "project", "project__provider", "project__funder"
        ),
        uuid=uuid,
    )


def get_reviewable_return(viewer: Viewer, uuid: object) -> MonitoringReturn:
    """Only the coordinator sends a return back or submits it."""
    if not can_edit(viewer):
        return get_object_or_404(MonitoringReturn.objects.none(), uuid=uuid)
    return get_writable_return(viewer, uuid)


def funders(viewer: Viewer) -> QuerySet[Funder]:
    if not can_edit(viewer):
        return Funder.objects.none()
    return Funder.objects.filter(partnership=viewer.partnership)


def get_funder(viewer: Viewer, uuid: object) -> Funder:
    return get_object_or_404(funders(viewer), uuid=uuid)


def _editable_part[T: (Output, Outcome, Milestone, Risk)](viewer: Viewer, model: type[T], uuid: object) -> T:
    rows = model.objects.filter(project__partnership=viewer.partnership).select_related("project")
    if not can_edit(viewer):
        rows = rows.none()
    return get_object_or_404(rows, uuid=uuid)


def get_output(viewer: Viewer, uuid: object) -> Output:
    return _editable_part(viewer, Output, uuid)


def get_outcome(viewer: Viewer, uuid: object) -> Outcome:
    return _editable_part(viewer, Outcome, uuid)


def get_milestone(viewer: Viewer, uuid: object) -> Milestone:
    return _editable_part(viewer, Milestone, uuid)


def get_risk(viewer: Viewer, uuid: object) -> Risk:
    return _editable_part(viewer, Risk, uuid)


def providers(viewer: Viewer) -> QuerySet[ProjectProvider]:
    if not can_edit(viewer):
        return ProjectProvider.objects.none()
    return ProjectProvider.objects.filter(organisation__partnership=viewer.partnership)
