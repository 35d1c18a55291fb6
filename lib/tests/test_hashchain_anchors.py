import json

import pytest

from lib.crypto import MasterKeys, new_master_key_entry
from lib.hashchain import GENESIS, Anchor, BadAnchor, Link, anchor_line, link_hash, read_anchor, verify

KEYS = MasterKeys.parse([new_master_key_entry("k2"), new_master_key_entry("k1")]).keys
ANCHOR = Anchor(event=42, hash="a" * 64, at="2026-11-23T05:37:00+00:00", key="k1")


def _chain(count: int) -> list[Link]:
    links, prev = [], GENESIS
    for number in range(1, count + 1):
        digest = link_hash(prev, {"verb": f"v{number}"})
        links.append(Link(number, prev, digest, {"verb": f"v{number}"}))
        prev = digest
    return links


def test_an_anchor_reads_back_with_the_key_it_names() -> None:
    line = anchor_line(ANCHOR, KEYS["k1"])
    assert line.endswith("\n")
    assert line.count("\n") == 1
    assert read_anchor(line, KEYS) == ANCHOR


@pytest.mark.parametrize(
    ("field", "value"),
    [("event", 43), ("hash", "b" * 64), ("at", "2027-01-01T00:00:00+00:00"), ("key", "k2")],
)
def test_an_anchor_changed_without_the_key_is_forged(field: str, value: object) -> None:
    fields = json.loads(anchor_line(ANCHOR, KEYS["k1"]))
    fields[field] = value
    with pytest.raises(BadAnchor, match="it is forged: its signature does not match"):
        read_anchor(json.dumps(fields), KEYS)


def test_an_anchor_signed_with_another_key_is_forged_and_an_unknown_key_is_named() -> None:
    stranger = MasterKeys.parse([new_master_key_entry("k1")]).keys["k1"]
    with pytest.raises(BadAnchor, match="forged"):
        read_anchor(anchor_line(ANCHOR, stranger), KEYS)
    with pytest.raises(BadAnchor, match="signed with key 'k9', which is not configured"):
        read_anchor(anchor_line(Anchor(42, "a" * 64, ANCHOR.at, "k9"), stranger), KEYS)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "[]",
        '{"v": 1}',
        anchor_line(ANCHOR, KEYS["k1"])[:-10],
        anchor_line(ANCHOR, KEYS["k1"]).replace('"v":1', '"v":2'),
        anchor_line(ANCHOR, KEYS["k1"]).replace('"event":42', '"event":true'),
        anchor_line(ANCHOR, KEYS["k1"]).replace('"event":42', '"event":-1'),
        anchor_line(ANCHOR, KEYS["k1"]).replace("a" * 64, "A" * 64),
        anchor_line(ANCHOR, KEYS["k1"]).replace("}", ',"extra":1}'),
    ],
)
def test_a_line_that_is_not_an_anchor_is_refused(line: str) -> None:
    with pytest.raises(BadAnchor, match="it is not an anchor"):
        read_anchor(line, KEYS)


def test_verification_can_start_after_an_anchored_link() -> None:
    links = _chain(5)
    verdict = verify(links[2:], after=(links[1].id, links[1].hash))
    assert verdict.intact
    assert verdict.links_checked == 3
    assert (verdict.last_id, verdict.last_hash) == (5, links[4].hash)
    broken = verify(links[3:], after=(links[1].id, links[1].hash))
    assert broken.broken_at == 4
    assert "does not follow event 2" in broken.reason
    assert (broken.last_id, broken.last_hash) == (2, links[1].hash)


def test_an_empty_chain_has_no_head() -> None:
    verdict = verify([])
    assert verdict.intact
    assert (verdict.last_id, verdict.last_hash) == (None, GENESIS)
