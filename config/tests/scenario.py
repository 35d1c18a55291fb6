"""Steps the backup and fault tests run in a process of their own, against a database
named by the environment (DATABASE_URL, or PREVENTHUB_VAR_DIR for SQLite), as an operator's
commands would: `python -m config.tests.scenario STEP [ARGS]`. Each prints one JSON line.

- `case`: a partnership with a Channel case and a document, written through the actions
  (the fixtures' builders); prints what the other steps need.
- `open-case REFERRAL DOCUMENT EMAIL`: signs in as EMAIL (two-factor verified) with
  Django's test client, opens the case and downloads the document; prints the status
  codes, whether the page names the person, and the document's SHA-256.
- `digest-day`: three coordinators and a review overdue, for the follow-up digest."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from typing import Any


def _setup() -> None:
    os.environ.setdefault("PREVENTHUB_ENVIRONMENT", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def case() -> dict[str, Any]:
    from conftest import add_coordinator, build_channel, tower_hamlets

    partnership = tower_hamlets()
    coordinator = add_coordinator(partnership)
    channel = build_channel(partnership, coordinator)
    return {
        "referral": str(channel.progressed.uuid),
        "document": str(channel.document.uuid),
        "email": coordinator.email,
        "name": channel.progressed.subject_name,
        "sha256": hashlib.sha256(b"14 Oct: showed the video in ICT.").hexdigest(),
    }


def open_case(referral: str, document: str, email: str) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import SealedTOTPDevice, User

    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    device = SealedTOTPDevice.objects.create(user=user, name="Restore check", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page = client.get(reverse("cases:referral_detail", kwargs={"uuid": referral}))
    download = client.get(reverse("cases:document_download", kwargs={"uuid": document}))
    return {
        "page": page.status_code,
        "page_text": page.content.decode(),
        "download": download.status_code,
        "sha256": hashlib.sha256(download.content).hexdigest() if download.status_code == 200 else "",
    }


def digest_day() -> dict[str, Any]:
    """A Channel case whose review is overdue, followed up by its coordinator, its chair
    and two more coordinators: four e-mails in the day's digest."""
    import datetime as dt

    from django.utils import timezone

    from accounts.models import Role
    from cases.models import Review
    from conftest import add_coordinator, add_person, build_channel, build_lifecycle, tower_hamlets

    partnership = tower_hamlets()
    coordinator = add_coordinator(partnership)
    channel = build_channel(partnership, coordinator)
    lifecycle = build_lifecycle(channel, partnership)
    Review.objects.filter(pk=lifecycle.review.pk).update(due_on=timezone.localdate() - dt.timedelta(days=3))
    for name in ("second", "third"):
        add_person(partnership, Role.COORDINATOR, email=f"{name}-coordinator@th.example.gov.uk")
    from cases.tasks import _digests

    return {"recipients": sorted(user.email for user, *_ in _digests(partnership, timezone.localdate()))}


def _importer() -> Any:
    from accounts.models import User
    from conftest import add_coordinator, tower_hamlets, viewer

    partnership = tower_hamlets()
    if not User.objects.filter(email="coordinator@th.example.gov.uk").exists():
        from training.tests.builders_import import import_records

        import_records(partnership, add_coordinator(partnership))
    return viewer(User.objects.get(email="coordinator@th.example.gov.uk"), partnership)


def import_file(rows: str) -> dict[str, Any]:
    """Upload a file of ROWS completions of new people and choose its columns: queued."""
    from training.actions import imports
    from training.tests.builders_import import COLUMNS, csv_upload

    coordinator = _importer()
    upload = csv_upload(
        [[f"person{n}@example.org", f"Person {n}", "Riverside Academy", "prevent-awareness", "03/02/2025"]
         for n in range(int(rows))]
    )  # fmt: skip
    batch = imports.start_import(viewer=coordinator, upload=upload)
    batch = imports.choose_columns(viewer=coordinator, batch=batch, columns=COLUMNS)
    return {"batch": str(batch.uuid), "status": batch.status}


def run_import(uuid: str) -> dict[str, Any]:
    from training.actions import imports
    from training.models import ImportBatch

    try:
        batch = imports.run_import(batch=ImportBatch.objects.get(uuid=uuid))
    except Exception as problem:  # noqa: BLE001 - said to the test, which checks the batch
        return {"stopped": type(problem).__name__}
    return {"status": batch.status}


def plan_session() -> dict[str, Any]:
    """A plan and a signed-in coordinator's session (two-factor verified), for a client
    outside Django: the session cookie and the action to post progress updates to."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.models import SealedTOTPDevice
    from conftest import add_coordinator, add_owner, build_plan, tower_hamlets, viewer

    partnership = tower_hamlets()
    coordinator = add_coordinator(partnership)
    strategy = build_plan(viewer(coordinator, partnership), add_owner(partnership))
    client = Client()
    client.force_login(coordinator)
    device = SealedTOTPDevice.objects.create(user=coordinator, name="Fault test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    action = strategy.objectives.order_by("pk").first().actions.order_by("pk").first()  # type: ignore[union-attr]
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "action": str(action.uuid),  # type: ignore[union-attr]
    }


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "case": case,
    "open-case": open_case,
    "digest-day": digest_day,
    "import-file": import_file,
    "run-import": run_import,
    "plan-session": plan_session,
}


def main(argv: list[str]) -> None:
    _setup()
    result = STEPS[argv[0]](*argv[1:])
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
