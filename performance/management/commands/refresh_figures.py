"""Recompute the indicators' stored figures now, for one partnership or all, whether or
not they are marked stale (the task does it after each change; this is for a new
deployment, a changed measure or a mark left behind)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Partnership
from performance import summaries


class Command(BaseCommand):
    help = "Recompute the performance indicators' figures (all partnerships, or --partnership SLUG)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", help="The partnership's slug, such as towerhamlets.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnerships = Partnership.objects.order_by("name")
        if options.get("partnership"):
            partnerships = partnerships.filter(slug=options["partnership"])
            if not partnerships.exists():
                raise CommandError(f"No partnership is called {options['partnership']!r}")
        for partnership in partnerships:
            stored = summaries.refresh(partnership)
            self.stdout.write(f"{partnership.name}: {stored} figures computed")
