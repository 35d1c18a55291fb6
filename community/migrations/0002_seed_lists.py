"""The default lists for the partnerships that existed before this app."""

from django.db import migrations

from community.lists import LISTS


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Partnership = apps.get_model("accounts", "Partnership")
    for partnership in Partnership.objects.all():
        for _, model, defaults in LISTS.values():
            historical = apps.get_model("community", model.__name__)
            if historical.objects.filter(partnership=partnership).exists():
                continue
            historical.objects.bulk_create(
                [historical(partnership=partnership, label=label, position=n) for n, label in enumerate(defaults)]
            )


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
