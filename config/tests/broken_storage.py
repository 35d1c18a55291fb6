"""Upload stores that fail as real ones do, for the fault tests: one that runs out of
space halfway through writing a file (leaving the part written, as a full disk does), and
one that may not be written to at all."""

from __future__ import annotations

import errno
import os
from typing import Any

from django.core.files.storage import FileSystemStorage


class FullStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as half:
            half.write(b"the first half of the file")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)


class UnwritableStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), self.path(name))
