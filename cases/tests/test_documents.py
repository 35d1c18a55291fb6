from collections.abc import Callable

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import AuditEvent
from cases.models import CaseDocument
from conftest import Channel

pytestmark = pytest.mark.django_db


def test_a_document_is_stored_encrypted_under_an_opaque_name(channel: Channel) -> None:
    document = channel.document
    assert "Taylor" not in document.stored_as
    with default_storage.open(document.stored_as, "rb") as stored:
        raw = stored.read()
    assert b"showed the video" not in raw
    assert CaseDocument.objects.get(pk=document.pk).name == "incident log - Sam Taylor.txt"


def test_the_case_team_adds_and_downloads_documents(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.police)
    url = f"/cases/{channel.progressed.uuid}/documents/new/"
    bad = client.post(url, {"file": SimpleUploadedFile("run.exe", b"MZ")})
    assert "run.exe must be a PDF" in bad.content.decode()
    response = client.post(
        url, {"file": SimpleUploadedFile("note.pdf", b"%PDF-1.4 note"), "description": "Note"}
    )
    assert response["Location"] == f"/cases/{channel.progressed.uuid}/documents/"
    page = client.get(response["Location"]).content.decode()
    assert "note.pdf" in page
    download = client.get(f"/cases/documents/{channel.document.uuid}/")
    assert download.content == b"14 Oct: showed the video in ICT."
    assert download["Content-Disposition"] == 'attachment; filename="incident log - Sam Taylor.txt"'
    viewed = (
        AuditEvent.objects.filter(verb="cases.referral.viewed", actor=channel.police).order_by("id").last()
    )
    assert viewed is not None
    assert viewed.changes["page"]["to"] == f"document {channel.document.uuid}"


def test_a_panel_member_downloads_documents_of_agenda_cases_only(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    assert sign_in(channel.panel_member).get(f"/cases/documents/{channel.document.uuid}/").status_code == 200
    assert sign_in(channel.referrer).get(f"/cases/documents/{channel.document.uuid}/").status_code == 404


def test_a_document_is_unreadable_once_the_cases_key_is_destroyed(channel: Channel) -> None:
    from cases.actions import open_document
    from lib.crypto import KeyUnavailable

    channel.progressed.data_key.destroy()
    with pytest.raises(KeyUnavailable):
        open_document(CaseDocument.objects.select_related("referral__data_key").get(pk=channel.document.pk))
