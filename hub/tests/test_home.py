"""The home page as each demo role meets it: every link on it and in the navigation opens
for that role, and every number on it is the number of rows of the list it links to."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client, override_settings

from accounts.models import Membership, Role, User
from govuk.testing import Element, list_rows, page

pytestmark = pytest.mark.django_db

ROLES = (
    "coordinator",
    "chair",
    "police",
    "panel",
    "provider",
    "referrer",
    "owner",
    "steering",
    "partnerlead",
    "projectprovider",
    "venues",
)
# Pages every signed-in person may open from the header, and links that leave the site.
NOT_FOLLOWED = ("#", "http://", "https://", "mailto:")


@pytest.fixture(scope="module")
def demo(module_db: None) -> Iterator[None]:
    from demo import loader

    with override_settings(DEMO=True):
        loader.load(report=lambda line: None)
        yield


def _client(email: str, sign_in: Callable[..., Client]) -> Client:
    return sign_in(User.objects.get(email=email))


def _get(client: Client, url: str) -> Element:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return page(response.content)


def _followed(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(text, href) for text, href in links if not href.startswith(NOT_FOLLOWED)]


@pytest.mark.parametrize("mailbox", ROLES)
def test_every_link_on_the_home_page_and_in_the_navigation_opens_for_its_reader(
    mailbox: str, demo: None, sign_in: Callable[..., Client]
) -> None:
    client = _client(f"{mailbox}@towerhamlets.demo", sign_in)
    home = _get(client, "/")
    links = _followed(home.by_id("main-content").links() + home.by_id("navigation").links())
    assert links, "the home page offers nothing to open"
    for text, href in links:
        response = client.get(href)
        assert response.status_code == 200, f"{mailbox}: {text!r} ({href}) answered {response.status_code}"


def test_someone_in_two_partnerships_sees_the_home_page_of_the_one_they_work_in(
    demo: None, sign_in: Callable[..., Client]
) -> None:
    client = _client("steering@westminster.demo", sign_in)
    for membership in Membership.objects.filter(user__email="steering@westminster.demo"):
        chosen = membership.partnership
        assert client.post("/account/partnership/", {"partnership": str(chosen.uuid)}).status_code == 302
        home = _get(client, "/")
        assert f"You are working in {chosen.name} as" in home.text
        for text, href in _followed(home.by_id("main-content").links()):
            assert client.get(href).status_code == 200, f"{chosen}: {text!r} ({href})"


def _counts(home: Element) -> list[tuple[int, str, str]]:
    """(number, what it counts, link) for every number on the home page."""
    found = []
    for link in home.iter("a"):
        if "app-summary-counts__link" not in link.attrs.get("class", ""):
            continue
        number = next(
            span for span in link.iter("span") if "app-summary-counts__count" in span.attrs["class"]
        )
        found.append((int(number.text), link.text.removeprefix(number.text).strip(), link.attrs["href"]))
    return found


@pytest.mark.parametrize("mailbox", ROLES)
def test_each_number_on_the_home_page_is_the_length_of_the_list_it_opens(
    mailbox: str, demo: None, sign_in: Callable[..., Client]
) -> None:
    client = _client(f"{mailbox}@towerhamlets.demo", sign_in)
    counts = _counts(_get(client, "/"))
    for number, what, href in counts:
        assert len(list_rows(client, href)) == number, (
            f"{mailbox}: {number} {what}, but {href} lists otherwise"
        )


def test_the_coordinator_has_something_behind_every_number_in_the_demo(
    demo: None, sign_in: Callable[..., Client]
) -> None:
    """So that the comparison above compares lists with rows, not empty pages, for the
    role with the most numbers."""
    counts = _counts(_get(_client("coordinator@towerhamlets.demo", sign_in), "/"))
    empty = [what for number, what, href in counts if number == 0]
    assert len(counts) >= 12
    assert not empty, empty


WHAT_EACH_ROLE_READS: dict[str, tuple[str, ...]] = {
    "coordinator": (
        "Police gateway",
        "Channel cases",
        "My cases",
        "Follow-up",
        "Your panel actions",
        "Channel panels",
        "Delivery plans",
        "Organisations",
        "Engagement follow-ups",
        "Venue checks",
    ),
    "chair": ("Follow-up", "Channel panels"),
    "police": ("Police gateway",),
    # The panel member and the action owner each own an action agreed at panel in the demo.
    "panel": ("Your panel actions", "Your panel meetings"),
    "provider": ("Your interventions",),
    "referrer": ("Referrals",),
    "owner": ("Your panel actions", "Delivery plans", "Your actions"),
    "steering": ("Delivery plans",),
    "partnerlead": (),
    "projectprovider": ("Your project returns",),
    "venues": ("Venue checks",),
}


@pytest.mark.parametrize("mailbox", ROLES)
def test_each_role_reads_the_panels_of_its_work_and_no_other(
    mailbox: str, demo: None, sign_in: Callable[..., Client]
) -> None:
    home = _get(_client(f"{mailbox}@towerhamlets.demo", sign_in), "/").by_id("main-content")
    headings = [heading.text for heading in home.iter("h2")]
    assert headings == list(WHAT_EACH_ROLE_READS[mailbox]), headings


def test_a_panel_member_on_the_case_team_is_not_shown_the_panel_members_panel(
    demo: None, sign_in: Callable[..., Client]
) -> None:
    user = User.objects.get(email="chair@towerhamlets.demo")
    chair = Membership.objects.get(user=user)
    Membership.objects.create(user=user, partnership=chair.partnership, role=Role.PANEL_MEMBER)
    home = _get(sign_in(user), "/")
    assert "Your panel meetings" not in [h.text for h in home.iter("h2")]
    assert [text for text, _ in home.by_id("navigation").links()].count("Panels") == 1


def test_the_current_section_is_marked_in_the_navigation(demo: None, sign_in: Callable[..., Client]) -> None:
    client = _client("coordinator@towerhamlets.demo", sign_in)

    def current(url: str) -> list[str]:
        navigation = _get(client, url).by_id("navigation")
        return [a.text for a in navigation.iter("a") if a.attrs.get("aria-current") == "true"]

    assert current("/") == ["Home"]
    assert current("/cases/") == ["Cases"]
    assert current("/cases/panels/") == ["Panels"]
    assert current("/cases/panels/actions/") == ["Panels"]
    assert current("/plans/") == ["Delivery plans"]
    assert current("/audit/") == ["Audit log"]


def test_a_person_without_a_partnership_is_not_shown_a_home_page(sign_in: Callable[..., Client]) -> None:
    lonely = User.objects.create_user("lonely@example.gov.uk", "a long enough password", full_name="No One")
    assert sign_in(lonely).get("/").status_code == 404
