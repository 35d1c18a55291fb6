from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import Partnership, User
from audit.log import record, record_outside_action
from audit.models import AuditEvent
from lib.hashchain import GENESIS, link_hash


def test_events_can_only_be_written_inside_the_actions_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        record(verb="test.event", actor=None, partnership=None)


@pytest.mark.django_db
def test_events_written_inside_and_outside_actions_form_one_verifiable_chain(
    partnership: Partnership, coordinator: User
) -> None:
    """On PostgreSQL both paths append through one database function; the hash it
    computes must be the one lib.hashchain computes, whatever the text holds."""
    first = record_outside_action(
        verb="test.viewed",
        actor=coordinator,
        partnership=partnership,
        label="Zoë O’Neill — ‘quotes’ \\ back\\slash",
        changes={"page": {"from": None, "to": "case"}, "list": [1, 2.5, "ü"], "empty": {}},
    )
    with transaction.atomic():
        second = record(
            verb="test.changed",
            actor=None,
            partnership=None,
            label="Ahmed Rahman",
            changes={"title": {"from": "Plan", "to": "Plan 2018–19"}},
        )
    third = record_outside_action(verb="test.signed_in", actor=coordinator, partnership=None)

    events = list(AuditEvent.objects.order_by("id"))
    assert [e.id for e in events[-3:]] == [first.id, second.id, third.id]
    assert first.prev_hash == (events[-4].hash if len(events) > 3 else GENESIS)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    for written, stored in zip([first, second, third], events[-3:], strict=True):
        assert stored.hash == written.hash
        assert stored.hash == link_hash(stored.prev_hash, stored.chain_payload())
    assert events[-3].object_label == "Zoë O’Neill — ‘quotes’ \\ back\\slash"
    assert events[-3].changes["list"] == [1, 2.5, "ü"]
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert f"{len(events)} events verified" in out.getvalue()
