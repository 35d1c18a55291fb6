from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from training.tasks import send_training_digest


class Command(BaseCommand):
    help = (
        "Queue the daily e-mail digest of training requirements due soon and overdue, to "
        "coordinators and partner leads, for the background worker (`manage.py db_worker`, or "
        "`make worker`). Run it once a day from cron, for example at 7am: "
        "5 7 * * * cd /srv/preventhub && .venv/bin/python manage.py enqueue_training_digest"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_training_digest.enqueue()
        self.stdout.write(f"Training digest queued as task {result.id}")
