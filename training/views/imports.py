"""The pages of a completions import: the list of imports, the upload, the columns, and
the progress and result of each (which refreshes itself while a large file runs)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from govuk.pages import Done, button, form_page, posted
from training import importing
from training.actions import imports as actions
from training.forms.imports import ColumnsForm, UploadForm
from training.importing import IMPORTERS
from training.models import ImportStatus

REFRESH_SECONDS = 5
RUNNING = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.SAVING)


@partnership_view(*IMPORTERS)
def import_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    return render(
        request,
        "training/import_list.html",
        {
            "batches": list(importing.batches(viewer).select_related("created_by")[:50]),
            "layouts": list(importing.layouts(viewer)),
            "may_delete_layouts": viewer.has_any(Role.COORDINATOR),
        },
    )


@partnership_view(Role.COORDINATOR)
def layout_delete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    layout = get_object_or_404(importing.layouts(viewer), uuid=uuid)

    def press() -> Done:
        actions.delete_layout(viewer=viewer, layout=layout)
        return Done(reverse("training:import_list"), f"Column layout {layout.name} deleted")

    return button(request, press=press, back=reverse("training:import_list"))


@partnership_view(*IMPORTERS)
def import_start(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = UploadForm(posted(request), request.FILES or None, viewer=viewer)

    def save(data: dict[str, Any]) -> Done:
        batch = actions.start_import(viewer=viewer, upload=data["file"], layout=data["layout"])
        return Done(reverse("training:import_columns", args=[batch.uuid]))

    return form_page(
        request,
        form,
        save=save,
        template="training/import_start.html",
        context={
            "max_rows": importing.max_rows(),
            "background_rows": importing.background_rows(),
        },
    )


@partnership_view(*IMPORTERS)
def import_columns(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    batch = importing.get_batch(viewer, uuid)
    if batch.status != ImportStatus.UPLOADED:
        # Sent twice, or opened again later: the file's progress or result is the answer.
        return redirect(batch.get_absolute_url())
    form = ColumnsForm(posted(request), viewer=viewer, batch=batch, initial=batch.columns)

    def save(data: dict[str, Any]) -> Done:
        chosen = actions.choose_columns(
            viewer=viewer,
            batch=batch,
            columns=form.columns(),
            course=data["course_for_all"],
            save_as=data["save_as"],
        )
        if chosen.background:
            return Done(chosen.get_absolute_url(), "The file is being imported")
        done = actions.run_import(batch=chosen)
        if done.status == ImportStatus.DONE:
            return Done(done.get_absolute_url(), "File imported")
        return Done(done.get_absolute_url())

    return form_page(
        request,
        form,
        save=save,
        template="training/import_columns.html",
        context={"batch": batch, "background_rows": importing.background_rows()},
    )


@partnership_view(*IMPORTERS)
def import_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    batch = importing.get_batch(viewer, uuid)
    running = batch.status in RUNNING
    response = render(
        request,
        "training/import_detail.html",
        {
            "batch": batch,
            "running": running,
            "shown": len(batch.errors),
            "percent": min(100, batch.rows_done * 100 // batch.total_rows) if batch.total_rows else 0,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
    if running:
        # Browsers reload on this header without any script; the page has a link as well.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@partnership_view(*IMPORTERS)
def import_problems(request: HttpRequest, viewer: Viewer, uuid: UUID) -> FileResponse:
    batch = importing.get_batch(viewer, uuid)
    if not batch.error_file or not default_storage.exists(batch.error_file):
        raise Http404
    response = FileResponse(
        default_storage.open(batch.error_file, "rb"),
        as_attachment=True,
        filename=f"problems-{batch.file_name.rsplit('.', 1)[0][:80]}.csv",
        content_type="text/csv; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response
