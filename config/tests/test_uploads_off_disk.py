"""Uploads go only through Django's storage API, so a store that is not this server's disk
(an S3-compatible bucket, with several app servers) holds them: with the default storage
swapped for Django's InMemoryStorage, a case document is added, downloaded and erased
with the case, and nothing lands in the upload directory. (django-storages' S3Storage is
configured by PREVENTHUB_UPLOAD_STORAGE=s3: config/tests/test_serving.py.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import InMemoryStorage
from django.core.files.storage import storages as django_storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from cases import actions
from cases.models import CaseDocument
from cases.tests.builders import Team, gateway, make_team, refer, years_ago

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4\n% Jordan's school: notes of the meeting on 14 October\n%%EOF\n"


@pytest.fixture
def upload_dir() -> Path:
    """The directory the uploads would go to on disk (a folder of the module's own)."""
    default: dict[str, Any] = settings.STORAGES["default"]
    return Path(default["OPTIONS"]["location"])


@pytest.fixture
def in_memory(upload_dir: Path) -> Iterator[InMemoryStorage]:
    storages = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    with override_settings(STORAGES=storages):
        storage = django_storages["default"]
        assert isinstance(storage, InMemoryStorage)
        yield storage


def _files_on_disk(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_document_is_added_downloaded_and_erased_without_touching_the_disk(
    in_memory: InMemoryStorage,
    upload_dir: Path,
    sign_in: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    team: Team = make_team("Tower Hamlets", "TH")
    referral = gateway(
        team, refer(team, received_on=years_ago(4, days=10)), "no_further_action", on=years_ago(4)
    )
    client = sign_in(team.coordinator.user)

    added = client.post(
        f"/cases/{referral.uuid}/documents/new/",
        {"file": SimpleUploadedFile("school-notes.pdf", CONTENT), "description": "School's notes"},
    )
    assert added["Location"] == f"/cases/{referral.uuid}/documents/"
    document = CaseDocument.objects.get(referral=referral)
    assert in_memory.exists(document.stored_as)
    with in_memory.open(document.stored_as, "rb") as stored:
        assert b"Jordan" not in stored.read()  # sealed before it left the application

    download = client.get(f"/cases/documents/{document.uuid}/")
    assert download.status_code == 200
    assert download.content == CONTENT

    with django_capture_on_commit_callbacks(execute=True):
        actions.erase_case(viewer=team.coordinator, referral=referral)
    assert not in_memory.exists(document.stored_as)
    assert _files_on_disk(upload_dir) == []
