"""Personal values encrypted with their record's data key (see lib/crypto.py).

A model declares `data_key` (a foreign key, or a property returning its referral's) and,
for each personal value, a `<name>_sealed` text column and `name = Sealed()` (or
`SealedDate()`). Reading `record.name` decrypts; assigning encrypts, an empty value as
much as any other, padded so the token's length says nothing of the value. Destroying
the data key erases every such value; `rekey` moves a record's values to a new one."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid as uuid_module
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_save
from django.utils import timezone

from lib import crypto
from lib.errors import Refused

# Unwrapped data keys, kept briefly so a page of fifty rows unwraps each key once. An
# entry is used only while the row still holds the wrapped key it came from, and is
# dropped after KEY_CACHE_SECONDS: destroying or re-keying a key evicts it at once in
# this process, and within that time in every other one (which, reading the row first,
# would not use it meanwhile).
KEY_CACHE_SECONDS = 300
KEY_CACHE_SIZE = 4096


class _KeyCache:
    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[str, bytes, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, row: str, wrapped: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(row)
            if entry is None:
                return None
            if entry[0] != wrapped or entry[2] < time.monotonic():
                del self._entries[row]
                return None
            return entry[1]

    def put(self, row: str, wrapped: str, key: bytes) -> None:
        with self._lock:
            self._entries[row] = (wrapped, key, time.monotonic() + KEY_CACHE_SECONDS)
            self._entries.move_to_end(row)
            while len(self._entries) > KEY_CACHE_SIZE:
                self._entries.popitem(last=False)

    def evict(self, row: str) -> None:
        with self._lock:
            self._entries.pop(row, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __contains__(self, row: str) -> bool:
        return row in self._entries


KEY_CACHE = _KeyCache()


def _row(uuid: uuid_module.UUID) -> str:
    return f"cases.datakey:{uuid}"


class DataKey(models.Model):
    """One person's or one referral's data key, wrapped by a master key and bound to this
    row: a wrapped key copied into another row does not open."""

    uuid = models.UUIDField(default=uuid_module.uuid4, unique=True, editable=False)
    master_key_id = models.CharField(max_length=40)
    wrapped = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rekeyed_at = models.DateTimeField(null=True, blank=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["master_key_id"], name="datakey_master")]

    def __str__(self) -> str:
        return f"Data key {self.pk}{' (destroyed)' if self.destroyed_at else ''}"

    @classmethod
    def create(cls) -> DataKey:
        data_key = cls(uuid=uuid_module.uuid4())
        data_key.seal(crypto.generate_data_key())
        data_key.save()
        return data_key

    def seal(self, key: bytes) -> None:
        """Keep `key` in this row, wrapped by the current master key."""
        self.master_key_id, self.wrapped = crypto.wrap(settings.FIELD_MASTER_KEYS, key, row=_row(self.uuid))
        KEY_CACHE.put(_row(self.uuid), self.wrapped, key)

    def key(self) -> bytes:
        if self.destroyed_at or not self.wrapped:
            raise crypto.KeyUnavailable("this record's data key has been destroyed")
        row = _row(self.uuid)
        key = KEY_CACHE.get(row, self.wrapped)
        if key is None:
            key = crypto.unwrap(settings.FIELD_MASTER_KEYS, self.master_key_id, self.wrapped, row=row)
            KEY_CACHE.put(row, self.wrapped, key)
        return key

    def destroy(self) -> None:
        self.wrapped = ""
        self.destroyed_at = timezone.now()
        self.save(update_fields=["wrapped", "destroyed_at"])
        KEY_CACHE.evict(_row(self.uuid))


# --- sealed values -----------------------------------------------------------------------

# Every model with sealed values, and its sealed descriptors, for re-keying and for
# sealing the values a new record was never given.
SEALED_MODELS: dict[type[models.Model], list[Sealed]] = {}


def data_key_path(model: type[models.Model]) -> str:
    """The lookup from `model` to the DataKey its values are sealed with."""
    declared: str | None = getattr(model, "data_key_path", None)
    if declared:
        return declared
    names = {f.name for f in model._meta.get_fields()}
    if "data_key" in names:
        return "data_key"
    if "referral" in names:
        return "referral__data_key"
    raise TypeError(f"{model.__name__} has sealed values but no way to its data key")


class Sealed(property):
    """A personal value kept encrypted in the `<name>_sealed` column. `max_length` is the
    model's own limit on the text, whatever form or import it came from; a longer value
    is refused, against the field of the same name. `padded_to` is the smallest size the
    value is padded to before encryption (lib.crypto.padded_size): larger for fields whose
    every answer must give the same length. (A property, so that the model's constructor
    accepts it like a field.)"""

    def __init__(self, max_length: int | None = None, *, padded_to: int = crypto.SMALLEST_PADDED) -> None:
        super().__init__()
        self.max_length = max_length
        self.padded_to = padded_to

    def __set_name__(self, owner: type[models.Model], name: str) -> None:
        self.name = name
        self.column = f"{name}_sealed"
        SEALED_MODELS.setdefault(owner, []).append(self)

    def context(self, instance: Any) -> str:
        return f"{instance._meta.label_lower}.{self.name}:{instance.uuid}"

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        token = getattr(instance, self.column)
        if not token:
            return self.from_text("")
        return self.from_text(crypto.decrypt(instance.data_key.key(), token, context=self.context(instance)))

    def __set__(self, instance: Any, value: Any) -> None:
        text = self.to_text(value)
        if self.max_length is not None and len(text) > self.max_length:
            described = self.name.replace("_", " ").capitalize()
            raise Refused(f"{described} must be {self.max_length:,} characters or fewer", field=self.name)
        setattr(instance, self.column, self.seal(instance, text, instance.data_key.key()))

    def seal(self, instance: Any, text: str, key: bytes) -> str:
        return crypto.encrypt(key, text, context=self.context(instance), at_least=self.padded_to)

    def open(self, instance: Any, key: bytes) -> str:
        token = getattr(instance, self.column)
        return crypto.decrypt(key, token, context=self.context(instance)) if token else ""


class SealedDate(Sealed):
    """A date kept sealed, as ISO text; None when not known."""

    def to_text(self, value: Any) -> str:
        if value in (None, ""):
            return ""
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise TypeError(f"{self.name} must be a date")
        return value.isoformat()

    def from_text(self, text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None


class SealedNumber(Sealed):
    """A whole number kept sealed; 0 when not known."""

    def to_text(self, value: Any) -> str:
        return str(int(value))

    def from_text(self, text: str) -> int:
        return int(text) if text else 0


def assign(instance: models.Model, **values: Any) -> None:
    """Set several sealed values of a record (its data key set first)."""
    for name, value in values.items():
        if not isinstance(getattr(type(instance), name, None), Sealed):
            raise AttributeError(f"{type(instance).__name__}.{name} is not a sealed value")
        setattr(instance, name, value)


def seal_blanks(instance: models.Model) -> None:
    """Seal a new record's unset values as empty, so that an empty value cannot be told
    from a short one. Every save does it (below); bulk_create callers call it."""
    _seal_what_was_never_given(type(instance), instance)


def _seal_what_was_never_given(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    descriptors = SEALED_MODELS.get(sender)
    if not descriptors:
        return
    blank = [sealed for sealed in descriptors if not getattr(instance, sealed.column)]
    if not blank:
        return
    try:
        key = instance.data_key.key()
    except crypto.KeyUnavailable:
        return  # an erased record keeps nothing to seal
    for sealed in blank:
        setattr(instance, sealed.column, sealed.seal(instance, "", key))


pre_save.connect(_seal_what_was_never_given, dispatch_uid="cases.vault.seal_blank")
