"""Pages of the Prevent duty self-assessment (issue 17, part 6): the partnership's
assessments, one assessment with last year's rating beside each benchmark, the forms that
rate a benchmark and turn a shortfall into a plan action, the partnership's own wording of a
benchmark marked as its to edit, completion, and the PDF."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from accounts.access import Viewer, partnership_view
from audit.log import record_outside_action
from govuk.pages import Done, button, form_page, posted
from lib.text import clean
from performance import assessment_access as access
from performance import assessment_actions as actions
from performance import assessment_evidence as evidence
from performance.assessment_access import ASSESSORS, READERS
from performance.assessment_forms import RatingForm, ShortfallForm, StartForm, WordingForm
from performance.assessment_report import (
    Report,
    benchmarks,
    framework_good,
    report_of,
    unrated,
    with_history,
    worded,
    wording_of,
)
from performance.models import Assessment, Benchmark, BenchmarkRating

TEMPLATES = "performance/assessment"


def _last_year(viewer: Viewer, assessment: Assessment) -> Assessment | None:
    return access.assessments(viewer).filter(year=assessment.year - 1).select_related("framework").first()


def _page_report(viewer: Viewer, assessment: Assessment) -> tuple[Report, Assessment | None]:
    last = _last_year(viewer, assessment)
    return with_history(viewer, report_of(assessment), report_of(last) if last else None), last


def _benchmark(report: Report, code: str) -> dict[str, Any]:
    found = next((b for b in benchmarks(report) if b["code"] == code), None)
    if found is None:
        raise Http404
    return found


@partnership_view(*READERS)
def assessment_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    listed = list(access.assessments(viewer).select_related("framework"))
    years = [] if not access.can_assess(viewer) else _open_years(viewer)
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {"assessments": listed, "can_start": bool(years), "can_assess": access.can_assess(viewer)},
    )


def _open_years(viewer: Viewer) -> list[int]:
    this_year = actions.current_year()
    taken = set(Assessment.objects.filter(partnership=viewer.partnership).values_list("year", flat=True))
    return [
        year for year in range(this_year, this_year - actions.EARLIEST_YEARS - 1, -1) if year not in taken
    ]


@partnership_view(*ASSESSORS)
def assessment_start(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    years = _open_years(viewer)
    form = StartForm(posted(request), years=years, initial={"year": years[0] if years else None})

    def save(data: dict[str, Any]) -> Done:
        assessment = actions.start_assessment(viewer=viewer, year=data["year"])
        return Done(assessment.get_absolute_url(), f"Self-assessment for {assessment.year_label} started")

    return form_page(request, form, save=save, template=f"{TEMPLATES}/start.html", context={"years": years})


@partnership_view(*READERS)
def assessment_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    assessment = access.get_assessment(viewer, uuid)
    report, last = _page_report(viewer, assessment)
    editable = access.can_assess(viewer) and not assessment.locked
    suggestions: dict[str, list[Any]] = {}
    if editable:
        for suggestion in evidence.suggestions(viewer.partnership):
            if viewer.has_any(*suggestion.openers):
                suggestions.setdefault(suggestion.heading, []).append(suggestion)
    for heading in report["headings"]:
        heading["suggestions"] = suggestions.get(heading["code"], [])
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "assessment": assessment,
            "report": report,
            "last": last,
            "editable": editable,
            "unrated": len(unrated(report)),
        },
    )


@partnership_view(*ASSESSORS)
def assessment_rate(request: HttpRequest, viewer: Viewer, uuid: UUID, code: str) -> HttpResponse:
    assessment = access.get_editable_assessment(viewer, uuid)
    rating = (
        BenchmarkRating.objects.filter(assessment=assessment, benchmark__code=code)
        .select_related("benchmark__heading")
        .first()
    )
    if rating is None:
        raise Http404
    form = RatingForm(
        posted(request), viewer=viewer, assessment=assessment, initial=RatingForm.initial_for(rating)
    )

    def save(data: dict[str, Any]) -> Done:
        actions.rate_benchmark(
            viewer=viewer,
            assessment=assessment,
            benchmark=code,
            rating=data["rating"],
            commentary=data["commentary"],
            evidence_records=form.evidence_records(),
        )
        return Done(f"{assessment.get_absolute_url()}#{rating.benchmark.code}", "Rating saved")

    suggestions = [
        s
        for s in evidence.suggestions(viewer.partnership)
        if s.heading == rating.benchmark.heading.code and viewer.has_any(*s.openers)
    ]
    return form_page(
        request,
        form,
        save=save,
        template=f"{TEMPLATES}/rate.html",
        context={
            "assessment": assessment,
            "benchmark": rating.benchmark,
            "worded": worded(rating.benchmark, wording_of(viewer.partnership, rating.benchmark)),
            "suggestions": suggestions,
        },
    )


@partnership_view(*ASSESSORS)
def assessment_shortfall(request: HttpRequest, viewer: Viewer, uuid: UUID, code: str) -> HttpResponse:
    assessment = access.get_editable_assessment(viewer, uuid)
    report = report_of(assessment)
    benchmark = _benchmark(report, code)
    if not benchmark["shortfall"] or benchmark["action"]:
        raise Http404
    form = ShortfallForm(
        posted(request), viewer=viewer, initial={"title": f"Address the shortfall: {benchmark['statement']}"}
    )

    def save(data: dict[str, Any]) -> Done:
        action = actions.create_shortfall_action(
            viewer=viewer,
            assessment=assessment,
            benchmark=code,
            objective=data["objective"],
            title=data["title"],
            target_date=data.get("target_date"),
        )
        return Done(f"{assessment.get_absolute_url()}#{code}", f"Plan action created: {action.title[:80]}")

    return form_page(
        request,
        form,
        save=save,
        template=f"{TEMPLATES}/shortfall.html",
        context={"assessment": assessment, "benchmark": benchmark},
    )


def _editable_wording(viewer: Viewer, uuid: UUID, code: str) -> tuple[Assessment, Benchmark]:
    """An assessment in progress of the coordinator's and one of its framework's benchmarks
    marked as the partnership's to edit; 404 for anything else."""
    assessment = access.get_editable_assessment(viewer, uuid)
    benchmark = (
        Benchmark.objects.filter(heading__framework=assessment.framework, code=code, partnership_to_edit=True)
        .select_related("heading")
        .first()
    )
    if benchmark is None:
        raise Http404
    return assessment, benchmark


