# The app's first migration: each part adds its records in a migration of its own.

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [("accounts", "0007_project_provider_and_venue_officer_roles")]

    operations: list = []
