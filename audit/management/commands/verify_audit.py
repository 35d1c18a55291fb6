from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.anchors import AnchorStoreError, anchor_path, check_anchors, stored_anchors, write_anchor
from audit.log import verify_chain


class Command(BaseCommand):
    help = (
        "Walk the audit log's hash chain and name the first broken link, if any; check the chain "
        "against every signed anchor in the anchor store, reporting removed (truncated) and "
        "re-hashed events and forged anchors; then anchor the verified head."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--start",
            action="store_true",
            help="start a new anchor file if there is none (needed once in production)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify_chain()
        try:
            report = check_anchors(stored_anchors())
        except AnchorStoreError as problem:
            raise CommandError(f"The audit log cannot be checked against its anchors: {problem}") from None
        problems = []
        if not verdict.intact:
            problems.append(
                f"Audit log broken at event {verdict.broken_at}: {verdict.reason}. "
                f"{verdict.links_checked} events before it are intact."
            )
        if not report.consistent:
            problems.append(
                f"The audit log does not match its anchors in {anchor_path()}:\n- "
                + "\n- ".join(report.problems)
            )
        if problems:
            raise CommandError("\n".join(problems))
        summary = (
            f"Audit log intact: {verdict.links_checked} events verified, "
            f"consistent with {report.anchors_checked} anchors."
        )
        if verdict.last_id is None:
            self.stdout.write(self.style.SUCCESS(f"{summary} The log is empty: nothing to anchor."))
            return
        try:
            write_anchor(verdict.last_id, verdict.last_hash, start=options["start"])
        except AnchorStoreError as problem:
            raise CommandError(f"{summary} But the head cannot be anchored: {problem}") from None
        self.stdout.write(
            self.style.SUCCESS(f"{summary} Anchored event {verdict.last_id} in {anchor_path()}.")
        )
