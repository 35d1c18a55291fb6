"""The kinds of venue and the things checked that every partnership starts with; a
partnership may add its own."""

from django.db import migrations

KINDS = [
    ("council-hall", "Council hall"),
    ("library", "Library"),
    ("community-centre", "Community centre"),
    ("partner-premises", "Partner premises"),
    ("school-premises", "School premises"),
    ("other", "Other"),
]

ITEMS = [
    ("open-source", "Open-source research"),
    ("earlier-events", "Earlier events at our venues"),
    ("police-advice", "Advice from police"),
    ("prevent-advice", "Advice from the Prevent team"),
    ("lettings-conditions", "The lettings conditions"),
]


def seed(apps, schema_editor):
    for model, rows in (("VenueKind", KINDS), ("CheckItem", ITEMS)):
        Model = apps.get_model("venues", model)
        for position, (code, label) in enumerate(rows, start=1):
            Model.objects.update_or_create(
                partnership=None, code=code, defaults={"label": label, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
