"""Envelope encryption for personal data.

Every person and every referral has its own data key, which encrypts their personal
values. Data keys are stored wrapped (encrypted) by a master key that comes from the
environment and never reaches the database. So:

- rotating the master key re-encrypts each record under a new data key wrapped by the
  new master key (cases/management/commands/rotate_field_keys.py), and once the old
  master key is destroyed a copy of the database taken before opens nothing;
- destroying one data key makes every value encrypted with it unreadable for ever
  (crypto-shredding), while records elsewhere, such as the audit log, stay intact.

Values are bound to the record and field they belong to, and wrapped data keys to their
own row (AES-GCM associated data), so a value or key copied elsewhere fails to open
instead of leaking. Plaintext is padded to a fixed size before encryption, so a token's
length says little about its value (see `padded_size`). Every failure to open, whatever
its cause (a destroyed or missing key, a value moved, a token cut short or mangled),
raises KeyUnavailable. docs/keys.md says what the scheme does and does not detect."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_LEGACY = "v1"  # unpadded values, written before padding; still read, never written
_VERSION = "v2"
# Padded sizes: powers of two from the smallest up to the largest, then whole multiples
# of the largest. The smallest holds any short value, so an empty value, a postcode and a
# name all give tokens of the same length. A field whose every answer must look alike,
# such as a special-category answer, asks for a larger first size (`at_least`).
SMALLEST_PADDED = 64
LARGEST_BUCKET = 16384
# A random 32-byte key has about 28 different byte values; fewer than this many means
# it was typed or made up, not generated.
_MIN_DISTINCT_BYTES = 16

# The keys published in the repository for development and the demo (config/settings.py
# names them); they are refused by value, under any id, outside development.
DEVELOPMENT_KEYS = frozenset(
    {
        b"development-only-field-key-00000",
        b"development-only-audit-anchor-00",
        b"development-only-blind-index-000",
    }
)


class KeyUnavailable(Exception):
    """The value cannot be opened: its key has been destroyed, its master key is not
    configured, or the token is not one this record's key sealed."""


class BadKeySetting(ValueError):
    pass


@dataclass(frozen=True)
class MasterKeys:
    """The configured master keys; the first is current, the others only unwrap data
    keys that have not yet been rotated. `development` is False outside development:
    a published development key then opens nothing."""

    current_id: str
    keys: dict[str, bytes]
    development: bool = field(default=True)

    @classmethod
    def parse(cls, entries: list[str], *, development: bool = True) -> MasterKeys:
        keys: dict[str, bytes] = {}
        for entry in entries:
            key_id, _, encoded = entry.partition(":")
            if not key_id or not encoded:
                raise BadKeySetting("each key must look like id:base64-of-32-random-bytes")
            key = _decode_key(key_id, encoded)
            if key_id in keys:
                raise BadKeySetting(f"key {key_id} appears twice")
            if key in keys.values():
                raise BadKeySetting(f"key {key_id} is the same key as another under a different id")
            if not development:
                refuse_weak_key(key_id, key)
            keys[key_id] = key
        if not keys:
            raise BadKeySetting("at least one key is needed")
        return cls(next(iter(keys)), keys, development)


def _decode_key(key_id: str, encoded: str) -> bytes:
    try:
        key = base64.b64decode(encoded.encode(), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise BadKeySetting(f"key {key_id} is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise BadKeySetting(f"key {key_id} must be {KEY_BYTES} bytes, not {len(key)}")
    return key


def refuse_weak_key(key_id: str, key: bytes) -> None:
    """Refuse a published development key and a key too regular to have been generated."""
    if key in DEVELOPMENT_KEYS:
        raise BadKeySetting(f"key {key_id} is a development key published in the repository")
    if len(set(key)) < _MIN_DISTINCT_BYTES:
        raise BadKeySetting(
            f"key {key_id} is not random enough (only {len(set(key))} different byte values): "
            "generate keys with the commands in docs/keys.md"
        )


def parse_single_key(entry: str, *, development: bool = True) -> tuple[str, bytes]:
    """One `id:base64` key, such as the blind-index key."""
    keys = MasterKeys.parse([entry], development=development)
    return keys.current_id, keys.keys[keys.current_id]


def new_master_key_entry(key_id: str) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()}"


def generate_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


# --- tokens ------------------------------------------------------------------------------


def _encode(version: str, nonce: bytes, ciphertext: bytes) -> str:
    return f"{version}:{base64.urlsafe_b64encode(nonce + ciphertext).decode()}"


def _decode(token: str) -> tuple[str, bytes, bytes]:
    """(version, nonce, ciphertext); any malformed token is KeyUnavailable."""
    version, _, body = token.partition(":")
    if version not in (_VERSION, _LEGACY):
        raise KeyUnavailable("the value is not in a format this service wrote")
    try:
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise KeyUnavailable("the value is damaged and cannot be opened") from None
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise KeyUnavailable("the value is cut short and cannot be opened")
    return version, raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]


def _open(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes, what: str) -> bytes:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError):
        raise KeyUnavailable(f"{what} cannot be opened with the key it was given") from None


