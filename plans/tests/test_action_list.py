from collections.abc import Callable

import pytest
from django.test import Client

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from conftest import objective_titled
from govuk.testing import list_rows, page
from plans import actions
from plans.tests.conftest import Spread

pytestmark = pytest.mark.django_db

LIST = "/plans/actions/"


def _listed(client: Client, query: str = "") -> set[str]:
    rows = [row["Action"] for row in list_rows(client, LIST + query)]
    assert len(rows) == len(set(rows)), "an action is listed twice"
    return set(rows)


def test_the_list_shows_every_action_of_the_active_plans_and_nothing_else(
    spread: Spread, steering: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(steering)
    assert _listed(client) == spread.every
    body = client.get(LIST).content.decode()
    assert "All actions" in body and "6 actions." in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?rag=red", "red"),
        ("?rag=amber", "amber"),
        ("?rag=green", "green"),
        ("?rag=complete", "complete"),
        ("?rag=none", "not_rated"),
        ("?update_due=yes", "update_due"),
        ("?overdue=yes", "overdue"),
    ],
)
def test_each_filter_keeps_exactly_the_actions_it_names(
    query: str, expected: str, spread: Spread, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    assert _listed(sign_in(coordinator), query) == getattr(spread, expected)


def test_filters_combine(spread: Spread, coordinator: User, sign_in: Callable[..., Client]) -> None:
    client = sign_in(coordinator)
    assert _listed(client, "?rag=red&rag=none") == spread.red | spread.not_rated
    assert _listed(client, "?rag=none&overdue=yes") == spread.not_rated & spread.overdue


def test_mine_keeps_the_actions_the_viewer_owns(
    spread: Spread, coordinator: User, owner: User, steering: User, sign_in: Callable[..., Client]
) -> None:
    assert _listed(sign_in(owner), "?mine=yes") == spread.owners
    assert _listed(sign_in(owner), "?mine=yes&update_due=yes") == spread.owners & spread.update_due
    assert _listed(sign_in(coordinator), "?mine=yes") == spread.coordinators
    assert _listed(sign_in(steering), "?mine=yes") == set()


def test_the_heading_says_what_the_filters_show(
    spread: Spread, owner: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(owner)

    def heading(query: str) -> str:
        return page(client.get(LIST + query).content).iter("h1")[0].text

    assert heading("?mine=yes&update_due=yes") == "Your actions due an update this quarter"
    assert heading("?overdue=yes") == "Overdue actions"
    assert heading("?rag=red&rag=amber&rag=none") == "Actions rated red or amber or not rated"
    assert heading("?mine=yes&overdue=yes&rag=green") == "Your overdue actions rated green"


def test_the_list_says_why_each_action_is_listed_when_it_needs_attention(
    spread: Spread, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    rows = {row["Action"]: row for row in list_rows(client, LIST + "?overdue=yes&update_due=yes")}
    wrap = rows["Deliver WRAP training in colleges"]
    assert wrap["Why it is listed"].startswith("Target date passed; No update this quarter")
    assert wrap["Plan"] == "Prevent Delivery Plan 2018-19"
    assert (wrap["Owner"], wrap["Latest RAG"], wrap["Last update"]) == ("Owen Owner", "Not rated", "None")
    assert rows["Review the strategy on unregistered schools"]["Why it is listed"] == "No update this quarter"
    unfiltered = list_rows(client, LIST)
    assert "Why it is listed" not in unfiltered[0]


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.REFERRER, Role.POLICE, Role.CHAIR, Role.PANEL_MEMBER])
def test_roles_that_do_not_read_plans_get_404(
    role: Role,
    spread: Spread,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    assert sign_in(person(partnership, role)).get(LIST).status_code == 404


def test_another_partnership_sees_only_its_own_actions(
    spread: Spread,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    outsider = sign_in(person(other_partnership, *Role))
    assert _listed(outsider) == {"Westminster action"}
    for query in ("?mine=yes", "?rag=red", "?overdue=yes", "?update_due=yes"):
        assert not _listed(outsider, query) & spread.every


@pytest.mark.parametrize(
    "query",
    [
        "?rag=purple",
        "?rag=red&rag=%3Cscript%3E",
        "?rag=",
        "?mine=%3Cscript%3Ealert(1)%3C/script%3E",
        "?mine=true&update_due=1&overdue=on",
        "?after=" + "9" * 20000,
        "?before=" + "x" * 20000 + "&rag=red",
        "?after=W10:1abc:forged",
    ],
)
def test_hostile_input_never_fails_the_page(
    query: str, spread: Spread, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    response = sign_in(coordinator).get(LIST + query)
    assert response.status_code == 200
    assert b"<script>" not in response.content


def test_an_unknown_value_drops_that_filter_and_says_so(
    spread: Spread, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    assert _listed(client, "?rag=purple") == spread.every
    assert "Select RAG statuses from the list" in client.get(LIST + "?rag=purple").content.decode()
    # Only "yes" turns a filter on, as the form and the home page write it.
    assert _listed(client, "?mine=%3Cscript%3E") == spread.every


def test_long_lists_page_without_losing_or_repeating_an_action(
    spread: Spread, coordinator: User, coordinator_viewer: Viewer, sign_in: Callable[..., Client]
) -> None:
    objective = objective_titled("Engage communities")
    extra = {f"Extra action {number:02d}" for number in range(60)}
    for title in extra:
        actions.add_action(viewer=coordinator_viewer, objective=objective, title=title)
    assert _listed(sign_in(coordinator), "?rag=none") == spread.not_rated | extra
