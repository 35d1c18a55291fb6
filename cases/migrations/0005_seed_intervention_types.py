from django.db import migrations


def seed(apps, schema_editor):
    from cases import seeds

    seeds.load_intervention_types(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_support_exit_transfer_retention")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
