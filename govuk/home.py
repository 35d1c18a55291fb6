"""What a capability puts on the home page and in the navigation. Each app declares its
own in a module `home.py` (`PANELS` and `NAVIGATION`), each with the rule that decides
who sees it; the hub collects them. They live here, below every capability, because
nothing may import the hub.

A panel answers "what do I need to do today?" for the roles it is for: each number on it
is a `Count`, a link to the filtered list it counts, and the number is an aggregate
query, never a list loaded to be counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

# A viewer is the signed-in user in their partnership (accounts.access.Viewer). It is not
# imported: accounts builds on govuk, not the other way round.
Viewer = Any


def holding(*roles: str) -> Callable[[Viewer], bool]:
    """The rule for viewers holding any of `roles` in their current partnership."""

    def rule(viewer: Viewer) -> bool:
        return viewer.has_any(*roles)

    return rule


@dataclass(frozen=True)
class Count:
    """A number on a home panel and the list behind it, filtered to what it counts."""

    number: int
    text: str  # follows the number: "waiting at the gateway"
    href: str

    @classmethod
    def of(cls, number: int, one: str, many: str, href: str) -> Count:
        """A count whose words agree with the number: "1 review overdue", "2 reviews overdue"."""
        return cls(number, one if number == 1 else many, href)


def counts(**querysets: QuerySet[Any]) -> dict[str, int]:
    """How many rows each queryset holds, as `queryset.count()` says, in one statement
    (`SELECT (SELECT COUNT(*) FROM (…)), (SELECT COUNT(*) FROM (…)), …`): a panel of
    several numbers costs one round trip, not one a number. A queryset that can hold
    nothing (`.none()`, or a filter on an empty list) is 0 without asking. All of them
    must read the same database and none may be sliced."""
    numbers = dict.fromkeys(querysets, 0)
    selects: list[str] = []
    params: list[Any] = []
    names: list[str] = []
    using = ""
    for name, queryset in querysets.items():
        assert not queryset.query.is_sliced, "counts() takes whole querysets"
        using = using or queryset.db
        assert queryset.db == using, "counts() reads one database"
        # The rows' keys, as count() counts them: ordering and related rows dropped, the
        # rows of a distinct queryset counted once.
        keys = queryset.order_by().values("pk")
        try:
            sql, values = keys.query.get_compiler(using=using).as_sql()
        except EmptyResultSet:
            continue
        # The SQL is the ORM's own, its values passed as parameters.
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{len(selects)})")  # noqa: S608
        params.extend(values)
        names.append(name)
    if selects:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(selects)}", params)
            row = cursor.fetchone()
        numbers.update(zip(names, (int(number) for number in row), strict=True))
    return numbers


@dataclass(frozen=True)
class Panel:
    """A section of the home page. `build` gives its template's context for one viewer,
    or None when it has nothing to show them."""

    heading: str
    template: str
    shown_to: Callable[[Viewer], bool]
    build: Callable[[Viewer], dict[str, Any] | None]
    order: int


@dataclass(frozen=True)
class NavigationEntry:
    """A link in the service navigation. It is marked as the current section on pages
    whose `namespace:url_name` matches one of `sections` (shell-style patterns, such as
    `cases:meeting_*`); where several entries match, the most specific pattern wins."""

    label: str
    url_name: str
    shown_to: Callable[[Viewer], bool]
    sections: tuple[str, ...]
    order: int

    def match(self, page: str) -> int:
        """How specifically the entry claims the page: the length of its longest pattern
        that matches, or -1."""
        return max((len(pattern) for pattern in self.sections if fnmatchcase(page, pattern)), default=-1)