def padded_size(length: int, *, at_least: int = SMALLEST_PADDED) -> int:
    """The size `length` bytes of plaintext (plus one byte of padding marker) are padded
    to: a power of two no smaller than `at_least`, up to LARGEST_BUCKET, then a multiple
    of it."""
    needed = length + 1
    size = max(at_least, SMALLEST_PADDED)
    while size < needed and size < LARGEST_BUCKET:
        size *= 2
    if size >= needed:
        return size
    return -(-needed // LARGEST_BUCKET) * LARGEST_BUCKET


def _pad(content: bytes, at_least: int) -> bytes:
    # ISO/IEC 7816-4: a 0x80 byte, then zeros.
    return content + b"\x80" + b"\x00" * (padded_size(len(content), at_least=at_least) - len(content) - 1)


def _unpad(padded: bytes) -> bytes:
    end = padded.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise KeyUnavailable("the value's padding is damaged")
    return end[:-1]


def wrap(masters: MasterKeys, data_key: bytes, *, row: str) -> tuple[str, str]:
    """The data key encrypted with the current master key, bound to the row (`row`) that
    will keep it, and that master key's id."""
    nonce = os.urandom(_NONCE_BYTES)
    aad = f"{masters.current_id}:{row}".encode()
    return masters.current_id, _encode(
        _VERSION, nonce, AESGCM(masters.keys[masters.current_id]).encrypt(nonce, data_key, aad)
    )


def unwrap(masters: MasterKeys, key_id: str, wrapped: str, *, row: str) -> bytes:
    master = masters.keys.get(key_id)
    if master is None:
        raise KeyUnavailable(f"master key {key_id!r} is not configured")
    if master in DEVELOPMENT_KEYS and not masters.development:
        raise KeyUnavailable("a data key wrapped by a development key does not open outside development")
    version, nonce, ciphertext = _decode(wrapped)
    if version == _LEGACY and row:
        # Wraps bound to no row are read only by the migration that re-wrapped them all.
        raise KeyUnavailable("the data key is in a format bound to no row")
    aad = key_id if version == _LEGACY else f"{key_id}:{row}"
    return _open(master, nonce, ciphertext, aad.encode(), "the data key")


def encrypt(data_key: bytes, plaintext: str, *, context: str, at_least: int = SMALLEST_PADDED) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    padded = _pad(plaintext.encode(), at_least)
    return _encode(_VERSION, nonce, AESGCM(data_key).encrypt(nonce, padded, context.encode()))


def decrypt(data_key: bytes, token: str, *, context: str) -> str:
    version, nonce, ciphertext = _decode(token)
    opened = _open(data_key, nonce, ciphertext, context.encode(), "the value")
    try:
        return (opened if version == _LEGACY else _unpad(opened)).decode()
    except UnicodeDecodeError:
        raise KeyUnavailable("the value is damaged and cannot be opened") from None


def encrypt_bytes(data_key: bytes, content: bytes, *, context: str) -> bytes:
    """A file's content, padded like values, so its stored size says only its bucket."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(data_key).encrypt(nonce, _pad(content, SMALLEST_PADDED), context.encode())


def decrypt_bytes(data_key: bytes, sealed: bytes, *, context: str) -> bytes:
    if len(sealed) < _NONCE_BYTES + _TAG_BYTES:
        raise KeyUnavailable("the file is cut short and cannot be opened")
    return _unpad(_open(data_key, sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], context.encode(), "the file"))


# --- secrets sealed directly by a master key (second-factor seeds) ----------------------


def seal_secret(masters: MasterKeys, secret: bytes, *, context: str) -> str:
    """`key_id$token`: a small secret encrypted with the current master key itself, bound
    to `context` (for example the account it belongs to)."""
    nonce = os.urandom(_NONCE_BYTES)
    aad = f"{masters.current_id}:{context}".encode()
    token = _encode(_VERSION, nonce, AESGCM(masters.keys[masters.current_id]).encrypt(nonce, secret, aad))
    return f"{masters.current_id}${token}"


def open_secret(masters: MasterKeys, sealed: str, *, context: str) -> bytes:
    key_id, _, token = sealed.partition("$")
    master = masters.keys.get(key_id)
    if master is None or not token:
        raise KeyUnavailable(f"master key {key_id!r} is not configured")
    if master in DEVELOPMENT_KEYS and not masters.development:
        raise KeyUnavailable("a secret sealed by a development key does not open outside development")
    _, nonce, ciphertext = _decode(token)
    return _open(master, nonce, ciphertext, f"{key_id}:{context}".encode(), "the secret")


def sealed_secret_key_id(sealed: str) -> str:
    return sealed.partition("$")[0]


# --- blind indexes --------------------------------------------------------------------


def blind_index(key: bytes, value: str) -> str:
    """A keyed hash of `value` for finding records by it without storing it: HMAC-SHA256
    with the blind-index key, cut to 128 bits (collisions are harmless: candidates are
    compared in full once decrypted)."""
    digest = hmac.new(key, value.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
