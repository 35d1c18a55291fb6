"""Second-factor seeds after a master-key rotation: `reseal_all` re-encrypts every seed
sealed by an older field master key with the current one, so that the older key can be
removed (see accounts.models.SealedTOTPDevice for how seeds are sealed)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from accounts.models import SealedTOTPDevice
from lib import crypto

logger = logging.getLogger(__name__)


def reseal_all() -> int:
    """Reseal, one device per transaction, every seed not sealed by the current master key
    with it; the number resealed. A seed that cannot be opened (its key already gone, or
    the sealed text damaged) is left as it is and logged: it already fails to verify, and
    only resetting that person's second factor mends it."""
    current = settings.FIELD_MASTER_KEYS.current_id
    stale = SealedTOTPDevice.objects.exclude(sealed_seed__startswith=f"{current}$")
    resealed = unopenable = 0
    for pk in list(stale.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            device = SealedTOTPDevice.objects.select_for_update().filter(pk=pk).first()
            if device is None or device.sealed_by_key_id == current:
                continue  # deleted, or resealed by someone else, meanwhile
            try:
                seed = device.bin_key
            except crypto.KeyUnavailable as problem:
                device.report_unopenable(problem)
                unopenable += 1
                continue
            device.seal_seed(seed)
            device.save(update_fields=["sealed_seed"])
            resealed += 1
    if unopenable:
        logger.error(
            "%s second-factor seeds could not be resealed with master key %s: reset those "
            "people's second factor",
            unopenable,
            current,
        )
    return resealed
