"""Who sees venue checks: the partnership's Prevent coordinator and its venue officers,
and no one else, not even the steering group, whose figures reach them only through plan
measures (venues.measures). Everything else answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from venues.models import CheckItem, LettingsPolicy, Venue, VenueCheck, VenueKind

VENUE_READERS = (Role.COORDINATOR, Role.VENUE_OFFICER)
# The lists, the retention period and the review for deletion.
VENUE_ADMINS = (Role.COORDINATOR,)


def can_administer(viewer: Viewer) -> bool:
    return viewer.has_any(*VENUE_ADMINS)


def venues(viewer: Viewer) -> QuerySet[Venue]:
    if not viewer.has_any(*VENUE_READERS):
        return Venue.objects.none()
    return Venue.objects.filter(partnership=viewer.partnership)


def get_venue(viewer: Viewer, uuid: object) -> Venue:
    return get_object_or_404(venues(viewer), uuid=uuid)


def policies(viewer: Viewer) -> QuerySet[LettingsPolicy]:
    if not viewer.has_any(*VENUE_READERS):
        return LettingsPolicy.objects.none()
    return LettingsPolicy.objects.filter(partnership=viewer.partnership)


def get_policy(viewer: Viewer, uuid: object) -> LettingsPolicy:
    return get_object_or_404(policies(viewer), uuid=uuid)


def checks(viewer: Viewer) -> QuerySet[VenueCheck]:
    if not viewer.has_any(*VENUE_READERS):
        return VenueCheck.objects.none()
    return VenueCheck.objects.filter(partnership=viewer.partnership)


def get_check(viewer: Viewer, uuid: object) -> VenueCheck:
    return get_object_or_404(
        checks(viewer).select_related("venue", "venue__kind", "venue__policy"), uuid=uuid
    )


def kinds(viewer: Viewer) -> QuerySet[VenueKind]:
    """The seeded kinds and the partnership's own."""
    if not viewer.has_any(*VENUE_READERS):
        return VenueKind.objects.none()
    return VenueKind.objects.filter(Q(partnership=None) | Q(partnership=viewer.partnership))


def items(viewer: Viewer) -> QuerySet[CheckItem]:
    if not viewer.has_any(*VENUE_READERS):
        return CheckItem.objects.none()
    return CheckItem.objects.filter(Q(partnership=None) | Q(partnership=viewer.partnership))
