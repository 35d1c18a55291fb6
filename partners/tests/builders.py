"""Organisations for tests: a trust with a school under it."""

from __future__ import annotations

from accounts.access import Viewer
from partners import actions
from partners.models import Organisation, Sector


def sector(code: str) -> Sector:
    return Sector.objects.get(partnership=None, code=code)


def organisation(viewer: Viewer, name: str, code: str = "other", **values: object) -> Organisation:
    return actions.create_organisation(viewer=viewer, name=name, sector=sector(code), **values)  # type: ignore[arg-type]


def organisation_for_walks(viewer: Viewer) -> Organisation:
    trust = organisation(viewer, "Riverside Learning Trust", "school-academy")
    return organisation(
        viewer, "Riverside Academy", "school-academy", parent=trust, postcode="e1 6an", urn="100001"
    )
