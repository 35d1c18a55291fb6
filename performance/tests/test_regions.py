"""Regions set up through their actions (performance.actions_regions): what each saves and
records in the audit log, what each refuses (writing nothing), that a change of a region's
partnerships is never answered with a release stored for its old membership, and the
demo's region set up the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from demo import loader as demo_loader
from demo import performance_statistics as demo_region
from govuk.testing import Table, page
from lib.errors import Refused
from performance import releases
from performance.actions_regions import create_region, delete_region, update_region
from performance.models import Region, StaleFigures, StoredRelease
from performance.tests.builders_statistics import records

pytestmark = pytest.mark.django_db

YEAR = 2025
URL = "/performance/statistics/regions/"


def _adviser(person: Callable[..., User], partnership: Partnership, email: str = "") -> User:
    return person(partnership, Role.REGIONAL, **({"email": email} if email else {}))


def _events(verb: str = "performance.region.") -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb__startswith=verb).order_by("id"))


def _state() -> list[tuple[str, list[int], list[int]]]:
    return [
        (
            region.name,
            sorted(region.partnerships.values_list("pk", flat=True)),
            sorted(region.readers.values_list("pk", flat=True)),
        )
        for region in Region.objects.order_by("pk")
    ]


def test_an_administrator_creates_a_region_and_one_event_names_its_partnerships_and_readers(
    administrator: User, partnership: Partnership, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    adviser = _adviser(person, partnership, email="adviser@example.gov.uk")
    region = create_region(
        actor=administrator,
        name="  Inner London ",
        partnerships=[partnership, other_partnership],
        readers=[adviser],
    )
    assert _state() == [("Inner London", sorted([partnership.pk, other_partnership.pk]), [adviser.pk])]
    [event] = _events()
    assert event.verb == "performance.region.created"
    assert event.actor == administrator
    assert event.partnership is None
    assert event.object_id == str(region.uuid)
    assert event.object_label == "Inner London"
    assert event.changes["name"] == {"from": None, "to": "Inner London"}
    members = sorted([partnership, other_partnership], key=lambda p: p.pk)
    assert event.changes["partnerships"]["added"] == [{"id": p.pk, "name": p.name} for p in members]
    assert event.changes["partnerships"]["removed"] == []
    assert event.changes["readers"]["added"] == [{"id": adviser.pk, "email": "adviser@example.gov.uk"}]
    # A person is named by id and e-mail, as role grants name them: nothing else of theirs.
    assert adviser.full_name not in str(event.changes)


def test_a_change_records_what_was_added_and_removed_and_no_change_records_nothing(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    camden: Partnership,
    person: Callable[..., User],
) -> None:
    first = _adviser(person, partnership)
    second = _adviser(person, camden)
    region = create_region(
        actor=administrator, name="London", partnerships=[partnership, other_partnership], readers=[first]
    )
    update_region(
        actor=administrator,
        region=region,
        name="Greater London",
        partnerships=[partnership, camden],
        readers=[second],
    )
    assert _state() == [("Greater London", sorted([partnership.pk, camden.pk]), [second.pk])]
    created, updated = _events()
    assert created.verb == "performance.region.created"
    assert updated.verb == "performance.region.updated"
    assert updated.actor == administrator
    assert updated.changes["name"] == {"from": "London", "to": "Greater London"}
    assert updated.changes["partnerships"]["added"] == [{"id": camden.pk, "name": "Camden"}]
    assert updated.changes["partnerships"]["removed"] == [
        {"id": other_partnership.pk, "name": other_partnership.name}
    ]
    assert updated.changes["readers"]["added"] == [{"id": second.pk, "email": second.email}]
    assert updated.changes["readers"]["removed"] == [{"id": first.pk, "email": first.email}]
    # The same values again record nothing; the name in other capitals is a change of name.
    update_region(
        actor=administrator,
        region=region,
        name="Greater London",
        partnerships=[camden, partnership],
        readers=[second],
    )
    assert len(_events()) == 2
    update_region(
        actor=administrator,
        region=region,
        name="greater london",
        partnerships=[camden, partnership],
        readers=[second],
    )
    assert _events()[-1].changes == {"name": {"from": "Greater London", "to": "greater london"}}


def test_deleting_a_region_records_what_it_held(
    administrator: User, partnership: Partnership, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    adviser = _adviser(person, other_partnership)
    region = create_region(
        actor=administrator, name="London", partnerships=[partnership, other_partnership], readers=[adviser]
    )
    delete_region(actor=administrator, region=region)
    assert not Region.objects.exists()
    deleted = _events()[-1]
    assert deleted.verb == "performance.region.deleted"
    assert deleted.object_id == str(region.uuid)
    assert deleted.changes["name"] == {"from": "London", "to": None}
    assert {p["id"] for p in deleted.changes["partnerships"]["removed"]} == {
        partnership.pk,
        other_partnership.pk,
    }
    assert deleted.changes["readers"]["removed"] == [{"id": adviser.pk, "email": adviser.email}]


REFUSALS: dict[str, tuple[str, str]] = {
    "no name": ("name", "Enter the region's name"),
    "blank name": ("name", "Enter the region's name"),
    "long name": ("name", "120 characters or fewer"),
    "name taken in other capitals": ("name", "There is already a region called"),
    "one partnership": ("partnerships", "at least two partnerships"),
    "the same partnership twice": ("partnerships", "at least two partnerships"),
    "reader without the regional role": ("readers", "reader@example.gov.uk is not a regional adviser"),
    "reader regional elsewhere only": ("readers", "elsewhere@example.gov.uk is not a regional adviser"),
}


def _refused_values(
    case: str, partnership: Partnership, other_partnership: Partnership, camden: Partnership, person: Any
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Inner London",
        "partnerships": [partnership, other_partnership],
        "readers": [],
    }
    if case == "no name":
        values["name"] = ""
    elif case == "blank name":
        values["name"] = " \t\x00 "
    elif case == "long name":
        values["name"] = "L" * 121
    elif case == "name taken in other capitals":
        values["name"] = "OUTER LONDON"
    elif case == "one partnership":
        values["partnerships"] = [partnership]
    elif case == "the same partnership twice":
        values["partnerships"] = [partnership, partnership]
    elif case == "reader without the regional role":
        values["readers"] = [person(partnership, Role.STEERING, email="reader@example.gov.uk")]
    elif case == "reader regional elsewhere only":
        values["readers"] = [_adviser(person, camden, email="elsewhere@example.gov.uk")]
    return values


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_refusal_says_why_against_its_field_and_writes_nothing(
    case: str,
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    camden: Partnership,
    person: Callable[..., User],
) -> None:
    create_region(
        actor=administrator, name="Outer London", partnerships=[other_partnership, camden], readers=[]
    )
    inner = create_region(
        actor=administrator, name="Central", partnerships=[partnership, other_partnership], readers=[]
    )
    values = _refused_values(case, partnership, other_partnership, camden, person)
    before, events = _state(), len(_events())
    field, message = REFUSALS[case]
    with pytest.raises(Refused, match=message) as refused:
        create_region(actor=administrator, **values)
    assert refused.value.field == field
    with pytest.raises(Refused, match=message) as refused:
        update_region(actor=administrator, region=inner, **values)
    assert refused.value.field == field
    assert _state() == before
    assert len(_events()) == events


def test_only_a_system_administrator_sets_up_regions(
    partnership: Partnership, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    coordinator = person(partnership, Role.COORDINATOR)
    with pytest.raises(Refused, match="Only a system administrator"):
        create_region(actor=coordinator, name="London", partnerships=[partnership, other_partnership])
    assert not Region.objects.exists()
    assert not _events()


def _region_sectors(client: Client, region: Region) -> dict[str, dict[str, str]]:
    """The region's year of referrals by sector, as its page shows it."""
    response = client.get(f"{URL}{region.uuid}/", {"year": YEAR})
    assert response.status_code == 200
    table = Table.read(page(response.content).by_id("statistics-sector-year"))
    return {row["Referral sector"]: row for row in table.rows}


