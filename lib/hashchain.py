"""The hash chain behind the audit log. Each link's hash covers its own content and
the hash of the link before it, so altering or removing any link breaks every
later one.

The chain alone cannot tell that its newest links were removed, or that a link was
altered and every later one hashed again: anyone who can write the table can make a
chain that verifies. An anchor closes that gap: the chain's head at some moment (the
last link's id and hash), signed with a key that is kept out of the database. A chain
that no longer holds an anchored link, or holds it with another hash, was cut or
re-hashed."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    material = f"{prev_hash}\n{canonical_json(payload)}".encode()
    return hashlib.sha256(material).hexdigest()


@dataclass(frozen=True)
class Link:
    id: int
    prev_hash: str
    hash: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Verdict:
    links_checked: int
    broken_at: int | None = None
    reason: str = ""
    # The last link that verified, or the point the walk started from.
    last_id: int | None = None
    last_hash: str = GENESIS

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(links: Iterable[Link], *, after: tuple[int, str] | None = None) -> Verdict:
    """Walk `links` in order. With `after` (a link's id and hash), the links are those
    that follow that one, and the first must name its hash."""
    previous_id, expected_prev = after if after is not None else (None, GENESIS)
    checked = 0
    for link in links:
        if link.prev_hash != expected_prev:
            before = f"event {previous_id}" if previous_id is not None else "the start of the log"
            return Verdict(
                checked,
                link.id,
                f"event {link.id} does not follow {before}: an event before it was removed or altered",
                previous_id,
                expected_prev,
            )
        if link_hash(link.prev_hash, link.payload) != link.hash:
            return Verdict(
                checked,
                link.id,
                f"event {link.id} was altered after it was written",
                previous_id,
                expected_prev,
            )
        expected_prev = link.hash
        previous_id = link.id
        checked += 1
    return Verdict(checked, last_id=previous_id, last_hash=expected_prev)


# --- Anchors ---------------------------------------------------------------------------

ANCHOR_VERSION = 1
_ANCHOR_DOMAIN = b"preventhub-audit-anchor\n"
_HEX64 = re.compile(r"[0-9a-f]{64}")


class BadAnchor(ValueError):
    """A stored anchor that cannot be trusted: unreadable, signed with a key that is not
    configured, or forged (its signature does not match what it says)."""


@dataclass(frozen=True)
class Anchor:
    """The chain's head when the anchor was made: link `event` had hash `hash`."""

    event: int
    hash: str
    at: str  # when it was made, ISO 8601 in UTC
    key: str  # the id of the key that signed it


def _anchor_body(anchor: Anchor) -> dict[str, Any]:
    return {
        "v": ANCHOR_VERSION,
        "event": anchor.event,
        "hash": anchor.hash,
        "at": anchor.at,
        "key": anchor.key,
    }


def _mac(key: bytes, anchor: Anchor) -> str:
    return hmac.new(key, _ANCHOR_DOMAIN + canonical_json(_anchor_body(anchor)).encode(), "sha256").hexdigest()


def anchor_line(anchor: Anchor, key: bytes) -> str:
    """The anchor as one line of JSON, signed (HMAC-SHA256) with `key`, whose id it names."""
    return canonical_json({**_anchor_body(anchor), "mac": _mac(key, anchor)}) + "\n"


def read_anchor(line: str, keys: Mapping[str, bytes]) -> Anchor:
    """The anchor a line holds, once its signature is checked with the key it names."""
    try:
        fields = json.loads(line)
    except ValueError:
        raise BadAnchor("it is not an anchor (not JSON)") from None
    if not isinstance(fields, dict):
        raise BadAnchor("it is not an anchor")
    event, digest, at, key_id, mac = (fields.get(name) for name in ("event", "hash", "at", "key", "mac"))
    if (
        fields.get("v") != ANCHOR_VERSION
        or type(event) is not int
        or event < 1
        or not isinstance(digest, str)
        or not _HEX64.fullmatch(digest)
        or not isinstance(at, str)
        or not isinstance(key_id, str)
        or not isinstance(mac, str)
        or set(fields) != {"v", "event", "hash", "at", "key", "mac"}
    ):
        raise BadAnchor("it is not an anchor (fields missing or malformed)")
    anchor = Anchor(event, digest, at, key_id)
    key = keys.get(key_id)
    if key is None:
        raise BadAnchor(f"it is signed with key {key_id!r}, which is not configured")
    if not hmac.compare_digest(_mac(key, anchor), mac):
        raise BadAnchor(f"it is forged: its signature does not match (it claims event {event})")
    return anchor
