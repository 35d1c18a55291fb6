from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cases.tasks import send_follow_up_digest

# A digest run takes seconds; one still RUNNING after this long had its worker killed
# (django_tasks_db never runs a RUNNING task again, nor marks it failed).
STALE_AFTER = dt.timedelta(hours=1)


class WorkerStopped(Exception):
    """The worker running the digest stopped before the task ended."""


class Command(BaseCommand):
    help = (
        "Queue the e-mail digest of overdue reviews and interventions, which first clears "
        "expired sessions, for the background worker (`manage.py db_worker`, or `make worker`). "
        "Each run on a day sends only the e-mails not yet sent that day, so run it hourly in "
        "working hours, and a digest cut short by a stopped worker is finished by the next run: "
        "0 7-18 * * * cd /srv/preventhub && .venv/bin/python manage.py enqueue_follow_up_digest"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = DBTaskResult.objects.filter(
            task_path=send_follow_up_digest.module_path,
            status=TaskResultStatus.RUNNING,
            started_at__lt=timezone.now() - STALE_AFTER,
        )
        for left in stale:
            left.set_failed(
                WorkerStopped(f"Its worker stopped: still running {STALE_AFTER} after it started")
            )
            self.stdout.write(f"Digest task {left.id} was left running by a stopped worker: marked failed")
        result = send_follow_up_digest.enqueue()
        self.stdout.write(f"Follow-up digest queued as task {result.id}")
