"""Keyset paging for long lists, feeding the GOV.UK pagination component. Cursors are
signed so they reveal nothing and cannot be forged; a bad cursor shows page one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F, Model, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan, TupleLookupMixin
from django.http import HttpRequest

_SALT = "govuk.paging"


@dataclass(frozen=True)
class Page[T: Model]:
    items: list[T]
    noun: str
    next_query: str | None = None
    previous_query: str | None = None


def _field(key: str) -> str:
    return key.removeprefix("-")


def _flip(key: str) -> str:
    return key[1:] if key.startswith("-") else f"-{key}"


def _beyond(keys: tuple[str, ...], values: list[Any], *, forward: bool) -> Q | TupleLookupMixin:
    """Rows after (or, going back, before) the cursor in the order `keys` give,
    where a key starting with "-" sorts descending."""
    directions = {key.startswith("-") for key in keys}
    if len(directions) == 1:
        # A row-value comparison, (a, b) < (x, y), is an index range on both databases;
        # the equivalent OR of comparisons makes the database walk every earlier row.
        lookup = TupleLessThan if directions.pop() == forward else TupleGreaterThan
        return lookup(Tuple(*(F(_field(key)) for key in keys)), values)
    condition = Q()
    for index, key in enumerate(keys):
        less_than = key.startswith("-") == forward
        step = Q(**{f"{_field(key)}__{'lt' if less_than else 'gt'}": values[index]})
        for earlier, value in zip(keys[:index], values[:index], strict=True):
            step &= Q(**{_field(earlier): value})
        condition |= step
    return condition


def _cursor(
    request: HttpRequest, name: str, queryset: QuerySet[Any], keys: tuple[str, ...]
) -> list[Any] | None:
    token = request.GET.get(name)
    if not token:
        return None
    try:
        values = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(values, list) and len(values) == len(keys)):
        return None
    # Back to each column's own type (dates travel as text).
    fields = [queryset.model._meta.get_field(_field(key)) for key in keys]
    try:
        return [field.to_python(value) for field, value in zip(fields, values, strict=True)]
    except ValidationError:
        return None


def _query(request: HttpRequest, name: str, values: list[Any]) -> str:
    params = request.GET.copy()
    params.pop("after", None)
    params.pop("before", None)
    # Dates travel as ISO text, which the database lookups accept as they are.
    plain = [value.isoformat() if isinstance(value, dt.date) else value for value in values]
    params[name] = signing.dumps(plain, salt=_SALT)
    return "?" + params.urlencode()


def keyset_page[T: Model](
    request: HttpRequest, queryset: QuerySet[T], *, keys: tuple[str, ...], size: int, noun: str
) -> Page[T]:
    def key_of(item: T) -> list[Any]:
        values = []
        for key in keys:
            value: Any = item
            for part in _field(key).split("__"):
                value = getattr(value, part)
            values.append(value)
        return values

    before = _cursor(request, "before", queryset, keys)
    after = None if before else _cursor(request, "after", queryset, keys)
    if before is not None:
        rows = list(
            queryset.filter(_beyond(keys, before, forward=False)).order_by(*(_flip(k) for k in keys))[
                : size + 1
            ]
        )
        has_previous, has_next = len(rows) > size, True
        items = list(reversed(rows[:size]))
    else:
        if after is not None:
            queryset = queryset.filter(_beyond(keys, after, forward=True))
        rows = list(queryset.order_by(*keys)[: size + 1])
        has_previous, has_next = after is not None, len(rows) > size
        items = rows[:size]
    return Page(
        items=items,
        noun=noun,
        next_query=_query(request, "after", key_of(items[-1])) if has_next and items else None,
        previous_query=_query(request, "before", key_of(items[0])) if has_previous and items else None,
    )
