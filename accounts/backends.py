"""Signing in with an e-mail address and password, as Django's ModelBackend does, and
loading the signed-in user of each request together with their memberships.

Every page needs both: the user (for the session) and the memberships (for the
partnership and roles the user acts in, accounts.access.viewer_for). One statement
reads them together, so a request does not pay a round trip and the ORM's work for a
second."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from accounts.models import Membership, User

# The attribute viewer_for reads the memberships from, when get_user has loaded them.
LOADED_MEMBERSHIPS = "_loaded_memberships"


def memberships_of(user_id: Any) -> QuerySet[Membership]:
    """A user's memberships with their partnerships, in the order viewer_for offers them."""
    return (
        Membership.objects.filter(user_id=user_id)
        .select_related("partnership")
        .order_by("partnership__name", "pk")
    )


class MembershipBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        memberships = list(memberships_of(user_id).select_related("user"))
        if not memberships:
            # Someone who belongs to no partnership, such as a system administrator.
            found = super().get_user(user_id)
            if found is not None:
                setattr(found, LOADED_MEMBERSHIPS, [])
            return found
        user = memberships[0].user
        for membership in memberships:
            membership.user = user
        setattr(user, LOADED_MEMBERSHIPS, memberships)
        return user if self.user_can_authenticate(user) else None


def loaded_memberships(user: User) -> list[Membership] | None:
    """The memberships get_user read with the user, or None if it did not."""
    return getattr(user, LOADED_MEMBERSHIPS, None)
