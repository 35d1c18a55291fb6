"""The compliance pages count a rule's summary rows by organisation, comparing four dates
with the day: an index that holds all of them lets the database count from the index
alone, in organisation order, without reading the table (bench/README.md, "Training
compliance pages"). It replaces the index on (rule, organisation); the rule's own index
goes, the constraint on (rule, person) and this index both leading with it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_regional_role'),
        ('partners', '0006_check_item_overrides'),
        ('training', '0007_completion_constraints_for_import'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='complianceentry',
            name='training_compliance_org',
        ),
        migrations.AlterField(
            model_name='complianceentry',
            name='rule',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='training.requirementrule'),
        ),
        migrations.AddIndex(
            model_name='complianceentry',
            index=models.Index(fields=['rule', 'organisation', 'completed_on', 'expires_on', 'due_on', 'left_on'], name='training_compliance_counts'),
        ),
    ]
