from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.log import verify_chain


class Command(BaseCommand):
    help = "Walk the audit log's hash chain and name the first broken link, if any."

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify_chain()
        if not verdict.intact:
            raise CommandError(
                f"Audit log broken at event {verdict.broken_at}: {verdict.reason}. "
                f"{verdict.links_checked} events before it are intact."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {verdict.links_checked} events verified."))
