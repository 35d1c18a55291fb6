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


def postcode_key(postcode: str) -> str:
    """The unhashed key of a postcode: without spaces, upper case ("e1 6an" = "E16AN");
    "" for none."""
    folded = "".join(postcode.split()).upper()
    return f"p:{folded}" if folded else ""


def school_key(school: str) -> str:
    """The unhashed key of a school, college, setting or employer: case folded, white space
    collapsed; "" for none."""
    folded = " ".join(school.casefold().split())
    return f"sc:{folded}" if folded else ""


def place_index(*, postcode: str, school: str) -> set[str]:
    """The blind index entries of where a person lives and studies or works, so a search
    by postcode or school finds them (cases.search). Kept beside the name keys
    (PersonNameKey) and written wherever those are."""
    return {
        crypto.blind_index(settings.BLIND_INDEX_KEY, key)
        for key in (postcode_key(postcode), school_key(school))
        if key
    }


def blind_key(key: str) -> str:
    """One unhashed key (as `postcode_key` gives), hashed as the index stores it."""
    return crypto.blind_index(settings.BLIND_INDEX_KEY, key)


def document_digest(content: bytes) -> str:
    """A digest of a file that confirms nothing to someone without the blind-index key."""
    return hmac.new(settings.BLIND_INDEX_KEY, b"document:" + content, hashlib.sha256).hexdigest()
