from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import viewer
from govuk.testing import Table, page
from lib.errors import Refused
from partners import actions
from partners.models import Contact, NetworkMember
from partners.tests.builders import contact_role, organisation, partner_lead, partners_for_walks

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def test_a_coordinator_adds_a_contact_with_roles(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    mosque = organisation(coordinator_viewer, "Barking Central Mosque", "faith-institution")
    client = sign_in(coordinator)
    response = client.post(
        reverse("partners:contact_create", args=[mosque.uuid]),
        {
            "name": "Imam Yusuf Ali",
            "job_title": "Imam",
            "email": "imam@mosque.example.org",
            "roles": [contact_role("faith-leader").pk, contact_role("prevent-champion").pk],
        },
    )
    assert response.status_code == 302
    shown = page(client.get(mosque.get_absolute_url()).content)
    [table] = [t for t in shown.tables() if t.caption == "Contacts at Barking Central Mosque"]
    assert table.rows == [
        {
            "Name": "Imam Yusuf Ali",
            "Job title": "Imam",
            "Roles": "Prevent champion, Faith leader",
            "Staff group": "",
            "Work email": "imam@mosque.example.org",
            "Work phone": "",
            "Change": "Change Imam Yusuf Ali",
        }
    ]
    assert AuditEvent.objects.filter(verb="partners.contact.added").count() == 1


def test_members_join_and_leave_and_the_dates_show(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    records = partners_for_walks(coordinator_viewer)
    client = sign_in(coordinator)
    response = client.post(
        reverse("partners:network_member_leave", args=[records.member.uuid]),
        _date("left", dt.date(2024, 8, 1)),
    )
    assert response.status_code == 200  # before the date joined
    response = client.post(
        reverse("partners:network_member_leave", args=[records.member.uuid]),
        _date("left", dt.date(2025, 7, 31)),
    )
    assert response.status_code == 302
    rows = Table.read(page(client.get(records.network.get_absolute_url()).content).iter("table")[0]).rows
    assert [{k: v for k, v in row.items() if k != "Change"} for row in rows] == [
        {
            "Member": "Priya Lead",
            "Organisation": "Riverside Academy",
            "Joined": "1 September 2024",
            "Left": "31 July 2025",
        }
    ]
    assert not rows[0]["Change"].startswith("Record leaving")
    # Joining again after leaving is a new membership.
    actions.add_member(
        viewer=coordinator_viewer,
        network=records.network,
        contact=records.contact,
        joined=dt.date(2025, 9, 1),
    )
    with pytest.raises(Refused, match="already a member"):
        actions.add_member(
            viewer=coordinator_viewer,
            network=records.network,
            contact=records.contact,
            joined=dt.date(2025, 9, 2),
        )
    assert NetworkMember.objects.count() == 2


def test_the_steering_group_reads_networks_without_contacts_details(
    coordinator_viewer: Viewer, steering: User, sign_in: Callable[..., Client]
) -> None:
    records = partners_for_walks(coordinator_viewer)
    client = sign_in(steering)
    shown = page(client.get(records.network.get_absolute_url()).content)
    rows = Table.read(shown.iter("table")[0]).rows
    assert rows == [{"Organisation": "Riverside Academy", "Joined": "1 September 2024", "Left": ""}]
    assert "Priya Lead" not in shown.text
    organisation_page = page(client.get(records.organisation.get_absolute_url()).content)
    assert "p.lead@riverside.example.org" not in organisation_page.text
    # Staff numbers are for the steering group too; contacts and checks are not.
    assert [t.caption for t in organisation_page.tables() if not t.caption.startswith("Staff numbers")] == []
    assert client.get(reverse("partners:contact_edit", args=[records.contact.uuid])).status_code == 404


def test_a_network_name_is_unique_in_the_partnership(coordinator_viewer: Viewer) -> None:
    actions.create_network(viewer=coordinator_viewer, name="Faith Network")
    with pytest.raises(Refused, match="already has"):
        actions.create_network(viewer=coordinator_viewer, name="faith network")


def test_editing_a_contact_records_the_change_of_roles(coordinator_viewer: Viewer) -> None:
    records = partners_for_walks(coordinator_viewer)
    actions.update_contact(
        viewer=coordinator_viewer,
        contact=records.contact,
        roles=[contact_role("prevent-lead")],
        phone="020 7946 0000",
    )
    contact = Contact.objects.get()
    assert contact.phone == "020 7946 0000"
    event = AuditEvent.objects.filter(verb="partners.contact.updated").get()
    assert event.changes["roles"] == {"from": ["Designated safeguarding lead"], "to": ["Prevent lead"]}


def test_a_coordinator_corrects_a_membership_s_dates(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    records = partners_for_walks(coordinator_viewer)
    client = sign_in(coordinator)
    shown = page(client.get(records.network.get_absolute_url()).content)
    edit = reverse("partners:network_member_edit", args=[records.member.uuid])
    assert edit in [href for _, href in shown.links()]
    response = client.post(edit, _date("joined", dt.date(2024, 1, 15)))
    assert response.status_code == 302
    records.member.refresh_from_db()
    assert (records.member.joined, records.member.left) == (dt.date(2024, 1, 15), None)
    event = AuditEvent.objects.get(verb="partners.network.member_corrected")
    assert event.changes == {"joined": {"from": "2024-09-01", "to": "2024-01-15"}}
    # The date left is corrected the same way, and must not come before the date joined.
    response = client.post(
        edit, {**_date("joined", dt.date(2024, 1, 15)), **_date("left", dt.date(2023, 1, 1))}
    )
    assert response.status_code == 200
    response = client.post(
        edit, {**_date("joined", dt.date(2024, 1, 15)), **_date("left", dt.date(2025, 3, 1))}
    )
    assert response.status_code == 302
    records.member.refresh_from_db()
    assert records.member.left == dt.date(2025, 3, 1)
    # Back to a current membership while another is current is refused.
    actions.add_member(
        viewer=coordinator_viewer,
        network=records.network,
        contact=records.contact,
        joined=dt.date(2025, 9, 1),
    )
    response = client.post(edit, _date("joined", dt.date(2024, 1, 15)))
    assert response.status_code == 200
    records.member.refresh_from_db()
    assert records.member.left == dt.date(2025, 3, 1)
    # Hostile input is shown as errors and changes nothing.
    events = AuditEvent.objects.count()
    for data in (
        {"joined_day": "31", "joined_month": "2", "joined_year": "2024"},
        {"joined_day": "<script>", "joined_month": "x", "joined_year": "\x00"},
        {"joined_day": "1", "joined_month": "1", "joined_year": "99999999999"},
        {},
    ):
        assert client.post(edit, data).status_code == 200
    assert AuditEvent.objects.count() == events


def test_a_coordinator_deletes_a_membership_recorded_in_error(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    records = partners_for_walks(coordinator_viewer)
    client = sign_in(coordinator)
    delete = reverse("partners:network_member_delete", args=[records.member.uuid])
    shown = page(client.get(records.network.get_absolute_url()).content)
    assert delete in [href for _, href in shown.links()]
    confirm = page(client.get(delete).content)
    assert [form.attrs.get("method") for form in confirm.forms() if "Delete membership" in form.text] == [
        "post"
    ]
    response = client.post(delete)
    assert response.status_code == 302
    assert not NetworkMember.objects.filter(pk=records.member.pk).exists()
    event = AuditEvent.objects.get(verb="partners.network.member_deleted")
    assert event.changes["contact"] == {"from": "Priya Lead", "to": None}
    assert client.get(delete).status_code == 404


def test_only_the_coordinator_of_the_partnership_corrects_memberships(
    coordinator_viewer: Viewer,
    steering: User,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    records = partners_for_walks(coordinator_viewer)
    lead = partner_lead(coordinator_viewer, records.organisation, "second.lead@riverside.example.org")
    outsider = person(other_partnership, *Role)
    edit = reverse("partners:network_member_edit", args=[records.member.uuid])
    delete = reverse("partners:network_member_delete", args=[records.member.uuid])
    for user in (steering, lead, outsider):
        client = sign_in(user)
        assert client.get(edit).status_code == 404
        assert client.post(edit, _date("joined", dt.date(2020, 1, 1))).status_code == 404
        assert client.post(delete).status_code == 404
    records.member.refresh_from_db()
    assert records.member.joined == dt.date(2024, 9, 1)
    with pytest.raises(Refused):
        actions.delete_member(viewer=viewer(steering, coordinator_viewer.partnership), member=records.member)
    assert NetworkMember.objects.filter(pk=records.member.pk).exists()
