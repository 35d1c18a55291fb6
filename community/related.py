"""What engagement shows elsewhere (govuk.related): on an organisation's page, the events it
took part in; beside a plan's action, the events and campaigns that deliver it. Each link
is to the filtered list, for those who read engagement (the coordinator and action owners):
the steering group reads the summary only, so sees no link."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from django.urls import reverse

from accounts.access import Viewer
from community import access
from community.models import Campaign, EngagementEvent
from govuk.links import uuid_url
from govuk.related import RelatedLink
from partners.models import Organisation


def _counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _events_of_organisation(viewer: Viewer, organisation: Organisation) -> list[RelatedLink]:
    if not viewer.has_any(*access.READERS):
        return []
    number = access.events(viewer).filter(organisations=organisation).count()
    if not number:
        return []
    href = f"{reverse('community:event_list')}?{urlencode({'organisation': organisation.uuid})}"
    return [RelatedLink("Engagement events", href, _counted(number, "event", "events"))]


def _events_of_actions(viewer: Viewer, action_ids: Sequence[int]) -> Mapping[int, list[RelatedLink]]:
    """Two queries, however many actions: the events counted by action, and the campaigns."""
    if not viewer.has_any(*access.READERS):
        return {}
    events = Counter(
        EngagementEvent.actions.through.objects.filter(
            action_id__in=list(action_ids), engagementevent__in=access.events(viewer)
        ).values_list("action_id", "action__uuid")
    )
    links: dict[int, list[RelatedLink]] = {}
    listed = reverse("community:event_list")
    for (action_id, uuid), number in sorted(events.items()):
        href = f"{listed}?{urlencode({'action': uuid})}"
        links.setdefault(action_id, []).append(
            RelatedLink(f"Engagement: {_counted(number, 'event', 'events')}", href)
        )
    campaigns = (
        Campaign.actions.through.objects.filter(
            action_id__in=list(action_ids), campaign__in=access.campaigns(viewer)
        )
        .order_by("campaign__starts_on", "campaign_id")
        .values_list("action_id", "campaign__uuid", "campaign__title")
    )
    for action_id, uuid, title in campaigns:
        links.setdefault(action_id, []).append(
            RelatedLink(f"Campaign: {title}", uuid_url("community:campaign_detail", uuid))
        )
    return links


ORGANISATION_LINKS = (_events_of_organisation,)
ACTION_LINKS = (_events_of_actions,)
