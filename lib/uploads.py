"""Checks on uploaded files (plan evidence, case documents): what types are accepted,
how big, and that the content matches the type its name claims."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Protocol

from lib.errors import Refused


class UploadedFile(Protocol):
    """What the checks need of an upload (Django's UploadedFile has it)."""

    name: str | None
    size: int | None

    def seek(self, offset: int) -> object: ...
    def read(self, size: int = ...) -> bytes: ...
    def chunks(self, chunk_size: int | None = ...) -> Iterator[bytes]: ...


MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5

_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class EvidenceType:
    content_type: str
    signatures: tuple[bytes, ...] = ()
    text: bool = False


TYPES = {
    ".pdf": EvidenceType("application/pdf", (b"%PDF-",)),
    ".docx": EvidenceType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    ".xlsx": EvidenceType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    ".pptx": EvidenceType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", (_ZIP,)
    ),
    ".odt": EvidenceType("application/vnd.oasis.opendocument.text", (_ZIP,)),
    ".ods": EvidenceType("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
    ".png": EvidenceType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": EvidenceType("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": EvidenceType("image/jpeg", (b"\xff\xd8\xff",)),
    ".csv": EvidenceType("text/csv", text=True),
    ".txt": EvidenceType("text/plain", text=True),
}

ALLOWED_DESCRIPTION = "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument, PNG, JPG, CSV or TXT"


@dataclass(frozen=True)
class CheckedUpload:
    upload: Any  # the caller's own upload object, given back unchanged
    name: str
    content_type: str
    size: int
    sha256: str


def check(upload: UploadedFile) -> CheckedUpload:
    name = PurePath(upload.name or "evidence").name[:255]
    kind = TYPES.get(PurePath(name).suffix.lower())
    if kind is None:
        raise Refused(f"{name} must be a {ALLOWED_DESCRIPTION}")
    size = upload.size or 0
    if size == 0:
        raise Refused(f"{name} is empty")
    if size > MAX_BYTES:
        raise Refused(f"{name} must be smaller than {MAX_BYTES // (1024 * 1024)}MB")
    upload.seek(0)
    head = upload.read(8)
    if not kind.text and not any(head.startswith(signature) for signature in kind.signatures):
        raise Refused(f"{name} is not a real {PurePath(name).suffix.lstrip('.').upper()} file")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        if kind.text and b"\x00" in chunk:
            raise Refused(f"{name} is not a text file")
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(upload, name, kind.content_type, size, digest.hexdigest())
