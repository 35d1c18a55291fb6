"""Issue 13, documents and leftovers: large uploads never reach the disk in clear, referral
drafts expire, the daily run clears expired sessions, SQLite deletes securely and, on
PostgreSQL, the tables an erasure emptied are vacuumed once it has committed."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import connection, transaction
from django.http import HttpRequest
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Partnership, Role, User
from cases import actions, drafts
from cases.models import CaseDocument, Referral
from cases.tasks import send_follow_up_digest, vacuum_erased_tables
from cases.tests.builders import Team, gateway, make_team, refer, today, years_ago
from cases.vacuum import personal_tables, vacuum_after_erasure
from conftest import Channel, action_titled
from lib.errors import Refused
from plans.models import EvidenceFile, Strategy

pytestmark = pytest.mark.django_db

MARKER = b"PLAINTEXT-MARKER-Jordan-Hughes-14-Feb-2009"
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
POSTGRESQL = connection.vendor == "postgresql"
only_postgresql = pytest.mark.skipif(not POSTGRESQL, reason="VACUUM is for PostgreSQL")
only_sqlite = pytest.mark.skipif(POSTGRESQL, reason="secure_delete is SQLite's")


# --- uploads ------------------------------------------------------------------------------


def _big_text() -> bytes:
    """Over the 2MB kept in memory, under the 10MB accepted; the marker on every line,
    so it crosses every chunk boundary somewhere."""
    return b"".join(b"%06d: " % n + MARKER + b"\n" for n in range(60_000))


def _everything_under(folder: Path) -> list[bytes]:
    return [path.read_bytes() for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def spool_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, list[bytes]]]:
    """The upload temporary directory, and every file in it read as the parser finishes
    each upload: the spool is never written after that, and is deleted when closed."""
    folder = tmp_path / "spool"
    folder.mkdir()
    seen: list[bytes] = []
    finish = FileUploadHandler.upload_complete

    def upload_complete(self: FileUploadHandler) -> None:
        seen.extend(_everything_under(folder))
        finish(self)

    monkeypatch.setattr(FileUploadHandler, "upload_complete", upload_complete)
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(folder)):
        yield folder, seen


def test_a_large_case_document_never_reaches_the_disk_in_clear(
    channel: Channel, sign_in: Callable[..., Client], spool_dir: tuple[Path, list[bytes]], settings: Any
) -> None:
    folder, seen = spool_dir
    content = _big_text()
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < len(content) < 10 * 1024 * 1024
    client = sign_in(channel.police)
    referral = channel.progressed
    response = client.post(
        f"/cases/{referral.uuid}/documents/new/",
        {"file": SimpleUploadedFile("big log.txt", content, "text/plain"), "description": "Big log"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    # It went through the encrypted spool, which held only ciphertext and is gone.
    assert seen, "the upload was not spooled to disk"
    assert all(len(on_disk) > len(content) for on_disk in seen)
    assert not any(MARKER in on_disk for on_disk in seen)
    assert list(folder.iterdir()) == []
    # Nor is it in clear where the document is stored.
    assert not any(MARKER in stored for stored in _everything_under(Path(default_storage.path(""))))
    # What is stored is what was uploaded, as with an upload kept in memory.
    document = CaseDocument.objects.filter(referral=referral).exclude(pk=channel.document.pk).get()
    assert (document.name, document.size, document.content_type) == (
        "big log.txt",
        len(content),
        "text/plain",
    )
    assert actions.open_document(document) == content
    assert client.get(f"/cases/documents/{document.uuid}/").content == content


def test_large_plan_evidence_never_reaches_the_temporary_directory_in_clear(
    plan: Strategy, owner: User, sign_in: Callable[..., Client], spool_dir: tuple[Path, list[bytes]]
) -> None:
    folder, seen = spool_dir
    content = _big_text()
    action = action_titled("Deliver WRAP training in colleges")
    response = sign_in(owner).post(
        f"/plans/actions/{action.uuid}/updates/new/",
        {
            "update_date_day": "31",
            "update_date_month": "12",
            "update_date_year": "2018",
            "rag": "green",
            "commentary": "Registers attached.",
            "evidence": SimpleUploadedFile("registers.txt", content, "text/plain"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert seen
    assert not any(MARKER in on_disk for on_disk in seen)
    assert list(folder.iterdir()) == []
    evidence = EvidenceFile.objects.get()
    assert (evidence.original_name, evidence.size) == ("registers.txt", len(content))
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    with evidence.file.open("rb") as stored:
        assert stored.read() == content


# --- referral drafts ----------------------------------------------------------------------

STARTED = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
PERSON = {"person": {"given_names": "Jordan", "family_name": "Hughes"}}


def _request(user: User, session: SessionStore | None = None) -> HttpRequest:
    request = RequestFactory().get("/cases/refer/")
    request.user = user
    request.session = session if session is not None else SessionStore()
    return request


def _at(moment: dt.datetime) -> Any:
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def referrer(partnership: Partnership, person: Callable[..., User]) -> User:
    return person(partnership, Role.REFERRER, email="referrer@th.example.gov.uk")


def test_a_draft_lasts_thirty_days_from_when_it_was_started(referrer: User, settings: Any) -> None:
    assert settings.REFERRAL_DRAFT_DAYS == 30
    request = _request(referrer)
    with _at(STARTED):
        drafts.save(request, PERSON)
    with _at(STARTED + dt.timedelta(days=20)):
        draft = drafts.load(request)
        assert draft == PERSON
        # Carrying on writing it does not start it again.
        drafts.save(request, {**draft, "concern": {"narrative": "Shared a video."}})
    with _at(STARTED + dt.timedelta(days=30)):
        assert drafts.load(request)["concern"] == {"narrative": "Shared a video."}
    with _at(STARTED + dt.timedelta(days=30, minutes=1)):
        assert drafts.load(request) == {}
        assert drafts.SESSION_KEY not in request.session
        # A draft started now starts a new thirty days.
        drafts.save(request, PERSON)
    with _at(STARTED + dt.timedelta(days=59)):
        assert drafts.load(request) == PERSON


def test_the_days_a_draft_lasts_are_a_setting(referrer: User, settings: Any) -> None:
    settings.REFERRAL_DRAFT_DAYS = 2
    request = _request(referrer)
    with _at(STARTED):
        drafts.save(request, PERSON)
    with _at(STARTED + dt.timedelta(days=1)):
        assert drafts.load(request) == PERSON
    with _at(STARTED + dt.timedelta(days=2, seconds=1)):
        assert drafts.load(request) == {}
        assert drafts.SESSION_KEY not in request.session


def test_a_draft_cannot_be_made_younger_or_opened_by_someone_else(
    referrer: User, partnership: Partnership, person: Callable[..., User]
) -> None:
    request = _request(referrer)
    with _at(STARTED):
        drafts.save(request, PERSON)
    sealed = dict(request.session[drafts.SESSION_KEY])
    with _at(STARTED + dt.timedelta(days=29)):
        # The start is bound to the encrypted value: moving it on opens nothing.
        request.session[drafts.SESSION_KEY] = {
            **sealed,
            "started": (STARTED + dt.timedelta(days=29)).isoformat(),
        }
        assert drafts.load(request) == {}
        assert drafts.SESSION_KEY not in request.session
        # And a draft is bound to the person writing it.
        someone = person(partnership, Role.REFERRER, email="another@th.example.gov.uk")
        elsewhere = _request(someone)
        elsewhere.session[drafts.SESSION_KEY] = sealed
        assert drafts.load(elsewhere) == {}
        request.session[drafts.SESSION_KEY] = sealed
        assert drafts.load(request) == PERSON


# --- sessions -----------------------------------------------------------------------------


def _session(expires: dt.datetime) -> str:
    store = SessionStore()
    store["seen"] = 1
    store.create()
    assert store.session_key is not None
    Session.objects.filter(session_key=store.session_key).update(expire_date=expires)
    return store.session_key


def test_the_daily_run_clears_expired_sessions_and_keeps_live_ones(settings: Any) -> None:
    settings.TASKS = IMMEDIATE
    expired = _session(timezone.now() - dt.timedelta(minutes=1))
    live = _session(timezone.now() + dt.timedelta(minutes=30))
    result = send_follow_up_digest.enqueue()
    assert result.status == "SUCCESSFUL", result.errors
    assert result.return_value == {"sent": 0}  # the digest itself is unchanged
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert not Session.objects.filter(session_key=expired).exists()


# --- SQLite deletes securely --------------------------------------------------------------


@only_sqlite
def test_sqlite_overwrites_deleted_content() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone() == (1,)


# --- vacuum after erasure -----------------------------------------------------------------


def test_the_tables_vacuumed_are_those_that_hold_personal_data_of_cases() -> None:
    tables = personal_tables()
    for table in (
        "cases_referral",
        "cases_person",
        "cases_casedocument",
        "cases_gatewayassessment",
        "cases_datakey",
        "cases_personnamekey",
        "cases_caseevent",
        "django_session",
        # The groups a referral was counted in for equality monitoring, sealed: erasure
        # empties the column, and the vacuum clears the old row versions.
        "cases_statisticalrecord",
    ):
        assert table in tables, table
    for table in ("cases_erasure", "audit_auditevent", "accounts_user"):
        assert table not in tables, table


@only_sqlite
def test_on_sqlite_there_is_nothing_to_vacuum() -> None:
    with transaction.atomic():  # not even refused inside a transaction: it does nothing
        assert vacuum_after_erasure() == []
    assert vacuum_erased_tables.call() == {"tables": 0}


@only_postgresql
def test_vacuum_is_refused_inside_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="cannot run inside a transaction"):
        vacuum_after_erasure()


def _last_vacuumed(table: str) -> dt.datetime | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = %s", [table])
        row = cursor.fetchone()
    return row[0] if row else None


@only_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_database_put_back", "audit_triggers_off_for_the_flush")
def test_on_postgresql_the_tables_are_vacuumed_outside_a_transaction() -> None:
    assert not connection.in_atomic_block
    before = {table: _last_vacuumed(table) for table in ("cases_datakey", "django_session")}
    assert vacuum_erased_tables.call() == {"tables": len(personal_tables())}
    for table, earlier in before.items():
        after = _last_vacuumed(table)
        assert after is not None, table
        assert earlier is None or after > earlier, table


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


def _old_closed(team: Team) -> Referral:
    return gateway(team, refer(team, received_on=years_ago(4, days=10)), "no_further_action", on=years_ago(4))


def _queued_vacuums() -> int:
    return DBTaskResult.objects.filter(task_path="cases.tasks.vacuum_erased_tables").count()


def test_an_erasure_queues_the_vacuum_once_it_has_committed(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    referral = _old_closed(team)
    with django_capture_on_commit_callbacks(execute=True):
        actions.erase_case(viewer=team.coordinator, referral=referral)
        assert _queued_vacuums() == 0  # not while the erasure's transaction is open
    # Queued for the worker once it committed: nothing is vacuumed in the request.
    assert _queued_vacuums() == 1


def test_a_refused_erasure_queues_nothing(team: Team, django_capture_on_commit_callbacks: Any) -> None:
    closed_on = today() - dt.timedelta(days=2)
    referral = gateway(team, refer(team, received_on=closed_on), "no_further_action", on=closed_on)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        actions.erase_case(viewer=team.coordinator, referral=referral)
    assert _queued_vacuums() == 0
