"""The read-replica router (config/routers.py): only reads inside `reading_from_replica()`
go to the replica, and only while no transaction was opened inside the block; every
write, and every read of a page that then writes, stays on the primary. The tests' second
alias, `replica`, is the primary's test database under a connection of its own
(config/settings_for_tests.py), so a query is seen on the connection that ran it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db import connection, connections, router, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from cases.models import StatisticalRecord
from config.routers import ReplicaRouter, reading_from_replica
from performance.models import StoredRelease


@pytest.fixture
def replica_on() -> Iterator[None]:
    with override_settings(READ_REPLICA="replica"):
        yield


@pytest.mark.usefixtures("replica_on")
def test_only_reads_inside_the_block_go_to_the_replica() -> None:
    assert StatisticalRecord.objects.all().db == "default"
    with reading_from_replica():
        assert StatisticalRecord.objects.all().db == "replica"
        assert router.db_for_write(StatisticalRecord) == "default"
        # Reads made to write (a row lock, get_or_create) go where the write goes.
        assert StatisticalRecord.objects.select_for_update().db == "default"
    assert StatisticalRecord.objects.all().db == "default"


def test_without_a_replica_everything_stays_on_the_primary() -> None:
    with override_settings(READ_REPLICA=None), reading_from_replica():
        assert StatisticalRecord.objects.all().db == "default"


@pytest.mark.django_db
@pytest.mark.usefixtures("replica_on")
def test_a_transaction_opened_inside_the_block_reads_from_the_primary() -> None:
    with reading_from_replica():
        assert StatisticalRecord.objects.all().db == "replica"
        with transaction.atomic():
            assert StatisticalRecord.objects.all().db == "default"
        assert StatisticalRecord.objects.all().db == "replica"


@pytest.mark.usefixtures("replica_on")
def test_the_replica_is_never_migrated_and_rows_from_either_relate() -> None:
    routing = ReplicaRouter()
    assert routing.allow_migrate("replica", "cases") is False
    assert routing.allow_migrate("default", "cases") is None
    on_replica, on_primary = StatisticalRecord(), StatisticalRecord()
    on_replica._state.db, on_primary._state.db = "replica", "default"
    assert routing.allow_relation(on_replica, on_primary) is True


def _tables(queries: CaptureQueriesContext, verb: str) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries if query["sql"].startswith(verb))


# On SQLite the second connection reads what the test's open transaction wrote (the
# shared in-memory database, read uncommitted); on PostgreSQL it reads only what was
# committed, so the test commits there (and the database is put back after it).
POSTGRESQL = connection.vendor == "postgresql"
on_both = pytest.mark.django_db(databases=["default", "replica"], transaction=POSTGRESQL)


@pytest.fixture(scope="module", autouse=True)
def _replica_closed() -> Iterator[None]:
    """The second connection is closed after the module, so the test database can go."""
    yield
    connections["replica"].close()


@pytest.fixture
def committed_on_postgresql(request: pytest.FixtureRequest) -> None:
    if POSTGRESQL:
        request.getfixturevalue("committed_database_put_back")
        request.getfixturevalue("audit_triggers_off_for_the_flush")


@on_both
@pytest.mark.usefixtures("replica_on", "committed_on_postgresql")
def test_the_statistics_page_reads_its_figures_from_the_replica(
    coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        assert client.get("/performance/statistics/").status_code == 200
        assert client.get("/performance/statistics/download.csv").status_code == 200
    assert '"cases_statisticalrecord"' in _tables(replica, "SELECT")
    # The session, the user and their roles are read from the primary, before the view.
    assert '"django_session"' in _tables(primary, "SELECT")
    assert '"cases_statisticalrecord"' not in _tables(primary, "SELECT")
    assert not _tables(replica, "INSERT") and not _tables(replica, "UPDATE")


@on_both
@pytest.mark.usefixtures("replica_on", "committed_on_postgresql")
def test_a_page_that_stores_what_it_worked_out_writes_it_to_the_primary(
    steering: User, sign_in: Callable[..., Client]
) -> None:
    """The steering group's page works out the protected release and stores it: the
    figures are read from the replica, the release is written (in a transaction of its
    own) to the primary."""
    client = sign_in(steering)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        assert client.get("/performance/statistics/").status_code == 200
    assert '"cases_statisticalrecord"' in _tables(replica, "SELECT")
    assert '"performance_storedrelease"' in _tables(primary, "INSERT")
    assert not _tables(replica, "INSERT") and not _tables(replica, "DELETE")
    assert StoredRelease.objects.exists()
