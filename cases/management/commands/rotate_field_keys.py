from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accounts.models import SealedTOTPDevice
from accounts.two_factor_seeds import reseal_all
from audit.log import record
from cases import rekey
from cases.vault import DataKey
from govuk.plugins import app_modules
from lib import crypto
from lib.crypto import new_master_key_entry


class Command(BaseCommand):
    help = (
        "Rotate the master keys that protect personal data (docs/keys.md). First run with --new-key "
        "and put the printed key first in PREVENTHUB_FIELD_KEYS, keeping the old keys after it; "
        "restart; then run without arguments: every record's values move to a new data key wrapped "
        "by the new master key, one record per transaction (stop and run again at any time); then "
        "--status shows that no data key needs an old master key, and the old keys can be removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", metavar="ID", help="print a new master key entry with this id")
        parser.add_argument(
            "--status", action="store_true", help="count the data keys wrapped by each master key, and stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_master_key_entry(options["new_key"]))
            return
        if options["status"]:
            self._status()
            return
        current = settings.FIELD_MASTER_KEYS.current_id
        records = values = documents = 0
        for pk in list(rekey.stale_data_keys().order_by("pk").values_list("pk", flat=True)):
            done = rekey.rekey(pk)
            if done is not None:
                records += 1
                values += done.values
                documents += done.documents
        seeds = reseal_all()
        # Other apps' values sealed with the master keys (venue checks' names): each
        # app's `sealing` module re-seals its own, one record per transaction.
        others = {module.WHAT: module.reseal_all() for module in app_modules("sealing")}
        with transaction.atomic():
            record(
                verb="cases.field_keys.rotated",
                actor=None,
                partnership=None,
                label=f"Master key {current}",
                changes={
                    "data_keys_rekeyed": {"from": None, "to": records},
                    "second_factor_seeds_resealed": {"from": None, "to": seeds},
                    **{
                        f"{what} resealed": {"from": None, "to": resealed}
                        for what, (resealed, _) in others.items()
                    },
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{records} records re-keyed ({values} values, {documents} documents) and {seeds} "
                f"second-factor seeds re-sealed under master key {current}. "
            )
            + "Check with --status, then remove the older master keys from PREVENTHUB_FIELD_KEYS "
            "(docs/keys.md says how long to keep them in escrow)."
        )
        for what, (resealed, unopenable) in others.items():
            self.stdout.write(
                f"{resealed} records of {what} re-sealed"
                + (f"; {unopenable} could not be opened (logged by record)." if unopenable else ".")
            )

    def _status(self) -> None:
        current = settings.FIELD_MASTER_KEYS.current_id
        counts = Counter(
            DataKey.objects.filter(destroyed_at__isnull=True).values_list("master_key_id", flat=True)
        )
        seeds = Counter(
            crypto.sealed_secret_key_id(sealed)
            for sealed in SealedTOTPDevice.objects.values_list("sealed_seed", flat=True)
        )
        others = {module.WHAT: module.key_ids() for module in app_modules("sealing")}
        configured = settings.FIELD_MASTER_KEYS.keys
        every = set(counts) | set(seeds) | set(configured)
        for held_by in others.values():
            every |= set(held_by)
        for key_id in sorted(every):
            state = (
                "current" if key_id == current else "configured" if key_id in configured else "NOT CONFIGURED"
            )
            held = f"{counts.get(key_id, 0)} data keys, {seeds.get(key_id, 0)} second-factor seeds"
            for what, held_by in others.items():
                held += f", {held_by.get(key_id, 0)} {what}"
            self.stdout.write(f"{key_id}: {held} ({state})")
        stale = sum(n for key_id, n in (counts + seeds).items() if key_id != current)
        stale += sum(n for held_by in others.values() for key_id, n in held_by.items() if key_id != current)
        if stale:
            self.stdout.write(
                f"{stale} data keys, seeds and sealed values still need an older master key: "
                "run the rotation."
            )
        else:
            self.stdout.write(
                "Every data key, second-factor seed and sealed value is under the current master key."
            )
