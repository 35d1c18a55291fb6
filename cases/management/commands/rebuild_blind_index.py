from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from audit.log import record
from cases.actions.gateway import index_person
from cases.models import Person

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-hash the blind index of every person with the current PREVENTHUB_BLIND_INDEX_KEY, "
        "after that key has changed (docs/keys.md). Until it finishes, earlier referrals of people "
        "not yet re-hashed are not found; run it in a quiet hour. It can be stopped and run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(people), BATCH):
            with transaction.atomic():
                for person in Person.objects.filter(pk__in=people[start : start + BATCH]).select_related(
                    "data_key"
                ):
                    index_person(person)
        with transaction.atomic():
            record(
                verb="cases.blind_index.rebuilt",
                actor=None,
                partnership=None,
                label="Blind index",
                changes={"people": {"from": None, "to": len(people)}},
            )
        self.stdout.write(self.style.SUCCESS(f"The blind index of {len(people)} people re-hashed."))
