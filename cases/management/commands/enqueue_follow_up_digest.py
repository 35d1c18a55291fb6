from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cases.tasks import send_follow_up_digest


class Command(BaseCommand):
    help = (
        "Queue the daily e-mail digest of overdue reviews and interventions, which first clears "
        "expired sessions, for the background worker (`manage.py db_worker`, or `make worker`). "
        "Run it once a day from cron, for example "
        "at 7am: 0 7 * * * cd /srv/preventhub && .venv/bin/python manage.py enqueue_follow_up_digest"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_follow_up_digest.enqueue()
        self.stdout.write(f"Follow-up digest queued as task {result.id}")
