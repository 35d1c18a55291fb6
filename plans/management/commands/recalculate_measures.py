from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from plans.measures import recalculate_all


class Command(BaseCommand):
    help = (
        "Compute every plan measure again and store it with the time it was computed "
        "(plans.measures.recalculate_all): a batch of 200 a transaction, one audit event per "
        "partnership and batch. Run it once a day from cron, for example at 6am: "
        "0 6 * * * cd /srv/preventhub && .venv/bin/python manage.py recalculate_measures"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        number = recalculate_all()
        self.stdout.write(f"Recalculated {number} measure{'' if number == 1 else 's'}")
