"""Engagement shown elsewhere (community/related.py): an organisation's page links to the
events it took part in and a plan row to the events and campaigns that deliver it, for
those who read engagement; each link opens; the steering group sees none."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.access import Viewer
from accounts.models import User
from community.tests.builders import campaign, event
from conftest import action_titled
from govuk.testing import list_rows, page
from partners.tests.builders import organisation
from plans.models import Strategy

pytestmark = pytest.mark.django_db


def test_an_organisation_and_a_plan_row_link_to_their_engagement(
    plan: Strategy,
    coordinator: User,
    coordinator_viewer: Viewer,
    steering: User,
    sign_in: Callable[..., Client],
) -> None:
    mosque = organisation(coordinator_viewer, "East London Mosque", "faith-institution")
    roundtables = action_titled("Host two community roundtables")
    event(coordinator_viewer, "Roundtable in Whitechapel", organisations=[mosque], actions=[roundtables])
    event(coordinator_viewer, "Roundtable in Poplar", actions=[roundtables])
    campaign(coordinator_viewer, "Online safety for parents", actions=[roundtables])
    client = sign_in(coordinator)
    related = page(client.get(mosque.get_absolute_url()).content).by_id("related")
    assert "Engagement events of East London Mosque: 1 event" in related.text
    [href] = [href for text, href in related.links() if text.startswith("Engagement events")]
    assert [row["Event"] for row in list_rows(client, href)] == ["Roundtable in Whitechapel"]
    shown = page(client.get(plan.get_absolute_url()).content)
    links = dict(shown.links())
    assert "Engagement: 2 events" in links and "Campaign: Online safety for parents" in links
    for href in (links["Engagement: 2 events"], links["Campaign: Online safety for parents"]):
        assert client.get(href).status_code == 200
    # The steering group reads the summary only: no link to lists it cannot open.
    steering_client = sign_in(steering)
    assert "Engagement events" not in page(steering_client.get(mosque.get_absolute_url()).content).text
    assert not any(
        text.startswith(("Engagement:", "Campaign:"))
        for text, _ in page(steering_client.get(plan.get_absolute_url()).content).links()
    )
