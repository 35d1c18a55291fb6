"""Pages of the partnership's quarterly return: the list, a return with each figure beside
the previous quarter's, the narrative form, the review before submitting, reopening, and the
downloads. The coordinator sees the exact Channel counts, marked where the funder's copy
suppresses them; the funder and the steering group read submitted returns only, after
disclosure control, as every download is."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from audit.log import record_outside_action
from govuk.pages import Done, form_page, posted
from lib.errors import Refused
from performance import return_actions, return_documents, return_figures
from performance.models import PartnershipReturn, PartnershipReturnStatus
from performance.return_forms import NarrativeForm, ReopenForm, StartForm
from projects import quarters as q

READERS = (Role.COORDINATOR, Role.FUNDER, Role.STEERING)
PREPARERS = (Role.COORDINATOR,)


def _visible(viewer: Viewer) -> Any:
    rows = PartnershipReturn.objects.filter(partnership=viewer.partnership)
    if not viewer.has_any(*PREPARERS):
        rows = rows.filter(submitted_at__isnull=False)
    return rows


def _get(viewer: Viewer, uuid: UUID) -> PartnershipReturn:
    return get_object_or_404(_visible(viewer).select_related("partnership", "submitted_by"), uuid=uuid)


def _sections(viewer: Viewer, partnership_return: PartnershipReturn, *, exact: bool) -> dict[str, Any]:
    """The return's figures beside the previous quarter's, and the protection of both."""
    report = return_figures.report_of(partnership_return)
    previous = return_figures.previous_submitted(partnership_return)
    protection = return_figures.protection_of(partnership_return)
    previous_protection = return_figures.protection_of(previous) if previous else None
    sections = return_figures.lines(
        report,
        return_figures.report_of(previous) if previous else None,
        return_figures.narrative(partnership_return),
        protection=protection,
        previous_protection=previous_protection,
        exact=exact,
    )
    return {"report": report, "previous": previous, "sections": sections, "notes": protection.notes()}


@partnership_view(*READERS)
def return_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    preparer = viewer.has_any(*PREPARERS)
    rows = _visible(viewer).order_by("-quarter", "-version")
    return render(
        request,
        "performance/returns/return_list.html",
        {
            "returns": [(row, q.label(row.quarter)) for row in rows],
            "can_start": preparer
            and bool(return_actions.quarters_to_start(viewer.partnership, timezone.localdate())),
            "preparer": preparer,
        },
    )


@partnership_view(*PREPARERS)
def return_start(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    quarters = return_actions.quarters_to_start(viewer.partnership, timezone.localdate())
    form = StartForm(
        posted(request), quarters=quarters, initial={"quarter": quarters[0].isoformat() if quarters else ""}
    )

    def save(data: dict[str, Any]) -> Done:
        started = return_actions.start_return(viewer=viewer, quarter=data["quarter"])
        return Done(
            started.get_absolute_url(),
            "Return started: its figures are read from the records until you submit it",
        )

    return form_page(
        request,
        form,
        save=save,
        template="performance/returns/form.html",
        context={
            "heading": "Start a quarterly return",
            "back": reverse("performance:return_list"),
            "quarters": quarters,
        },
    )


@partnership_view(*READERS)
def return_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    partnership_return = _get(viewer, uuid)
    preparer = viewer.has_any(*PREPARERS)
    context = _sections(viewer, partnership_return, exact=preparer)
    versions = _visible(viewer).filter(quarter=partnership_return.quarter).order_by("-version")
    status = partnership_return.status
    return render(
        request,
        "performance/returns/return_detail.html",
        {
            **context,
            "return": partnership_return,
            "quarter_label": q.label(partnership_return.quarter),
            "exact": preparer,
            "versions": versions,
            "can_edit": preparer and status == PartnershipReturnStatus.DRAFT,
            "can_reopen": preparer and status == PartnershipReturnStatus.SUBMITTED,
            "suppressed_any": preparer
            and any(line.suppressed for s in context["sections"] for line in s.lines),
        },
    )


def _writable(viewer: Viewer, uuid: UUID) -> PartnershipReturn:
    partnership_return = _get(viewer, uuid)
    if partnership_return.locked:
        raise Http404
    return partnership_return


@partnership_view(*PREPARERS)
def return_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    partnership_return = _writable(viewer, uuid)
    initial = {name: getattr(partnership_return, name) for name in return_actions.NARRATIVE_FIELDS}
    form = NarrativeForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> Done:
        return_actions.save_return(viewer=viewer, partnership_return=partnership_return, **data)
        return Done(partnership_return.get_absolute_url(), "Return saved as a draft")

    return form_page(
        request,
        form,
        save=save,
        template="performance/returns/form.html",
        context={
            "heading": f"Narrative and contact: {q.label(partnership_return.quarter)}",
            "back": partnership_return.get_absolute_url(),
        },
    )


@partnership_view(*PREPARERS)
def return_submit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """GET: the whole return to review, with the counts the funder's copy will suppress;
    POST: submit it."""
    partnership_return = _writable(viewer, uuid)
    error = ""
    if request.method == "POST":
        try:
            return_actions.submit_return(viewer=viewer, partnership_return=partnership_return)
        except Refused as refused:
            error = refused.message
        else:
            messages.success(request, "Return submitted: it is now locked")
            return redirect(partnership_return.get_absolute_url())
    context = _sections(viewer, partnership_return, exact=True)
    return render(
        request,
        "performance/returns/return_review.html",
        {
            **context,
            "return": partnership_return,
            "quarter_label": q.label(partnership_return.quarter),
            "exact": True,
            "error": error,
            "suppressed_any": any(line.suppressed for s in context["sections"] for line in s.lines),
        },
    )


@partnership_view(*PREPARERS)
def return_reopen(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    partnership_return = _get(viewer, uuid)
    if partnership_return.status != PartnershipReturnStatus.SUBMITTED:
        raise Http404

    def save(data: dict[str, Any]) -> Done:
        following = return_actions.reopen_return(
            viewer=viewer, partnership_return=partnership_return, reason=data["reason"]
        )
        return Done(following.get_absolute_url(), f"Return reopened: version {following.version} is a draft")

    return form_page(
        request,
        ReopenForm(posted(request)),
        save=save,
        template="performance/returns/form.html",
        context={
            "heading": f"Reopen the return for {q.label(partnership_return.quarter)}",
            "intro": "The submitted version is kept as it is, marked reopened; a new version starts "
            "as a draft.",
            "back": partnership_return.get_absolute_url(),
        },
    )


@partnership_view(*READERS)
def return_download(request: HttpRequest, viewer: Viewer, uuid: UUID, extension: str) -> HttpResponse:
    if extension not in ("xlsx", "pdf"):
        raise Http404
    partnership_return = _get(viewer, uuid)
    if not partnership_return.was_submitted:
        raise Http404
    context = _sections(viewer, partnership_return, exact=False)
    produced = f"{timezone.localdate():%d %B %Y}"
    arguments = (partnership_return, context["report"], context["sections"], context["notes"], produced)
    if extension == "xlsx":
        response = HttpResponse(return_documents.return_xlsx(*arguments), content_type=return_documents.XLSX)
    else:
        response = HttpResponse(return_documents.return_pdf(*arguments), content_type="application/pdf")
    record_outside_action(
        verb="performance.return.downloaded",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=partnership_return,
        label=f"{q.short_label(partnership_return.quarter)}, version {partnership_return.version}",
    )
    name = return_documents.file_name(partnership_return, extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
