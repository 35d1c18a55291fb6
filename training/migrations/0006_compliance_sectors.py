"""The compliance summary keeps each person's organisation's sector (`sector_id`, for the
sector figures). partners 0005 moved academy trusts that a GIAS import had added as
schools into their own sector without the summary's refresh, which an action runs; this
puts the summary's sectors in step with the organisations again, in one statement."""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery


def resync(apps, schema_editor):
    ComplianceEntry = apps.get_model("training", "ComplianceEntry")
    Organisation = apps.get_model("partners", "Organisation")
    ComplianceEntry.objects.exclude(sector_id=F("organisation__sector_id")).update(
        sector_id=Subquery(
            Organisation.objects.filter(pk=OuterRef("organisation_id")).values("sector_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0005_import"), ("partners", "0005_academy_trust_sector")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
