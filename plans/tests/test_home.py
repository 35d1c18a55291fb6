import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from conftest import action_titled, objective_titled, viewer
from govuk.testing import Element, list_rows, page
from hub.collect import contributions
from plans import actions, home
from plans.models import Strategy
from plans.tests.conftest import Spread

pytestmark = pytest.mark.django_db

PLAN_PANELS = ("Delivery plans", "Your actions")


def _classes(element: Element) -> list[str]:
    return element.attrs.get("class", "").split()


def _panels(client: Client) -> dict[str, list[tuple[int, str, str]]]:
    """Each home panel's heading, with its counts as (number, text, href)."""
    panels = {}
    for section in page(client.get("/").content).iter("section"):
        if not section.iter("h2"):
            continue  # the service navigation
        counts = []
        for link in section.iter("a"):
            if "app-summary-counts__link" in _classes(link):
                number = next(s for s in link.iter("span") if "app-summary-counts__count" in _classes(s))
                counts.append((int(number.text), link.text, link.attrs["href"]))
        panels[section.iter("h2")[0].text] = counts
    return panels


@pytest.mark.parametrize("who", ["coordinator", "owner", "steering"])
def test_each_number_on_the_plans_panels_is_the_number_of_rows_its_link_lists(
    who: str,
    spread: Spread,
    owner: User,
    coordinator_viewer: Viewer,
    request: pytest.FixtureRequest,
    sign_in: Callable[..., Client],
) -> None:
    # Enough actions that the longer lists run to a second page.
    objective = objective_titled("Engage communities")
    for number in range(55):
        actions.add_action(
            viewer=coordinator_viewer, objective=objective, title=f"Extra action {number:02d}", owner=owner
        )
    client = sign_in(request.getfixturevalue(who))
    panels = _panels(client)
    shown = [heading for heading in PLAN_PANELS if heading in panels]
    assert shown == (["Delivery plans"] if who == "steering" else list(PLAN_PANELS))
    for heading in shown:
        for number, text, href in panels[heading]:
            assert len(list_rows(client, href)) == number, f"{heading}: {text} ({href})"
    # All, red, amber, green, complete, not rated, overdue.
    assert [number for number, _, _ in panels["Delivery plans"]] == [61, 1, 1, 1, 1, 57, 2]


def test_the_your_actions_panel_counts_what_the_viewer_owns(
    spread: Spread, owner: User, sign_in: Callable[..., Client]
) -> None:
    counts = _panels(sign_in(owner))["Your actions"]
    assert [(number, text) for number, text, _ in counts] == [
        (2, "2 actions you own in active plans"),
        (1, "1 due an update this quarter"),
    ]


def test_a_coordinator_who_owns_no_action_gets_no_your_actions_panel(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    panels = _panels(sign_in(coordinator))
    assert "Delivery plans" in panels and "Your actions" not in panels


def test_an_action_owner_always_gets_the_panel_and_is_told_when_nothing_is_due(
    plan: Strategy,
    owner: User,
    coordinator_viewer: Viewer,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    newcomer = sign_in(person(partnership, Role.ACTION_OWNER))
    assert [number for number, _, _ in _panels(newcomer)["Your actions"]] == [0, 0]
    assert "You do not own any action in an active plan" in newcomer.get("/").content.decode()

    actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action_titled("Deliver WRAP training in colleges"),
        update_date=timezone.localdate(),
        rag="green",
        commentary="On track.",
    )
    client = sign_in(owner)
    assert [number for number, _, _ in _panels(client)["Your actions"]] == [1, 0]
    assert "Nothing is due" in client.get("/").content.decode()


def test_the_plans_panel_links_to_each_active_plan_and_to_all_plans(
    spread: Spread, steering: User, sign_in: Callable[..., Client]
) -> None:
    section = next(
        s
        for s in page(sign_in(steering).get("/").content).iter("section")
        if [h.text for h in s.iter("h2")] == ["Delivery plans"]
    )
    texts = [text for text, _ in section.links()]
    assert "Prevent Delivery Plan 2018-19" in texts and "All delivery plans" in texts
    assert "Draft plan 2026-27" not in texts and "Westminster plan" not in texts


def test_the_navigation_leads_plan_readers_to_delivery_plans(
    plan: Strategy, steering: User, sign_in: Callable[..., Client]
) -> None:
    assert [entry.url_name for entry in home.NAVIGATION] == ["plans:strategy_list"]
    assert any(entry in contributions().navigation for entry in home.NAVIGATION)
    navigation = sign_in(steering).get("/plans/actions/").context["navigation"]
    assert {"text": "Delivery plans", "href": "/plans/", "active": True} in navigation


def _grow_to(size: int, coordinator_viewer: Viewer, owner: User, coordinator: User) -> None:
    """Add actions to the `plan` fixture until it has `size`, in every state the panels
    count: owned by each or by nobody, rated or not, updated this quarter or long ago."""
    objective = objective_titled("Engage communities")
    today = timezone.localdate()
    for number in range(objective.strategy.actions.count(), size):
        action = actions.add_action(
            viewer=coordinator_viewer,
            objective=objective,
            title=f"Grown action {number}",
            owner=(owner, coordinator, None)[number % 3],
        )
        if number % 2:
            actions.record_progress_update(
                viewer=coordinator_viewer,
                action=action,
                update_date=today - dt.timedelta(days=200 * (number % 4 == 1)),
                rag=("red", "amber", "green", "complete")[number % 4],
                commentary="Noted.",
            )


def test_the_home_page_and_the_list_run_the_same_number_of_queries_with_5_and_50_actions(
    plan: Strategy,
    coordinator: User,
    coordinator_viewer: Viewer,
    owner: User,
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(coordinator)
    urls = [
        "/",
        "/plans/actions/",
        "/plans/actions/?mine=yes&update_due=yes",
        "/plans/actions/?overdue=yes&rag=red&rag=none",
    ]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured.captured_queries))
        return result

    client.get("/")  # the first request of a session records activity on it
    _grow_to(5, coordinator_viewer, owner, coordinator)
    before = counts()
    _grow_to(50, coordinator_viewer, owner, coordinator)
    assert counts() == before


def test_each_panel_builds_in_a_fixed_number_of_queries(
    plan: Strategy, coordinator: User, coordinator_viewer: Viewer, owner: User, partnership: Partnership
) -> None:
    as_coordinator = viewer(coordinator, partnership)

    def counts() -> list[int]:
        result = []
        for panel in home.PANELS:
            with CaptureQueriesContext(connection) as captured:
                assert panel.build(as_coordinator) is not None
            result.append(len(captured.captured_queries))
        return result

    _grow_to(5, coordinator_viewer, owner, coordinator)
    before = counts()
    _grow_to(50, coordinator_viewer, owner, coordinator)
    assert counts() == before == [2, 1]
