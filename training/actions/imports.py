"""Importing completions: upload a file, choose its columns (or a saved layout), then check
and land it, in the request for a small file and as a background task
(training.tasks_import) for a large one. The file lands whole or not at all; one audit
event records each import's outcome with its counts."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import PurePath
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Membership, Role
from audit.log import created, record
from lib import uploads
from lib.errors import Refused
from training import access, importing
from training.importing import FIELDS, UnreadableFile
from training.models import Course, ImportBatch, ImportLayout, ImportStatus

STORAGE_FOLDER = "training-imports"
# How long an import stopped by the database waits for it to come back to say so.
STOPPED_RETRY_SECONDS = 60
COURSE_FOR_ALL = "course_for_all"
ABANDONED_AFTER = dt.timedelta(days=1)


def _require_importer(viewer: Viewer) -> None:
    if not importing.can_import(viewer):
        raise Refused("You cannot import completions")


def _audit(viewer: Viewer, verb: str, target: Any, changes: dict[str, Any], label: str = "") -> None:
    record(
        verb=verb,
        actor=viewer.user,
        partnership=viewer.partnership,
        target=target,
        label=label,
        changes=changes,
    )


@transaction.atomic
def start_import(*, viewer: Viewer, upload: Any, layout: ImportLayout | None = None) -> ImportBatch:
    """Keep the uploaded file (through Django's storage, until it has been read) and read
    its headings; the columns are guessed from them, or taken from a saved layout."""
    _require_importer(viewer)
    _clear_abandoned(viewer)
    if layout is not None and layout.partnership_id != viewer.partnership.pk:
        raise Refused("Select a column layout from the list", field="layout")
    name = PurePath(str(upload.name)).name[:200] or "upload.csv"
    try:
        upload.seek(0)
        source = importing.open_file(name, upload, upload.size)
    except UnreadableFile as unreadable:
        raise Refused(str(unreadable), field="file") from unreadable
    headings = [heading for heading in source.headings if heading][: importing.MAX_COLUMNS]
    if not headings:
        raise Refused("The file is empty. Put the column headings in row 1", field="file")
    if layout is not None:
        columns = {field: heading for field, heading in layout.columns.items() if heading in headings}
        if layout.columns.get(COURSE_FOR_ALL):
            columns[COURSE_FOR_ALL] = layout.columns[COURSE_FOR_ALL]
    else:
        columns = importing.guess_columns(headings)
    batch = ImportBatch(
        partnership=viewer.partnership,
        created_by=viewer.user,
        file_name=name,
        headings=headings,
        columns=columns,
        total_rows=source.estimated_rows,
    )
    upload.seek(0)
    suffix = PurePath(name).suffix.lower()
    batch.stored_name = uploads.store(
        default_storage, f"{STORAGE_FOLDER}/{batch.uuid}{suffix}", File(upload), field="file"
    )
    batch.save()
    _audit(
        viewer,
        "training.import.uploaded",
        batch,
        created({"file": name, "rows": source.estimated_rows}),
        label=name[:100],
    )
    return batch


def _clear_abandoned(viewer: Viewer) -> None:
    """Files uploaded more than a day ago whose columns were never chosen are not kept."""
    abandoned = ImportBatch.objects.filter(
        partnership=viewer.partnership,
        status=ImportStatus.UPLOADED,
        created_at__lt=timezone.now() - ABANDONED_AFTER,
    )
    for batch in abandoned[:100]:
        _remove_stored(batch)
        batch.status = ImportStatus.REFUSED
        batch.error_count = 1
        batch.errors = [[0, "its columns were not chosen within a day, so the file was not kept"]]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "error_count", "errors", "finished_at"])


@transaction.atomic
def save_layout(
    *, viewer: Viewer, name: str, columns: dict[str, str], course: Course | None = None
) -> ImportLayout:
    """Save a column layout for later files from the same source (and the course every row
    is for, for a source that exports one course's certificates)."""
    _require_importer(viewer)
    name = " ".join(name.split())
    if not name:
        raise Refused("Enter a name for the column layout", field="save_as")
    if len(name) > 100:
        raise Refused("The name of the layout must be 100 characters or fewer", field="save_as")
    if ImportLayout.objects.filter(partnership=viewer.partnership, name__iexact=name).exists():
        raise Refused("The partnership already has a column layout with this name", field="save_as")
    kept = {field: columns[field] for field in FIELDS if columns.get(field)}
    if course is not None:
        kept[COURSE_FOR_ALL] = str(course.uuid)
    layout = ImportLayout.objects.create(partnership=viewer.partnership, name=name, columns=kept)
    _audit(viewer, "training.import_layout.saved", layout, created({"name": name, "columns": kept}))
    return layout


@transaction.atomic
def delete_layout(*, viewer: Viewer, layout: ImportLayout) -> None:
    """Delete a saved column layout the partnership no longer uses (imports made with it
    keep their columns: each import records its own)."""
    if not viewer.has_any(Role.COORDINATOR) or layout.partnership_id != viewer.partnership.pk:
        raise Refused("Only the coordinator deletes the partnership's column layouts")
    _audit(viewer, "training.import_layout.deleted", layout, {"name": {"from": layout.name, "to": None}})
    layout.delete()


@transaction.atomic
def choose_columns(
    *,
    viewer: Viewer,
    batch: ImportBatch,
    columns: dict[str, str],
    course: Course | None = None,
    save_as: str = "",
) -> ImportBatch:
    """Say which heading feeds which field (and, for a file with no course column, the
    course of every row), optionally saving the layout. A large file is then queued for the
    background task; a small one is run by the page (run_import) once this returns."""
    _require_importer(viewer)
    if batch.partnership_id != viewer.partnership.pk or batch.status != ImportStatus.UPLOADED:
        raise Refused("This file has already been imported or refused. Upload it again")
    kept = {field: heading for field, heading in columns.items() if field in FIELDS and heading}
    for field, heading in kept.items():
        if heading not in batch.headings:
            raise Refused(f"Choose a heading of the file for {importing.LABELS[field].lower()}", field=field)
    if len(set(kept.values())) != len(kept):
        raise Refused("Choose a different column for each detail", field=next(iter(kept)))
    for field in importing.REQUIRED:
        if field not in kept:
            raise Refused(f"Select the column that holds the {importing.LABELS[field].lower()}", field=field)
    if "course" not in kept and course is None:
        raise Refused(
            "Select the column that holds the course, or the course every row is for", field="course"
        )
    if course is not None and not access.courses(viewer).filter(pk=course.pk).exists():
        raise Refused("Select a course from the list", field="course_for_all")
    if save_as.strip():
        save_layout(viewer=viewer, name=save_as, columns=kept, course=course)
    batch.columns = {**kept, **({COURSE_FOR_ALL: str(course.uuid)} if course is not None else {})}
    batch.background = batch.total_rows > importing.background_rows()
    batch.status = ImportStatus.QUEUED
    batch.save(update_fields=["columns", "background", "status"])
    if batch.background:
        from training.tasks_import import run_completion_import

        pk = batch.pk
        transaction.on_commit(lambda: run_completion_import.enqueue(pk))
    return batch


@transaction.atomic
def import_rows(
    *, viewer: Viewer, rows: list[dict[str, str]], name: str
) -> tuple[ImportBatch, importing.Checked]:
    """Completions sent as rows (by the API) rather than as a file: each row holds the file
    import's fields (importing.FIELDS) and is numbered from 1. The same check and landing as a
    file, on a batch of its own: every row is checked, and either all land or none does, the
    problems kept with their row numbers. Returns the batch and what the check found (closed)."""
    _require_importer(viewer)
    batch = ImportBatch.objects.create(
        partnership=viewer.partnership,
        created_by=viewer.user,
        file_name=name[:200],
        headings=list(FIELDS),
        columns={field: field for field in FIELDS},
        total_rows=len(rows),
        status=ImportStatus.CHECKING,
    )
    source = importing.Source(
        headings=list(FIELDS),
        rows=((number, [row.get(field, "") for field in FIELDS]) for number, row in enumerate(rows, start=1)),
        estimated_rows=len(rows),
    )
    checked: importing.Checked | None = None
    try:
        checked = importing.check(source, {field: field for field in FIELDS}, importing.lookups_for(viewer))
        if checked.error_count:
            refuse_import(batch=batch, checked=checked)
        else:
            land_import(viewer=viewer, batch=batch, checked=checked)
    except Exception:
        problem = importing.Checked()
        problem.refuse(0, "the import stopped before it finished. Nothing was imported: try again")
        refuse_import(batch=batch, checked=problem)
        raise
    finally:
        if checked is not None:
            checked.close()
    batch.refresh_from_db()
    return batch, checked


def note_progress(*, batch: ImportBatch, rows_done: int, status: str | None = None) -> None:
    """How far the check has gone, for the progress page (no audit event: nothing the
    partnership holds has changed)."""
    values: dict[str, Any] = {"rows_done": rows_done}
    if status is not None:
        values["status"] = status
    ImportBatch.objects.filter(pk=batch.pk).update(**values)


def importer_of(batch: ImportBatch) -> Viewer | None:
    """The person who uploaded the file, with the roles they hold now: a background import
    runs with their rights, and not at all if they no longer import."""
    roles = frozenset(
        Membership.objects.filter(user=batch.created_by, partnership=batch.partnership).values_list(
            "role", flat=True
        )
    )
    viewer = Viewer(batch.created_by, batch.partnership, roles)
    return viewer if importing.can_import(viewer) else None


def run_import(*, batch: ImportBatch) -> ImportBatch:
    """Check the stored file and land it whole, or record why not. Called by the page for a
    small file and by the background task for a large one; each write below is its own
    action, so the progress is seen while a large file is checked."""
    batch.refresh_from_db()
    if batch.status != ImportStatus.QUEUED:
        return batch
    viewer = importer_of(batch)
    checked: importing.Checked | None = None
    try:
        if viewer is None:
            checked = importing.Checked()
            checked.refuse(0, "the person who uploaded the file no longer imports completions")
        else:
            note_progress(batch=batch, rows_done=0, status=ImportStatus.CHECKING)
            checked = _check_stored(viewer, batch)
        if checked.error_count:
            refuse_import(batch=batch, checked=checked)
        else:
            note_progress(batch=batch, rows_done=checked.rows, status=ImportStatus.SAVING)
            assert viewer is not None
            land_import(viewer=viewer, batch=batch, checked=checked)
    except Exception:
        problem = importing.Checked()
        problem.refuse(0, "the import stopped before it finished. Nothing was imported: try again")
        _record_stopped(batch, problem)
        raise
    finally:
        if checked is not None:
            checked.close()
        _remove_stored(batch)
    batch.refresh_from_db()
    return batch


def _record_stopped(batch: ImportBatch, problem: importing.Checked) -> None:
    """Say on the batch that nothing was imported, even when what stopped the import was
    the database itself (restarted, or the connection lost): then the broken connection
    is closed and the refusal tried again, for up to STOPPED_RETRY_SECONDS. A batch whose
    rows did land (its commit went through, but its answer was lost) keeps its DONE."""
    deadline = time.monotonic() + STOPPED_RETRY_SECONDS
    while True:
        try:
            if not ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.DONE).exists():
                refuse_import(batch=batch, checked=problem)
            return
        except DatabaseError:
            if connection.in_atomic_block or time.monotonic() > deadline:
                raise
            connection.close()
            time.sleep(1)


def _check_stored(viewer: Viewer, batch: ImportBatch) -> importing.Checked:
    columns = {field: heading for field, heading in batch.columns.items() if field in FIELDS}
    course_for_all = None
    if batch.columns.get(COURSE_FOR_ALL):
        course_for_all = (
            access.courses(viewer)
            .filter(uuid=batch.columns[COURSE_FOR_ALL])
            .values_list("pk", flat=True)
            .first()
        )
        if course_for_all is None:
            checked = importing.Checked()
            checked.refuse(0, "the course chosen for every row is no longer offered")
            return checked
    try:
        stream = default_storage.open(batch.stored_name, "rb") if batch.stored_name else None
    except OSError:
        stream = None
    if stream is None:
        checked = importing.Checked()
        checked.refuse(0, "the uploaded file is no longer kept. Upload it again")
        return checked
    with stream:
        try:
            source = importing.open_file(batch.file_name, stream, default_storage.size(batch.stored_name))
        except UnreadableFile as unreadable:
            checked = importing.Checked()
            checked.refuse(0, str(unreadable))
            return checked
        if [heading for heading in source.headings if heading][: importing.MAX_COLUMNS] != batch.headings:
            checked = importing.Checked()
            checked.refuse(1, "the file's headings have changed since it was uploaded")
            return checked
        lookups = importing.lookups_for(viewer)
        try:
            return importing.check(
                source,
                columns,
                lookups,
                course_for_all=course_for_all,
                progress=lambda done: note_progress(batch=batch, rows_done=done),
            )
        except UnreadableFile as unreadable:
            checked = importing.Checked()
            checked.refuse(0, str(unreadable))
            return checked


def _remove_stored(batch: ImportBatch) -> None:
    if batch.stored_name:
        default_storage.delete(batch.stored_name)
        ImportBatch.objects.filter(pk=batch.pk).update(stored_name="")
        batch.stored_name = ""


@transaction.atomic
def refuse_import(*, batch: ImportBatch, checked: importing.Checked) -> None:
    """Nothing lands: keep the problems (the first ones on the batch, all of them as a CSV
    file) and record one event with the counts."""
    error_file = ""
    if checked.error_spool is not None:
        checked.error_spool.flush()
        raw = checked.error_spool.buffer  # type: ignore[attr-defined]
        raw.seek(0)
        error_file = default_storage.save(f"{STORAGE_FOLDER}/{batch.uuid}-problems.csv", File(raw))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.REFUSED,
        total_rows=max(checked.rows, 0) or batch.total_rows,
        rows_done=checked.rows,
        error_count=checked.error_count,
        errors=[[line, reason] for line, reason in checked.errors],
        error_file=error_file,
        finished_at=timezone.now(),
    )
    record(
        verb="training.completions.import_refused",
        actor=batch.created_by,
        partnership=batch.partnership,
        target=batch,
        label=batch.file_name[:100],
        changes={
            "rows": {"from": None, "to": checked.rows},
            "problems": {"from": None, "to": checked.error_count},
        },
    )


