"""Re-keying: every value of a record moved from its data key to a new one, wrapped by
the current master key. After a master key has been replaced and every record re-keyed,
a data key unwrapped from an old backup opens nothing that is current, and once the old
master key is destroyed the backup itself opens nothing (docs/keys.md).

One data key per transaction, each with its audit event, so the command can run while
the service is in use, be stopped at any point and be run again to finish."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from audit.log import record
from cases.actions.case import document_context
from cases.models import CaseDocument, Person, Referral
from cases.vault import KEY_CACHE, SEALED_MODELS, DataKey, data_key_path
from lib import crypto


@dataclass(frozen=True)
class Rekeyed:
    values: int
    documents: int


def stale_data_keys() -> models.QuerySet[DataKey]:
    """Data keys still wrapped by a master key that is not the current one."""
    return DataKey.objects.filter(destroyed_at__isnull=True).exclude(
        master_key_id=settings.FIELD_MASTER_KEYS.current_id
    )


def _owner(data_key: DataKey) -> Person | Referral | None:
    return (
        Referral.objects.filter(data_key=data_key).select_related("partnership").first()
        or Person.objects.filter(data_key=data_key).select_related("partnership").first()
    )


def _rekey_values(data_key: DataKey, old: bytes, new: bytes) -> int:
    count = 0
    for model, descriptors in SEALED_MODELS.items():
        rows = list(model._default_manager.filter(**{data_key_path(model): data_key}))
        for row in rows:
            for sealed in descriptors:
                setattr(row, sealed.column, sealed.seal(row, sealed.open(row, old), new))
                count += 1
        if rows:
            model._default_manager.bulk_update(rows, [sealed.column for sealed in descriptors])
    return count


def _rekey_documents(data_key: DataKey, old: bytes, new: bytes) -> list[tuple[str, str]]:
    """Each document's file encrypted again under the new key, in a new file; the (old,
    new) names, so the old files are deleted once the transaction commits and the new
    ones if it does not."""
    moved = []
    for document in CaseDocument.objects.filter(referral__data_key=data_key):
        with default_storage.open(document.stored_as, "rb") as stored:
            content = crypto.decrypt_bytes(old, stored.read(), context=document_context(document))
        sealed = crypto.encrypt_bytes(new, content, context=document_context(document))
        name = default_storage.save(
            f"{document.stored_as.split('~')[0]}~{secrets.token_hex(4)}", ContentFile(sealed)
        )
        moved.append((document.stored_as, name))
        document.stored_as = name
        document.save(update_fields=["stored_as"])
    return moved


def rekey(pk: int) -> Rekeyed | None:
    """Move one data key's values to a new data key; None if it was already current,
    destroyed meanwhile, or gone."""
    moved: list[tuple[str, str]] = []
    try:
        with transaction.atomic():
            data_key = DataKey.objects.select_for_update().filter(pk=pk).first()
            current = settings.FIELD_MASTER_KEYS.current_id
            if data_key is None or data_key.destroyed_at or data_key.master_key_id == current:
                return None
            previous_master = data_key.master_key_id
            old, new = data_key.key(), crypto.generate_data_key()
            values = _rekey_values(data_key, old, new)
            moved = _rekey_documents(data_key, old, new)
            data_key.seal(new)
            data_key.rekeyed_at = timezone.now()
            data_key.save(update_fields=["master_key_id", "wrapped", "rekeyed_at"])
            owner = _owner(data_key)
            record(
                verb="cases.data_key.rekeyed",
                actor=None,
                partnership=owner.partnership if owner else None,
                target=owner,
                label=f"Data key {data_key.pk}",
                changes={
                    "master_key": {"from": previous_master, "to": current},
                    "values": {"from": None, "to": values},
                    "documents": {"from": None, "to": len(moved)},
                },
            )
            for old_name, _ in moved:
                transaction.on_commit(functools.partial(default_storage.delete, old_name))
    except BaseException:
        for _, new_name in moved:
            default_storage.delete(new_name)
        KEY_CACHE.clear()
        raise
    return Rekeyed(values, len(moved))
