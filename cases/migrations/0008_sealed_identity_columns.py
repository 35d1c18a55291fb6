"""Columns for the sealed identity of people and referrals (issue 13): the plain ones are
copied into them, sealed, by 0009 and removed by 0010."""

from django.db import migrations, models

PERSON = ["given_names", "family_name", "other_names", "date_of_birth", "address", "postcode",
          "school_or_employer", "contact_details"]
REFERRAL = ["referrer_name", "referrer_role", "referrer_organisation", "referrer_email", "referrer_phone",
            "subject_given_names", "subject_family_name", "subject_other_names", "subject_date_of_birth",
            "subject_address", "subject_postcode", "subject_school_or_employer"]


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_panel_actions_and_answers_waiting"),
    ]

    operations = [
        migrations.AddField(
            model_name="datakey", name="uuid", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.AddField(
            model_name="datakey", name="rekeyed_at", field=models.DateTimeField(null=True, blank=True)
        ),
        *[
            migrations.AddField(model_name="person", name=f"{name}_sealed", field=models.TextField(blank=True, default=""))
            for name in PERSON
        ],
        *[
            migrations.AddField(model_name="referral", name=f"{name}_sealed", field=models.TextField(blank=True, default=""))
            for name in REFERRAL
        ],
        migrations.AddField(
            model_name="casedocument", name="size_sealed", field=models.TextField(blank=True, default="")
        ),
        migrations.AddField(
            model_name="subjectaccessexport",
            name="keyed_digest",
            field=models.CharField(
                blank=True, default="", help_text="Of the archive handed over: HMAC-SHA256 with the blind-index key.",
                max_length=64,
            ),
        ),
    ]
