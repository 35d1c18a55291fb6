"""Who manages a partnership's API keys (the coordinator), and the viewer a call acts as."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from api import scopes, tokens
from api.models import ApiKey

KEY_MANAGERS = (Role.COORDINATOR,)


def keys(viewer: Viewer) -> QuerySet[ApiKey]:
    if not viewer.has_any(*KEY_MANAGERS):
        return ApiKey.objects.none()
    return ApiKey.objects.filter(partnership=viewer.partnership)


def get_key(viewer: Viewer, uuid: object) -> ApiKey:
    return get_object_or_404(keys(viewer).select_related("created_by", "revoked_by"), uuid=uuid)


@dataclass(frozen=True)
class Caller:
    """A call's key, once its token has been checked: `viewer(scope)` is the identity the
    call acts as in the access layer and the actions, for the one scope it uses."""

    key: ApiKey

    def allows(self, scope: str) -> bool:
        return scope in self.key.scopes

    def viewer(self, scope: str) -> Viewer:
        role = scopes.BY_CODE[scope].role
        return Viewer(self.key.service_user, self.key.partnership, frozenset({role}))


def caller_for(token: str) -> Caller | None:
    """The live key a bearer token names, or None for a malformed, unknown, wrong or revoked
    one (all answered alike, so the answer says nothing about which keys exist)."""
    prefix = tokens.prefix_of(token)
    if prefix is None:
        return None
    key = ApiKey.objects.select_related("partnership", "service_user").filter(prefix=prefix).first()
    if key is None or key.revoked_at is not None or not tokens.matches(token, key.secret_hash):
        return None
    return Caller(key)
