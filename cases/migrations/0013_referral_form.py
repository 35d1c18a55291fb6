"""The referral form (issue 14, part 12): further information a referrer adds while the
referral waits at the gateway (ReferralAddition, and its chronology kind), and the type of
concern "Not sure", national, placed last."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def add_not_sure(apps, schema_editor):
    concern_type = apps.get_model("cases", "ConcernType")
    last = concern_type.objects.aggregate(last=models.Max("position"))["last"] or 0
    concern_type.objects.get_or_create(
        partnership=None, code="not_sure", defaults={"label": "Not sure", "position": last + 1}
    )


def remove_not_sure(apps, schema_editor):
    referral = apps.get_model("cases", "Referral")
    concern_type = apps.get_model("cases", "ConcernType")
    unused = concern_type.objects.filter(partnership=None, code="not_sure").exclude(
        pk__in=referral.objects.values("concern_type_id")
    )
    unused.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_frameworks_as_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("received", "Referral received"),
                    ("identity_linked", "Linked to a person already known"),
                    ("identity_confirmed", "Confirmed as a new person"),
                    ("deconflicted", "Deconfliction recorded"),
                    ("gateway_decision", "Gateway decision"),
                    ("sharing", "Information sharing"),
                    ("sharing_answered", "Information sharing answered"),
                    ("assessment", "Vulnerability assessment"),
                    ("agenda", "Put on a panel agenda"),
                    ("panel_decision", "Panel decision"),
                    ("panel_action", "Panel action"),
                    ("document", "Document added"),
                    ("person_updated", "The person's details corrected"),
                    ("consent", "Consent"),
                    ("consent_withdrawn", "Consent withdrawn"),
                    ("intervention", "Intervention agreed"),
                    ("intervention_ended", "Intervention ended"),
                    ("session", "Support session"),
                    ("review", "Review"),
                    ("exit", "Exit from support"),
                    ("closed", "Case closed"),
                    ("transfer", "Transfer"),
                    ("retention", "Retention"),
                    ("addition", "Further information from the referrer"),
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="ReferralAddition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("added_at", models.DateTimeField()),
                ("text_sealed", models.TextField(blank=True)),
                (
                    "added_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "referral",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="additions",
                        to="cases.referral",
                    ),
                ),
            ],
            options={
                "ordering": ["added_at", "id"],
            },
        ),
        migrations.RunPython(add_not_sure, remove_not_sure),
    ]
