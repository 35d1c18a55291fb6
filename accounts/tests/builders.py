"""People of a partnership for the URL walks (config/tests/test_url_access.py)."""

from __future__ import annotations

from accounts import actions
from accounts.access import Viewer
from accounts.models import Role, User


def users_for_walks(coordinator: Viewer) -> User:
    """Someone invited to the partnership who has not set a password yet, so that every
    Users page, the new-invitation button included, has something to show."""
    return actions.invite_person(
        viewer=coordinator,
        email="invited@th.example.gov.uk",
        full_name="Ines Invited",
        roles=[Role.STEERING],
    ).user
