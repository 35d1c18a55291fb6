"""What projects show elsewhere (govuk.related): the project record beside the plan row it
delivers, for the coordinator and the row's owner (the steering group, who see aggregates
only, get no link to a project); and on a provider's page in the register, the projects it
delivers: the filtered project list for the coordinator, the summary for the steering
group. (Project providers read neither plans nor the register.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Role
from govuk.links import uuid_url
from govuk.related import RelatedLink
from partners.models import Organisation
from projects import access, figures


def project_links(viewer: Viewer, action_ids: Sequence[int]) -> Mapping[int, list[RelatedLink]]:
    if not access.sees_every_project(viewer) and not viewer.has_any(Role.ACTION_OWNER):
        return {}
    rows = (
        access.projects(viewer)
        .filter(action_id__in=list(action_ids))
        .values_list("action_id", "uuid", "title")
    )
    return {
        action_id: [RelatedLink(f"Project record: {title}", uuid_url("projects:project_detail", uuid))]
        for action_id, uuid, title in rows
    }


def provided(viewer: Viewer, organisation: Organisation) -> list[RelatedLink]:
    if not viewer.has_any(*access.SUMMARY_READERS):
        return []
    found = (
        access.summary_projects(viewer)
        .filter(provider=organisation)
        .aggregate(number=Count("id"), last=Max("end_on"))
    )
    if not found["number"]:
        return []
    if access.sees_every_project(viewer):
        href = f"{reverse('projects:project_list')}?{urlencode({'provider': organisation.uuid})}"
    else:
        # The summary of the latest financial year it delivers in, up to the current one.
        year = min(figures.year_of(found["last"]), figures.year_of(timezone.localdate()))
        href = f"{reverse('projects:summary')}?{urlencode({'year': year})}"
    return [RelatedLink("Commissioned projects", href, f"{found['number']} it delivers")]


ACTION_LINKS = (project_links,)
ORGANISATION_LINKS = (provided,)
