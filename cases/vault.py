"""Personal values encrypted with their record's data key (see lib/crypto.py).

A model declares `data_key` (or a property returning one) and, for each personal
value, a `<name>_sealed` text column and `name = Sealed()`. Reading `record.name`
decrypts; assigning encrypts. Destroying the data key erases every such value."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from lib import crypto
from lib.errors import Refused


@functools.lru_cache(maxsize=4096)
def _unwrapped(key_id: str, wrapped: str) -> bytes:
    return crypto.unwrap(settings.FIELD_MASTER_KEYS, key_id, wrapped)


class DataKey(models.Model):
    """One person's or one referral's data key, wrapped by a master key."""

    master_key_id = models.CharField(max_length=40)
    wrapped = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["master_key_id"], name="datakey_master")]

    def __str__(self) -> str:
        return f"Data key {self.pk}{' (destroyed)' if self.destroyed_at else ''}"

    @classmethod
    def create(cls) -> DataKey:
        key_id, wrapped = crypto.wrap(settings.FIELD_MASTER_KEYS, crypto.generate_data_key())
        return cls.objects.create(master_key_id=key_id, wrapped=wrapped)

    def key(self) -> bytes:
        if self.destroyed_at or not self.wrapped:
            raise crypto.KeyUnavailable("this record's data key has been destroyed")
        return _unwrapped(self.master_key_id, self.wrapped)

    def rewrap(self) -> bool:
        """Wrap with the current master key; False if it already was."""
        masters = settings.FIELD_MASTER_KEYS
        if self.destroyed_at or self.master_key_id == masters.current_id:
            return False
        self.master_key_id, self.wrapped = crypto.wrap(masters, self.key())
        self.save(update_fields=["master_key_id", "wrapped"])
        return True

    def destroy(self) -> None:
        self.wrapped = ""
        self.destroyed_at = timezone.now()
        self.save(update_fields=["wrapped", "destroyed_at"])


class Sealed:
    """A personal value kept encrypted in the `<name>_sealed` column. `max_length` is the
    model's own limit on the text, whatever form or import it came from; a longer value
    is refused, against the field of the same name."""

    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length

    def __set_name__(self, owner: type[models.Model], name: str) -> None:
        self.name = name
        self.column = f"{name}_sealed"

    def _context(self, instance: Any) -> str:
        return f"{instance._meta.label_lower}.{self.name}:{instance.uuid}"

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        token = getattr(instance, self.column)
        if not token:
            return ""
        return crypto.decrypt(instance.data_key.key(), token, context=self._context(instance))

    def __set__(self, instance: Any, value: str) -> None:
        if self.max_length is not None and len(value) > self.max_length:
            described = self.name.replace("_", " ").capitalize()
            raise Refused(f"{described} must be {self.max_length:,} characters or fewer", field=self.name)
        token = (
            crypto.encrypt(instance.data_key.key(), value, context=self._context(instance)) if value else ""
        )
        setattr(instance, self.column, token)
