"""Equality monitoring: referrals per 10,000 residents by ethnic group, age band, gender and
religion, with each group's rate ratio, after disclosure control (performance.equality)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from config.routers import replica_reads
from govuk.pages import show_refusal
from lib.bands import financial_year
from lib.errors import Refused
from lib.text import spreadsheet_safe
from performance import actions_equality, equality, releases
from performance import population as population_module
from performance.disclosure import SUPPRESSED_MARK
from performance.forms_equality import AreaForm, PopulationFileForm
from performance.models import EqualityArea, PopulationDimension, PopulationFigure, PopulationImport

# Aggregates only, after disclosure control: the coordinator, the steering group and the
# funder (who receives the same protected figures in the statistics and the return).
READERS = (Role.COORDINATOR, Role.STEERING, Role.FUNDER)
FIRST_YEAR = 2015


def _year(request: HttpRequest) -> int:
    this_year = financial_year(timezone.localdate())
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if FIRST_YEAR <= year <= this_year else this_year


def _figures(viewer: Viewer, year: int) -> dict[str, Any]:
    protected = releases.protected(viewer.partnership, year)
    people = equality.population(viewer.partnership)
    return {
        "breakdowns": equality.breakdowns(viewer.partnership, year, protected),
        "notes": equality.notes(viewer.partnership, people, protected),
        "population": people,
        "year": year,
        "year_label": equality.year_label(year),
    }


@partnership_view(*READERS)
@replica_reads
def page(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    year = _year(request)
    this_year = financial_year(timezone.localdate())
    return render(
        request,
        "performance/equality/page.html",
        {
            **_figures(viewer, year),
            "years": [(y, equality.year_label(y)) for y in range(this_year, FIRST_YEAR - 1, -1)],
            "can_import": viewer.has_any(Role.COORDINATOR),
            "suppressed": SUPPRESSED_MARK,
        },
    )


HEADINGS = [
    "Breakdown",
    "Group",
    "Referrals",
    "Residents",
    "Referrals per 10,000 residents",
    "Rate ratio to the rest",
    "95% CI lower",
    "95% CI upper",
]


def _rows(figures: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for breakdown in figures["breakdowns"]:
        for row in breakdown.rows:
            rows.append(
                [
                    breakdown.title,
                    row.group,
                    SUPPRESSED_MARK if row.referrals is None else row.referrals,
                    row.residents if row.residents is not None else "",
                    round(row.rate, 2) if row.rate is not None else "",
                    round(row.ratio.value, 2) if row.ratio else "",
                    round(row.ratio.low, 2) if row.ratio else "",
                    round(row.ratio.high, 2) if row.ratio else "",
                ]
            )
        rows.append(
            [breakdown.title, "Total", SUPPRESSED_MARK if breakdown.total is None else breakdown.total]
        )
    return rows


@partnership_view(*READERS)
@replica_reads
def download(request: HttpRequest, viewer: Viewer, extension: str) -> HttpResponse:
    if extension not in ("csv", "xlsx"):
        raise Http404
    figures = _figures(viewer, _year(request))
    rows = _rows(figures)
    notes = [f"Equality monitoring, {viewer.partnership.name}, {figures['year_label']}", *figures["notes"]]
    name = f"equality-{viewer.partnership.slug}-{figures['year']}"
    if extension == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADINGS)
        for row in rows:
            writer.writerow([spreadsheet_safe(str(value)) for value in row])
        writer.writerow([])
        for note in notes:
            writer.writerow(["Note", spreadsheet_safe(note)])
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Equality")
        sheet.append(HEADINGS)
        for row in rows:
            sheet.append([spreadsheet_safe(value) if isinstance(value, str) else value for value in row])
        notes_sheet = workbook.create_sheet("Notes")
        for note in notes:
            notes_sheet.append([spreadsheet_safe(note)])
        buffer_bytes = io.BytesIO()
        workbook.save(buffer_bytes)
        response = HttpResponse(
            buffer_bytes.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


# --- the population figures (the coordinator) ---------------------------------------------

PENDING = "performance.equality.pending_population"


def _pending(request: HttpRequest) -> population_module.Parsed | None:
    stored = request.session.get(PENDING)
    if not isinstance(stored, dict):
        return None
    try:
        parsed = population_module.Parsed(str(stored["dimension"]), str(stored["title"]))
        for code, name, group, residents in stored["figures"]:
            parsed.figures[(str(code), str(name), str(group))] = int(residents)
        parsed.areas_in_file = int(stored.get("areas", 0))
    except (KeyError, TypeError, ValueError):
        return None
    return parsed


@partnership_view(Role.COORDINATOR)
def population(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Where the partnership's residents are counted, and its Census tables: upload, check
    the preview, confirm; a refused file writes nothing, and a table imported again
    replaces the one before."""
    here = reverse("performance:equality_population")
    area = EqualityArea.objects.filter(partnership=viewer.partnership).first()
    codes = area.codes() if area else []
    step = request.POST.get("step", "") if request.method == "POST" else ""
    area_form = AreaForm(
        request.POST if step == "area" else None,
        initial={
            "local_authority_codes": area.local_authority_codes if area else "",
            "residents": area.residents if area else 0,
        },
    )
    file_form = PopulationFileForm(
        request.POST if step == "upload" else None, request.FILES or None, codes=codes
    )
    if step == "area" and area_form.is_valid():
        try:
            actions_equality.set_area(
                viewer=viewer,
                codes=area_form.cleaned_data["local_authority_codes"],
                residents=area_form.cleaned_data["residents"],
            )
        except Refused as refused:
            show_refusal(area_form, refused)
        else:
            messages.success(request, "Local authorities and residents saved")
            return redirect(here)
    if step == "upload" and file_form.is_valid():
        parsed = file_form.cleaned_data["parsed"]
        request.session[PENDING] = {
            "dimension": parsed.dimension,
            "title": parsed.title,
            "figures": [[*key, value] for key, value in parsed.figures.items()],
            "areas": parsed.areas_in_file,
            "file": file_form.cleaned_data["file"].name[:200],
        }
        return redirect(here)
    if step == "confirm":
        pending = _pending(request)
        if pending is not None:
            done = actions_equality.import_population(
                viewer=viewer, parsed=pending, file_name=str(request.session[PENDING].get("file", ""))
            )
            request.session.pop(PENDING, None)
            messages.success(
                request, f"Imported {done.rows} population figures by {done.get_dimension_display().lower()}"
            )
        return redirect(here)
    if step == "cancel":
        request.session.pop(PENDING, None)
        return redirect(here)
    pending = _pending(request)
    figures = (
        PopulationFigure.objects.filter(partnership=viewer.partnership)
        .values("dimension", "group")
        .annotate(residents=Sum("residents"))
        .order_by("dimension", "group")
    )
    labels = dict(PopulationDimension.choices)
    return render(
        request,
        "performance/equality/population.html",
        {
            "area_form": area_form,
            "file_form": file_form,
            "pending": pending,
            "pending_groups": sorted(pending.by_group().items()) if pending else [],
            "pending_dimension": labels.get(pending.dimension, "") if pending else "",
            "figures": [
                {**row, "dimension": labels.get(row["dimension"], row["dimension"])} for row in figures
            ],
            "imports": PopulationImport.objects.filter(partnership=viewer.partnership)[:10],
        },
    )
