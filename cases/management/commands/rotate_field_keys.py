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
        with transaction.atomic():
            record(
                verb="cases.field_keys.rotated",
                actor=None,
                partnership=None,
                label=f"Master key {current}",
                changes={
                    "data_keys_rekeyed": {"from": None, "to": records},
                    "second_factor_seeds_resealed": {"from": None, "to": seeds},
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

    def _status(self) -> None:
        current = settings.FIELD_MASTER_KEYS.current_id
        counts = Counter(
            DataKey.objects.filter(destroyed_at__isnull=True).values_list("master_key_id", flat=True)
        )
        seeds = Counter(
            crypto.sealed_secret_key_id(sealed)
            for sealed in SealedTOTPDevice.objects.values_list("sealed_seed", flat=True)
        )
        configured = settings.FIELD_MASTER_KEYS.keys
        for key_id in sorted(set(counts) | set(seeds) | set(configured)):
            state = (
                "current" if key_id == current else "configured" if key_id in configured else "NOT CONFIGURED"
            )
            held = f"{counts.get(key_id, 0)} data keys, {seeds.get(key_id, 0)} second-factor seeds"
            self.stdout.write(f"{key_id}: {held} ({state})")
        stale = sum(n for key_id, n in (counts + seeds).items() if key_id != current)
        if stale:
            self.stdout.write(
                f"{stale} data keys and second-factor seeds still need an older master key: run the rotation."
            )
        else:
            self.stdout.write("Every data key and second-factor seed is wrapped by the current master key.")
