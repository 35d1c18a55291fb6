"""Issue 18, part 8: faults. The task worker killed in the middle of the follow-up digest
(each e-mail is sent once: not twice, not never), and the upload store full or unwritable
(a clear error on the form, nothing half-saved). PostgreSQL restarted under page traffic
and during an import is in test_faults_postgres.py."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases.models import CaseDocument, CaseEvent
from config.tests import private_postgres as pg
from config.tests.private_postgres import app_environment, manage
from conftest import Channel, action_titled, add_person
from govuk.testing import page
from lib.uploads import STORE_FAILED
from partners.models import DutyCheck
from partners.tests.builders import check_item, organisation
from plans.models import EvidenceFile, ProgressUpdate, Strategy
from venues.models import LettingsPolicy

# --- the worker killed in the middle of the digest --------------------------------------


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting {seconds} s for {what}")
        time.sleep(0.1)


@pytest.mark.xdist_group("private_postgres")
def test_a_worker_killed_in_the_middle_of_the_digest_sends_each_email_once(
    tmp_path: Path, private_server: pg.PrivatePostgres
) -> None:
    mail_log = tmp_path / "sent.txt"
    env = app_environment(
        DATABASE_URL=private_server.new_database("digest"),
        DJANGO_SETTINGS_MODULE="config.tests.fault_settings",
        PREVENTHUB_UPLOAD_DIR=str(tmp_path / "uploads"),
        PREVENTHUB_AUDIT_ANCHOR_DIR=str(tmp_path / "anchors"),
        PREVENTHUB_TEST_MAIL_LOG=str(mail_log),
        PREVENTHUB_TEST_MAIL_DELAY="1.5",
    )
    made = subprocess.run(
        [sys.executable, "-m", "config.tests.scenario", "digest-day"],
        cwd=pg.ROOT, env=env, capture_output=True, text=True, timeout=pg.TIMEOUT, check=True,
    )  # fmt: skip
    recipients = json.loads(made.stdout.strip().splitlines()[-1])["recipients"]
    assert len(recipients) == 4
    mail_log.unlink(missing_ok=True)  # the scenario's own e-mails (panel invitations)

    assert manage("enqueue_follow_up_digest", env=env).returncode == 0
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
        cwd=pg.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        # The first e-mail is out and its claim committed; the second is being sent (for 1.5 s):
        # kill the worker there. (Killed as soon as the first e-mail's line is written, the
        # worker may not yet have committed its claim: the one window in which an e-mail is
        # sent twice, accounts.digests says.)
        def first_committed() -> bool:
            return int(private_server.sql("SELECT count(*) FROM cases_digestdelivery", "digest")) >= 1

        _wait_for(first_committed, 120, "the first digest e-mail's claim")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
    assert 1 <= len(_lines(mail_log)) < len(recipients)
    # django_tasks_db leaves the task RUNNING for ever: it runs it neither again nor to the end.
    status = private_server.sql(
        "SELECT status FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'cases.tasks.send_follow_up_digest'",
        "digest",
    )
    assert status == "RUNNING"

    # The next run (the hourly cron line, or queued by hand) finishes the day's digest.
    assert manage("enqueue_follow_up_digest", env=env).returncode == 0
    finished = manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", env=env, timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert sorted(_lines(mail_log)) == recipients  # each once: none twice, none never
    sent_events = private_server.sql(
        "SELECT count(*) FROM audit_auditevent WHERE verb = 'cases.digest.sent'", "digest"
    )
    deliveries = private_server.sql("SELECT count(*) FROM cases_digestdelivery", "digest")
    assert int(sent_events) == int(deliveries) == len(recipients)
    # A third run the same day sends nothing.
    assert manage("enqueue_follow_up_digest", env=env).returncode == 0
    assert (
        manage(
            "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", env=env, timeout=300
        ).returncode
        == 0
    )
    assert sorted(_lines(mail_log)) == recipients


# --- the upload store full or unwritable ------------------------------------------------

BROKEN = ["config.tests.broken_storage.FullStorage", "config.tests.broken_storage.UnwritableStorage"]


def _broken(backend: str, location: Path) -> override_settings:
    from django.conf import settings

    return override_settings(
        STORAGES={**settings.STORAGES, "default": {"BACKEND": backend, "OPTIONS": {"location": location}}}
    )


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BROKEN, ids=["full", "unwritable"])
def test_a_case_document_the_store_cannot_take_is_refused_clearly_and_nothing_is_saved(
    channel: Channel, sign_in: Callable[..., Client], tmp_path: Path, backend: str
) -> None:
    client = sign_in(channel.coordinator)
    documents, chronology = CaseDocument.objects.count(), CaseEvent.objects.count()
    added = AuditEvent.objects.filter(verb="cases.document.added").count()
    with _broken(backend, tmp_path):
        response = client.post(
            f"/cases/{channel.progressed.uuid}/documents/new/",
            {"file": SimpleUploadedFile("note.pdf", b"%PDF-1.4 note"), "description": "Note"},
        )
    assert response.status_code == 200
    shown = page(response.content).text
    assert "There is a problem" in shown and STORE_FAILED in shown
    assert CaseDocument.objects.count() == documents and CaseEvent.objects.count() == chronology
    assert AuditEvent.objects.filter(verb="cases.document.added").count() == added
    assert _files(tmp_path) == []


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BROKEN, ids=["full", "unwritable"])
def test_plan_evidence_the_store_cannot_take_is_refused_clearly_and_nothing_is_saved(
    plan: Strategy, coordinator: object, sign_in: Callable[..., Client], tmp_path: Path, backend: str
) -> None:
    action = action_titled("Host two community roundtables")
    client = sign_in(coordinator)
    events = AuditEvent.objects.count()
    with _broken(backend, tmp_path):
        response = client.post(
            f"/plans/actions/{action.uuid}/updates/new/",
            {
                "update_date_day": "1",
                "update_date_month": "6",
                "update_date_year": "2018",
                "rag": "amber",
                "commentary": "Venue booked.",
                "evidence": SimpleUploadedFile("register.pdf", b"%PDF-1.7\n%evidence\n", "application/pdf"),
            },
        )
    assert response.status_code == 200
    shown = page(response.content).text
    assert "There is a problem" in shown and STORE_FAILED in shown
    assert ProgressUpdate.objects.count() == 0 and EvidenceFile.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert _files(tmp_path) == []


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BROKEN, ids=["full", "unwritable"])
def test_duty_check_evidence_the_store_cannot_take_is_refused_clearly_and_nothing_is_saved(
    coordinator_viewer: Viewer,
    coordinator: User,
    sign_in: Callable[..., Client],
    tmp_path: Path,
    backend: str,
) -> None:
    coordinator_client = sign_in(coordinator)
    school = organisation(coordinator_viewer, "Eastbury Community School", "school-maintained")
    events = AuditEvent.objects.count()
    with _broken(backend, tmp_path):
        response = coordinator_client.post(
            reverse("partners:check_create", args=[school.uuid]),
            {
                "item": check_item("it-filtering").pk,
                "status": "met",
                "checked_on_day": "14",
                "checked_on_month": "3",
                "checked_on_year": "2025",
                "evidence": SimpleUploadedFile("filtering.pdf", b"%PDF-1.4 filtering report"),
            },
        )
    assert response.status_code == 200
    shown = page(response.content).text
    assert "There is a problem" in shown and STORE_FAILED in shown
    assert not DutyCheck.objects.exists() and AuditEvent.objects.count() == events
    assert _files(tmp_path) == []


@pytest.mark.django_db
@pytest.mark.parametrize("backend", BROKEN, ids=["full", "unwritable"])
def test_a_lettings_policy_document_the_store_cannot_take_is_refused_clearly_and_nothing_is_saved(
    partnership: Partnership, sign_in: Callable[..., Client], tmp_path: Path, backend: str
) -> None:
    client = sign_in(add_person(partnership, Role.VENUE_OFFICER, email="venues@example.gov.uk"))
    events = AuditEvent.objects.count()
    with _broken(backend, tmp_path):
        response = client.post(
            reverse("venues:policy_create"),
            {
                "title": "Updated Hall Hire Procedures",
                "active": "on",
                "document": SimpleUploadedFile("hall-hire.txt", b"Conditions of let."),
            },
        )
    assert response.status_code == 200
    shown = page(response.content).text
    assert "There is a problem" in shown and STORE_FAILED in shown
    assert not LettingsPolicy.objects.exists() and AuditEvent.objects.count() == events
    assert _files(tmp_path) == []
