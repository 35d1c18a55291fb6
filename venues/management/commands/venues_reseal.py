"""After `rotate_field_keys`: re-seal the venue checks' names with the current field master
key, so the older keys can be removed (docs/venues.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from audit.log import record
from venues.sealing import reseal_all


class Command(BaseCommand):
    help = "Re-seal the venue checks' organiser, contact and speakers with the current field master key."

    def handle(self, *args: Any, **options: Any) -> None:
        resealed, unopenable = reseal_all()
        with transaction.atomic():
            record(
                verb="venues.names.resealed",
                actor=None,
                partnership=None,
                label="Venue checks' sealed names",
                changes={"checks_resealed": {"from": None, "to": resealed}},
            )
        self.stdout.write(f"{resealed} venue check(s) re-sealed; {unopenable} could not be opened.")
