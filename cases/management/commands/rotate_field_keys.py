from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from audit.log import record
from cases.vault import DataKey
from lib.crypto import new_master_key_entry


class Command(BaseCommand):
    help = (
        "Rotate the master keys that protect personal data. First run with --new-key and put the "
        "printed key first in PREVENTHUB_FIELD_KEYS, keeping the old keys after it; restart; then run "
        "without arguments to re-wrap every data key with the new key; then remove the old keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", metavar="ID", help="print a new master key entry with this id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_master_key_entry(options["new_key"]))
            return
        current = settings.FIELD_MASTER_KEYS.current_id
        stale = DataKey.objects.filter(destroyed_at__isnull=True).exclude(master_key_id=current)
        rewrapped = 0
        for pk in stale.values_list("pk", flat=True).iterator(chunk_size=1000):
            with transaction.atomic():
                rewrapped += DataKey.objects.select_for_update().get(pk=pk).rewrap()
        with transaction.atomic():
            record(
                verb="cases.field_keys.rotated",
                actor=None,
                partnership=None,
                label=f"Master key {current}",
                changes={"data_keys_rewrapped": {"from": None, "to": rewrapped}},
            )
        self.stdout.write(
            self.style.SUCCESS(f"{rewrapped} data keys re-wrapped with master key {current}. ")
            + "Older master keys can now be removed from PREVENTHUB_FIELD_KEYS."
        )
