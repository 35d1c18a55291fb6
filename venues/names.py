"""Finding earlier checks by the names they hold without storing a name in clear: each
name is normalised (case folded, white space collapsed) and hashed with the blind-index
key (settings.BLIND_INDEX_KEY, the key the Channel search uses, kept apart from the master
keys). Equal digests mean the same name once normalised; what that means is for the
person reading the check to judge."""

from __future__ import annotations

from django.conf import settings

from lib import crypto
from venues.models import NameKey, NameRole, VenueCheck


def normal(name: str) -> str:
    return " ".join(name.casefold().split())


def digest(name: str) -> str:
    """The blind index of a name, "" for none. One namespace for organisers, contacts and
    speakers, so a speaker who later organises is found too."""
    folded = normal(name)
    return crypto.blind_index(settings.BLIND_INDEX_KEY, f"venues:{folded}") if folded else ""


def index(check: VenueCheck, organiser: str, contact: str, speakers: list[str]) -> None:
    """Replace the check's name keys with those of these names."""
    NameKey.objects.filter(check_record=check).delete()
    keys = {
        (role, digest(value))
        for role, values in (
            (NameRole.ORGANISER, [organiser]),
            (NameRole.CONTACT, [contact]),
            (NameRole.SPEAKER, speakers),
        )
        for value in values
        if digest(value)
    }
    NameKey.objects.bulk_create(
        NameKey(check_record=check, partnership_id=check.partnership_id, role=role, digest=key)
        for role, key in sorted(keys)
    )
