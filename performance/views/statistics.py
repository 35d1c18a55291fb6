"""Channel statistics pages and downloads: a partnership's (exact for readers with access to
the cases, protected for the steering group and funders) and a region's (protected, for the
regional advisers appointed to it)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from cases.models import StatisticalRecord
from config.routers import replica_reads
from govuk.pages import Done, form_page, posted
from lib.bands import financial_year
from performance import releases, statistics_export
from performance.access import EXACT_READERS, REGIONAL_READERS, RULES_EDITORS, STATISTICS_READERS
from performance.actions_statistics import set_disclosure_rules
from performance.forms_statistics import DisclosureRulesForm
from performance.models import DisclosureRules, Region
from performance.statistics import YEAR, period_label, year_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _years(partnership_ids: list[int]) -> list[int]:
    recorded = set(
        StatisticalRecord.objects.filter(partnership__in=partnership_ids)
        .values_list("financial_year", flat=True)
        .distinct()
        .order_by()
    )
    recorded.add(financial_year(timezone.localdate()))
    return sorted(recorded, reverse=True)


def _chosen_year(request: HttpRequest, years: list[int]) -> int:
    """The year asked for, if it is one on the list; otherwise the latest."""
    asked = request.GET.get("year", "")
    return int(asked) if asked.isdigit() and int(asked) in years else years[0]


def _exact(viewer: Viewer) -> bool:
    return viewer.has_any(*EXACT_READERS)


def _shown(viewer: Viewer, year: int) -> tuple[releases.Shown, str]:
    """The partnership's release as this viewer may see it, and the key prefix of its tables."""
    if _exact(viewer):
        return releases.exact(viewer.partnership, year), ""
    scope = releases.scope_of(partnership=viewer.partnership)
    prefix = "" if scope.alone else releases.partnership_prefix(viewer.partnership)
    return releases.shown(scope, year, prefix, wait=False), prefix


def _page(
    request: HttpRequest,
    *,
    shown: releases.Shown,
    prefix: str,
    years: list[int],
    heading: str,
    scope_name: str,
    download_url: str,
    extra: dict[str, Any],
) -> HttpResponse:
    year = _chosen_year(request, years)
    periods = statistics_export.periods_in(shown, prefix)
    period = request.GET.get("period", YEAR)
    if period not in periods:
        period = YEAR
    return render(
        request,
        "performance/statistics/page.html",
        {
            "heading": heading,
            "scope_name": scope_name,
            "years": [(value, year_label(value)) for value in years],
            "year": year,
            "year_label": year_label(year),
            "periods": [(value, period_label(value, year)) for value in periods],
            "period": period,
            "period_label": period_label(period, year),
            "tables": statistics_export.tables_for(shown, period, year, prefix),
            "notes": statistics_export.notes(shown, year, scope_name),
            "protected": shown.protected,
            "behind_since": shown.behind_since,
            "download_query": f"?year={year}",
            "download_url": download_url,
            **extra,
        },
    )


@partnership_view(*STATISTICS_READERS)
@replica_reads
def statistics(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    years = _years([viewer.partnership.pk])
    year = _chosen_year(request, years)
    shown, prefix = _shown(viewer, year)
    return _page(
        request,
        shown=shown,
        prefix=prefix,
        years=years,
        heading="Channel statistics",
        scope_name=viewer.partnership.name,
        download_url=reverse("performance:statistics_download", kwargs={"extension": "csv"}),
        extra={
            "xlsx_url": reverse("performance:statistics_download", kwargs={"extension": "xlsx"}),
            "rules_url": reverse("performance:statistics_rules") if viewer.has_any(*RULES_EDITORS) else "",
        },
    )


def _download(
    shown: releases.Shown, year: int, name: str, slug: str, prefix: str, extension: str
) -> HttpResponse:
    if extension == "csv":
        response = HttpResponse(
            statistics_export.as_csv(shown, year, name, prefix), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(statistics_export.as_xlsx(shown, year, name, prefix), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="channel-statistics-{slug}-{year}.{extension}"'
    return response


@partnership_view(*STATISTICS_READERS)
@replica_reads
def statistics_download(request: HttpRequest, viewer: Viewer, extension: str) -> HttpResponse:
    if extension not in ("csv", "xlsx"):
        raise Http404
    years = _years([viewer.partnership.pk])
    year = _chosen_year(request, years)
    shown, prefix = _shown(viewer, year)
    return _download(shown, year, viewer.partnership.name, viewer.partnership.slug, prefix, extension)


@partnership_view(*RULES_EDITORS)
def statistics_rules(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    current = DisclosureRules.objects.filter(partnership=viewer.partnership).first()
    initial = {
        "threshold": current.threshold if current else 5,
        "round_to": current.round_to if current else None,
    }
    form = DisclosureRulesForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> Done:
        set_disclosure_rules(viewer=viewer, threshold=data["threshold"], round_to=data["round_to"])
        return Done(reverse("performance:statistics"), "Disclosure rules saved")

    return form_page(request, form, save=save, template="performance/statistics/rules.html")


def _regions(viewer: Viewer) -> Any:
    """The regions this adviser is appointed to that hold their current partnership."""
    return Region.objects.filter(readers=viewer.user, partnerships=viewer.partnership).distinct()


@partnership_view(*REGIONAL_READERS)
def region_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    return render(request, "performance/statistics/regions.html", {"regions": list(_regions(viewer))})


def _region(viewer: Viewer, uuid: UUID) -> Region:
    return get_object_or_404(_regions(viewer), uuid=uuid)


@partnership_view(*REGIONAL_READERS)
@replica_reads
def region_statistics(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    region = _region(viewer, uuid)
    members = list(region.partnerships.values_list("pk", flat=True))
    years = _years(members)
    year = _chosen_year(request, years)
    shown = releases.shown(releases.scope_of(region=region), year, releases.region_prefix(region), wait=False)
    return _page(
        request,
        shown=shown,
        prefix=releases.region_prefix(region),
        years=years,
        heading=f"Channel statistics: {region.name}",
        scope_name=region.name,
        download_url=reverse("performance:region_download", kwargs={"uuid": region.uuid, "extension": "csv"}),
        extra={
            "xlsx_url": reverse(
                "performance:region_download", kwargs={"uuid": region.uuid, "extension": "xlsx"}
            ),
            "region": region,
            "partnership_names": sorted(region.partnerships.values_list("name", flat=True)),
        },
    )


@partnership_view(*REGIONAL_READERS)
@replica_reads
def region_download(request: HttpRequest, viewer: Viewer, uuid: UUID, extension: str) -> HttpResponse:
    if extension not in ("csv", "xlsx"):
        raise Http404
    region = _region(viewer, uuid)
    years = _years(list(region.partnerships.values_list("pk", flat=True)))
    year = _chosen_year(request, years)
    shown = releases.shown(releases.scope_of(region=region), year, releases.region_prefix(region), wait=False)
    slug = f"region-{str(region.uuid)[:8]}"
    return _download(shown, year, region.name, slug, releases.region_prefix(region), extension)
