"""Compliance pages: a rule's figures by organisation, sector and service; an
organisation's figures for every rule; every rule by sector; the people of a rule by
status (the coordinator, and a partner lead for their organisations); and the exports.
The steering group reads figures only, never a name."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from audit.log import record_outside_action
from govuk.paging import keyset_page
from lib.text import clean, spreadsheet_safe
from training import access, compliance
from training.access import AGGREGATE_READERS
from training.compliance import Status
from training.forms.rules import ComplianceFilterForm, PeopleFilterForm
from training.models import ComplianceEntry, RequirementRule

PAGE_SIZE = 50
# Who may see people's names: the coordinator, and a partner lead for their organisations.
PEOPLE_READERS = (Role.COORDINATOR, Role.PARTNER_LEAD)


def may_see_people(viewer: Viewer) -> bool:
    return viewer.has_any(*PEOPLE_READERS)


@dataclass(frozen=True)
class ListPage:
    """A page of rows computed in memory, shaped for govuk/components/pagination.html."""

    items: list[Any]
    noun: str
    previous_query: str | None
    next_query: str | None


def _list_page(request: HttpRequest, rows: Sequence[Any], noun: str) -> ListPage:
    try:
        number = max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        number = 1
    last = max(1, -(-len(rows) // PAGE_SIZE))
    number = min(number, last)

    def query(to: int) -> str:
        params = request.GET.copy()
        params["page"] = str(to)
        return "?" + params.urlencode()

    return ListPage(
        list(rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]),
        noun,
        query(number - 1) if number > 1 else None,
        query(number + 1) if number < last else None,
    )


def _filters(request: HttpRequest, viewer: Viewer) -> tuple[ComplianceFilterForm, dict[str, Any], bool]:
    form = ComplianceFilterForm(request.GET, viewer=viewer)
    chosen: dict[str, Any] = {"sector_id": None, "status": "", "name": ""}
    if form.is_valid():
        data = form.cleaned_data
        chosen = {
            "sector_id": data["sector"].pk if data["sector"] is not None else None,
            "status": data["status"],
            "name": data["name"].strip(),
        }
    return form, chosen, any(chosen.values())


FILTER_KEYS = ("sector", "name", "status")


def _filter_query(request: HttpRequest) -> str:
    """The page's filters as a query string, for its download links."""
    params = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = request.GET.get(key, "")
        if value:
            params[key] = value[:200]
    return params.urlencode()


@partnership_view(*AGGREGATE_READERS)
def rule_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    # The staff group is read with the rule: its declared numbers stand beside the figures.
    rule = get_object_or_404(access.rules(viewer).select_related("staff_group"), uuid=uuid)
    courses = list(rule.courses.all())
    form, chosen, filtered = _filters(request, viewer)
    figures = compliance.rule_compliance(
        rule, on=compliance.today(), organisation_ids=compliance.scope(viewer), **chosen
    )
    page = _list_page(request, figures.organisations, "organisations")
    compliance.with_declared(page.items, figures.staff_group)
    return render(
        request,
        "training/rule_detail.html",
        {
            "rule": rule,
            "summary": compliance.summary(rule, courses),
            "figures": figures,
            "page": page,
            "filter_form": form,
            "filtered": filtered,
            "export_query": _filter_query(request),
            "can_edit": access.can_edit(viewer),
            "may_see_people": may_see_people(viewer),
            "own_only": compliance.scope(viewer) is not None,
            "due_soon_days": compliance.DUE_SOON_DAYS,
            "statuses": [(status, Status.LABELS[status]) for status in Status.ORDER],
        },
    )


