"""The sectors, staff groups and contacts' roles every partnership starts with; a partnership may add
its own."""

from django.db import migrations

SECTORS = [
    ("local-authority", "Local authority service"),
    ("school-maintained", "School: maintained"),
    ("school-academy", "School: academy"),
    ("school-independent", "School: independent"),
    ("unregistered-setting", "Unregistered setting"),
    ("supplementary-school", "Supplementary school or madrassah"),
    ("early-years", "Early years"),
    ("further-education", "Further education"),
    ("higher-education", "Higher education"),
    ("health", "Health"),
    ("police", "Police"),
    ("probation-prisons", "Probation and prisons"),
    ("fire", "Fire"),
    ("housing", "Housing"),
    ("voluntary-community", "Voluntary and community"),
    ("faith-institution", "Faith institution"),
    ("business-venue", "Business or venue"),
    ("other", "Other"),
]


ROLES = [
    ("prevent-lead", "Prevent lead"),
    ("designated-safeguarding-lead", "Designated safeguarding lead"),
    ("prevent-champion", "Prevent champion"),
    ("wrap-facilitator", "WRAP facilitator"),
    ("faith-leader", "Faith leader"),
    ("other", "Other"),
]


STAFF_GROUPS = [
    ("all-staff", "All staff"),
    ("teaching-staff", "Teaching staff"),
    ("support-staff", "Support staff"),
    ("frontline-staff", "Frontline staff"),
    ("managers", "Managers and leaders"),
    ("governors", "Governors, trustees and board members"),
    ("volunteers", "Volunteers"),
]


def seed(apps, schema_editor):
    Sector = apps.get_model("partners", "Sector")
    for position, (code, label) in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(
            partnership=None, code=code, defaults={"label": label, "position": position}
        )
    StaffGroup = apps.get_model("partners", "StaffGroup")
    for position, (code, label) in enumerate(STAFF_GROUPS, start=1):
        StaffGroup.objects.update_or_create(
            partnership=None, code=code, defaults={"label": label, "position": position}
        )
    ContactRole = apps.get_model("partners", "ContactRole")
    for position, (code, label) in enumerate(ROLES, start=1):
        ContactRole.objects.update_or_create(
            partnership=None, code=code, defaults={"label": label, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
