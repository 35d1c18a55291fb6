"""Every link and button a demo role is shown opens for that role. From the home page, the
test follows links through the service as its reader could, opening at most a few pages
of each kind (each URL name), and checks that each link answers and that each form's
button leads to a page that exists for them. A button or link that answers 404 is a
promise the page cannot keep. Every table on the way must read by its headers."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from accounts.models import User
from govuk.testing import page

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
PAGES_OF_EACH_KIND = 2
# Files are produced on demand (PDF, spreadsheets, archives); their links are checked to
# resolve to a view, not produced here.
FILES = (".pdf", ".csv", ".xlsx", ".zip")
NOT_FOLLOWED = ("/sign-out/", "/admin/", "/static/")


@pytest.fixture(scope="module")
def demo(module_db: None) -> Iterator[None]:
    from demo import loader

    with override_settings(DEMO=True):
        loader.load(report=lambda line: None)
        yield


def _kind(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


def _local(href: str, here: str) -> str | None:
    address = urlsplit(href)
    if address.scheme or address.netloc or href.startswith(("#", "mailto:")):
        return None
    path = address.path or urlsplit(here).path
    if not path.startswith("/") or path.startswith(NOT_FOLLOWED):
        return None
    return path + (f"?{address.query}" if address.query else "")


@pytest.mark.parametrize("mailbox", ROLES)
def test_every_link_and_button_a_role_is_shown_opens_for_it(
    mailbox: str, demo: None, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(User.objects.get(email=f"{mailbox}@towerhamlets.demo"))
    seen: set[str] = {"/"}
    opened: Counter[str] = Counter()
    queue: deque[str] = deque(["/"])
    broken: list[str] = []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code == 302:
            response = client.get(response["Location"])
        if response.status_code != 200:
            broken.append(f"{url} answered {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        shown = page(response.content)
        # Every table reads by its headers: a row with more or fewer cells than headings fails.
        shown.tables()
        for _, href in shown.links():
            target = _local(href, url)
            if target is None or target in seen:
                continue
            seen.add(target)
            kind = _kind(urlsplit(target).path)
            if not kind:
                broken.append(f"{url} links to {target}, which is no page")
            elif urlsplit(target).path.endswith(FILES):
                continue
            elif opened[kind] < PAGES_OF_EACH_KIND:
                opened[kind] += 1
                queue.append(target)
        for form in shown.forms():
            target = _local(form.attrs.get("action", "") or url, url)
            if target is None or target in seen:
                continue
            seen.add(target)
            # A button's own page: a GET of a POST-only view goes back to the page showing it.
            answer = client.get(target).status_code
            if answer not in (200, 302):
                broken.append(f"{url} has a button for {target}, which answers {answer}")
    assert not broken, broken
    assert len(opened) >= 3, f"{mailbox} could open only {sorted(opened)}"
