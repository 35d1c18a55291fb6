"""/healthz tells a load balancer whether this instance can serve: one database round
trip, 200 or 503, a plain word and nothing about the service's contents, never cached,
never a redirect and never a session."""

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client, override_settings

from accounts.models import Partnership, Role, User

pytestmark = pytest.mark.django_db

# The line the settings need in production, where SECURE_SSL_REDIRECT is on, so that a
# load balancer probing over plain HTTP is answered rather than redirected.
REDIRECT_EXEMPT = [r"^healthz$"]


def _assert_plain_and_uncached(response: Any) -> None:
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies, "the probe must not be given a cookie"


def test_it_answers_ok_with_one_database_round_trip(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    _assert_plain_and_uncached(response)


@pytest.mark.parametrize("fails_at", ["cursor", "execute"])
def test_it_answers_503_when_the_database_does_not(fails_at: str) -> None:
    problem = OperationalError("could not connect to server at db.internal:5432")
    if fails_at == "cursor":
        patched = mock.patch.object(connection, "cursor", side_effect=problem)
    else:
        cursor = mock.MagicMock()
        cursor.__enter__.return_value.execute.side_effect = problem
        patched = mock.patch.object(connection, "cursor", return_value=cursor)
    with patched:
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    _assert_plain_and_uncached(response)


def test_it_needs_no_sign_in_and_sets_no_session(db: None) -> None:
    client = Client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies
    assert not client.cookies
    assert not Session.objects.exists()


def test_a_signed_in_person_gets_the_same_word(
    partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    # A coordinator who has not entered a code is redirected everywhere else.
    client = sign_in(person(partnership, Role.COORDINATOR), verified=False)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_head_is_answered_and_other_methods_are_not(db: None) -> None:
    head = Client().head("/healthz")
    assert head.status_code == 200
    assert head.content == b""
    assert Client().post("/healthz").status_code == 405


def test_the_ssl_redirect_exemption_lets_a_plain_http_probe_through(db: None) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=REDIRECT_EXEMPT):
        client = Client()
        assert client.get("/healthz").status_code == 200
        # Everything else is still sent to HTTPS.
        assert client.get("/sign-in/").status_code == 301
        assert client.get("/healthz/").status_code == 301
