"""Finds the venue checks due for review for deletion and says how many each partnership
has (no names, no events): the coordinator reviews them on the review page. Run daily
(README, "Background work")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count

from venues.models import VenueCheck
from venues.queries import due_for_review


class Command(BaseCommand):
    help = "Count the venue checks due for review for deletion, by partnership."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = (
            due_for_review(VenueCheck.objects.all())
            .values("partnership__slug")
            .annotate(number=Count("pk"))
            .order_by("partnership__slug")
        )
        total = 0
        for row in rows:
            total += row["number"]
            self.stdout.write(f"{row['partnership__slug']}: {row['number']} venue check(s) due for review")
        self.stdout.write(f"{total} venue check(s) due for review in all")
