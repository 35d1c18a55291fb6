"""Reads that may go to a read replica.

When DATABASE_REPLICA_URL is set, settings.READ_REPLICA names a second database alias
(`replica`), a streaming replica of the primary. Only reads made inside
`reading_from_replica()` (or by a view decorated with `replica_reads`) go there: the
Channel statistics and equality pages and their downloads, which read a lot and write
little. Everything else, every write, and every read inside a transaction opened within
that block, stays on the primary (`default`), so a page never reads data older than what
it has just written, and an action never decides on a lagging copy.

A replica lags its primary by a moment; the pages routed here already show figures from a
summary brought up to date by the task worker, so a second of lag changes nothing a reader
could tell. Never use the block around an action or inside a transaction."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# The primary's transaction depth when the block was entered, or None outside it.
_entered_at: contextvars.ContextVar[int | None] = contextvars.ContextVar("replica_reads", default=None)


def replica_alias() -> str | None:
    """The replica's alias, if one is configured."""
    alias: str | None = getattr(settings, "READ_REPLICA", None)
    return alias if alias and alias in settings.DATABASES else None


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Send the reads inside this block to the replica, if there is one."""
    token = _entered_at.set(len(connections[DEFAULT_DB_ALIAS].atomic_blocks))
    try:
        yield
    finally:
        _entered_at.reset(token)


def replica_reads[F: Callable[..., Any]](view: F) -> F:
    """Run a read-only view's body inside `reading_from_replica()`. Put it below the
    access gate (`partnership_view`), so the session, the user and their roles are read
    from the primary."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _on_replica() -> str | None:
    alias = replica_alias()
    entered_at = _entered_at.get()
    if alias is None or entered_at is None:
        return None
    # A transaction opened inside the block (an action's, or a stored summary being
    # written) reads from the primary, where it writes.
    if len(connections[DEFAULT_DB_ALIAS].atomic_blocks) > entered_at:
        return None
    return alias


class ReplicaRouter:
    """Reads inside `reading_from_replica()` go to the replica; everything else, and every
    write, goes to the primary. The replica is never migrated: it copies the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return _on_replica() or DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # A row read from the replica is the same row as on the primary.
        both = {DEFAULT_DB_ALIAS, replica_alias()}
        if obj1._state.db in both and obj2._state.db in both:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if db != DEFAULT_DB_ALIAS and db == getattr(settings, "READ_REPLICA", None):
            return False
        return None
