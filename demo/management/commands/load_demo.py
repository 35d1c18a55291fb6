from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import loader


class Command(BaseCommand):
    help = "Load the demo partnerships, demo sign-ins and plans, then print the sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "The demo shares one published password, so it only loads with PREVENTHUB_DEMO=true "
                "and never in production."
            )
        if loader.is_loaded():
            self.stdout.write("Demo data is already loaded.")
        else:
            loader.load(report=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo sign-ins (password for all: {settings.DEMO_PASSWORD})"))
        for email, description in loader.sign_ins():
            self.stdout.write(f"  {email:<34} {description}")
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000 and sign in.")
