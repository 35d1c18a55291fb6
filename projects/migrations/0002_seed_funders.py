from django.db import migrations

DEFAULT_FUNDERS = ("Home Office Prevent funding", "Council", "Other")


def seed(apps, schema_editor):
    Partnership = apps.get_model("accounts", "Partnership")
    Funder = apps.get_model("projects", "Funder")
    ReturnLayout = apps.get_model("projects", "ReturnLayout")
    for partnership in Partnership.objects.all():
        for position, name in enumerate(DEFAULT_FUNDERS):
            funder, _ = Funder.objects.get_or_create(partnership=partnership, name=name, defaults={"position": position})
            ReturnLayout.objects.get_or_create(funder=funder)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
