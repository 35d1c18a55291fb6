"""Schemathesis against the schema the API serves, bounded: for every operation, generated
calls with a key of every scope over a partnership's records answer no 5xx, and every answer
(its status, content type, headers and body) conforms to the schema. Each call is rolled
back, so posts do not pile up and the rate limit does not bite.

One check is left out: that every schema-valid request is accepted. A schema cannot say
that a course must be one of the partnership's, or an e-mail address a real one, so such a
request is rightly refused (422, in the declared shape, which is checked)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.tests.builders import ApiWorld, build_api_world, token_for
from config.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = 6


@pytest.fixture(scope="module")
def world(module_db: None) -> ApiWorld:
    return build_api_world()


@pytest.fixture
def in_process() -> Iterator[None]:
    """Calls go through the WSGI application in this thread, on the test's connection: the
    handler must not close it at the end of each request, as Django's test client ensures."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_operation_keeps_to_its_schema(world: ApiWorld, in_process: None) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": f"Bearer {token_for(world.coordinator_viewer)}"}
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), results
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) >= 15

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def keeps_to_it(case: Any) -> None:
            with transaction.atomic():
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
                transaction.set_rollback(True)

        keeps_to_it()
