"""What a viewer may see and change in the register of partner organisations."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from partners.models import (
    ColumnMapping,
    Contact,
    ContactRole,
    Network,
    NetworkMember,
    Organisation,
    Sector,
    StaffGroup,
)

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


def contact_roles(viewer: Viewer) -> QuerySet[ContactRole]:
    return ContactRole.objects.filter(
        Q(partnership__isnull=True) | Q(partnership=viewer.partnership), active=True
    )


def can_see_contacts(viewer: Viewer) -> bool:
    """Contacts' names and work details are for the coordinator; the steering group reads
    the register and networks without them."""
    return viewer.has_any(*PARTNER_EDITORS)


def contacts(viewer: Viewer) -> QuerySet[Contact]:
    if not can_see_contacts(viewer):
        return Contact.objects.none()
    return Contact.objects.filter(organisation__partnership=viewer.partnership)


def get_contact(viewer: Viewer, uuid: object) -> Contact:
    return get_object_or_404(contacts(viewer).select_related("organisation"), uuid=uuid)


def networks(viewer: Viewer) -> QuerySet[Network]:
    if not viewer.has_any(*PARTNER_READERS):
        return Network.objects.none()
    return Network.objects.filter(partnership=viewer.partnership)


def get_network(viewer: Viewer, uuid: object) -> Network:
    return get_object_or_404(networks(viewer), uuid=uuid)


def get_member(viewer: Viewer, uuid: object) -> NetworkMember:
    members = NetworkMember.objects.select_related("network", "contact").filter(
        network__partnership=viewer.partnership
    )
    if not can_see_contacts(viewer):
        members = members.none()
    return get_object_or_404(members, uuid=uuid)


def mappings(viewer: Viewer) -> QuerySet[ColumnMapping]:
    if not can_edit(viewer):
        return ColumnMapping.objects.none()
    return ColumnMapping.objects.filter(partnership=viewer.partnership)


def staff_groups(viewer: Viewer) -> QuerySet[StaffGroup]:
    return StaffGroup.objects.filter(
        Q(partnership__isnull=True) | Q(partnership=viewer.partnership), active=True
    )