@transaction.atomic
def land_import(*, viewer: Viewer, batch: ImportBatch, checked: importing.Checked) -> ImportBatch:
    """Land the checked rows: new people, then completions, each skipping what is already
    recorded; the summaries are refreshed (importing.after_import) in the same transaction."""
    _require_importer(viewer)
    if batch.partnership_id != viewer.partnership.pk or checked.error_count or checked.spool is None:
        raise Refused("The file has problems. Nothing was imported")
    landed = importing.land(checked.spool, partnership_id=viewer.partnership.pk)
    importing.after_import(viewer.partnership, landed.person_ids)
    batch.status = ImportStatus.DONE
    batch.total_rows = batch.rows_done = checked.rows
    batch.people_added = landed.people_added
    batch.completions_added = landed.completions_added
    batch.already_recorded = checked.rows - landed.completions_added
    batch.error_count = 0
    batch.errors = []
    batch.finished_at = timezone.now()
    batch.save()
    _audit(
        viewer,
        "training.completions.imported",
        batch,
        {
            "rows": {"from": None, "to": checked.rows},
            "completions_added": {"from": None, "to": landed.completions_added},
            "people_added": {"from": None, "to": landed.people_added},
            "already_recorded": {"from": None, "to": batch.already_recorded},
        },
        label=batch.file_name[:100],
    )
    return batch
