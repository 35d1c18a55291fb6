"""The hash chain behind the audit log. Each link's hash covers its own content and
the hash of the link before it, so altering or removing any link breaks every
later one."""

from __future__ import annotations

import hashlib
import json
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

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(links: Iterable[Link]) -> Verdict:
    expected_prev = GENESIS
    checked = 0
    previous_id: int | None = None
    for link in links:
        if link.prev_hash != expected_prev:
            after = f"event {previous_id}" if previous_id is not None else "the start of the log"
            return Verdict(
                checked,
                link.id,
                f"event {link.id} does not follow {after}: an event before it was removed or altered",
            )
        if link_hash(link.prev_hash, link.payload) != link.hash:
            return Verdict(checked, link.id, f"event {link.id} was altered after it was written")
        expected_prev = link.hash
        previous_id = link.id
        checked += 1
    return Verdict(checked)
