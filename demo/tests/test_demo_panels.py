"""The demo shows quorum and panel papers (issue 14, parts 2 and 3): every decision the
demo records at a panel is quorate; a panel chaired by its deputy chair, with apologies and a
deputy; and the demo panel member reads the panel papers of a meeting they are invited to."""

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Partnership, Role, User
from cases import quorum
from cases.models import AgendaItem
from demo import channel_panels
from govuk.testing import page

pytestmark = pytest.mark.django_db


def test_the_demo_panels_are_quorate_and_their_papers_are_read_by_the_panel_member(
    settings: Any, sign_in: Callable[..., Client]
) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    decided = AgendaItem.objects.filter(decision__in=quorum.QUORUM_DECISIONS).select_related("meeting")
    assert decided.count() > 10
    for item in decided:
        assert quorum.quorum_refusal(item.meeting) == "", item
    for partnership in Partnership.objects.all():
        meeting = channel_panels.meeting_of(partnership)
        assert (meeting.chair_attendance, meeting.deputy_chair_attendance) == ("apologies", "present")
        represented = [invitation for invitation in meeting.invitations.all() if invitation.represented]
        assert [invitation.deputy_name for invitation in represented] == [channel_panels.DEPUTY[0]]
        assert meeting.agenda.get().decision == "adopt"
    tower_hamlets = Partnership.objects.get(slug="towerhamlets")
    member = User.objects.get(
        memberships__partnership=tower_hamlets, memberships__role=Role.PANEL_MEMBER, is_demo_account=True
    )
    client = sign_in(member)
    meeting = channel_panels.meeting_of(tower_hamlets)
    links = page(client.get(f"/cases/panels/{meeting.uuid}/").content).links()
    papers = [href for text, href in links if text.startswith("Panel papers for")]
    assert len(papers) == 1
    shown = client.get(papers[0])
    assert shown.status_code == 200
    text = page(shown.content).by_id("main-content").text
    assert "Kieran Ashdown" in text and "Need for identity, meaning and belonging" in text
    assert "Children's Social Care, Early Help" in text