@partnership_view(*AGGREGATE_READERS)
def compliance_organisation(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.organisations(viewer).filter(uuid=uuid).select_related("sector", "parent").first()
    if organisation is None:
        raise Http404
    under = compliance.descendants([organisation.pk])
    rules = list(access.rules(viewer).filter(active=True).select_related("staff_group"))
    own = compliance.by_rule(rules, on=compliance.today(), organisation_ids=[organisation.pk])
    whole = (
        compliance.by_rule(rules, on=compliance.today(), organisation_ids=under) if len(under) > 1 else None
    )
    declared = {
        count.staff_group_id: count
        for count in organisation.staff_counts.select_related("staff_group").order_by("counted_on", "id")
    }
    return render(
        request,
        "training/compliance_organisation.html",
        {
            "organisation": organisation,
            "rows": own,
            "whole": whole,
            "under": len(under) - 1,
            "declared": sorted(declared.values(), key=lambda count: count.staff_group.position),
            "may_see_people": may_see_people(viewer),
        },
    )


@partnership_view(*AGGREGATE_READERS)
def compliance_sectors(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    rules = list(access.rules(viewer).filter(active=True))
    return render(
        request,
        "training/compliance_sectors.html",
        {
            "rules": rules,
            "rows": compliance.sector_summary(
                rules, on=compliance.today(), organisation_ids=compliance.scope(viewer)
            ),
            "own_only": compliance.scope(viewer) is not None,
        },
    )


def _people(
    viewer: Viewer, rule: RequirementRule, status: str, name: str, sector_id: int | None = None
) -> Any:
    entries = (
        ComplianceEntry.objects.filter(rule=rule)
        .filter(compliance.current(compliance.today()))
        .filter(person__in=access.people(viewer))
        .select_related("person", "organisation")
    )
    if status:
        entries = entries.filter(compliance.status_filter(status, compliance.today()))
    if name:
        entries = entries.filter(organisation__name__icontains=name)
    if sector_id is not None:
        entries = entries.filter(sector_id=sector_id)
    return entries


@partnership_view(*PEOPLE_READERS)
def compliance_people(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    rule = access.get_rule(viewer, uuid)
    form = PeopleFilterForm(request.GET)
    status = name = ""
    if form.is_valid():
        status, name = form.cleaned_data["status"], form.cleaned_data["name"].strip()
    entries = _people(viewer, rule, status, name)
    page = keyset_page(request, entries, keys=("person__name", "id"), size=PAGE_SIZE, noun="people")
    on = compliance.today()
    rows = [(entry, Status.LABELS[compliance.status_of(_dates(entry), on)]) for entry in page.items]
    record_outside_action(
        verb="training.people.viewed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=rule,
        label=rule.name[:100],
        changes={"status": {"from": None, "to": status or "any"}, "shown": {"from": None, "to": len(rows)}},
    )
    return render(
        request,
        "training/compliance_people.html",
        {
            "rule": rule,
            "filter_form": form,
            "filtered": bool(status or name),
            "page": page,
            "rows": rows,
            "status_label": Status.LABELS.get(status, ""),
        },
    )


def _dates(entry: ComplianceEntry) -> compliance.Dates:
    return compliance.Dates(entry.completed_on, entry.expires_on, entry.due_on)


# --- exports ----------------------------------------------------------------------------------

# The counts and percentage of each row, in _figure_cells' order.
FIGURE_HEADINGS = [
    "People recorded",
    "Declared staff not on the register",
    "Trained",
    "Compliant",
    "Due soon",
    "Overdue",
    "Not yet trained",
    "Percentage trained",
    "Target (%)",
    "Against target",
]
ORGANISATION_HEADINGS = ["Organisation", "Sector", *FIGURE_HEADINGS, "Declared staff", "Declared on"]
SECTOR_HEADINGS = ["Sector", *FIGURE_HEADINGS]
SERVICE_HEADINGS = ["Service", "Organisations under it", *FIGURE_HEADINGS]
PEOPLE_HEADINGS = ["Name", "Organisation", "Status", "Last completed", "Counts until", "Due by"]


def safe(value: Any) -> Any:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _organisation_rows(figures: compliance.RuleCompliance) -> list[list[Any]]:
    sectors = {row.sector.pk: row.sector.label for row in figures.sectors}
    target = figures.rule.target_percent
    return [
        [
            row.organisation.name,
            sectors.get(row.organisation.sector_id, ""),
            *_figure_cells(row.figures, target, row.against_target),
            row.declared.number if row.declared else None,
            row.declared.counted_on if row.declared else None,
        ]
        for row in figures.organisations
    ]


def _figure_cells(figures: compliance.Figures, target: int, against: str) -> list[Any]:
    return [
        figures.audience,
        figures.unrecorded,
        figures.trained,
        figures.compliant,
        figures.due_soon,
        figures.overdue,
        figures.not_yet_trained,
        figures.percent,
        target,
        against,
    ]


def _sector_rows(figures: compliance.RuleCompliance) -> list[list[Any]]:
    target = figures.rule.target_percent
    return [
        [row.sector.label, *_figure_cells(row.figures, target, row.against_target)] for row in figures.sectors
    ]


def _service_rows(figures: compliance.RuleCompliance) -> list[list[Any]]:
    target = figures.rule.target_percent
    return [
        [row.organisation.name, row.children, *_figure_cells(row.figures, target, row.against_target)]
        for row in figures.services
    ]


def _people_rows(viewer: Viewer, rule: RequirementRule, chosen: dict[str, Any]) -> list[list[Any]]:
    on = compliance.today()
    return [
        [
            entry.person.name,
            entry.organisation.name,
            Status.LABELS[compliance.status_of(_dates(entry), on)],
            entry.completed_on,
            entry.expires_on,
            entry.due_on,
        ]
        for entry in _people(viewer, rule, chosen["status"], chosen["name"], chosen["sector_id"]).order_by(
            "person__name", "id"
        )
    ]


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return safe(str(value))


def _csv(headings: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(sheets: list[tuple[str, list[str], list[list[Any]]]], title: str) -> bytes:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for name, headings, rows in sheets:
        sheet = workbook.create_sheet(name)
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe(value) for value in row])
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if hasattr(cell.value, "strftime"):
                    cell.number_format = "DD/MM/YYYY"
        sheet.freeze_panes = "A2"
    workbook.properties.title = clean(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@partnership_view(*AGGREGATE_READERS)
def compliance_export(request: HttpRequest, viewer: Viewer, uuid: UUID, extension: str) -> HttpResponse:
    """The figures the rule's page shows, filtered as the page is (sector, organisation
    name, status): the organisations (CSV), or the organisations, sectors and services on
    three sheets (XLSX); with `?people=1`, for those who may see people, one row per
    person instead (CSV) or a further sheet (XLSX)."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    rule = access.get_rule(viewer, uuid)
    with_people = request.GET.get("people") == "1"
    if with_people and not may_see_people(viewer):
        raise Http404
    _, chosen, _ = _filters(request, viewer)
    figures = compliance.rule_compliance(
        rule, on=compliance.today(), organisation_ids=compliance.scope(viewer), **chosen
    )
    compliance.with_declared(figures.organisations, figures.staff_group)
    organisations = _organisation_rows(figures)
    people = _people_rows(viewer, rule, chosen) if with_people else []
    if extension == "csv":
        content = _csv(PEOPLE_HEADINGS, people) if with_people else _csv(ORGANISATION_HEADINGS, organisations)
        content_type = "text/csv; charset=utf-8"
    else:
        sheets = [
            ("Organisations", ORGANISATION_HEADINGS, organisations),
            ("Sectors", SECTOR_HEADINGS, _sector_rows(figures)),
            ("Services", SERVICE_HEADINGS, _service_rows(figures)),
        ]
        if with_people:
            sheets.append(("People", PEOPLE_HEADINGS, people))
        content = _xlsx(sheets, rule.name)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    record_outside_action(
        verb="training.compliance.exported",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=rule,
        label=rule.name[:100],
        changes={
            "format": {"from": None, "to": extension},
            "organisations": {"from": None, "to": len(organisations)},
            "people": {"from": None, "to": len(people)},
            "filters": {
                "from": None,
                "to": {
                    "sector": chosen["sector_id"],
                    "name": chosen["name"][:200],
                    "status": chosen["status"],
                },
            },
        },
    )
    response = HttpResponse(content, content_type=content_type)
    filename = f"{slugify(rule.name)[:60] or 'rule'}-compliance-{compliance.today():%Y-%m-%d}"
    if with_people:
        filename += "-people"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
