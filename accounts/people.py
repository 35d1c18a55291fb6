"""Who a coordinator sees on their partnership's Users pages: the people who hold a role
in it, and nobody else. A person of another partnership, or someone who has left this
one, answers 404 like any record the viewer may not see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from accounts.access import Viewer
from accounts.models import Membership, Role, SealedTOTPDevice, User


@dataclass(frozen=True)
class Member:
    """A person as their partnership's coordinators see them."""

    user: User
    roles: list[str]  # the labels of the roles they hold in this partnership
    role_values: frozenset[str]
    has_authenticator: bool
    elsewhere: bool  # whether they also work in another partnership (never which)

    @property
    def status(self) -> str:
        if not self.user.is_active:
            return "Deactivated"
        if not self.user.has_usable_password():
            return "Invited"
        return "Active"

    @property
    def last_sign_in(self) -> dt.datetime | None:
        return self.user.last_login


def _members(viewer: Viewer) -> QuerySet[User]:
    here = Membership.objects.filter(partnership=viewer.partnership).order_by("role")
    return (
        User.objects.filter(
            Exists(Membership.objects.filter(user=OuterRef("pk"), partnership=viewer.partnership))
        )
        .annotate(
            authenticator=Exists(SealedTOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            elsewhere=Exists(
                Membership.objects.filter(user=OuterRef("pk")).exclude(partnership=viewer.partnership)
            ),
        )
        .prefetch_related(Prefetch("memberships", queryset=here, to_attr="here"))
        .order_by("full_name", "email")
    )


def _member(user: User) -> Member:
    held = frozenset(m.role for m in user.here)  # type: ignore[attr-defined]
    return Member(
        user=user,
        roles=[Role(role).label for role in sorted(held)],
        role_values=held,
        has_authenticator=bool(user.authenticator),  # type: ignore[attr-defined]
        elsewhere=bool(user.elsewhere),  # type: ignore[attr-defined]
    )


def members(viewer: Viewer) -> list[Member]:
    return [_member(user) for user in _members(viewer)]


def get_member(viewer: Viewer, uuid: UUID) -> Member:
    user = _members(viewer).filter(uuid=uuid).first()
    if user is None:
        raise Http404
    return _member(user)
