from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from audit.log import record
from cases.actions.gateway import index_person
from cases.models import Person
from govuk.plugins import app_modules

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
        # Other apps' keyed indexes of names (venue checks'): each app's `sealing` module.
        others = {module.WHAT: module.reindex_all() for module in app_modules("sealing")}
        with transaction.atomic():
            record(
                verb="cases.blind_index.rebuilt",
                actor=None,
                partnership=None,
                label="Blind index",
                changes={
                    "people": {"from": None, "to": len(people)},
                    **{what: {"from": None, "to": done} for what, done in others.items()},
                },
            )
        for what, done in others.items():
            self.stdout.write(f"The blind index of {done} records of {what} re-hashed.")
        self.stdout.write(self.style.SUCCESS(f"The blind index of {len(people)} people re-hashed."))
