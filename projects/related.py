"""The project record beside the plan row it delivers (govuk.related), for those who
may open it: the coordinator and the steering group. Project providers do not read plans;
anyone else sees no link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from accounts.access import Viewer
from govuk.links import uuid_url
from govuk.related import RelatedLink
from projects import access


def project_links(viewer: Viewer, action_ids: Sequence[int]) -> Mapping[int, list[RelatedLink]]:
    if not access.sees_every_project(viewer):
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


ACTION_LINKS = (project_links,)
