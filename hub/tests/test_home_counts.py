"""govuk.home.counts: several home-panel numbers in one statement, each the number
`queryset.count()` gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Partnership, Role, User
from govuk.home import counts


def test_each_number_is_what_count_says_and_all_come_in_one_statement(
    partnership: Partnership, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    person(partnership, Role.COORDINATOR, Role.POLICE)
    person(partnership, Role.POLICE)
    person(other_partnership, Role.POLICE)
    querysets: dict[str, Any] = {
        "here": Membership.objects.filter(partnership=partnership),
        "police": Membership.objects.filter(role=Role.POLICE).select_related("user").order_by("-pk"),
        "people_here": User.objects.filter(memberships__partnership=partnership).distinct(),
        "nobody": User.objects.none(),
        "no_role": Membership.objects.filter(role__in=[]),
    }
    expected = {name: queryset.count() for name, queryset in querysets.items()}
    assert expected == {"here": 3, "police": 3, "people_here": 2, "nobody": 0, "no_role": 0}
    with CaptureQueriesContext(connection) as statements:
        assert counts(**querysets) == expected
    assert len(statements.captured_queries) == 1


def test_nothing_to_ask_runs_no_statement(db: Any) -> None:
    with CaptureQueriesContext(connection) as statements:
        assert counts(none=User.objects.none()) == {"none": 0}
        assert counts() == {}
    assert statements.captured_queries == []
