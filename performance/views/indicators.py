"""The dashboard of indicators, its XLSX, and the coordinator's pages that set the
indicators. Figures come from the stored summary (performance/summaries.py)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from govuk import measures as registry
from govuk.pages import Done, button, form_page, posted
from performance import indicator_actions as actions
from performance import indicators
from performance.indicator_forms import IndicatorForm, SourceForm, initial_for
from performance.indicators import CASE_HOLDERS, READERS
from performance.models import Indicator, IndicatorValue, StaleFigures

# The list behind a source's figure, and who may open it.
LINKS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "cases": ("cases:case_list", "The cases", CASE_HOLDERS),
    "training": ("training:rule_list", "Training requirements and compliance", (Role.COORDINATOR,)),
    "community": ("community:event_list", "Engagement events", (Role.COORDINATOR,)),
    "projects": ("projects:project_list", "Commissioned projects", (Role.COORDINATOR,)),
    "plans": ("plans:strategy_list", "Delivery plans", (Role.COORDINATOR,)),
}


def protected_reader(viewer: Viewer) -> bool:
    """A reader without access to the cases: they see the Channel figures after
    disclosure control."""
    return not viewer.has_any(*CASE_HOLDERS)


def _rows(viewer: Viewer) -> list[indicators.Row]:
    rows = indicators.rows_for(viewer.partnership, today=timezone.localdate())
    if protected_reader(viewer):
        indicators.protect(viewer.partnership, rows, wait=False)
    for row in rows:
        found = LINKS.get(row.indicator.source.split(".")[0])
        if found and viewer.has_any(*found[2]) and not (row.disclosive and protected_reader(viewer)):
            row.links.append((reverse(found[0]), found[1]))
    return rows


@partnership_view(*READERS)
def dashboard(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    rows = _rows(viewer)
    for row in rows:
        row.chart = mark_safe(indicators.chart(row))  # type: ignore[attr-defined]  # noqa: S308 - escaped by charts
    as_of = (
        IndicatorValue.objects.filter(indicator__partnership=viewer.partnership)
        .order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .first()
    )
    return render(
        request,
        "performance/indicators/dashboard.html",
        {
            "rows": rows,
            "as_of": as_of,
            "stale": StaleFigures.objects.filter(partnership=viewer.partnership).exists(),
            "protected": protected_reader(viewer),
            "can_edit": viewer.has_any(Role.COORDINATOR),
            "suppressed_why": indicators.SUPPRESSED_WHY,
        },
    )


@partnership_view(*READERS)
def dashboard_xlsx(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    rows = _rows(viewer)
    notes = [
        f"Performance indicators of {viewer.partnership.name}, as of {timezone.localtime():%-d %B %Y %H:%M}.",
        "Each period's value is the indicator's figure for that period; "
        "the present period is counted so far.",
    ]
    if protected_reader(viewer) and any(row.disclosive for row in rows):
        from performance.disclosure import Rules

        notes += Rules().notes()
    response = HttpResponse(
        indicators.xlsx(viewer.partnership, rows, notes),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"indicators-{viewer.partnership.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view(Role.COORDINATOR)
def indicator_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    listed = Indicator.objects.filter(partnership=viewer.partnership)
    listed = listed.order_by("-active", "order", "name", "id")
    rows: list[dict[str, Any]] = []
    for indicator in listed:
        source = registry.source(indicator.source)
        rows.append(
            {
                "indicator": indicator,
                "source": (
                    source.describe(viewer.partnership, indicator.params) if source else "No longer offered"
                ),
            }
        )
    return render(request, "performance/indicators/list.html", {"rows": rows})


@partnership_view(Role.COORDINATOR)
def indicator_source(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    # The hidden "chosen" field binds the form even when no source was picked, so that
    # Continue with nothing chosen says so.
    form = SourceForm(request.GET if "chosen" in request.GET or "source" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("performance:indicator_create", code=form.cleaned_data["source"])
    return render(request, "performance/indicators/source.html", {"form": form})


@partnership_view(Role.COORDINATOR)
def indicator_create(request: HttpRequest, viewer: Viewer, code: str) -> HttpResponse:
    source = registry.source(code)
    if source is None:
        raise Http404
    form = IndicatorForm(posted(request), source=source, partnership=viewer.partnership)

    def save(data: dict[str, Any]) -> Done:
        actions.create_indicator(viewer=viewer, **form.values())
        return Done(reverse("performance:indicator_list"), "Indicator added: its figures are being computed")

    return form_page(
        request,
        form,
        save=save,
        template="performance/indicators/form.html",
        context={"source": source, "indicator": None},
    )


def _indicator(viewer: Viewer, uuid: UUID) -> Indicator:
    return get_object_or_404(Indicator, uuid=uuid, partnership=viewer.partnership, active=True)


@partnership_view(Role.COORDINATOR)
def indicator_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    indicator = _indicator(viewer, uuid)
    source = registry.source(indicator.source)
    if source is None:
        raise Http404
    form = IndicatorForm(
        posted(request), source=source, partnership=viewer.partnership, initial=initial_for(indicator)
    )

    def save(data: dict[str, Any]) -> Done:
        actions.update_indicator(viewer=viewer, indicator=indicator, **form.values())
        return Done(reverse("performance:indicator_list"), "Indicator saved")

    return form_page(
        request,
        form,
        save=save,
        template="performance/indicators/form.html",
        context={"source": source, "indicator": indicator},
    )


@partnership_view(Role.COORDINATOR)
def indicator_retire(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    indicator = _indicator(viewer, uuid)

    def press() -> Done:
        actions.retire_indicator(viewer=viewer, indicator=indicator)
        return Done(reverse("performance:indicator_list"), f"{indicator.name} retired")

    return button(request, press=press, back=reverse("performance:indicator_list"))
