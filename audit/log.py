"""Writing to the audit log. Action functions call `record` inside their transaction,
so the event and the change it describes commit together or not at all."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Partnership, User
from audit.models import AuditEvent
from lib.hashchain import GENESIS, Link, Verdict, canonical_json, link_hash, verify

# Any fixed number: the advisory lock that serialises appends to the chain on PostgreSQL.
# SQLite needs none because every write transaction there begins IMMEDIATE.
_CHAIN_LOCK = 73112015
# Events read at a time when the chain is verified.
_PAGE = 2000


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value, stable across databases."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID | float):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return str(value)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: plain(getattr(instance, name)) for name in fields}


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: {"from": before.get(name), "to": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def created(after: Mapping[str, Any]) -> dict[str, Any]:
    return {name: {"from": None, "to": value} for name, value in after.items() if value not in ("", None)}


# Called with the ids of the partnerships an audited write touched, inside its
# transaction (after_write). Page views and sign-ins (record_outside_action) change no
# records, so they call none.
_after_write: list[Callable[[set[int]], None]] = []


def after_write(callback: Callable[[set[int]], None]) -> None:
    """Have `callback` called, inside the transaction, with the partnership ids of every
    audited write (`record`, `record_many`): a capability above the base apps (such as
    performance, whose summaries follow the records) hears of changes without the apps
    that make them knowing it. Registered once, from an AppConfig.ready."""
    if callback not in _after_write:
        _after_write.append(callback)


def _written(partnership_ids: set[int]) -> None:
    if partnership_ids:
        for callback in _after_write:
            callback(partnership_ids)


def record(
    *,
    verb: str,
    actor: User | None,
    partnership: Partnership | None,
    target: models.Model | None = None,
    label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events must be recorded inside the action's transaction.")
    event = _append(_event(verb, actor, partnership, target, label, changes))
    if partnership is not None:
        _written({partnership.pk})
    return event


def record_many(entries: Iterable[Mapping[str, Any]]) -> None:
    """Many events of one action at once, such as every action of an imported plan: each
    entry holds `record`'s arguments. The chain is worked out here and the events inserted
    together, which keeps a large import's write transaction short: on SQLite its write
    lock is already held; on PostgreSQL the chain's lock is taken first, as audit_append
    takes it, so no other append can move the head meanwhile (a page view's event waits
    for this transaction, as it waits for any action's)."""
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events must be recorded inside the action's transaction.")
    events = [
        _event(
            entry["verb"],
            entry["actor"],
            entry["partnership"],
            entry.get("target"),
            entry.get("label", ""),
            entry.get("changes"),
        )
        for entry in entries
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    for event in events:
        event.prev_hash = previous
        event.hash = previous = link_hash(previous, event.chain_payload())
    AuditEvent.objects.bulk_create(events, batch_size=500)
    _written({event.partnership_id for event in events if event.partnership_id is not None})


def record_outside_action(
    *,
    verb: str,
    actor: User | None,
    partnership: Partnership | None,
    target: models.Model | None = None,
    label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """For events that are not part of a data change, such as a sign-in or a page view.
    On PostgreSQL the append is one statement, atomic by itself."""
    event = _event(verb, actor, partnership, target, label, changes)
    if connection.vendor == "postgresql":
        return _append(event)
    with transaction.atomic():
        return _append(event)


def _event(
    verb: str,
    actor: User | None,
    partnership: Partnership | None,
    target: models.Model | None,
    label: str,
    changes: Mapping[str, Any] | None,
) -> AuditEvent:
    return AuditEvent(
        occurred_at=timezone.now(),
        actor=actor,
        partnership=partnership,
        verb=verb,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(getattr(target, "uuid", getattr(target, "pk", ""))) if target is not None else "",
        object_label=(label or (str(target) if target is not None else ""))[:300],
        changes=dict(changes or {}),
    )


def _append(event: AuditEvent) -> AuditEvent:
    if connection.vendor == "postgresql":
        # One round trip: audit_append (migration 0003) locks the chain, reads its head,
        # hashes and inserts.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT * FROM audit_append(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb)",
                [
                    _CHAIN_LOCK,
                    canonical_json(event.chain_payload()),
                    event.occurred_at,
                    event.actor_id,
                    event.partnership_id,
                    event.verb,
                    event.object_type,
                    event.object_id,
                    event.object_label,
                    json.dumps(event.changes),
                ],
            )
            event.id, event.prev_hash, event.hash = cursor.fetchone()
        event._state.adding = False
        event._state.db = connection.alias
        return event
    # SQLite: every write transaction begins IMMEDIATE, which serialises appends.
    event.prev_hash = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    event.hash = link_hash(event.prev_hash, event.chain_payload())
    event.save(force_insert=True)
    return event


def _links(after_id: int = 0) -> Iterator[Link]:
    """The chain from the event after `after_id` on, read a page at a time by id, so that
    memory stays bounded and no cursor stays open however long the chain."""
    while True:
        page = list(AuditEvent.objects.filter(id__gt=after_id).order_by("id")[:_PAGE])
        for event in page:
            yield Link(event.id, event.prev_hash, event.hash, event.chain_payload())
        if len(page) < _PAGE:
            return
        after_id = page[-1].id


def verify_chain(*, after: tuple[int, str] | None = None) -> Verdict:
    """Walk the whole chain, or with `after` (an event's id and hash) the events after it."""
    return verify(_links(after[0] if after is not None else 0), after=after)
