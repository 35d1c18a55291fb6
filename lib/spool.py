"""Uploads spooled to disk encrypted.

Django keeps an upload of up to FILE_UPLOAD_MAX_MEMORY_SIZE in memory and writes a larger
one to a temporary file as it arrives, in plain text: a case document would sit readable
in the temporary directory, and in whatever the disk keeps of it after deletion, for as
long as the request took. `EncryptedTemporaryFileUploadHandler` takes Django's place for
those larger uploads: what reaches the disk is AES-256-GCM ciphertext under a key that
is random for each file and held only in memory, so what the disk keeps opens for no one
once the request is over.

The file is sealed in chunks of CHUNK_BYTES, each with its own tag, so any part can be
read back without reading what comes before it, and a chunk changed, moved or cut short
on disk fails to open (SpoolDamaged) instead of being read as the upload.

Settings: FILE_UPLOAD_HANDLERS lists Django's MemoryFileUploadHandler first (small
uploads stay in memory, as before) and this handler second; FILE_UPLOAD_TEMP_DIR, if
set, is where the ciphertext goes."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Buffer
from typing import IO, Any, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

CHUNK_BYTES = 64 * 1024
_TAG_BYTES = 16
_NONCE_BYTES = 12
# The last chunk is sealed as such, so a file cut at a chunk boundary does not open as a
# shorter upload.
_LAST = b"last"
_MORE = b"more"


class SpoolDamaged(OSError):
    """The temporary file no longer holds what was written to it."""


def _nonce(index: int) -> bytes:
    # Each file has a key of its own, so the chunk's number is a nonce used only once.
    return index.to_bytes(_NONCE_BYTES, "big")


class EncryptedSpool(io.RawIOBase):
    """A temporary file written once, from start to end, then read as often as needed,
    anywhere: it keeps only ciphertext on disk. Writing ends at the first read or seek.
    Closing it deletes the file and forgets the key."""

    def __init__(self, *, directory: str | None = None, chunk_bytes: int = CHUNK_BYTES) -> None:
        super().__init__()
        if chunk_bytes < 1:
            raise ValueError("chunk_bytes must be at least 1")
        self._chunk_bytes = chunk_bytes
        self._aead: AESGCM | None = AESGCM(AESGCM.generate_key(bit_length=256))
        self._pending = bytearray()  # plaintext not yet sealed: at most one chunk and a write
        self._size = 0
        self._writing = True
        self._position = 0
        self._cached: tuple[int, bytes] | None = None
        # Deleted when closed (or collected); the name tells nothing of the upload.
        self._file = tempfile.NamedTemporaryFile(mode="w+b", suffix=".upload", dir=directory)  # noqa: SIM115

    # --- what io asks of a file --------------------------------------------------------

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return self._writing

    def seekable(self) -> bool:
        return True

    @property
    def size(self) -> int:
        return self._size

    def write(self, data: Buffer) -> int:
        self._check_open()
        if not self._writing:
            raise io.UnsupportedOperation("an encrypted spool is written once, before it is read")
        content = bytes(data)
        self._pending += content
        self._size += len(content)
        # A chunk is sealed once more follows it, so the last one is always sealed last.
        while len(self._pending) > self._chunk_bytes:
            self._seal(bytes(self._pending[: self._chunk_bytes]), last=False)
            del self._pending[: self._chunk_bytes]
        return len(content)

    def readinto(self, buffer: Buffer) -> int:
        self._check_open()
        self._finish()
        target = memoryview(buffer).cast("B")
        done = 0
        while done < len(target) and self._position < self._size:
            index, offset = divmod(self._position, self._chunk_bytes)
            piece = self._open_chunk(index)[offset : offset + len(target) - done]
            target[done : done + len(piece)] = piece
            done += len(piece)
            self._position += len(piece)
        return done

    def read(self, size: int | None = -1) -> bytes:
        self._check_open()
        self._finish()
        left = max(self._size - self._position, 0)
        buffer = bytearray(left if size is None or size < 0 else min(size, left))
        return bytes(buffer[: self.readinto(buffer)])

    def readall(self) -> bytes:
        return self.read()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._check_open()
        self._finish()
        if whence == os.SEEK_SET:
            position = offset
        elif whence == os.SEEK_CUR:
            position = self._position + offset
        elif whence == os.SEEK_END:
            position = self._size + offset
        else:
            raise ValueError(f"invalid whence ({whence})")
        if position < 0:
            raise ValueError(f"negative seek position {position}")
        self._position = position
        return position

    def tell(self) -> int:
        self._check_open()
        return self._position if not self._writing else self._size

    def close(self) -> None:
        if self.closed:
            return
        try:
            super().close()
        finally:
            self._aead = None
            self._cached = None
            if hasattr(self, "_file"):  # not when the temporary file could not be made
                self._pending.clear()
                self._file.close()  # NamedTemporaryFile deletes it

    # --- sealing ---------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed file.")

    def _cipher(self) -> AESGCM:
        if self._aead is None:
            raise ValueError("I/O operation on closed file.")
        return self._aead

    def _chunks(self) -> int:
        return max(1, -(-self._size // self._chunk_bytes))

    def _seal(self, plaintext: bytes, *, last: bool) -> None:
        index = self._chunks() - 1 if last else (self._size - len(self._pending)) // self._chunk_bytes
        self._file.seek(index * (self._chunk_bytes + _TAG_BYTES))
        self._file.write(self._cipher().encrypt(_nonce(index), plaintext, _LAST if last else _MORE))

    def _finish(self) -> None:
        if self._writing:
            self._seal(bytes(self._pending), last=True)
            self._pending.clear()
            self._file.flush()
            self._writing = False

    def _open_chunk(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        last = index == self._chunks() - 1
        length = (self._size - index * self._chunk_bytes if last else self._chunk_bytes) + _TAG_BYTES
        self._file.seek(index * (self._chunk_bytes + _TAG_BYTES))
        sealed = self._file.read(length)
        try:
            plaintext = self._cipher().decrypt(_nonce(index), sealed, _LAST if last else _MORE)
        except (InvalidTag, ValueError):
            raise SpoolDamaged("the upload's temporary file was changed on disk") from None
        self._cached = (index, plaintext)
        return plaintext


class EncryptedTemporaryUploadedFile(UploadedFile):
    """An upload spooled to an EncryptedSpool; otherwise what Django's
    TemporaryUploadedFile is: read, seek, chunks, size, name, content_type. It has no
    temporary_file_path on purpose: storages would move the ciphertext into place rather
    than save the content through chunks()."""

    def __init__(
        self,
        name: str | None,
        content_type: str | None,
        size: int | None,
        charset: str | None,
        content_type_extra: dict[str, bytes] | None = None,
    ) -> None:
        spool = EncryptedSpool(directory=settings.FILE_UPLOAD_TEMP_DIR)
        super().__init__(cast(IO[bytes], spool), name, content_type, size, charset, content_type_extra)


class EncryptedTemporaryFileUploadHandler(FileUploadHandler):
    """Streams an upload into an EncryptedTemporaryUploadedFile; it comes after Django's
    MemoryFileUploadHandler, which keeps small uploads in memory."""

    file: EncryptedTemporaryUploadedFile

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = EncryptedTemporaryUploadedFile(
            self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> EncryptedTemporaryUploadedFile:
        self.file.seek(0)  # ends writing: the last chunk is sealed
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()
