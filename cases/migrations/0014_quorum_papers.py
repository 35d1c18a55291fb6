"""Quorum (issue 14, part 2): a meeting's deputy chair, the chair's and deputy chair's
attendance, and each invitation's attendance as present, sent apologies or absent, with a
deputy who came in the member's place. `attended` (yes, no or not recorded) becomes
`attendance`: yes is present, no is absent."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ATTENDANCE = [("present", "Present"), ("apologies", "Sent apologies"), ("absent", "Absent")]


def attended_to_attendance(apps, schema_editor):
    invitation = apps.get_model("cases", "PanelInvitation")
    invitation.objects.filter(attended=True).update(attendance="present")
    invitation.objects.filter(attended=False).update(attendance="absent")


def attendance_to_attended(apps, schema_editor):
    invitation = apps.get_model("cases", "PanelInvitation")
    invitation.objects.filter(attendance="present").update(attended=True)
    invitation.objects.filter(attendance__in=["apologies", "absent"]).update(attended=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_referral_form"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="panelinvitation",
            name="attendance",
            field=models.CharField(blank=True, choices=ATTENDANCE, max_length=10),
        ),
        migrations.AddField(
            model_name="panelinvitation",
            name="deputy_name",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="panelinvitation",
            name="deputy_role",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(attended_to_attendance, attendance_to_attended, elidable=False),
        migrations.RemoveField(model_name="panelinvitation", name="attended"),
        migrations.AddField(
            model_name="panelmeeting",
            name="chair_attendance",
            field=models.CharField(blank=True, choices=ATTENDANCE, max_length=10),
        ),
        migrations.AddField(
            model_name="panelmeeting",
            name="deputy_chair",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="panelmeeting",
            name="deputy_chair_attendance",
            field=models.CharField(blank=True, choices=ATTENDANCE, max_length=10),
        ),
    ]
