"""The write path of regions: a system administrator sets up, changes and removes the
regions whose Channel statistics regional advisers read (performance.models.Region), each
in one transaction with one audit event naming what changed.

A region's partnerships decide which partnerships are protected together
(performance.releases.scope_of), so a change of them forgets every stored protected release
worked out with the region's old membership and marks its partnerships' figures stale, so
that the task works the new releases out before the first reader asks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from accounts.models import Membership, Partnership, Role, User
from audit.log import record
from lib.errors import Refused
from lib.text import clean
from performance.models import Region, StoredRelease
from performance.summaries import mark_stale

NAME_LENGTH = Region._meta.get_field("name").max_length or 120


def _administrator(actor: User | None) -> None:
    # None: the system itself (the demo loader), as for accounts.actions.
    if actor is not None and not (actor.is_active and actor.is_superuser):
        raise Refused("Only a system administrator sets up regions")


def check_region(
    *,
    name: str,
    partnerships: Iterable[Partnership],
    readers: Iterable[User],
    region: Region | None = None,
) -> str:
    """The region's name as it will be stored, or Refused naming the first problem (and the
    field it is in): what the actions below check, for a form to show before it saves."""
    name = clean(name).strip()
    if not name:
        raise Refused("Enter the region's name", field="name")
    if len(name) > NAME_LENGTH:
        raise Refused(f"The name must be {NAME_LENGTH} characters or fewer", field="name")
    taken = Region.objects.filter(name__iexact=name)
    if region is not None and region.pk is not None:
        taken = taken.exclude(pk=region.pk)
    if taken.exists():
        raise Refused(f"There is already a region called {name}", field="name")
    members = {partnership.pk for partnership in partnerships}
    if len(members) < 2:
        # A region of one partnership would only repeat that partnership's figures (see
        # performance/tests/test_statistics.py): a region is several partnerships together.
        raise Refused("Choose at least two partnerships for the region", field="partnerships")
    chosen = sorted({reader.pk: reader for reader in readers}.values(), key=lambda reader: reader.email)
    regional = set(
        Membership.objects.filter(
            user__in=[reader.pk for reader in chosen], partnership__in=members, role=Role.REGIONAL
        ).values_list("user_id", flat=True)
    )
    for reader in chosen:
        if reader.pk not in regional:
            raise Refused(
                f"{reader.email} is not a regional adviser in any of the region's partnerships, so "
                "could never open the region: give them the regional adviser role in one of them "
                "first, or take them off the readers",
                field="readers",
            )
    return name


def _partnership_entries(partnerships: Iterable[Partnership]) -> list[dict[str, Any]]:
    return [{"id": p.pk, "name": p.name} for p in sorted(partnerships, key=lambda p: p.pk)]


def _reader_entries(readers: Iterable[User]) -> list[dict[str, Any]]:
    # Users are named in the log by their e-mail, as accounts.actions names them.
    return [{"id": u.pk, "email": u.email} for u in sorted(readers, key=lambda u: u.pk)]


def _membership_change(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, Any] | None:
    """`from` and `to` as the audit log shows them, and what was added and removed."""
    before_ids = {entry["id"] for entry in before}
    after_ids = {entry["id"] for entry in after}
    if before_ids == after_ids:
        return None
    return {
        "from": before or None,
        "to": after or None,
        "added": [entry for entry in after if entry["id"] not in before_ids],
        "removed": [entry for entry in before if entry["id"] not in after_ids],
    }


def _changes(
    before: tuple[str | None, list[dict[str, Any]], list[dict[str, Any]]],
    after: tuple[str | None, list[dict[str, Any]], list[dict[str, Any]]],
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if before[0] != after[0]:
        changes["name"] = {"from": before[0], "to": after[0]}
    for field, old, new in (("partnerships", before[1], after[1]), ("readers", before[2], after[2])):
        change = _membership_change(old, new)
        if change is not None:
            changes[field] = change
    return changes


def _scope_moved(region_id: int, partnership_ids: set[int]) -> None:
    """Forget every stored protected release worked out with the region in its scope (each
    such release has a part for the region), and mark the partnerships whose scope moved
    (old and new members) stale, so the task works their releases out again. A scope's key
    names which partnerships each of its regions holds, so a release of the old membership
    would never be served; forgetting it keeps the table from holding releases no key names."""
    with_region = StoredRelease.objects.filter(part=f"r{region_id}/").values("scope")
    StoredRelease.objects.filter(scope__in=with_region).delete()
    if partnership_ids:
        mark_stale(partnership_ids)


@transaction.atomic
def create_region(
    *,
    actor: User | None,
    name: str,
    partnerships: Iterable[Partnership],
    readers: Iterable[User] = (),
) -> Region:
    _administrator(actor)
    partnerships, readers = list(partnerships), list(readers)
    name = check_region(name=name, partnerships=partnerships, readers=readers)
    region = Region.objects.create(name=name)
    region.partnerships.set(partnerships)
    region.readers.set(readers)
    members = list(region.partnerships.all())
    appointed = list(region.readers.all())
    _scope_moved(region.pk, {p.pk for p in members})
    record(
        verb="performance.region.created",
        actor=actor,
        partnership=None,
        target=region,
        label=region.name,
        changes=_changes((None, [], []), (name, _partnership_entries(members), _reader_entries(appointed))),
    )
    return region


@transaction.atomic
def update_region(
    *,
    actor: User | None,
    region: Region,
    name: str,
    partnerships: Iterable[Partnership],
    readers: Iterable[User],
) -> Region:
    """Give the region this name, these partnerships and these readers (each replacing what
    it had). Records nothing when nothing changes."""
    _administrator(actor)
    region = Region.objects.select_for_update().get(pk=region.pk)
    partnerships, readers = list(partnerships), list(readers)
    name = check_region(name=name, partnerships=partnerships, readers=readers, region=region)
    old_members = list(region.partnerships.all())
    before = (region.name, _partnership_entries(old_members), _reader_entries(region.readers.all()))
    region.name = name
    region.save(update_fields=["name"])
    region.partnerships.set(partnerships)
    region.readers.set(readers)
    new_members = list(region.partnerships.all())
    after = (region.name, _partnership_entries(new_members), _reader_entries(region.readers.all()))
    changes = _changes(before, after)
    if not changes:
        return region
    if "partnerships" in changes:
        _scope_moved(region.pk, {p.pk for p in old_members} | {p.pk for p in new_members})
    record(
        verb="performance.region.updated",
        actor=actor,
        partnership=None,
        target=region,
        label=region.name,
        changes=changes,
    )
    return region


@transaction.atomic
def delete_region(*, actor: User | None, region: Region) -> None:
    """Remove the region: its readers no longer see it, and its partnerships are no longer
    protected together for it. The event keeps what it held."""
    _administrator(actor)
    region = Region.objects.select_for_update().get(pk=region.pk)
    members = list(region.partnerships.all())
    before = (region.name, _partnership_entries(members), _reader_entries(region.readers.all()))
    _scope_moved(region.pk, {p.pk for p in members})
    record(
        verb="performance.region.deleted",
        actor=actor,
        partnership=None,
        target=region,
        label=region.name,
        changes=_changes(before, (None, [], [])),
    )
    region.delete()
