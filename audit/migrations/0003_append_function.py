"""On PostgreSQL, appending to the chain is one statement: a function that takes the
chain's lock, reads the last hash, hashes the new event and inserts it. A page view's
audit event then costs one round trip instead of five (begin, lock, read, insert,
commit). The hash is the same SHA-256 of the previous hash and the canonical JSON that
lib.hashchain computes, so verify_audit checks events written either way. A later
migration that changes audit_auditevent's columns must replace this function too."""

from django.db import migrations

CREATE = r"""
CREATE FUNCTION audit_append(
    p_lock bigint,
    p_payload text,
    p_occurred_at timestamptz,
    p_actor bigint,
    p_partnership bigint,
    p_verb varchar,
    p_object_type varchar,
    p_object_id varchar,
    p_object_label varchar,
    p_changes jsonb
) RETURNS TABLE (event_id bigint, event_prev_hash varchar, event_hash varchar)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(p_lock);
    -- A volatile function's statements each see what committed before them, so the
    -- head read after the lock is the head no other writer can move.
    SELECT coalesce(
        (SELECT a.hash FROM audit_auditevent a ORDER BY a.id DESC LIMIT 1), repeat('0', 64)
    ) INTO event_prev_hash;
    event_hash := encode(sha256(convert_to(event_prev_hash || E'\n' || p_payload, 'UTF8')), 'hex');
    INSERT INTO audit_auditevent (
        occurred_at, actor_id, partnership_id, verb, object_type, object_id, object_label,
        changes, prev_hash, hash
    ) VALUES (
        p_occurred_at, p_actor, p_partnership, p_verb, p_object_type, p_object_id, p_object_label,
        p_changes, event_prev_hash, event_hash
    ) RETURNING id INTO event_id;
    RETURN NEXT;
END $$
"""
DROP = (
    "DROP FUNCTION IF EXISTS audit_append("
    "bigint, text, timestamptz, bigint, bigint, varchar, varchar, varchar, varchar, jsonb)"
)


def _on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
