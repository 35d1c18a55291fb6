"""The pages for where a case lives and how long, through the HTTP client: correcting the
person's details, transfer between partnerships, review for deletion, subject access and
the partnership's Channel settings."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions, queries
from cases.models import (
    CaseTransfer,
    Erasure,
    Person,
    Referral,
    RetentionPeriod,
    RetentionSchedule,
    SubjectAccessExport,
    TransferStatus,
)
from conftest import Channel, Lifecycle, viewer
from lib.errors import Refused
from lib.names import NameRecord

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _camden(person: Callable[..., User], *roles: Role) -> User:
    return person(Partnership.objects.get(slug="camden"), *roles)


def _settings(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "gateway_target_days": "5",
        "support_review_weeks": "12",
        "post_exit_6_opens_months": "5",
        "post_exit_12_opens_months": "11",
        "retention_years_no_further_action": "3",
        "retention_years_signposted": "3",
        "retention_years_police_led": "3",
        "retention_years_not_adopted_signposted": "3",
        "retention_years_not_adopted_nfa": "3",
        "retention_years_declined": "6",
        "retention_years_withdrew": "6",
        "retention_years_closed": "6",
        "retention_years_escalated": "6",
    }
    return values | overrides


# --- the person's details ----------------------------------------------------------------


def test_correcting_the_person_re_indexes_their_name(
    channel: Channel, lifecycle: Lifecycle, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.police)
    url = reverse("cases:person_edit", kwargs={"uuid": lifecycle.supported.uuid})
    page = client.get(url).content.decode()
    assert 'value="Jordan"' in page and 'value="Reeve"' in page
    born = lifecycle.supported.person.date_of_birth
    renamed = NameRecord(given_names="Jordan", family_name="Okonkwo", date_of_birth=born)
    assert not queries.possible_matches(partnership, renamed)

    empty = client.post(url, {"gender": "male"})
    assert empty.status_code == 200
    assert "Enter the person&#x27;s name, or as much of it as you know" in empty.content.decode()

    response = client.post(
        url,
        {
            "given_names": "Jordan",
            "family_name": "Okonkwo",
            "other_names": "JJ\nJordan Reeve",
            **_date("date_of_birth", born),
            "gender": "male",
            "postcode": "E3 2AA",
        },
    )
    assert response["Location"] == f"/cases/{lifecycle.supported.uuid}/"
    person = Person.objects.get(pk=lifecycle.supported.person_id)
    assert (person.family_name, person.other_name_list(), person.postcode) == (
        "Okonkwo",
        ["JJ", "Jordan Reeve"],
        "E3 2AA",
    )
    assert [c.person for c in queries.possible_matches(partnership, renamed)] == [person]
    assert AuditEvent.objects.filter(verb="cases.person.corrected", actor=channel.police).exists()


def test_only_identifiers_correct_the_person(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    url = reverse("cases:person_edit", kwargs={"uuid": lifecycle.supported.uuid})
    assert sign_in(channel.chair).get(url).status_code == 404
    referral_page = sign_in(channel.coordinator).get(f"/cases/{lifecycle.supported.uuid}/").content.decode()
    assert url in referral_page


# --- transfer ----------------------------------------------------------------------------


def test_a_coordinator_requests_a_transfer(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    case_page = client.get(f"/cases/{lifecycle.exited.uuid}/transfer-and-retention/").content.decode()
    url = reverse("cases:transfer_create", kwargs={"uuid": lifecycle.exited.uuid})
    assert url in case_page
    camden = Partnership.objects.get(slug="camden")

    empty = client.post(url, {})
    assert empty.status_code == 200
    for message in ("Select the partnership the case moves to", "Enter why the case is being transferred"):
        assert message in empty.content.decode()

    response = client.post(url, {"to_partnership": str(camden.uuid), "reason": "Moved to Kentish Town."})
    assert response["Location"] == f"/cases/{lifecycle.exited.uuid}/transfer-and-retention/"
    transfer = CaseTransfer.objects.get(referral=lifecycle.exited)
    assert (transfer.to_partnership, transfer.status) == (camden, TransferStatus.PENDING)
    assert "Waiting for Camden to accept this case" in client.get(response["Location"]).content.decode()
    again = client.get(url).content.decode()
    assert "already waiting to be accepted by Camden" in again


def test_the_receiving_coordinator_accepts_and_the_sender_keeps_a_stub(
    channel: Channel, lifecycle: Lifecycle, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    transfer, supported = lifecycle.transfer, lifecycle.supported
    receiver = _camden(person, Role.COORDINATOR)
    camden = sign_in(receiver)
    assert transfer.reference in camden.get("/cases/transfers/").content.decode()
    detail = camden.get(f"/cases/transfers/{transfer.uuid}/").content.decode()
    for shown in (
        "Jordan Reeve",
        f"{supported.person.date_of_birth:%-d %B %Y}",
        "Family moved.",
        "Tower Hamlets",
    ):
        assert shown in detail
    assert AuditEvent.objects.filter(
        verb="cases.referral.viewed", actor=receiver, object_id=str(supported.uuid)
    ).exists()

    response = camden.post(f"/cases/transfers/{transfer.uuid}/accept/")
    assert response["Location"] == f"/cases/{supported.uuid}/"
    assert "Jordan Reeve" in camden.get(response["Location"]).content.decode()
    supported.refresh_from_db()
    assert supported.partnership.slug == "camden"

    sender = sign_in(channel.coordinator)
    assert sender.get(f"/cases/{supported.uuid}/").status_code == 404
    sent = sender.get("/cases/transfers/").content.decode()
    assert transfer.reference in sent and "Accepted" in sent and "Jordan" not in sent
    stub = sender.get(f"/cases/transfers/{transfer.uuid}/").content.decode()
    assert "The case now belongs to Camden" in stub
    assert "Jordan" not in stub and "Family moved." not in stub
    assert f"/cases/{supported.uuid}/" not in stub


def test_the_receiving_coordinator_declines_with_a_reason(
    channel: Channel, lifecycle: Lifecycle, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    transfer = lifecycle.transfer
    camden = sign_in(_camden(person, Role.COORDINATOR))
    url = f"/cases/transfers/{transfer.uuid}/decline/"
    empty = camden.post(url, {"reason": " "})
    assert empty.status_code == 200
    assert "Enter why the transfer is declined" in empty.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING

    response = camden.post(url, {"reason": "The family live in Islington, not Camden."})
    assert response["Location"] == "/cases/transfers/"
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.DECLINED
    assert camden.get(f"/cases/transfers/{transfer.uuid}/").status_code == 404

    sender = sign_in(channel.coordinator)
    stub = sender.get(f"/cases/transfers/{transfer.uuid}/").content.decode()
    assert "The family live in Islington, not Camden." in stub
    case_page = sender.get(f"/cases/{lifecycle.supported.uuid}/transfer-and-retention/").content.decode()
    assert reverse("cases:transfer_create", kwargs={"uuid": lifecycle.supported.uuid}) in case_page


def test_only_the_receiving_coordinator_answers_a_transfer(
    channel: Channel, lifecycle: Lifecycle, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    transfer = lifecycle.transfer
    others = [sign_in(_camden(person, role)) for role in Role if role != Role.COORDINATOR]
    for client in [*others, sign_in(channel.coordinator)]:
        assert client.post(f"/cases/transfers/{transfer.uuid}/accept/").status_code == 404
        assert client.post(f"/cases/transfers/{transfer.uuid}/decline/", {"reason": "No."}).status_code == 404
    for client in others:
        assert client.get(f"/cases/transfers/{transfer.uuid}/").status_code == 404
        assert client.get(f"/cases/{lifecycle.supported.uuid}/").status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


# --- retention ---------------------------------------------------------------------------


def _retention_url(referral: Referral, action: str = "") -> str:
    return f"/cases/{referral.uuid}/retention/" + (f"{action}/" if action else "")


def test_the_queue_lists_closed_cases_past_their_review_date(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    queue = client.get("/cases/retention/").content.decode()
    assert lifecycle.closed.reference in queue
    assert lifecycle.exited.reference not in queue
    assert "Casey" not in queue
    case_page = client.get(f"/cases/{lifecycle.closed.uuid}/transfer-and-retention/").content.decode()
    assert _retention_url(lifecycle.closed) in case_page
    assert "/cases/retention/" in client.get("/cases/").content.decode()


def test_deleting_requires_the_typed_reference(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    closed = lifecycle.closed
    page = client.get(_retention_url(closed)).content.decode()
    assert "Deleting a case cannot be undone" in page
    assert "an anonymous statistical record" in page
    empty = client.post(_retention_url(closed, "delete"), {})
    assert empty.status_code == 200
    assert f"Enter the case reference, {closed.reference}, to confirm the deletion" in empty.content.decode()
    wrong = client.post(_retention_url(closed, "delete"), {"delete-reference": "TH-0000"})
    assert wrong.status_code == 200
    assert "The reference does not match this case" in wrong.content.decode()
    assert Referral.objects.filter(pk=closed.pk).exists()


def test_deleting_a_case(channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.coordinator)
    closed = lifecycle.closed
    response = client.post(_retention_url(closed, "delete"), {"delete-reference": closed.reference.lower()})
    assert response["Location"] == "/cases/retention/"
    queue = client.get(response["Location"]).content.decode()
    assert f"{closed.reference} deleted" in queue
    assert "Casey" not in queue
    assert client.get(f"/cases/{closed.uuid}/").status_code == 404
    assert client.get(_retention_url(closed)).status_code == 404
    assert Erasure.objects.get(reference=closed.reference).person_erased


def test_a_legal_hold_blocks_deletion(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    closed = lifecycle.closed
    empty = client.post(_retention_url(closed, "legal-hold"), {})
    assert empty.status_code == 200
    assert "Enter why the legal hold is placed" in empty.content.decode()

    response = client.post(
        _retention_url(closed, "legal-hold"), {"hold-hold": "place", "hold-reason": "Civil claim."}
    )
    assert response["Location"] == _retention_url(closed)
    assert "Legal hold placed" in client.get(response["Location"]).content.decode()
    assert RetentionSchedule.objects.get(referral=closed).legal_hold
    queue = client.get("/cases/retention/").content.decode()
    assert queue.count(closed.reference) == 1 and "Under a legal hold" in queue

    blocked = client.post(_retention_url(closed, "delete"), {"delete-reference": closed.reference})
    assert blocked.status_code == 200
    assert "This case is under a legal hold. Release the hold before deleting it." in blocked.content.decode()
    assert Referral.objects.filter(pk=closed.pk).exists()

    client.post(
        _retention_url(closed, "legal-hold"), {"hold-hold": "release", "hold-reason": "Claim settled."}
    )
    assert not RetentionSchedule.objects.get(referral=closed).legal_hold


def test_keeping_a_case_longer(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    closed = lifecycle.closed
    today = timezone.localdate()
    empty = client.post(_retention_url(closed, "extend"), {})
    assert empty.status_code == 200
    page = empty.content.decode()
    assert "Enter new review date" in page and "Enter why the case is kept longer" in page

    past = client.post(
        _retention_url(closed, "extend"),
        {**_date("extend-review_on", today), "extend-reason": "New referral."},
    )
    assert "The new review date must be later than the present one" in past.content.decode()

    later = today + dt.timedelta(days=365)
    response = client.post(
        _retention_url(closed, "extend"),
        {**_date("extend-review_on", later), "extend-reason": "New referral."},
    )
    assert response["Location"] == _retention_url(closed)
    assert f"kept until a review on {later:%-d %B %Y}" in client.get(response["Location"]).content.decode()
    assert RetentionSchedule.objects.get(referral=closed).review_on == later
    assert closed.reference not in client.get("/cases/retention/").content.decode()


def test_retention_is_for_coordinators_and_closed_cases(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    assert sign_in(channel.police).get(_retention_url(lifecycle.closed)).status_code == 404
    open_case = sign_in(channel.coordinator).get(_retention_url(lifecycle.exited))
    assert open_case["Location"] == f"/cases/{lifecycle.exited.uuid}/"


# --- subject access ----------------------------------------------------------------------


def test_subject_access_produces_a_zip(
    channel: Channel, lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    person = lifecycle.supported.person
    url = f"/cases/people/{person.uuid}/subject-access/"
    assert url in client.get(f"/cases/{lifecycle.supported.uuid}/").content.decode()
    page = client.get(url).content.decode()
    assert "Produce the subject access files" in page and "None yet." in page

    response = client.post(url)
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert f'filename="subject-access-{timezone.localdate():%Y-%m-%d}.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        assert sorted(bundle.namelist()) == ["subject-access.json", "subject-access.pdf"]
        data = json.loads(bundle.read("subject-access.json"))
        assert bundle.read("subject-access.pdf").startswith(b"%PDF")
    assert data["The person"]["Given names"] == "Jordan"
    assert [r["Reference"] for r in data["Referrals"]] == [lifecycle.supported.reference]

    export = SubjectAccessExport.objects.get(person=person)
    assert export.produced_by == channel.coordinator
    assert "Cora Ordinator" in client.get(url).content.decode()
    assert sign_in(channel.police).get(url).status_code == 404


# --- Channel settings --------------------------------------------------------------------


def test_the_coordinator_saves_the_channel_settings(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    page = client.get("/cases/settings/").content.decode()
    assert "Shawcross" in page
    response = client.post(
        "/cases/settings/",
        _settings(gateway_target_days="7", support_review_weeks="8", retention_years_no_further_action="2"),
    )
    assert response["Location"] == "/cases/settings/"
    partnership.refresh_from_db()
    assert (partnership.gateway_target_days, partnership.support_review_weeks) == (7, 8)
    assert RetentionPeriod.objects.get(partnership=partnership, outcome="no_further_action").years == 2
    event = AuditEvent.objects.get(verb="cases.settings.updated")
    assert event.changes["gateway_target_days"] == {"from": 5, "to": 7}
    assert event.changes["retention_years.no_further_action"] == {"from": 3, "to": 2}
    assert "retention_years.closed" not in event.changes


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("gateway_target_days", "0", "The gateway target must be between 1 and 30 working days"),
        ("gateway_target_days", "five", "The gateway target must be a whole number of working days"),
        ("support_review_weeks", "", "Enter the number of weeks between support reviews"),
        ("retention_years_closed", "40", "Years kept after “Closed after exit” must be between 1 and 25"),
    ],
)
def test_the_channel_settings_refuse_bad_values(
    channel: Channel,
    partnership: Partnership,
    sign_in: Callable[..., Client],
    field: str,
    value: str,
    message: str,
) -> None:
    response = sign_in(channel.coordinator).post("/cases/settings/", _settings(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.gateway_target_days == 5
    assert not RetentionPeriod.objects.exists()


def test_only_coordinators_change_the_channel_settings(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    assert sign_in(channel.chair).post("/cases/settings/", _settings()).status_code == 404
    with pytest.raises(Refused, match="Your role does not allow you to change"):
        actions.update_channel_settings(
            viewer=viewer(channel.chair, partnership),
            gateway_target_days=3,
            support_review_weeks=12,
            retention_years={},
        )
    partnership.refresh_from_db()
    assert partnership.gateway_target_days == 5


# --- another partnership -----------------------------------------------------------------


def test_another_partnership_gets_404_everywhere(
    lifecycle: Lifecycle,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(person(other_partnership, *Role))
    supported, closed, transfer = lifecycle.supported, lifecycle.closed, lifecycle.transfer
    urls = [
        f"/cases/{supported.uuid}/person/",
        f"/cases/{supported.uuid}/transfer/",
        f"/cases/transfers/{transfer.uuid}/",
        f"/cases/transfers/{transfer.uuid}/accept/",
        f"/cases/transfers/{transfer.uuid}/decline/",
        _retention_url(closed),
        _retention_url(closed, "extend"),
        _retention_url(closed, "legal-hold"),
        _retention_url(closed, "delete"),
        f"/cases/people/{supported.person.uuid}/subject-access/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"delete-reference": closed.reference}).status_code == 404, url
    for url in ("/cases/transfers/", "/cases/retention/"):
        page = client.get(url).content.decode()
        assert transfer.reference not in page and closed.reference not in page
    assert Referral.objects.filter(pk=closed.pk).exists()
