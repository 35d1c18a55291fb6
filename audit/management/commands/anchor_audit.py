from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.anchors import AnchorStoreError, anchor_path, check_anchors, last_anchor, write_anchor
from audit.log import verify_chain
from lib.crypto import new_master_key_entry


class Command(BaseCommand):
    help = (
        "Anchor the audit log: sign its head (last event and hash) and append it to the anchor "
        "store. Run it from cron, e.g. hourly. The events since the last anchor are checked first "
        "(the last anchored event must still be there with its hash, and the events after it must "
        "follow it), so a tampered chain is never anchored; `verify_audit` checks the whole chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--start",
            action="store_true",
            help="start a new anchor file if there is none (needed once in production)",
        )
        parser.add_argument(
            "--new-key", metavar="ID", help="print a new anchor key entry with this id, and do nothing else"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_master_key_entry(options["new_key"]))
            return
        try:
            self._anchor(start=options["start"])
        except AnchorStoreError as problem:
            raise CommandError(f"Not anchored: {problem}") from None

    def _anchor(self, *, start: bool) -> None:
        last = last_anchor()
        after = None
        if last is not None:
            report = check_anchors([last])
            if not report.consistent:
                raise CommandError(
                    f"Not anchored: the audit log does not match the last anchor in {anchor_path()}:\n- "
                    + "\n- ".join(report.problems)
                    + "\nRun verify_audit for the whole story."
                )
            if last.anchor is not None:
                after = (last.anchor.event, last.anchor.hash)
        verdict = verify_chain(after=after)
        if not verdict.intact:
            raise CommandError(
                f"Not anchored: audit log broken at event {verdict.broken_at}: {verdict.reason}."
            )
        if verdict.last_id is None:
            self.stdout.write("The audit log is empty: nothing to anchor.")
            return
        write_anchor(verdict.last_id, verdict.last_hash, start=start)
        self.stdout.write(
            self.style.SUCCESS(
                f"Anchored event {verdict.last_id} in {anchor_path()} "
                f"({verdict.links_checked} new events checked)."
            )
        )
