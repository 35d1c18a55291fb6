"""What training shows on an organisation's page in the register (govuk.related): its
staff's compliance with the partnership's training requirements, for those who may open it."""

from __future__ import annotations

from accounts.access import Viewer
from govuk.links import uuid_url
from govuk.related import RelatedLink
from partners.models import Organisation
from training import access
from training.access import AGGREGATE_READERS


def _compliance(viewer: Viewer, organisation: Organisation) -> list[RelatedLink]:
    if not viewer.has_any(*AGGREGATE_READERS):
        return []
    if not access.organisations(viewer).filter(pk=organisation.pk).exists():
        return []
    return [
        RelatedLink(
            "Training compliance",
            uuid_url("training:compliance_organisation", organisation.uuid),
            "its staff against the partnership's training requirements",
        )
    ]


ORGANISATION_LINKS = (_compliance,)
