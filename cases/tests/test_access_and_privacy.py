import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions
from cases.models import Person, Referral
from cases.vault import DataKey
from conftest import Channel, quorate, viewer
from lib import crypto

pytestmark = pytest.mark.django_db


def _detail(channel: Channel) -> str:
    return f"/cases/{channel.progressed.uuid}/"


def test_a_panel_member_sees_the_case_on_their_meetings_agenda_and_nothing_else(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.panel_member)
    assert client.get(_detail(channel)).status_code == 200
    assert client.get(f"/cases/panels/{channel.meeting.uuid}/").status_code == 200
    assert client.get(f"/cases/{channel.waiting.uuid}/").status_code == 404
    assert client.get("/cases/").status_code == 404
    assert client.get("/cases/queue/").status_code == 404


def test_a_panel_member_reads_the_summary_panels_and_documents_of_an_agenda_case_only(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.panel_member)
    case = _detail(channel)
    summary = client.get(case).content.decode()
    for shown in (f'href="{case}"', f'href="{case}panel-and-support/"', f'href="{case}documents/"'):
        assert shown in summary
    assert "sharing-and-assessment/" not in summary and "transfer-and-retention/" not in summary
    panel = client.get(f"{case}panel-and-support/").content.decode()
    assert "Channel panel" in panel and "Support plan" not in panel
    assert channel.document.name in client.get(f"{case}documents/").content.decode()
    for team_only in ("sharing-and-assessment/", "transfer-and-retention/"):
        assert client.get(f"{case}{team_only}").status_code == 404
    for page in ("", "panel-and-support/", "documents/"):
        assert client.get(f"/cases/{channel.waiting.uuid}/{page}").status_code == 404


def test_a_panel_members_access_ends_when_the_invitation_is_withdrawn(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    actions.withdraw_invitation(viewer=viewer(channel.chair, partnership), invitation=channel.invitation)
    client = sign_in(channel.panel_member)
    assert client.get(_detail(channel)).status_code == 404
    assert client.get(f"/cases/panels/{channel.meeting.uuid}/").status_code == 404


def test_a_panel_members_access_ends_when_the_minutes_are_final(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    chair = viewer(channel.chair, partnership)
    channel.meeting.meets_at = timezone.now() - dt.timedelta(hours=1)  # it has begun
    channel.meeting.save(update_fields=["meets_at"])
    quorate(channel.meeting, chair)
    actions.record_panel_decision(viewer=chair, item=channel.item, decision="adopt", reasons="Adopt.")
    actions.record_attendance(viewer=chair, meeting=channel.meeting, attended={channel.invitation.pk: True})
    actions.close_meeting(viewer=chair, meeting=channel.meeting)
    assert sign_in(channel.panel_member).get(_detail(channel)).status_code == 404


def test_a_panel_member_does_not_see_special_category_information(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    person = Referral.objects.get(pk=channel.progressed.pk).person
    assert person is not None
    actions.update_special_categories(
        viewer=viewer(channel.coordinator, partnership),
        person=person,
        values={"religion": ("recorded", "Christian")},
    )
    assert "Christian" in sign_in(channel.coordinator).get(_detail(channel)).content.decode()
    assert "Christian" not in sign_in(channel.panel_member).get(_detail(channel)).content.decode()


def test_a_referrer_sees_receipts_but_never_the_case(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.referrer)
    receipts = client.get("/cases/my-referrals/").content.decode()
    assert channel.waiting.reference in receipts
    assert "Progressed" not in receipts
    assert client.get(_detail(channel)).status_code == 404
    assert client.get(f"/cases/refer/sent/{channel.waiting.uuid}/").status_code == 200


def test_another_referrers_receipt_is_404(
    channel: Channel, partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    other = person(partnership, Role.REFERRER)
    assert sign_in(other).get(f"/cases/refer/sent/{channel.waiting.uuid}/").status_code == 404
    assert channel.waiting.reference not in sign_in(other).get("/cases/my-referrals/").content.decode()


def test_every_view_of_a_case_page_is_audited(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.police)
    client.get(_detail(channel))
    client.get(f"/cases/panels/{channel.meeting.uuid}/minutes.pdf")
    viewed = AuditEvent.objects.filter(verb="cases.referral.viewed", actor=channel.police)
    assert [event.changes["page"]["to"] for event in viewed.order_by("id")] == ["case", "panel minutes"]
    for page in ("sharing-and-assessment/", "panel-and-support/", "documents/", "transfer-and-retention/"):
        client.get(f"{_detail(channel)}{page}")
    assert [event.changes["page"]["to"] for event in viewed.order_by("id")][2:] == [
        "case sharing and assessment",
        "case panel and support",
        "case documents",
        "case transfer and retention",
    ]
    assert all(event.object_label == channel.progressed.reference for event in viewed)


def test_case_pages_need_two_factor_even_for_panel_members(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(channel.panel_member, verified=False).get(_detail(channel))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/")


def test_personal_text_and_special_categories_are_encrypted_at_rest(
    channel: Channel, partnership: Partnership
) -> None:
    person = Referral.objects.get(pk=channel.progressed.pk).person
    assert person is not None
    actions.update_special_categories(
        viewer=viewer(channel.coordinator, partnership),
        person=person,
        values={"health": ("recorded", "Autism")},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative_sealed FROM cases_referral WHERE id = %s", [channel.progressed.pk])
        (narrative,) = cursor.fetchone()
        cursor.execute("SELECT health_sealed FROM cases_person WHERE id = %s", [person.pk])
        (health,) = cursor.fetchone()
    assert narrative.startswith("v2:") and "videos" not in narrative
    assert health.startswith("v2:") and "Autism" not in health
    assert Person.objects.get(pk=person.pk).special_category("health") == ("recorded", "Autism")


def test_destroying_a_data_key_makes_its_values_unreadable(channel: Channel) -> None:
    referral = Referral.objects.select_related("data_key").get(pk=channel.progressed.pk)
    referral.data_key.destroy()
    with pytest.raises(crypto.KeyUnavailable):
        Referral.objects.get(pk=referral.pk).narrative  # noqa: B018


def test_rotating_the_master_key_moves_every_data_key_to_it(channel: Channel, settings: Any) -> None:
    """More in test_keys_and_dumps.py: the data keys change too, and old copies open nothing."""
    narrative = Referral.objects.get(pk=channel.progressed.pk).narrative
    new_entry = crypto.new_master_key_entry("2027")
    settings.FIELD_MASTER_KEYS = crypto.MasterKeys.parse([new_entry, settings.DEVELOPMENT_FIELD_KEY])
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    count = DataKey.objects.filter(destroyed_at__isnull=True).count()
    assert out.getvalue().startswith(f"{count} records re-keyed")
    assert "under master key 2027" in out.getvalue()
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {"2027"}
    settings.FIELD_MASTER_KEYS = crypto.MasterKeys.parse([new_entry])
    assert Referral.objects.get(pk=channel.progressed.pk).narrative == narrative
    assert AuditEvent.objects.filter(verb="cases.field_keys.rotated").exists()


def test_the_rotation_command_prints_a_new_key() -> None:
    out = StringIO()
    call_command("rotate_field_keys", "--new-key", "2027-01", stdout=out)
    assert crypto.MasterKeys.parse([out.getvalue().strip()]).current_id == "2027-01"
