from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.anchors import anchor_path
from audit.backup import KEPT_APART, BackupError, take_backup


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump custom format; SQLite: its online backup API) "
        "and the upload store into a new folder under DESTINATION, with a manifest. The keys and "
        "the audit anchors are not in it: keep them apart (docs/backup.md). Restore with `restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path, help="the folder to write the backup's folder in")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder, manifest = take_backup(options["destination"])
        except BackupError as problem:
            raise CommandError(f"No backup taken: {problem}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest.engine} database"
                + (" and the upload store" if manifest.uploads else "")
                + f" to {folder} (audit log up to event {manifest.audit_head})."
            )
        )
        self.stdout.write("\n".join(KEPT_APART).format(anchors=anchor_path()))
