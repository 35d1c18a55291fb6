from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.backup import BackupError, check_restored, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `backup` into the configured database and upload store, "
        "which must be new and empty (unless --force), then migrate and check: the audit chain, "
        "the chain against the anchors up to the backup's last event, and every stored file. "
        "The keys and the anchor file are not in the backup: configure them first (docs/backup.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the backup's folder (preventhub-...)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what the database holds and add to a non-empty upload store",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(options["backup"], force=options["force"])
        except BackupError as problem:
            raise CommandError(f"Not restored: {problem}") from None
        self.stdout.write(f"Restored the backup taken at {manifest.taken_at}.")
        # A backup from an older release gets the migrations made since.
        call_command("migrate", interactive=False, verbosity=0)
        check = check_restored(manifest)
        for note in check.notes:
            self.stdout.write(note)
        if check.problems:
            raise CommandError("Restored, but the checks found problems:\n- " + "\n- ".join(check.problems))
        self.stdout.write(self.style.SUCCESS("Restored and checked."))
