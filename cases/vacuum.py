"""After a case is erased on PostgreSQL, the tables that held it are vacuumed.

Erasing a case deletes its rows and destroys its data keys (cases/actions/lifecycle.py,
erase_case). On PostgreSQL a deleted row stays in its table's files as a dead tuple until
VACUUM removes it; autovacuum gets there in its own time, on tables that change little
perhaps long after. `vacuum_after_erasure` runs VACUUM (ANALYZE) at once on every table
that holds personal data of cases, so the dead rows (their values sealed under keys now
destroyed, but also their blind indexes and event lines) stop being part of the table.
VACUUM cannot run inside a transaction, so it runs in a background task queued once the
erasure has committed (cases/tasks.py), never in the request.

VACUUM makes the space reusable; it does not overwrite it at once, and WAL segments and
backups keep what they kept: what makes an erased case unreadable there is its destroyed
data keys (docs/keys.md).

On SQLite this does nothing: the connection runs with PRAGMA secure_delete=ON
(config/settings.py), so SQLite overwrites deleted content with zeros as it deletes, in
the page that held it and in pages it frees; a VACUUM would only shrink the file. (In WAL
mode, copies of pages from before a delete stay in the -wal file until later writes after
a checkpoint overwrite them.)"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models

# Tables of cases that hold no `_sealed` column but still something of a person: the
# wrapped data keys, the blind indexes of names and dates of birth, and case histories.
ALSO_VACUUMED = ("cases.DataKey", "cases.PersonNameKey", "cases.CaseEvent")


def _session_model() -> type[models.Model] | None:
    """The model of the configured session engine, if it keeps sessions in the database."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    get_model_class = getattr(store, "get_model_class", None)
    return get_model_class() if get_model_class is not None else None


def personal_tables() -> list[str]:
    """Every table of the cases app with a sealed column, the tables in ALSO_VACUUMED,
    and the session table (it holds referral drafts)."""
    found = {
        model._meta.db_table
        for model in apps.get_app_config("cases").get_models()
        if any((field.column or "").endswith("_sealed") for field in model._meta.concrete_fields)
    }
    found.update(apps.get_model(label)._meta.db_table for label in ALSO_VACUUMED)
    session = _session_model()
    if session is not None:
        found.add(session._meta.db_table)
    return sorted(found)


def vacuum_after_erasure(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """VACUUM (ANALYZE) the tables of personal_tables() on PostgreSQL, and say which; on
    any other database, nothing. Must be called outside any transaction."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    if connection.in_atomic_block:
        raise RuntimeError("VACUUM cannot run inside a transaction: call this once the erasure has committed")
    tables = personal_tables()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(connection.ops.quote_name(t) for t in tables)}")
    return tables
