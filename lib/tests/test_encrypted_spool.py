"""Uploads larger than the memory limit are spooled to disk encrypted (lib/spool.py): the
spool reads back what was written, from anywhere, and the disk holds only ciphertext."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import RequestFactory, override_settings

from lib.spool import (
    EncryptedSpool,
    EncryptedTemporaryFileUploadHandler,
    EncryptedTemporaryUploadedFile,
    SpoolDamaged,
)

MARKER = b"PLAINTEXT-MARKER-Sam-Taylor-4-May-2010"
TAG = 16


def _content(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def _spool(directory: Path, content: bytes, *, chunk_bytes: int, pieces: int = 5) -> EncryptedSpool:
    """A spool written in pieces of uneven sizes, as an upload arrives."""
    spool = EncryptedSpool(directory=str(directory), chunk_bytes=chunk_bytes)
    cuts = sorted(random.Random(len(content)).sample(range(len(content) + 1), min(pieces, len(content) + 1)))
    for start, end in zip([0, *cuts], [*cuts, len(content)], strict=True):
        assert spool.write(content[start:end]) == end - start
    return spool


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in directory.iterdir()}


@pytest.fixture
def spool_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "spool"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("size", [0, 1, 6, 7, 8, 13, 14, 15, 50, 701])
def test_what_is_written_reads_back_whole_and_from_anywhere(spool_dir: Path, size: int) -> None:
    content = _content(size)
    with _spool(spool_dir, content, chunk_bytes=7) as spool:
        assert spool.tell() == size
        assert spool.seek(0) == 0
        assert spool.read() == content
        assert spool.read() == b""
        assert spool.read(5) == b""
        # Reads of every length from every position, across chunk boundaries.
        for start in range(size + 1):
            for length in (1, 3, 7, 8, 15):
                spool.seek(start)
                assert spool.read(length) == content[start : start + length], (start, length)
                assert spool.tell() == min(start + length, size)
        # Seeks from the current position and from the end.
        spool.seek(size // 2)
        spool.seek(-min(3, size // 2), io.SEEK_CUR)
        assert spool.read() == content[size // 2 - min(3, size // 2) :]
        spool.seek(-min(5, size), io.SEEK_END)
        assert spool.read() == content[size - min(5, size) :]
        # readinto fills what it can.
        spool.seek(0)
        buffer = bytearray(size + 4)
        assert spool.readinto(buffer) == size
        assert bytes(buffer[:size]) == content
        assert spool.size == size


def test_a_large_spool_reads_back_in_the_chunks_of_any_reader(spool_dir: Path) -> None:
    content = _content(3 * 64 * 1024 + 123)
    with _spool(spool_dir, content, chunk_bytes=64 * 1024, pieces=40) as spool:
        for reader_chunk in (1000, 64 * 1024, 64 * 1024 + 1, 10**7):
            spool.seek(0)
            pieces: list[bytes] = []
            while piece := spool.read(reader_chunk):
                assert len(piece) == min(reader_chunk, len(content) - sum(map(len, pieces)))
                pieces.append(piece)
            assert b"".join(pieces) == content


def test_the_upload_file_behaves_like_djangos_temporary_upload(spool_dir: Path) -> None:
    content = b"".join(b"line %d: " % n + MARKER + b"\n" for n in range(3000))
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(spool_dir)):
        upload = EncryptedTemporaryUploadedFile("../notes.txt", "text/plain", 0, None)
    upload.write(content)
    upload.seek(0)
    upload.size = len(content)
    assert (upload.name, upload.content_type, upload.size) == ("notes.txt", "text/plain", len(content))
    assert upload.read(8) == content[:8]
    assert b"".join(upload.chunks()) == content
    assert [len(chunk) for chunk in upload.chunks(50_000)][:2] == [50_000, 50_000]
    assert b"".join(upload.chunks(777)) == content
    assert upload.multiple_chunks()
    assert list(upload)[:2] == content.splitlines(keepends=True)[:2]
    assert not hasattr(upload, "temporary_file_path")  # storages must copy through chunks()
    [(name, on_disk)] = _files(spool_dir).items()
    assert name.endswith(".upload")
    assert MARKER not in on_disk
    assert len(on_disk) > len(content)  # ciphertext and a tag per chunk, not a pointer
    upload.close()
    assert upload.closed
    assert _files(spool_dir) == {}


def test_the_disk_holds_ciphertext_only_and_the_file_goes_when_closed(spool_dir: Path) -> None:
    content = MARKER * 1000
    spool = _spool(spool_dir, content, chunk_bytes=100)
    spool.seek(0)
    [on_disk] = _files(spool_dir).values()
    assert MARKER not in on_disk
    assert MARKER[:16] not in on_disk
    chunks = -(-len(content) // 100)
    assert len(on_disk) == len(content) + chunks * TAG
    # Each spool has a key of its own: the same content is other bytes on disk.
    with _spool(spool_dir, content, chunk_bytes=100) as other:
        other.seek(0)
        assert len(set(_files(spool_dir).values())) == 2
    spool.close()
    assert _files(spool_dir) == {}
    with pytest.raises(ValueError, match="closed file"):
        spool.read()


def test_a_chunk_changed_or_cut_on_disk_does_not_open(spool_dir: Path) -> None:
    content = _content(100)
    for damage in ("flip", "cut"):
        with _spool(spool_dir, content, chunk_bytes=10) as spool:
            spool.seek(0)
            [path] = spool_dir.iterdir()
            raw = bytearray(path.read_bytes())
            if damage == "flip":
                raw[(10 + TAG) * 3 + 2] ^= 1  # inside the fourth chunk
                path.write_bytes(bytes(raw))
                assert spool.read(30) == content[:30]
                with pytest.raises(SpoolDamaged):
                    spool.read(10)
            else:
                # Cut short at a chunk boundary.
                path.write_bytes(bytes(raw[: (10 + TAG) * 9]))
                spool.seek(95)
                with pytest.raises(SpoolDamaged):
                    spool.read()


def test_writing_ends_at_the_first_read(spool_dir: Path) -> None:
    with _spool(spool_dir, b"abc", chunk_bytes=2) as spool:
        assert spool.writable()
        assert spool.read() == b"abc"
        assert not spool.writable()
        with pytest.raises(io.UnsupportedOperation):
            spool.write(b"more")
        with pytest.raises(ValueError, match="negative seek"):
            spool.seek(-1)
        with pytest.raises(io.UnsupportedOperation):
            spool.fileno()  # nothing may read the ciphertext as if it were the upload


# --- through Django's upload parsing -------------------------------------------------------


@pytest.fixture
def disk_seen(spool_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """Every file in the temporary directory, read as the parser finishes with the upload
    (the spool is never written after that)."""
    seen: list[bytes] = []
    finish = FileUploadHandler.upload_complete

    def upload_complete(self: FileUploadHandler) -> None:
        seen.extend(_files(spool_dir).values())
        finish(self)

    monkeypatch.setattr(FileUploadHandler, "upload_complete", upload_complete)
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(spool_dir)):
        yield seen


def _parsed(content: bytes, name: str = "notes.txt") -> tuple[object, bytes]:
    request = RequestFactory().post("/", {"file": SimpleUploadedFile(name, content, "text/plain")})
    upload = request.FILES["file"]
    assert isinstance(upload, UploadedFile)
    try:
        return upload, b"".join(upload.chunks())
    finally:
        upload.close()


def test_an_upload_over_the_memory_limit_never_reaches_the_disk_in_clear(
    disk_seen: list[bytes], spool_dir: Path, settings: object
) -> None:
    content = b"".join(b"%07d " % n + MARKER + b"\n" for n in range(70_000))
    assert len(content) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE  # type: ignore[attr-defined]
    upload, read_back = _parsed(content)
    assert isinstance(upload, EncryptedTemporaryUploadedFile)
    assert read_back == content
    [on_disk] = set(disk_seen)  # read once for each handler, the same file
    assert len(on_disk) > len(content)
    assert MARKER not in on_disk
    assert _files(spool_dir) == {}


def test_the_check_would_catch_djangos_own_spool(disk_seen: list[bytes], spool_dir: Path) -> None:
    """Without the setting, Django writes the upload in clear: what the test above
    looks for is there to be found."""
    content = MARKER * 80_000
    with override_settings(
        FILE_UPLOAD_HANDLERS=["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
    ):
        _parsed(content)
    assert any(MARKER in seen for seen in disk_seen)


def test_a_small_upload_stays_in_memory(disk_seen: list[bytes], spool_dir: Path) -> None:
    upload, read_back = _parsed(MARKER)
    assert isinstance(upload, InMemoryUploadedFile)
    assert read_back == MARKER
    assert disk_seen == []


def test_an_interrupted_upload_leaves_nothing(spool_dir: Path) -> None:
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(spool_dir)):
        handler = EncryptedTemporaryFileUploadHandler()
        handler.new_file("file", "notes.txt", "text/plain", None)
        handler.receive_data_chunk(MARKER * 10, 0)
        assert len(_files(spool_dir)) == 1
        handler.upload_interrupted()
    assert _files(spool_dir) == {}
    assert os.listdir(spool_dir) == []
