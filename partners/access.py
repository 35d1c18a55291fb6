"""What a viewer may see and change in the register of partner organisations."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from partners.models import Organisation, Sector

PARTNER_READERS = (Role.COORDINATOR, Role.STEERING)
PARTNER_EDITORS = (Role.COORDINATOR,)


def organisations(viewer: Viewer) -> QuerySet[Organisation]:
    if not viewer.has_any(*PARTNER_READERS):
        return Organisation.objects.none()
    return Organisation.objects.filter(partnership=viewer.partnership)


def can_edit(viewer: Viewer) -> bool:
    return viewer.has_any(*PARTNER_EDITORS)


def sectors(viewer: Viewer) -> QuerySet[Sector]:
    """The seeded sectors and the partnership's own."""
    return Sector.objects.filter(Q(partnership__isnull=True) | Q(partnership=viewer.partnership), active=True)


def get_organisation(viewer: Viewer, uuid: object) -> Organisation:
    return get_object_or_404(organisations(viewer).select_related("sector", "parent"), uuid=uuid)
