"""What a viewer may see and change in engagement and communications. The coordinator reads
and writes everything of their partnership; an action owner reads the lists, records events
and campaigns, and changes those they recorded or that deliver an action they own; the
steering group reads the summary's counts only. Anything else answers 404."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from community.models import Campaign, Channel, EngagementEvent, EventType, FollowUp, Theme
from partners.models import Network, Organisation, Sector
from plans.models import Action

READERS = (Role.COORDINATOR, Role.ACTION_OWNER)
RECORDERS = (Role.COORDINATOR, Role.ACTION_OWNER)
EDITORS = (Role.COORDINATOR,)
# The summary's counts and totals name no organisation and quote no feedback.
SUMMARY_READERS = (Role.COORDINATOR, Role.ACTION_OWNER, Role.STEERING)


def is_coordinator(viewer: Viewer) -> bool:
    return viewer.has_any(*EDITORS)


def events(viewer: Viewer) -> QuerySet[EngagementEvent]:
    if not viewer.has_any(*READERS):
        return EngagementEvent.objects.none()
    return EngagementEvent.objects.filter(partnership=viewer.partnership)


def editable_events(viewer: Viewer) -> QuerySet[EngagementEvent]:
    """The coordinator's: all. An action owner's: those they recorded, and those that
    deliver an action they own."""
    base = events(viewer)
    if is_coordinator(viewer):
        return base
    if not viewer.has_any(Role.ACTION_OWNER):
        return base.none()
    delivers_theirs = EngagementEvent.actions.through.objects.filter(
        engagementevent_id=OuterRef("pk"), action__owner=viewer.user
    )
    return base.filter(Q(recorded_by=viewer.user) | Q(Exists(delivers_theirs)))


def can_edit_event(viewer: Viewer, event: EngagementEvent) -> bool:
    return editable_events(viewer).filter(pk=event.pk).exists()


def get_event(viewer: Viewer, uuid: object) -> EngagementEvent:
    return get_object_or_404(events(viewer).select_related("event_type", "recorded_by"), uuid=uuid)


def get_editable_event(viewer: Viewer, uuid: object) -> EngagementEvent:
    return get_object_or_404(editable_events(viewer).select_related("event_type"), uuid=uuid)


def get_follow_up(viewer: Viewer, uuid: object) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.filter(event__in=editable_events(viewer)).select_related("event"), uuid=uuid
    )


def campaigns(viewer: Viewer) -> QuerySet[Campaign]:
    if not viewer.has_any(*READERS):
        return Campaign.objects.none()
    return Campaign.objects.filter(partnership=viewer.partnership)


def editable_campaigns(viewer: Viewer) -> QuerySet[Campaign]:
    base = campaigns(viewer)
    if is_coordinator(viewer):
        return base
    if not viewer.has_any(Role.ACTION_OWNER):
        return base.none()
    delivers_theirs = Campaign.actions.through.objects.filter(
        campaign_id=OuterRef("pk"), action__owner=viewer.user
    )
    return base.filter(Q(recorded_by=viewer.user) | Q(Exists(delivers_theirs)))


def can_edit_campaign(viewer: Viewer, campaign: Campaign) -> bool:
    return editable_campaigns(viewer).filter(pk=campaign.pk).exists()


def get_campaign(viewer: Viewer, uuid: object) -> Campaign:
    return get_object_or_404(campaigns(viewer).select_related("recorded_by"), uuid=uuid)


def get_editable_campaign(viewer: Viewer, uuid: object) -> Campaign:
    return get_object_or_404(editable_campaigns(viewer), uuid=uuid)


# --- what a record may name --------------------------------------------------------------


def event_types(viewer: Viewer) -> QuerySet[EventType]:
    return EventType.objects.filter(partnership=viewer.partnership, active=True)


def themes(viewer: Viewer) -> QuerySet[Theme]:
    return Theme.objects.filter(partnership=viewer.partnership, active=True)


def channels(viewer: Viewer) -> QuerySet[Channel]:
    return Channel.objects.filter(partnership=viewer.partnership, active=True)


def organisations(viewer: Viewer) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnership=viewer.partnership)


def networks(viewer: Viewer) -> QuerySet[Network]:
    return Network.objects.filter(partnership=viewer.partnership)


def sectors(viewer: Viewer) -> QuerySet[Sector]:
    """The sector list the register of organisations uses: the seeded sectors and the
    partnership's own."""
    return Sector.objects.filter(Q(partnership__isnull=True) | Q(partnership=viewer.partnership), active=True)


def plan_actions(viewer: Viewer) -> QuerySet[Action]:
    """The partnership's plan actions an event, a campaign or a follow-up may name."""
    return (
        Action.objects.filter(partnership=viewer.partnership)
        .select_related("strategy")
        .order_by("-strategy__period_start", "strategy_id", "sort_key")
    )
