"""Blind indexes: keyed hashes that find people without their names or dates of birth
being stored in the clear. The key (PREVENTHUB_BLIND_INDEX_KEY) is apart from the master
keys, so neither the index nor the keyed digests of documents open anything; without it
they are random strings. The matcher still decides on the decrypted names, with its
reasons (lib.names.compare): the index only fetches the candidates."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from lib import crypto
from lib.names import NameRecord, index_keys


def name_index(record: NameRecord) -> set[str]:
    """The blind index entries of a person's names and date of birth."""
    return {crypto.blind_index(settings.BLIND_INDEX_KEY, key) for key in index_keys(record)}


def document_digest(content: bytes) -> str:
    """A digest of a file that confirms nothing to someone without the blind-index key."""
    return hmac.new(settings.BLIND_INDEX_KEY, b"document:" + content, hashlib.sha256).hexdigest()