def _region_total(client: Client, region: Region) -> str:
    return _region_sectors(client, region)["Total"]["All referrals"]


def test_a_region_whose_partnerships_change_shows_the_figures_of_its_new_membership(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    camden: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    records(partnership, YEAR, 40, seed=1)
    records(other_partnership, YEAR, 30, seed=2)
    records(camden, YEAR, 20, seed=3)
    adviser = _adviser(person, partnership)
    region = create_region(
        actor=administrator, name="London", partnerships=[partnership, other_partnership], readers=[adviser]
    )
    client = sign_in(adviser)
    assert _region_total(client, region) == "70"
    assert StoredRelease.objects.exists()
    update_region(
        actor=administrator,
        region=region,
        name="London",
        partnerships=[partnership, camden],
        readers=[adviser],
    )
    assert _region_total(client, region) == "60"
    # The old and new members' figures are marked stale, so the task works their releases out.
    assert set(StaleFigures.objects.values_list("partnership_id", flat=True)) >= {
        partnership.pk,
        other_partnership.pk,
        camden.pk,
    }


def test_a_change_that_keeps_the_scope_of_overlapping_regions_is_not_served_the_stored_release(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    camden: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    """Two regions sharing a partnership are protected together: when the first takes in the
    third partnership, the scope's partnerships and regions and the figures' version stay
    the same, yet the first region's sums move; the key says which partnerships each region
    holds, so it moves too."""
    records(partnership, YEAR, 40, seed=1)
    records(other_partnership, YEAR, 30, seed=2)
    records(camden, YEAR, 20, seed=3)
    adviser = _adviser(person, partnership)
    first = create_region(
        actor=administrator, name="West", partnerships=[partnership, other_partnership], readers=[adviser]
    )
    create_region(actor=administrator, name="East", partnerships=[other_partnership, camden], readers=[])
    client = sign_in(adviser)
    key = releases.scope_of(region=first).key
    before = _region_sectors(client, first)
    assert before["Total"]["All referrals"] == "70"
    assert StoredRelease.objects.filter(scope=key, financial_year=YEAR).exists()
    update_region(
        actor=administrator,
        region=first,
        name="West",
        partnerships=[partnership, other_partnership, camden],
        readers=[adviser],
    )
    assert releases.scope_of(region=first).key != key
    after = _region_sectors(client, first)
    assert after != before
    # What is shown is what the new membership's release is when worked out afresh (its
    # total may be suppressed: West less East is Tower Hamlets, whose small cells it hides).
    StoredRelease.objects.all().delete()
    assert _region_sectors(client, first) == after
    assert after["Total"]["All referrals"] in ("90", "[c]")


def test_a_change_of_readers_or_name_keeps_the_stored_releases(
    administrator: User,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    records(partnership, YEAR, 40, seed=1)
    records(other_partnership, YEAR, 30, seed=2)
    adviser = _adviser(person, partnership)
    region = create_region(
        actor=administrator, name="London", partnerships=[partnership, other_partnership], readers=[adviser]
    )
    assert _region_total(sign_in(adviser), region) == "70"
    stored = set(StoredRelease.objects.values_list("pk", flat=True))
    update_region(
        actor=administrator,
        region=region,
        name="All London",
        partnerships=[partnership, other_partnership],
        readers=[],
    )
    assert set(StoredRelease.objects.values_list("pk", flat=True)) == stored
    delete_region(actor=administrator, region=region)
    assert not StoredRelease.objects.filter(part=f"r{region.pk}/").exists()


def test_the_demo_sets_up_its_region_through_the_action_and_prints_its_adviser(
    settings: Any, sign_in: Callable[..., Client], partnership: Partnership, other_partnership: Partnership
) -> None:
    settings.DEMO = True
    demo_region.load([partnership, other_partnership])
    region = Region.objects.get(name="London (demo)")
    adviser = User.objects.get(email="regional@london.demo")
    assert list(region.readers.all()) == [adviser]
    assert set(region.partnerships.all()) == {partnership, other_partnership}
    [event] = _events("performance.region.created")
    assert event.actor is None
    assert sign_in(adviser).get(f"{URL}{region.uuid}/").status_code == 200
    assert ("regional@london.demo", "Regional adviser, London (demo) region") in demo_loader.sign_ins()
