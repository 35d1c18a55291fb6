from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.framework_data import FrameworkFileError, load_framework, read_framework_file


class Command(BaseCommand):
    help = (
        "Load an assessment framework (name, version, sections, factors and guidance) from a "
        "JSON file, such as cases/frameworks/vaf-2012.json, in one transaction with an audit "
        "event. A version already loaded is left alone when the file says the same; "
        "--replace-guidance changes only its guidance text. Partnerships then choose it, from a "
        "date, under Channel settings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the framework's JSON file (at most 1 MB)")
        parser.add_argument(
            "--replace-guidance",
            action="store_true",
            help="for a version already loaded: replace the guidance of its sections and factors; "
            "nothing else may differ",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = load_framework(
                read_framework_file(options["path"]), replace_guidance=options["replace_guidance"]
            )
        except FrameworkFileError as error:
            raise CommandError(
                "Nothing was loaded.\n" + "\n".join(f"  {problem}" for problem in error.problems)
            ) from None
        framework = loaded.framework
        if loaded.outcome == "created":
            message = f"{framework} loaded: {loaded.changed} factors."
        elif loaded.outcome == "unchanged":
            message = f"{framework} is already loaded as the file describes it: nothing changed."
        else:
            message = f"{framework}: the guidance of {loaded.changed} sections or factors replaced."
        self.stdout.write(self.style.SUCCESS(message))
