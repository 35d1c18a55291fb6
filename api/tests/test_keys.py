"""The coordinator's key pages: making a key shows it once, the list shows its scopes and
last use but never the key, revoking stops it; every change is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import Partnership, Role, User
from api.models import ApiKey
from api.tests.builders import bearer
from audit.models import AuditEvent
from govuk.testing import Table, page

pytestmark = pytest.mark.django_db


def _make(client: Client, name: str, *codes: str) -> str:
    response = client.post("/api/keys/new/", {"name": name, "scopes": list(codes)})
    assert response.status_code == 201
    return page(response.content).by_id("api-key").text


def test_a_coordinator_makes_a_key_sees_it_once_and_revokes_it(
    partnership: Partnership, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    token = _make(client, "Learning system", "training:read", "training:write")
    key = ApiKey.objects.get()
    assert token.startswith(f"ph_{key.prefix}_")
    assert token not in key.secret_hash and key.scopes == ["training:read", "training:write"]
    assert AuditEvent.objects.filter(verb="api.key.created", actor=coordinator).count() == 1
    assert Client().get("/api/v1/training/courses", headers=bearer(token)).status_code == 200

    listed = client.get("/api/keys/")
    assert token not in listed.content.decode()
    [row] = Table.read(page(listed.content).by_id("keys")).rows
    assert row["Integration"] == "Learning system"
    assert row["Starts with"] == f"ph_{key.prefix}"
    assert "Read training courses, sessions and completions" in row["May"]
    assert row["Last used"] != "Never"

    revoked = client.post(f"/api/keys/{key.uuid}/revoke/", follow=True)
    assert "Key for Learning system revoked" in revoked.content.decode()
    [row] = Table.read(page(revoked.content).by_id("keys")).rows
    assert row["Status"].startswith("Revoked")
    assert Client().get("/api/v1/training/courses", headers=bearer(token)).status_code == 401
    assert AuditEvent.objects.filter(verb="api.key.revoked", actor=coordinator).count() == 1
    again = client.post(f"/api/keys/{key.uuid}/revoke/", follow=True)
    assert "already revoked" in again.content.decode()


@pytest.mark.parametrize(
    ("posted", "error"),
    [
        ({"name": "", "scopes": ["plans:read"]}, "Enter the name of the integration"),
        ({"name": "x" * 101, "scopes": ["plans:read"]}, "100 characters or fewer"),
        ({"name": "System"}, "Choose what the key may do"),
        ({"name": "System", "scopes": ["cases:read"]}, "Choose what the key may do from the list"),
        ({"name": "\x00\x07  ", "scopes": ["plans:read"]}, "Enter the name of the integration"),
    ],
)
def test_a_refused_key_form_says_why_and_writes_nothing(
    coordinator: User, sign_in: Callable[..., Client], posted: dict[str, object], error: str
) -> None:
    response = sign_in(coordinator).post("/api/keys/new/", posted)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ApiKey.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="api.").exists()


def test_another_partnerships_key_cannot_be_revoked(
    partnership: Partnership,
    other_partnership: Partnership,
    coordinator: User,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    _make(sign_in(coordinator), "Learning system", "plans:read")
    key = ApiKey.objects.get()
    outsider = person(other_partnership, Role.COORDINATOR)
    assert sign_in(outsider).post(f"/api/keys/{key.uuid}/revoke/").status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None
    assert "Learning system" not in sign_in(outsider).get("/api/keys/").content.decode()
