"""Plans in and out as files: CSV and XLSX exports, the committee report PDF, the import
template, and import."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify

from accounts.access import Viewer, partnership_view
from govuk.pages import Done, form_page, posted
from lib.errors import Refused
from plans import access, actions, queries, report, spreadsheets
from plans import measures as plan_measures
from plans.access import PLAN_EDITORS, PLAN_READERS
from plans.forms import ImportForm
from plans.models import Action, Strategy


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(strategy: Strategy, extension: str) -> str:
    return f"{slugify(strategy.title)[:80] or 'plan'}-{queries.today():%Y-%m-%d}.{extension}"


def _export_rows(strategy: Strategy) -> list[list[object]]:
    plan_actions = Action.objects.filter(strategy=strategy)
    overdue = set(
        plan_actions.filter(queries.overdue_condition(queries.today())).values_list("pk", flat=True)
    )
    ordered = plan_actions.select_related("objective", "objective__parent", "owner").order_by("sort_key")
    measures = {
        action_id: plan_measures.export_text(shown)
        for action_id, shown in plan_measures.shown_for_strategy(strategy).items()
    }
    return list(spreadsheets.export_rows(ordered, overdue, measures))


@partnership_view(*PLAN_READERS)
def export_csv(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)
    return _download(
        spreadsheets.to_csv(_export_rows(strategy)),
        content_type="text/csv; charset=utf-8",
        filename=_filename(strategy, "csv"),
    )


@partnership_view(*PLAN_READERS)
def export_xlsx(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)
    return _download(
        spreadsheets.to_xlsx(_export_rows(strategy), title=strategy.title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=_filename(strategy, "xlsx"),
    )


@partnership_view(*PLAN_READERS)
def report_pdf(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)
    return _download(
        report.render_pdf(strategy), content_type="application/pdf", filename=_filename(strategy, "pdf")
    )


@partnership_view(*PLAN_EDITORS)
def import_template(request: HttpRequest, viewer: Viewer, extension: str) -> HttpResponse:
    if extension not in ("csv", "xlsx"):
        raise Http404
    headings = [column.heading for column in spreadsheets.IMPORT_COLUMNS]
    rows = spreadsheets.template_rows()
    if extension == "csv":
        return _download(
            spreadsheets.to_csv(rows, headings=headings),
            content_type="text/csv; charset=utf-8",
            filename="prevent-hub-plan-template.csv",
        )
    return _download(
        spreadsheets.to_xlsx(rows, title="Prevent Hub plan template", columns=spreadsheets.IMPORT_COLUMNS),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="prevent-hub-plan-template.xlsx",
    )


@partnership_view(*PLAN_EDITORS)
def plan_import(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    # The form reads and checks the file; `save` only writes what it found.
    form = ImportForm(
        posted(request),
        request.FILES or None,
        owners=actions.action_owner_choices(viewer),
        initial={"status": "draft"},
    )

    def save(data: dict[str, Any]) -> Done:
        values = dict(data)
        upload, rows = values.pop("file"), values.pop("rows")
        try:
            strategy = actions.import_plan(viewer=viewer, rows=rows, file_name=upload.name, **values)
        except Refused as refused:
            form.problems.append(refused.message)
            raise Refused(form.counted(), field="file") from refused
        return Done(strategy.get_absolute_url(), f"Imported {len(rows)} actions into {strategy.title}")

    return form_page(
        request,
        form,
        save=save,
        template="plans/import.html",
        context={"problems": form.problems, "guidance": spreadsheets.TEMPLATE_GUIDANCE},
    )
