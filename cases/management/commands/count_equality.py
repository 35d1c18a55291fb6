from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from audit.log import record
from cases import equality, statistics
from cases.models import StatisticalRecord

BATCH = 500


class Command(BaseCommand):
    help = (
        "Count in the equality tally (cases.equality) every statistical record not yet in it: "
        "a referral by its person's present ethnic group and religion, one erased before the "
        "tally existed as 'Not recorded'. Run once after the migration that adds the tally; it "
        "can be stopped and run again, and counts nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        waiting = list(
            StatisticalRecord.objects.filter(equality_counted=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        counted = erased = 0
        for start in range(0, len(waiting), BATCH):
            with transaction.atomic():
                for row in (
                    StatisticalRecord.objects.select_for_update(of=("self",))
                    .filter(pk__in=waiting[start : start + BATCH], equality_counted=False)
                    .select_related("referral", "referral__person", "referral__data_key")
                ):
                    if row.referral is None:
                        equality.count_erased(row)
                        erased += 1
                    else:
                        statistics.refresh(row.referral)
                        counted += 1
        with transaction.atomic():
            record(
                verb="cases.equality.counted",
                actor=None,
                partnership=None,
                label="Equality tally",
                changes={
                    "referrals": {"from": None, "to": counted},
                    "erased": {"from": None, "to": erased},
                },
            )
        self.stdout.write(f"Counted {counted} referrals and {erased} erased before the tally.")
