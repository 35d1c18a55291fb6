"""One record per submission when several arrive at once: three concurrent sends of the
referral's check-answers page used to create three referrals. Only on PostgreSQL, where
requests really run side by side on their own connections; SQLite's in-memory test
database serialises them in a way production's file database does not."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Partnership, Role, User
from cases.models import Referral

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL's own connections"
)
TOKEN = "a-token-of-the-form-as-it-was-shown"


@pytest.fixture(scope="module")
def _audit_triggers_restored(django_db_blocker: Any) -> Iterator[None]:
    """The test commits, so the database is emptied after it, audit table included, which
    its append-only triggers refuse: they are switched off for that and on again here."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_audit_triggers_restored")
def test_three_sends_at_once_of_the_referral_check_page_make_one_referral(
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    from cases.models import ConcernType, ReferralSector

    referrer = person(partnership, Role.REFERRER)
    client = sign_in(referrer)
    steps: dict[str, dict[str, Any]] = {
        "person": {"given_names": "Noah", "family_name": "Fairbairn", "gender": "male"},
        "concern": {
            "concern_type": ConcernType.objects.filter(partnership=None).first().code,  # type: ignore[union-attr]
            "narrative": "Shared a video praising an attacker.",
            "urgency": "routine",
            "person_aware": "no",
        },
        "you": {
            "referrer_name": "Rita",
            "referrer_organisation": "Bow School",
            "sector": ReferralSector.objects.filter(partnership=None).first().code,  # type: ignore[union-attr]
        },
        "equality": {},
    }
    for step, given in steps.items():
        assert client.post(f"/cases/refer/{step}/", given).status_code == 302, step
    clients = []
    for _ in range(3):
        twin = Client()
        twin.cookies = client.cookies
        clients.append(twin)
    start = threading.Barrier(len(clients))
    answers: list[int] = []

    def send(twin: Client) -> None:
        try:
            start.wait()
            answers.append(twin.post("/cases/refer/check/", {"submission": TOKEN}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(twin,)) for twin in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert answers == [302, 302, 302]
        assert Referral.objects.count() == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
