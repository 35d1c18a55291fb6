"""The chain's anchors catch what the hash chain alone cannot: its newest events removed,
or an event altered and every later one hashed again, by someone who can write the
table (here, with the append-only triggers dropped inside the test's transaction)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from accounts.access import Viewer
from audit import log
from audit.anchors import ANCHOR_FILE, write_anchor
from audit.log import record_outside_action, verify_chain
from audit.models import AuditEvent
from audit.tests.test_audit_chain import _disable_triggers
from lib.crypto import MasterKeys, new_master_key_entry
from lib.hashchain import Anchor, anchor_line, link_hash, read_anchor
from plans import actions
from plans.models import Strategy

pytestmark = pytest.mark.django_db


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def _anchor(*args: str) -> str:
    out = StringIO()
    call_command("anchor_audit", *args, stdout=out)
    return out.getvalue()


def _lines(anchor_dir: Path) -> list[str]:
    return (anchor_dir / ANCHOR_FILE).read_text().splitlines()


def _more_events(viewer: Viewer, plan: Strategy, count: int) -> None:
    for number in range(count):
        actions.update_strategy(
            viewer=viewer, strategy=plan, title=f"Prevent Delivery Plan, version {number}"
        )


def _rehash_from(position: int) -> list[AuditEvent]:
    """Alter the event at `position` and hash it and every later event again, as someone
    covering their tracks would, so that the chain on its own still verifies."""
    events = list(AuditEvent.objects.order_by("id"))
    _disable_triggers()
    events[position].changes = {"title": {"from": None, "to": "Rewritten"}}
    prev = events[position].prev_hash
    for event in events[position:]:
        event.prev_hash, event.hash = prev, link_hash(prev, event.chain_payload())
        AuditEvent.objects.filter(pk=event.pk).update(changes=event.changes, prev_hash=prev, hash=event.hash)
        prev = event.hash
    assert verify_chain().intact
    return events


# --- The two attacks ------------------------------------------------------------------


def test_deleting_the_newest_events_is_reported_as_truncation(plan: Strategy) -> None:
    _verify()
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    _disable_triggers()
    AuditEvent.objects.filter(id__in=ids[-3:]).delete()
    assert verify_chain().intact  # the unkeyed chain alone cannot tell
    with pytest.raises(CommandError, match=rf"truncated: events {ids[-3]}\.\.{ids[-1]} removed") as raised:
        _verify()
    assert f"the log now ends at event {ids[-4]}" in str(raised.value)
    # The hourly anchor refuses too, and nothing is anchored while the log is cut.
    with pytest.raises(CommandError, match=rf"(?s)Not anchored: .*truncated: events {ids[-3]}\.\.{ids[-1]}"):
        _anchor()


def test_events_removed_from_the_end_are_found_after_new_ones_are_written(
    plan: Strategy, coordinator_viewer: Viewer
) -> None:
    _anchor()
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    _disable_triggers()
    AuditEvent.objects.filter(id__in=ids[-2:]).delete()
    _more_events(coordinator_viewer, plan, 2)  # later events follow the cut chain
    assert verify_chain().intact
    with pytest.raises(CommandError, match=rf"events {ids[-2]}\.\.{ids[-1]} removed: event {ids[-1]}"):
        _verify()


def test_editing_an_event_and_rehashing_the_rest_is_reported(plan: Strategy) -> None:
    _verify()
    events = _rehash_from(2)
    with pytest.raises(CommandError, match=f"re-hashed or altered at or before event {events[-1].pk}"):
        _verify()
    with pytest.raises(CommandError, match=r"(?s)Not anchored: .*re-hashed or altered"):
        _anchor()


def test_earlier_anchors_narrow_down_where_the_chain_was_rehashed(
    plan: Strategy, coordinator_viewer: Viewer
) -> None:
    first = AuditEvent.objects.order_by("id")[1]
    write_anchor(first.pk, first.hash)  # as if anchored when the chain had two events
    _anchor()
    middle = AuditEvent.objects.order_by("-id").first()
    assert middle is not None
    _more_events(coordinator_viewer, plan, 2)
    _anchor()
    _rehash_from(3)
    with pytest.raises(CommandError) as raised:
        _verify()
    assert (
        f"re-hashed or altered at or before event {middle.pk}: its hash is not the one anchored at "
        in str(raised.value)
    )
    assert f"event {first.pk} still has its anchored hash, so the change is after it" in str(raised.value)


# --- The anchors themselves -------------------------------------------------------------


def test_an_intact_chain_with_anchors_verifies_clean(
    plan: Strategy, coordinator_viewer: Viewer, anchor_dir: Path
) -> None:
    assert "Anchored event" in _anchor()
    _more_events(coordinator_viewer, plan, 3)
    assert "(3 new events checked)" in _anchor()
    count = AuditEvent.objects.count()
    out = _verify()
    assert f"Audit log intact: {count} events verified, consistent with 2 anchors." in out
    head = AuditEvent.objects.order_by("-id").first()
    assert head is not None
    assert f"Anchored event {head.pk}" in out
    lines = _lines(anchor_dir)
    assert len(lines) == 3
    keys = settings.AUDIT_ANCHOR_KEYS.keys
    assert [read_anchor(line, keys).event for line in lines[1:]] == [head.pk, head.pk]
    assert read_anchor(lines[-1], keys).hash == head.hash
    assert f"consistent with 3 anchors. Anchored event {head.pk}" in _verify()


def test_a_forged_anchor_is_reported(plan: Strategy, anchor_dir: Path) -> None:
    _verify()
    genuine = json.loads(_lines(anchor_dir)[0])
    # An anchor moved to another event without the key: its signature no longer matches.
    moved = {**genuine, "event": genuine["event"] + 1000}
    # One signed with a key of the forger's own, under the configured key's id.
    own_key = MasterKeys.parse([new_master_key_entry("development")]).keys["development"]
    signed = anchor_line(Anchor(genuine["event"], "f" * 64, genuine["at"], "development"), own_key)
    # One signed with a key that is not configured at all.
    stranger = anchor_line(Anchor(genuine["event"], "e" * 64, genuine["at"], "stranger"), own_key)
    with (anchor_dir / ANCHOR_FILE).open("a") as store:
        store.write(json.dumps(moved) + "\n" + signed + stranger + "not an anchor\n")
    with pytest.raises(CommandError) as raised:
        _verify()
    message = str(raised.value)
    assert f"line 2 of {anchor_dir / ANCHOR_FILE}: it is forged: its signature does not match" in message
    assert f"(it claims event {genuine['event'] + 1000})" in message
    assert "line 3 of" in message
    assert "line 4 of" in message
    assert "signed with key 'stranger', which is not configured" in message
    assert "line 5 of" in message
    assert "it is not an anchor (not JSON)" in message
    # The forged anchors were not believed: no truncation or re-hashing is claimed.
    assert "truncated" not in message
    assert "re-hashed" not in message
    with pytest.raises(CommandError, match=r"(?s)does not match the last anchor.*it is not an anchor"):
        _anchor()


def test_anchors_signed_with_an_older_key_verify_while_it_is_listed(plan: Strategy) -> None:
    old = settings.AUDIT_ANCHOR_KEYS
    _anchor()
    new = MasterKeys.parse([new_master_key_entry("2027-01")])
    rotated = MasterKeys(new.current_id, {**new.keys, **old.keys})
    with override_settings(AUDIT_ANCHOR_KEYS=rotated):
        assert "consistent with 1 anchors" in _verify()
    with override_settings(AUDIT_ANCHOR_KEYS=new), pytest.raises(CommandError) as raised:
        _verify()
    assert "line 1 of" in str(raised.value)
    assert "signed with key 'development', which is not configured" in str(raised.value)


def test_in_production_a_missing_anchor_file_is_not_started_silently(
    plan: Strategy, anchor_dir: Path
) -> None:
    """A missing file more likely means the anchor store is not mounted."""
    with override_settings(PRODUCTION=True):
        with pytest.raises(CommandError, match=r"there is no anchor file at .*run again with --start"):
            _anchor()
        with pytest.raises(CommandError, match=r"Audit log intact: .*there is no anchor file"):
            _verify()
        assert not anchor_dir.exists()
        assert "Anchored event" in _anchor("--start")
        assert "consistent with 1 anchors" in _verify()
    assert len(_lines(anchor_dir)) == 2


def test_an_empty_log_has_nothing_to_anchor(anchor_dir: Path) -> None:
    if AuditEvent.objects.exists():
        pytest.skip("the test database already holds events")
    assert "nothing to anchor" in _anchor()
    assert "nothing to anchor" in _verify()
    assert not anchor_dir.exists()


def test_new_key_prints_a_key_entry_and_anchors_nothing(anchor_dir: Path) -> None:
    entry = _anchor("--new-key", "2027-01").strip()
    assert MasterKeys.parse([entry]).current_id == "2027-01"
    assert not anchor_dir.exists()


def test_writing_events_writes_no_anchor(plan: Strategy, anchor_dir: Path) -> None:
    with transaction.atomic():
        record_outside_action(verb="test.viewed", actor=None, partnership=None)
    assert verify_chain().intact
    assert not anchor_dir.exists()


def test_verification_reads_the_chain_a_page_at_a_time(
    plan: Strategy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(log, "_PAGE", 2)
    events = list(AuditEvent.objects.order_by("id"))
    verdict = verify_chain()
    assert verdict.intact
    assert verdict.links_checked == len(events)
    assert (verdict.last_id, verdict.last_hash) == (events[-1].pk, events[-1].hash)
    tail = verify_chain(after=(events[2].pk, events[2].hash))
    assert tail.intact
    assert tail.links_checked == len(events) - 3
    _disable_triggers()
    AuditEvent.objects.filter(pk=events[5].pk).update(verb="tampered")
    assert verify_chain().broken_at == events[5].pk
