"""A seeded sector for academy trusts (groups of schools), to which no built-in duty check
applies, and the move into it of the trusts a GIAS import added as "School: academy".

A trust is moved only when it can be told apart from a school for certain: the register's
first event for it is the import that added it with nothing but a name, a sector and a
status (a GIAS trust's way: a school from GIAS always has its URN); it is still in the
seeded "School: academy" sector with no URN, address, postcode or parent; at least one
organisation sits under it; and no duty check was ever recorded for it. Anything else is
left for the coordinator to change by hand. The migration writes no audit events (the
log is written by the app's actions only); the change is described in docs/partners.md."""

from django.db import migrations

TRUST = ("academy-trust", "Academy trust (group of schools)")
CREATED_BY_IMPORT = {"name", "sector", "status"}


def seed(apps, schema_editor):
    Sector = apps.get_model("partners", "Sector")
    Organisation = apps.get_model("partners", "Organisation")
    DutyCheck = apps.get_model("partners", "DutyCheck")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    academy = Sector.objects.filter(partnership=None, code="school-academy").first()
    position = academy.position if academy is not None else 0
    trust, _ = Sector.objects.update_or_create(
        partnership=None, code=TRUST[0], defaults={"label": TRUST[1], "position": position}
    )
    if academy is None:
        return
    candidates = Organisation.objects.filter(
        sector=academy, urn="", address="", postcode="", parent__isnull=True, children__isnull=False
    ).distinct()
    moved = []
    for organisation in candidates.iterator():
        if DutyCheck.objects.filter(organisation=organisation).exists():
            continue
        first = (
            AuditEvent.objects.filter(
                object_type="partners.organisation", object_id=str(organisation.uuid)
            )
            .order_by("id")
            .first()
        )
        if first is None or first.verb != "partners.organisation.imported":
            continue
        changes = first.changes if isinstance(first.changes, dict) else {}
        if set(changes) != CREATED_BY_IMPORT or any(
            not isinstance(change, dict) or change.get("from") is not None for change in changes.values()
        ):
            continue
        moved.append(organisation.pk)
    Organisation.objects.filter(pk__in=moved).update(sector=trust)


def unseed(apps, schema_editor):
    Sector = apps.get_model("partners", "Sector")
    Organisation = apps.get_model("partners", "Organisation")
    trust = Sector.objects.filter(partnership=None, code=TRUST[0]).first()
    academy = Sector.objects.filter(partnership=None, code="school-academy").first()
    if trust is None or academy is None:
        return
    Organisation.objects.filter(sector=trust).update(sector=academy)
    trust.delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_duty_checks"), ("audit", "0003_append_function")]

    operations = [migrations.RunPython(seed, unseed)]
