"""Every write of the API app: making and revoking keys (audited, by the coordinator), and
the book-keeping of each call (its compact record, the rate-limit count and the key's last
use), which changes nothing the partnership holds and so writes no audit event: the call
record is itself the per-call audit. What a call changes is audited by the capability's own
action, with the key's service user as the actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import User
from api import scopes, tokens
from api.access import KEY_MANAGERS
from api.models import ApiCall, ApiKey, RateWindow
from audit.log import created, record
from lib.errors import Refused
from lib.text import clean

__all__ = ["Made", "count_call", "make_key", "note_call", "revoke_key"]

NAME_LENGTH = 100
WINDOW = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Made:
    key: ApiKey
    token: str  # shown once, never stored


def _require_manager(viewer: Viewer) -> None:
    if not viewer.has_any(*KEY_MANAGERS):
        raise Refused("Only the Prevent coordinator manages API keys.")


@transaction.atomic
def make_key(*, viewer: Viewer, name: str, scopes_chosen: list[str]) -> Made:
    _require_manager(viewer)
    name = " ".join(clean(name).split())
    if not name:
        raise Refused("Enter the name of the integration", field="name")
    if len(name) > NAME_LENGTH:
        raise Refused(f"The name must be {NAME_LENGTH} characters or fewer", field="name")
    chosen = [code for code in scopes.CODES if code in set(scopes_chosen)]
    if not chosen or len(chosen) != len(set(scopes_chosen)):
        raise Refused("Choose what the key may do", field="scopes")
    token, prefix = tokens.new_token()
    service_user = User.objects.create_user(
        f"api-key-{prefix}@api-keys.invalid",
        None,
        full_name=f"API key: {name}"[:200],
        job_title=f"Integration of {viewer.partnership.name}"[:200],
        is_active=False,
    )
    key = ApiKey.objects.create(
        partnership=viewer.partnership,
        name=name,
        scopes=chosen,
        prefix=prefix,
        secret_hash=tokens.digest(token),
        service_user=service_user,
        created_by=viewer.user,
    )
    record(
        verb="api.key.created",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=key,
        changes=created({"name": name, "scopes": chosen, "prefix": prefix}),
    )
    return Made(key, token)


@transaction.atomic
def revoke_key(*, viewer: Viewer, key: ApiKey) -> ApiKey:
    _require_manager(viewer)
    locked = ApiKey.objects.select_for_update().get(pk=key.pk)
    if locked.partnership_id != viewer.partnership.pk:
        raise Refused("This key belongs to another partnership.")
    if locked.revoked_at is not None:
        raise Refused("This key was already revoked.")
    locked.revoked_at = timezone.now()
    locked.revoked_by = viewer.user
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record(
        verb="api.key.revoked",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=locked,
        changes={"revoked_at": {"from": None, "to": locked.revoked_at.isoformat()}},
    )
    return locked


def rate_limit() -> int:
    return int(getattr(settings, "API_RATE_LIMIT_PER_MINUTE", 120))


def count_call(*, key: ApiKey, now: dt.datetime | None = None) -> tuple[int, float]:
    """Count one call against the key's current window, in the database (one statement on
    each engine, so concurrent calls on several servers each get their own count). Returns
    the count so far in the window and the seconds left until it ends."""
    now = now or timezone.now()
    start = now.replace(second=0, microsecond=0)
    table = RateWindow._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key_id, window_start, calls) VALUES (%s, %s, 1) "  # noqa: S608
            "ON CONFLICT (key_id, window_start) DO UPDATE SET calls = "
            f"{table}.calls + 1 RETURNING calls",
            [key.pk, connection.ops.adapt_datetimefield_value(start)],
        )
        (calls,) = cursor.fetchone()
        if calls == 1:
            # A new window: the key's older ones are no longer needed.
            RateWindow.objects.filter(key=key, window_start__lt=start).delete()
    left = (start + WINDOW - now).total_seconds()
    return int(calls), max(left, 1.0)


def note_call(*, key: ApiKey | None, method: str, path: str, status: int) -> None:
    """The compact record of one call, and the key's last use (written at most once a
    minute per key)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            ApiCall.objects.create(key=key, at=now, method=method[:10], path=path[:300], status=status)
            if key is not None and (
                key.last_used_at is None or now - key.last_used_at >= dt.timedelta(minutes=1)
            ):
                ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
                key.last_used_at = now
    except IntegrityError:  # the key was deleted meanwhile (its partnership removed)
        pass
