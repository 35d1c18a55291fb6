"""What projects show elsewhere (govuk.related): the project record beside the plan row it
delivers, for the coordinator, the steering group and the row's owner; and on a provider's
page in the register, the projects it delivers, for those who read every project. (Project
providers read neither plans nor the register.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Role
from govuk.links import uuid_url
from govuk.related import RelatedLink
from partners.models import Organisation
from projects import access


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
    if not access.sees_every_project(viewer):
        return []
    number = access.projects(viewer).filter(provider=organisation).count()
    if not number:
        return []
    href = f"{reverse('projects:project_list')}?{urlencode({'provider': organisation.uuid})}"
    return [RelatedLink("Commissioned projects", href, f"{number} it delivers")]


ACTION_LINKS = (project_links,)
ORGANISATION_LINKS = (provided,)
