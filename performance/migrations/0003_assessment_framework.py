"""Loads the Prevent duty self-assessment framework (performance/assessment_framework.py):
each version once, by name and version."""

from typing import Any

from django.db import migrations

from performance.assessment_framework import load_frameworks


def load(apps: Any, schema_editor: Any) -> None:
    load_frameworks(apps)


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_assessment")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
