"""Regions in the Django admin, as a system administrator set up like the demo's uses it:
each save goes through performance.actions_regions and records exactly one audit event;
input the actions refuse comes back as errors on the form, writing nothing; anyone else
gets what the rest of the admin gives them (accounts/tests/test_sign_in.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from govuk.testing import page
from performance.actions_regions import create_region
from performance.admin import RegionForm
from performance.models import Region

pytestmark = pytest.mark.django_db

ADD = "/admin/performance/region/add/"
LIST = "/admin/performance/region/"


def _change(region: Region) -> str:
    return f"/admin/performance/region/{region.pk}/change/"


def _delete(region: Region) -> str:
    return f"/admin/performance/region/{region.pk}/delete/"


@pytest.fixture
def adviser(partnership: Partnership, person: Callable[..., User]) -> User:
    return person(partnership, Role.REGIONAL, email="adviser@example.gov.uk", full_name="Reg Ional")


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.exclude(verb__startswith="accounts.").order_by("id"))


def _state() -> list[tuple[str, list[int], list[int]]]:
    return [
        (
            region.name,
            sorted(region.partnerships.values_list("pk", flat=True)),
            sorted(region.readers.values_list("pk", flat=True)),
        )
        for region in Region.objects.order_by("pk")
    ]


def _errors(response: Any) -> list[str]:
    shown = page(response.content)
    return [
        element.text for element in shown.iter("ul") if "errorlist" in element.attrs.get("class", "").split()
    ]


def test_an_administrator_adds_a_region_with_one_audit_event(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    adviser: User,
    sign_in: Callable[..., Client],
) -> None:
    client = sign_in(administrator)
    form = client.get(ADD)
    assert form.status_code == 200
    before = len(_events())
    response = client.post(
        ADD,
        {
            "name": "Inner London",
            "partnerships": [partnership.pk, other_partnership.pk],
            "readers": [adviser.pk],
        },
    )
    assert response.status_code == 302, _errors(response)
    region = Region.objects.get()
    assert _state() == [("Inner London", sorted([partnership.pk, other_partnership.pk]), [adviser.pk])]
    assert response["Location"] == LIST
    [event] = _events()[before:]
    assert event.verb == "performance.region.created"
    assert event.actor == administrator
    assert event.object_id == str(region.uuid)
    assert client.get(LIST).status_code == 200
    assert "Inner London" in client.get(LIST).content.decode()


def test_the_readers_offered_are_the_people_with_the_regional_role(
    administrator: User,
    partnership: Partnership,
    adviser: User,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    person(partnership, Role.STEERING, email="steering@example.gov.uk", full_name="Stee Ring")
    shown = page(sign_in(administrator).get(ADD).content)
    offered = [option.text for option in shown.by_id("id_readers").iter("option")]
    assert offered == ["Reg Ional (adviser@example.gov.uk)"]
    partnerships = [option.text for option in shown.by_id("id_partnerships").iter("option")]
    assert partnership.name in partnerships


def test_an_administrator_changes_a_regions_membership_with_one_audit_event(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    camden: Partnership,
    adviser: User,
    sign_in: Callable[..., Client],
) -> None:
    region = create_region(
        actor=administrator, name="London", partnerships=[partnership, other_partnership], readers=[]
    )
    client = sign_in(administrator)
    assert client.get(_change(region)).status_code == 200
    before = len(_events())
    response = client.post(
        _change(region),
        {
            "name": "London",
            "partnerships": [partnership.pk, camden.pk],
            "readers": [adviser.pk],
            "_continue": "1",
        },
    )
    assert response.status_code == 302, _errors(response)
    assert response["Location"] == _change(region)
    assert _state() == [("London", sorted([partnership.pk, camden.pk]), [adviser.pk])]
    [event] = _events()[before:]
    assert event.verb == "performance.region.updated"
    assert event.changes["partnerships"]["added"] == [{"id": camden.pk, "name": "Camden"}]
    assert event.changes["partnerships"]["removed"] == [
        {"id": other_partnership.pk, "name": other_partnership.name}
    ]
    assert event.changes["readers"]["added"] == [{"id": adviser.pk, "email": adviser.email}]
    assert "name" not in event.changes


def test_an_administrator_deletes_regions_one_event_each(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    camden: Partnership,
    sign_in: Callable[..., Client],
) -> None:
    first = create_region(actor=administrator, name="West", partnerships=[partnership, other_partnership])
    second = create_region(actor=administrator, name="East", partnerships=[other_partnership, camden])
    third = create_region(actor=administrator, name="North", partnerships=[partnership, camden])
    client = sign_in(administrator)
    assert client.get(_delete(first)).status_code == 200
    before = len(_events())
    assert client.post(_delete(first), {"post": "yes"}).status_code == 302
    assert [event.verb for event in _events()[before:]] == ["performance.region.deleted"]
    response = client.post(
        LIST, {"action": "delete_selected", "_selected_action": [second.pk, third.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Region.objects.exists()
    deleted = _events()[before + 1 :]
    assert sorted(event.object_id for event in deleted) == sorted([str(second.uuid), str(third.uuid)])
    assert {event.verb for event in deleted} == {"performance.region.deleted"}


INVALID: dict[str, tuple[dict[str, Any], str]] = {
    "no name": ({"name": ""}, "This field is required."),
    "name taken in other capitals": (
        {"name": "OUTER london"},
        "There is already a region called OUTER london",
    ),
    "one partnership": ({"partnerships": ["P"]}, "Choose at least two partnerships for the region"),
    "no partnership": ({"partnerships": []}, "This field is required."),
    "a reader regional only elsewhere": (
        {"readers": ["ELSEWHERE"]},
        "elsewhere@example.gov.uk is not a regional adviser in any of the region's partnerships",
    ),
    "a reader who is no regional adviser": ({"readers": ["STEERING"]}, "Select a valid choice."),
    "a partnership that is not a number": ({"partnerships": ["x", "P"]}, "is not a valid value"),
    "a reader who does not exist": ({"readers": ["999999"]}, "Select a valid choice."),
    "a name too long": ({"name": "L" * 500}, "Ensure this value has at most 120 characters"),
    # The middleware takes control characters out of every input (govuk.middleware).
    "a name of control characters only": ({"name": "\x00\x01 "}, "This field is required."),
}


@pytest.mark.parametrize("case", sorted(INVALID))
@pytest.mark.parametrize("adding", [True, False], ids=["add", "change"])
def test_invalid_input_gives_the_form_back_with_its_error_and_writes_nothing(
    case: str,
    adding: bool,
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    camden: Partnership,
    adviser: User,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    create_region(actor=administrator, name="Outer London", partnerships=[other_partnership, camden])
    region = create_region(
        actor=administrator, name="Central", partnerships=[partnership, other_partnership], readers=[adviser]
    )
    stand_ins = {
        "P": str(partnership.pk),
        "ELSEWHERE": str(person(camden, Role.REGIONAL, email="elsewhere@example.gov.uk").pk),
        "STEERING": str(person(partnership, Role.STEERING).pk),
    }
    data: dict[str, Any] = {
        "name": "Inner London",
        "partnerships": [partnership.pk, other_partnership.pk],
        "readers": [adviser.pk],
    }
    changed, message = INVALID[case]
    data.update(
        {
            name: [stand_ins.get(v, v) for v in value] if isinstance(value, list) else value
            for name, value in changed.items()
        }
    )
    before, events = _state(), len(_events())
    response = sign_in(administrator).post(ADD if adding else _change(region), data)
    assert response.status_code == 200
    assert any(message in error for error in _errors(response)), _errors(response)
    assert _state() == before
    assert len(_events()) == events


def test_a_refusal_after_the_forms_checks_writes_nothing_and_says_why(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    sign_in: Callable[..., Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As when another administrator's change lands between the form's checks and the save:
    the action refuses, the admin's transaction is rolled back, the page says why."""
    region = create_region(actor=administrator, name="London", partnerships=[partnership, other_partnership])
    monkeypatch.setattr(RegionForm, "clean", lambda form: form.cleaned_data)
    client = sign_in(administrator)
    before, events = _state(), len(_events())
    for url in (ADD, _change(region)):
        response = client.post(url, {"name": "Elsewhere", "partnerships": [partnership.pk], "readers": []})
        assert response.status_code == 302
        assert response["Location"] == url
        shown = client.get(url).content.decode()
        assert "Not saved: Choose at least two partnerships for the region" in shown
    assert _state() == before
    assert len(_events()) == events


def test_only_system_administrators_reach_the_regions_admin(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    adviser: User,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    region = create_region(actor=administrator, name="London", partnerships=[partnership, other_partnership])
    pages = [LIST, ADD, _change(region), _delete(region)]
    coordinator = sign_in(person(partnership, Role.COORDINATOR))
    regional = sign_in(adviser)
    unverified = sign_in(administrator, verified=False)
    before, events = _state(), len(_events())
    for url in pages:
        assert coordinator.get(url).status_code == 404, url
        assert regional.get(url).status_code == 404, url
        assert Client().get(url)["Location"].startswith("/sign-in/"), url
        assert unverified.get(url).status_code == 302, url
    posted = {"name": "Taken over", "partnerships": [partnership.pk, other_partnership.pk], "post": "yes"}
    for client in (coordinator, regional, Client(), unverified):
        for url in pages:
            assert client.post(url, posted).status_code in (302, 404), url
    assert _state() == before
    assert len(_events()) == events
