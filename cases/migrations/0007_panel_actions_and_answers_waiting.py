import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from lib.working_days import add_working_days


def fill_in(apps, schema_editor):
    """The partnership of each request and panel action is its referral's; requests
    recorded before answers had a due date get the usual ten working days
    (cases.actions.assessment.ANSWER_DAYS), so the overdue ones show."""
    Referral = apps.get_model("cases", "Referral")
    SharingRequest = apps.get_model("cases", "SharingRequest")
    PanelAction = apps.get_model("cases", "PanelAction")
    SharingRequest.objects.update(
        partnership_id=Subquery(Referral.objects.filter(pk=OuterRef("referral_id")).values("partnership_id"))
    )
    PanelAction.objects.update(
        partnership_id=Subquery(
            Referral.objects.filter(agenda_items=OuterRef("agenda_item_id")).values("partnership_id")
        )
    )
    for request in SharingRequest.objects.filter(direction="request", due_on__isnull=True).only("sent_at"):
        request.due_on = add_working_days(timezone.localdate(request.sent_at), 10)
        request.save(update_fields=["due_on"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_partnership_support_review_weeks"),
        ("cases", "0006_backfill_retention_and_statistics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="panelaction",
            name="done_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="panelaction",
            name="done_note_sealed",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="sharingrequest",
            name="due_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sharingrequest",
            name="partnership",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.partnership"
            ),
        ),
        migrations.AddField(
            model_name="panelaction",
            name="partnership",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.partnership"
            ),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sharingrequest",
            name="partnership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.partnership"
            ),
        ),
        migrations.AlterField(
            model_name="panelaction",
            name="partnership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.partnership"
            ),
        ),
        migrations.AddIndex(
            model_name="sharingrequest",
            index=models.Index(
                condition=models.Q(("answered_at__isnull", True), ("direction", "request")),
                fields=["partnership", "due_on"],
                name="sharing_answer_due",
            ),
        ),
        migrations.AddIndex(
            model_name="panelaction",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)),
                fields=["partnership", "due_on"],
                name="panel_action_open",
            ),
        ),
    ]
