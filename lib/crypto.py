"""Envelope encryption for personal data.

Every person and every referral has its own data key, which encrypts their personal
values. Data keys are stored wrapped (encrypted) by a master key that comes from the
environment and never reaches the database. So:

- rotating the master key re-wraps the small data keys, not every value;
- destroying one data key makes every value encrypted with it unreadable for ever
  (crypto-shredding), while records elsewhere, such as the audit log, stay intact.

Values are bound to the record and field they belong to (AES-GCM associated data), so
a value copied into another record or field fails to decrypt instead of leaking."""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
_NONCE_BYTES = 12
_VERSION = "v1"


class KeyUnavailable(Exception):
    """The value's key has been destroyed or its master key is not configured."""


class BadKeySetting(ValueError):
    pass


@dataclass(frozen=True)
class MasterKeys:
    """The configured master keys; the first is current, the others only unwrap data
    keys that have not yet been rotated."""

    current_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, entries: list[str]) -> MasterKeys:
        keys: dict[str, bytes] = {}
        for entry in entries:
            key_id, _, encoded = entry.partition(":")
            if not key_id or not encoded:
                raise BadKeySetting("each key must look like id:base64-of-32-random-bytes")
            try:
                key = base64.b64decode(encoded.encode(), altchars=b"-_", validate=True)
            except (binascii.Error, ValueError):
                raise BadKeySetting(f"key {key_id} is not valid base64") from None
            if len(key) != KEY_BYTES:
                raise BadKeySetting(f"key {key_id} must be {KEY_BYTES} bytes, not {len(key)}")
            if key_id in keys:
                raise BadKeySetting(f"key {key_id} appears twice")
            keys[key_id] = key
        if not keys:
            raise BadKeySetting("at least one key is needed")
        return cls(next(iter(keys)), keys)


def new_master_key_entry(key_id: str) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()}"


def generate_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _encode(nonce: bytes, ciphertext: bytes) -> str:
    return f"{_VERSION}:{base64.urlsafe_b64encode(nonce + ciphertext).decode()}"


def _decode(token: str) -> tuple[bytes, bytes]:
    version, _, body = token.partition(":")
    if version != _VERSION:
        raise KeyUnavailable(f"unknown encryption format {version!r}")
    raw = base64.urlsafe_b64decode(body.encode())
    return raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]


def wrap(masters: MasterKeys, data_key: bytes) -> tuple[str, str]:
    """The data key encrypted with the current master key, and that key's id."""
    nonce = os.urandom(_NONCE_BYTES)
    aad = masters.current_id.encode()
    return masters.current_id, _encode(
        nonce, AESGCM(masters.keys[masters.current_id]).encrypt(nonce, data_key, aad)
    )


def unwrap(masters: MasterKeys, key_id: str, wrapped: str) -> bytes:
    master = masters.keys.get(key_id)
    if master is None:
        raise KeyUnavailable(f"master key {key_id!r} is not configured")
    nonce, ciphertext = _decode(wrapped)
    try:
        return AESGCM(master).decrypt(nonce, ciphertext, key_id.encode())
    except InvalidTag:
        raise KeyUnavailable(f"the data key does not open with master key {key_id!r}") from None


def encrypt(data_key: bytes, plaintext: str, *, context: str) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    return _encode(nonce, AESGCM(data_key).encrypt(nonce, plaintext.encode(), context.encode()))


def encrypt_bytes(data_key: bytes, content: bytes, *, context: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(data_key).encrypt(nonce, content, context.encode())


def decrypt_bytes(data_key: bytes, sealed: bytes, *, context: str) -> bytes:
    try:
        return AESGCM(data_key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], context.encode())
    except InvalidTag:
        raise KeyUnavailable(f"the file does not open in context {context!r}") from None


def decrypt(data_key: bytes, token: str, *, context: str) -> str:
    nonce, ciphertext = _decode(token)
    try:
        return AESGCM(data_key).decrypt(nonce, ciphertext, context.encode()).decode()
    except InvalidTag:
        raise KeyUnavailable(f"the value does not open in context {context!r}") from None
