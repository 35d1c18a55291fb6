"""Assessment frameworks as data: a framework's sections become rows (AssessmentSection)
instead of the fixed engagement, intent and capability choices; each factor's dimension
moves to a section of its own framework; the 2012 framework gets its source; and a
partnership's choice of framework from a date (FrameworkChoice) is kept."""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LABELS = {"engagement": "Engagement", "intent": "Intent", "capability": "Capability"}


def dimensions_to_sections(apps, schema_editor):
    framework_model = apps.get_model("cases", "AssessmentFramework")
    section_model = apps.get_model("cases", "AssessmentSection")
    factor_model = apps.get_model("cases", "AssessmentFactor")
    for framework in framework_model.objects.all():
        codes = sorted(
            set(factor_model.objects.filter(framework=framework).values_list("dimension", flat=True))
        )
        # In the order the factors were shown until now (by the dimension's code), so the
        # 2012 framework reads exactly as it did.
        for position, code in enumerate(codes, start=1):
            section = section_model.objects.create(
                framework=framework,
                code=code,
                name=LABELS.get(code, code.replace("_", " ").capitalize()),
                position=position,
            )
            factor_model.objects.filter(framework=framework, dimension=code).update(section=section)
    framework_model.objects.filter(name="Vulnerability Assessment Framework", version="2012").update(
        publisher="Home Office",
        source_title="Channel: vulnerability assessment framework",
        published_on=dt.date(2012, 10, 23),
    )


def sections_to_dimensions(apps, schema_editor):
    factor_model = apps.get_model("cases", "AssessmentFactor")
    for factor in factor_model.objects.select_related("section"):
        factor.dimension = factor.section.code[:12]
        factor.save(update_fields=["dimension"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0011_blind_index_with_short_forms"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentframework",
            name="publisher",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="assessmentframework",
            name="source_title",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.CreateModel(
            name="AssessmentSection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=60)),
                ("name", models.CharField(max_length=200)),
                ("position", models.PositiveSmallIntegerField()),
                ("guidance", models.TextField(blank=True)),
                (
                    "framework",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sections",
                        to="cases.assessmentframework",
                    ),
                ),
            ],
            options={
                "ordering": ["position", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("framework", "code"), name="framework_section_code")
                ],
            },
        ),
        # A default, so that undoing this migration can add the column back before refilling it.
        migrations.AlterField(
            model_name="assessmentfactor",
            name="dimension",
            field=models.CharField(
                choices=[("engagement", "Engagement"), ("intent", "Intent"), ("capability", "Capability")],
                default="",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="assessmentfactor",
            name="section",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="factors",
                to="cases.assessmentsection",
            ),
        ),
        migrations.RunPython(dimensions_to_sections, sections_to_dimensions),
        migrations.AlterField(
            model_name="assessmentfactor",
            name="section",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="factors",
                to="cases.assessmentsection",
            ),
        ),
        migrations.AlterModelOptions(
            name="assessmentfactor",
            options={"ordering": ["section__position", "position", "id"]},
        ),
        migrations.RemoveField(model_name="assessmentfactor", name="dimension"),
        migrations.CreateModel(
            name="FrameworkChoice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_on", models.DateField()),
                ("chosen_at", models.DateTimeField(auto_now_add=True)),
                (
                    "chosen_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "framework",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="cases.assessmentframework",
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.partnership",
                    ),
                ),
            ],
            options={
                "ordering": ["-starts_on", "-id"],
                "indexes": [models.Index(fields=["partnership", "starts_on"], name="framework_choice_from")],
            },
        ),
    ]
