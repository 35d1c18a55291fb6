"""What belongs to the case as a whole, at any stage: the person's equality information, its
documents, and the audit of every view of a case page or file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.access import Viewer
from audit.log import record, record_outside_action
from cases import statistics, workflow
from cases.actions.common import (
    add_event,
    audit,
    locked,
    personal,
    same_partnership,
)
from cases.models import (
    SPECIAL_CATEGORIES,
    CaseDocument,
    EventKind,
    Person,
    Referral,
)
from cases.workflow import Move
from lib import crypto, uploads
from lib.errors import Refused

__all__ = [
    "attach_document",
    "open_document",
    "record_list_view",
    "record_view",
    "update_special_categories",
]


@transaction.atomic
def update_special_categories(
    *, viewer: Viewer, person: Person, values: Mapping[str, tuple[str, str]]
) -> Person:
    workflow.require_role(viewer, Move.RECORD_EQUALITY_INFORMATION)
    partnership = viewer.partnership
    if person.partnership_id != partnership.pk:
        raise Refused("This person belongs to another partnership.")
    changed = []
    for name, (status, value) in values.items():
        if name not in SPECIAL_CATEGORIES:
            raise Refused(f"{name} is not a special category attribute")
        if person.special_category(name) != (status, value if status == "recorded" else ""):
            person.set_special_category(name, status, value)
            changed.append(name)
    if changed:
        person.save()
        if {"ethnicity", "religion"} & set(changed):
            # The equality tally counts each referral by the person's present answers.
            for of_person in person.referrals.select_related("person", "gateway", "data_key"):
                statistics.refresh(of_person)
        record(
            verb="cases.person.special_categories_updated",
            actor=viewer.user,
            partnership=partnership,
            target=person,
            label=f"Person {person.uuid}",
            changes=personal(*changed),
        )
    return person


def document_context(document: CaseDocument) -> str:
    return f"cases.casedocument.content:{document.uuid}"


@transaction.atomic
def attach_document(
    *, viewer: Viewer, referral: Referral, upload: Any, description: str = ""
) -> CaseDocument:
    referral = locked(referral)
    same_partnership(viewer, referral)
    workflow.require(viewer, referral, Move.ADD_DOCUMENT)
    checked = uploads.check(upload)
    content = b"".join(upload.chunks())
    document = CaseDocument(
        referral=referral,
        content_type=checked.content_type,
        uploaded_by=viewer.user,
    )
    document.stored_as = f"case-documents/{document.uuid.hex[:2]}/{document.uuid.hex}"
    document.name = checked.name
    document.description = description.strip()
    document.size = checked.size
    sealed = crypto.encrypt_bytes(referral.data_key.key(), content, context=document_context(document))
    stored = uploads.store(default_storage, document.stored_as, ContentFile(sealed), field="file")
    try:
        document.stored_as = stored
        document.save()
        add_event(
            referral,
            EventKind.DOCUMENT,
            f"Document added ({checked.content_type.split('/')[-1]})",
            viewer.user,
        )
        audit(
            viewer,
            "cases.document.added",
            referral,
            {"document": {"from": None, "to": str(document.uuid)}, **personal("name", "content")},
        )
    except Exception:
        default_storage.delete(stored)
        raise
    return document


def open_document(document: CaseDocument) -> bytes:
    with default_storage.open(document.stored_as, "rb") as stored:
        sealed = stored.read()
    return crypto.decrypt_bytes(document.referral.data_key.key(), sealed, context=document_context(document))


def record_list_view(*, viewer: Viewer, what: str) -> None:
    """A list that names people or shows what was recorded about them (the gateway queue,
    the case list, a meeting's agenda) is audited as a view too: by the list, since it
    shows many cases at once."""
    record_outside_action(
        verb="cases.list.viewed",
        actor=viewer.user,
        partnership=viewer.partnership,
        label=what,
        changes={"page": {"from": None, "to": what}},
    )


def record_view(*, viewer: Viewer, referral: Referral, what: str) -> None:
    """Every view of a case page or file is itself audited."""
    record_outside_action(
        verb="cases.referral.viewed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=referral,
        label=referral.reference,
        changes={"page": {"from": None, "to": what}},
    )
