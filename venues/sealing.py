"""Venue checks' sealed names after a master-key rotation: `reseal_all` re-seals, one check
per transaction, every value sealed by an older field master key with the current one, so
that the older key can be removed. `manage.py rotate_field_keys` finds this module by its
name (govuk.plugins), calls `reseal_all` after re-keying the cases, and counts `key_ids`
in its --status; `manage.py rebuild_blind_index` calls `reindex_all` after the blind-index
key has changed (docs/keys.md)."""

from __future__ import annotations

import logging
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from lib import crypto
from venues import names
from venues.models import VenueCheck, seal_context

logger = logging.getLogger(__name__)
FIELDS = ("organiser", "contact", "speakers")


def stale() -> Q:
    """Checks holding a value sealed by a key other than the current one."""
    prefix = f"{settings.FIELD_MASTER_KEYS.current_id}$"
    condition = Q()
    for field in FIELDS:
        condition |= ~Q(**{f"sealed_{field}": ""}) & ~Q(**{f"sealed_{field}__startswith": prefix})
    return condition


def reseal_all() -> tuple[int, int]:
    """(checks resealed, checks whose values could not be opened). An unopenable value is
    left as it is and logged by check UUID only."""
    resealed = unopenable = 0
    for pk in list(VenueCheck.objects.filter(stale()).order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            check = VenueCheck.objects.select_for_update().filter(pk=pk).first()
            if check is None:
                continue
            try:
                opened = {
                    field: crypto.open_secret(
                        settings.FIELD_MASTER_KEYS,
                        getattr(check, f"sealed_{field}"),
                        context=seal_context(check.uuid, field),
                    ).decode()
                    for field in FIELDS
                    if getattr(check, f"sealed_{field}")
                }
            except crypto.KeyUnavailable:
                logger.error("Venue check %s has a sealed value that cannot be opened", check.uuid)
                unopenable += 1
                continue
            for field, value in opened.items():
                setattr(check, f"sealed_{field}", check.seal(field, value))
            check.save(update_fields=[f"sealed_{field}" for field in FIELDS])
            resealed += 1
    return resealed, unopenable


def key_ids() -> Counter[str]:
    """How many sealed values each field master key holds."""
    return Counter(
        crypto.sealed_secret_key_id(sealed)
        for row in VenueCheck.objects.values_list(*(f"sealed_{field}" for field in FIELDS))
        for sealed in row
        if sealed
    )


def reindex_all() -> int:
    """Re-hash every check's name keys with the current blind-index key: the checks' own
    names, opened, one check per transaction. Returns how many checks were re-hashed."""
    done = 0
    for pk in list(VenueCheck.objects.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            check = VenueCheck.objects.select_for_update().filter(pk=pk).first()
            if check is None:
                continue
            names.index(check, check.organiser, check.contact, check.speakers)
            done += 1
    return done


WHAT = "venue checks' names"
