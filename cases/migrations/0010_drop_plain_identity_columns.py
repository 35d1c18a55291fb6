"""Drop the plain columns 0009 sealed, and the plaintext digests and sizes of files."""

import uuid

from django.db import migrations, models

PERSON = ["given_names", "family_name", "other_names", "date_of_birth", "address", "postcode",
          "school_or_employer", "contact_details"]
REFERRAL = ["referrer_name", "referrer_role", "referrer_organisation", "referrer_email", "referrer_phone",
            "subject_given_names", "subject_family_name", "subject_other_names", "subject_date_of_birth",
            "subject_address", "subject_postcode", "subject_school_or_employer"]


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_seal_identity_values"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_family_name"),
        *[migrations.RemoveField(model_name="person", name=name) for name in PERSON],
        *[migrations.RemoveField(model_name="referral", name=name) for name in REFERRAL],
        migrations.RemoveField(model_name="casedocument", name="sha256"),
        migrations.RemoveField(model_name="casedocument", name="size"),
        migrations.RemoveField(model_name="subjectaccessexport", name="sha256"),
        migrations.AlterField(
            model_name="datakey",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        *[
            migrations.AlterField(model_name="person", name=f"{name}_sealed", field=models.TextField(blank=True))
            for name in PERSON
        ],
        *[
            migrations.AlterField(model_name="referral", name=f"{name}_sealed", field=models.TextField(blank=True))
            for name in REFERRAL
        ],
        migrations.AlterField(model_name="casedocument", name="size_sealed", field=models.TextField(blank=True)),
        migrations.AlterField(
            model_name="subjectaccessexport",
            name="keyed_digest",
            field=models.CharField(
                blank=True, help_text="Of the archive handed over: HMAC-SHA256 with the blind-index key.",
                max_length=64,
            ),
        ),
    ]
