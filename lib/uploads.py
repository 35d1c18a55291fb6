"""Checks on uploaded files (plan evidence, case documents): what types are accepted,
how big, and that the content matches the type its name claims."""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Protocol

from lib.errors import Refused

logger = logging.getLogger(__name__)


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


STORE_FAILED = (
    "The file could not be saved because the document store is full or cannot be written to. "
    "Nothing has been saved. Try again later, and tell your system administrator if it happens again."
)


class Storage(Protocol):
    """What `store` needs of a file store (Django's Storage has it)."""

    def save(self, name: str, content: Any, max_length: int | None = None) -> str: ...
    def exists(self, name: str) -> bool: ...
    def delete(self, name: str) -> None: ...


def store(storage: Storage, name: str, content: Any, *, field: str) -> str:
    """Save `content` as `name` (a name of its own, not one already stored) and return
    the name it was stored under. A store that is full or cannot be written to (any
    OSError: no space, no permission, a read-only or missing mount) is a refusal the
    user is shown against `field`, not a server error; whatever part of the file was
    written is removed, and the caller's transaction, rolled back by the refusal, leaves
    no row and no audit event behind."""
    existed = True
    try:
        existed = storage.exists(name)
        return storage.save(name, content)
    except OSError:
        logger.exception("The upload store could not save %s", name)
        if not existed:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise Refused(STORE_FAILED, field=field) from None
