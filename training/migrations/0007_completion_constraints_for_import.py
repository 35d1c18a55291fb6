"""A completion keeps one foreign-key constraint in the database, on its person: the
constraints on its partnership, course and session, and the index on its course alone,
cost a bulk import of completions time on every row and guard nothing the service can
do (see the comment on training.models.Completion). Django still follows the relations
on delete (cascade, protect, set null)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_regional_role'),
        ('training', '0006_compliance_sectors'),
    ]

    operations = [
        migrations.AlterField(
            model_name='completion',
            name='course',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='training.course'),
        ),
        migrations.AlterField(
            model_name='completion',
            name='partnership',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.partnership'),
        ),
        migrations.AlterField(
            model_name='completion',
            name='session',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='completions', to='training.session'),
        ),
    ]