@partnership_view(*ASSESSORS)
def assessment_wording(request: HttpRequest, viewer: Viewer, uuid: UUID, code: str) -> HttpResponse:
    assessment, benchmark = _editable_wording(viewer, uuid, code)
    wording = wording_of(viewer.partnership, benchmark)
    initial = (
        {"statement": wording.statement, "good": wording.good}
        if wording
        else {"statement": benchmark.statement, "good": framework_good(benchmark)}
    )
    form = WordingForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> Done:
        actions.set_benchmark_wording(
            viewer=viewer, benchmark=benchmark, statement=data["statement"], good=data["good"]
        )
        return Done(f"{assessment.get_absolute_url()}#{benchmark.code}", "Wording saved")

    return form_page(
        request,
        form,
        save=save,
        template=f"{TEMPLATES}/wording.html",
        context={
            "assessment": assessment,
            "benchmark": benchmark,
            "wording": wording,
            "framework_good": framework_good(benchmark),
        },
    )


@partnership_view(*ASSESSORS)
def assessment_wording_restore(request: HttpRequest, viewer: Viewer, uuid: UUID, code: str) -> HttpResponse:
    assessment, benchmark = _editable_wording(viewer, uuid, code)

    def press() -> Done:
        actions.restore_framework_wording(viewer=viewer, benchmark=benchmark)
        return Done(
            f"{assessment.get_absolute_url()}#{benchmark.code}", "The framework's wording is used again"
        )

    return button(
        request, press=press, back=reverse("performance:assessment_wording", args=[assessment.uuid, code])
    )


@partnership_view(*ASSESSORS)
def assessment_complete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    assessment = access.get_editable_assessment(viewer, uuid)

    def press() -> Done:
        actions.complete_assessment(viewer=viewer, assessment=assessment)
        return Done(assessment.get_absolute_url(), "Self-assessment completed and locked")

    return button(request, press=press, back=assessment.get_absolute_url())


def assessment_html(report: Report, *, printed_on: str) -> str:
    return clean(render_to_string(f"{TEMPLATES}/pdf.html", {"report": report, "printed_on": printed_on}))


@partnership_view(*READERS)
def assessment_pdf(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    assessment = access.get_assessment(viewer, uuid)
    report, _ = _page_report(viewer, assessment)
    html = assessment_html(report, printed_on=f"{timezone.localdate():%-d %B %Y}")
    response = HttpResponse(
        HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), content_type="application/pdf"
    )
    record_outside_action(
        verb="performance.assessment.downloaded",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=assessment,
        label=assessment.year_label,
    )
    name = f"prevent-duty-self-assessment-{viewer.partnership.slug}-{assessment.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
