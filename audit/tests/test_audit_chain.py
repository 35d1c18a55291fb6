import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accounts.access import Viewer
from audit.models import AuditEvent
from plans import actions
from plans.models import Strategy

pytestmark = pytest.mark.django_db


def _disable_triggers() -> None:
    """What someone with direct database access could do to hide a change."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks must run first: PostgreSQL will not alter a
            # table with trigger events pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_every_action_writes_an_event_linked_to_the_one_before(plan: Strategy) -> None:
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.verb for e in events[:2]] == ["plans.strategy.created", "plans.objective.created"]
    for earlier, later in itertools.pairwise(events):
        assert later.prev_hash == earlier.hash


def test_an_event_records_who_what_which_record_and_the_change(
    plan: Strategy, coordinator_viewer: Viewer
) -> None:
    actions.update_strategy(
        viewer=coordinator_viewer, strategy=plan, title="Prevent Delivery Plan 2018 to 2019"
    )
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert event.verb == "plans.strategy.updated"
    assert event.actor == coordinator_viewer.user
    assert event.partnership == coordinator_viewer.partnership
    assert event.object_id == str(plan.uuid)
    assert event.changes == {
        "title": {"from": "Prevent Delivery Plan 2018-19", "to": "Prevent Delivery Plan 2018 to 2019"}
    }


def test_verify_audit_reports_an_intact_log(plan: Strategy) -> None:
    assert f"{AuditEvent.objects.count()} events verified" in _verify()


def test_the_database_refuses_to_update_an_event(plan: Strategy) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=AuditEvent.objects.earliest("id").pk).update(verb="tampered")


def test_the_database_refuses_to_delete_an_event(plan: Strategy) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=AuditEvent.objects.earliest("id").pk).delete()


def test_a_tampered_event_is_named_by_verify_audit(plan: Strategy) -> None:
    target = AuditEvent.objects.order_by("id")[2]
    _disable_triggers()
    AuditEvent.objects.filter(pk=target.pk).update(changes={"title": {"from": None, "to": "Rewritten"}})
    with pytest.raises(CommandError, match=f"broken at event {target.pk}: event {target.pk} was altered"):
        _verify()


def test_a_deleted_event_is_caught_at_the_next_one(plan: Strategy) -> None:
    events = list(AuditEvent.objects.order_by("id")[:4])
    _disable_triggers()
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    with pytest.raises(CommandError, match=f"event {events[3].pk} does not follow event {events[1].pk}"):
        _verify()
