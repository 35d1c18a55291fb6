"""The background task that imports a large file of completions (more rows than
TRAINING_IMPORT_BACKGROUND_ROWS), run by `manage.py db_worker` (`make worker`). It is
queued by training.actions.imports.choose_columns once the columns are chosen; the
progress page reads the batch as the task goes."""

from __future__ import annotations

from django.tasks import task

from training.actions.imports import run_import
from training.models import ImportBatch, ImportStatus


@task
def run_completion_import(batch_id: int) -> dict[str, int]:
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.QUEUED).first()
    if batch is None:
        return {"completions_added": 0}
    batch = run_import(batch=batch)
    return {"completions_added": batch.completions_added, "problems": batch.error_count}
