"""Making and checking key secrets. A token is `ph_<prefix>_<secret>`: the prefix finds the
key, and the SHA-256 of the whole token is compared in constant time. Secrets are 32 random
bytes, so a fast hash is enough (no one guesses 256 bits); no slow password hash is needed."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_BYTES = 6
SECRET_BYTES = 32
MAX_TOKEN = 120


def new_token() -> tuple[str, str]:
    """A new token and its prefix."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    return f"ph_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}", prefix


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def prefix_of(token: str) -> str | None:
    if len(token) > MAX_TOKEN or not token.isascii():
        return None
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "ph" or len(parts[1]) != PREFIX_BYTES * 2:
        return None
    return parts[1]


def matches(token: str, stored: str) -> bool:
    return hmac.compare_digest(digest(token), stored)
