"""What a viewer may see and change in the register of partner organisations."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from partners.models import (
    CheckItem,
    CheckItemOverride,
    ColumnMapping,
    Contact,
    ContactRole,
    DutyCheck,
    Network,
    NetworkMember,
    Organisation,
    PartnerLead,
    Sector,
    StaffCount,
    StaffGroup,
)

# Networks and the register as a whole: the coordinator, and the steering group reading.
PARTNER_READERS = (Role.COORDINATOR, Role.STEERING)
PARTNER_EDITORS = (Role.COORDINATOR,)
# Organisation pages: a partner lead opens only the organisations they lead.
ORGANISATION_READERS = (Role.COORDINATOR, Role.STEERING, Role.PARTNER_LEAD)
# Contacts and duty checks of one organisation: the coordinator, and its partner lead.
ORGANISATION_EDITORS = (Role.COORDINATOR, Role.PARTNER_LEAD)


def led_organisation_ids(viewer: Viewer) -> list[int]:
    """The organisations this viewer leads in their current partnership, as partner lead."""
    if not viewer.has_any(Role.PARTNER_LEAD):
        return []
    return list(
        PartnerLead.objects.filter(
            user=viewer.user, organisation__partnership=viewer.partnership
        ).values_list("organisation_id", flat=True)
    )


def organisations(viewer: Viewer) -> QuerySet[Organisation]:
    """The partnership's organisations for the coordinator and the steering group; the led
    ones for a partner lead; none for anyone else."""
    base = Organisation.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(*PARTNER_READERS):
        return base
    if viewer.has_any(Role.PARTNER_LEAD):
        return base.filter(pk__in=led_organisation_ids(viewer))
    return base.none()


def sees_whole_register(viewer: Viewer) -> bool:
    return viewer.has_any(*PARTNER_READERS)


def editable_organisations(viewer: Viewer) -> QuerySet[Organisation]:
    """Whose contacts and duty checks this viewer may change: every organisation of the
    partnership for the coordinator, the led ones for a partner lead."""
    base = Organisation.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(*PARTNER_EDITORS):
        return base
    if viewer.has_any(Role.PARTNER_LEAD):
        return base.filter(pk__in=led_organisation_ids(viewer))
    return base.none()


def can_edit_organisation(viewer: Viewer, organisation: Organisation) -> bool:
    return editable_organisations(viewer).filter(pk=organisation.pk).exists()


def get_editable_organisation(viewer: Viewer, uuid: object) -> Organisation:
    return get_object_or_404(editable_organisations(viewer).select_related("sector", "parent"), uuid=uuid)


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
    """Contacts' names and work details are for the coordinator (and a partner lead, of
    their own organisations); the steering group reads the register and networks without
    them."""
    return viewer.has_any(*PARTNER_EDITORS)


def contacts(viewer: Viewer) -> QuerySet[Contact]:
    """Contacts whose names and work details this viewer may see and change."""
    return Contact.objects.filter(organisation__in=editable_organisations(viewer))


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


def get_staff_count(viewer: Viewer, uuid: object) -> StaffCount:
    """A staff count the viewer may correct: the coordinator's, of their partnership."""
    counts = StaffCount.objects.select_related("organisation", "staff_group").filter(
        organisation__partnership=viewer.partnership
    )
    if not can_edit(viewer):
        counts = counts.none()
    return get_object_or_404(counts, uuid=uuid)


def mappings(viewer: Viewer) -> QuerySet[ColumnMapping]:
    if not can_edit(viewer):
        return ColumnMapping.objects.none()
    return ColumnMapping.objects.filter(partnership=viewer.partnership)


def staff_groups(viewer: Viewer) -> QuerySet[StaffGroup]:
    return StaffGroup.objects.filter(
        Q(partnership__isnull=True) | Q(partnership=viewer.partnership), active=True
    )


def switched_off(viewer: Viewer) -> Exists:
    """Whether the partnership switched a seeded check off (CheckItemOverride)."""
    return Exists(
        CheckItemOverride.objects.filter(item=OuterRef("pk"), partnership=viewer.partnership, active=False)
    )


def check_items(viewer: Viewer) -> QuerySet[CheckItem]:
    """The seeded checklist, less the checks the partnership switched off, and the
    partnership's own items, in use."""
    return CheckItem.objects.filter(
        Q(partnership__isnull=True) | Q(partnership=viewer.partnership), active=True
    ).exclude(switched_off(viewer))


def checks(viewer: Viewer) -> QuerySet[DutyCheck]:
    """Duty checks with their notes and evidence: the coordinator's, and a partner lead's
    of their own organisations. The steering group reads the counts in the register only."""
    return DutyCheck.objects.filter(organisation__in=editable_organisations(viewer))


def get_check(viewer: Viewer, uuid: object) -> DutyCheck:
    return get_object_or_404(checks(viewer).select_related("organisation", "item"), uuid=uuid)


def can_see_check_details(viewer: Viewer) -> bool:
    """Whether the register of gaps links down to the organisations behind each count."""
    return viewer.has_any(*PARTNER_EDITORS)


def partner_leads(viewer: Viewer) -> QuerySet[PartnerLead]:
    if not can_edit(viewer):
        return PartnerLead.objects.none()
    return PartnerLead.objects.filter(organisation__partnership=viewer.partnership)
