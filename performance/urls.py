"""Indicators and the dashboard, Channel statistics, equality monitoring, the duty
self-assessment, the quarterly return and the board pack."""

from django.urls import path

from performance.views import assessment, board_pack, equality, indicators, returns, statistics

app_name = "performance"

urlpatterns: list = [
    # Indicators and the dashboard (issue 17, parts 1 and 2).
    path("", indicators.dashboard, name="dashboard"),
    path("indicators.xlsx", indicators.dashboard_xlsx, name="dashboard_xlsx"),
    path("indicators/", indicators.indicator_list, name="indicator_list"),
    path("indicators/new/", indicators.indicator_source, name="indicator_source"),
    path("indicators/new/<str:code>/", indicators.indicator_create, name="indicator_create"),
    path("indicators/<uuid:uuid>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<uuid:uuid>/retire/", indicators.indicator_retire, name="indicator_retire"),
    # The partnership's quarterly return (issue 17 part 7).
    path("returns/", returns.return_list, name="return_list"),
    path("returns/start/", returns.return_start, name="return_start"),
    path("returns/<uuid:uuid>/", returns.return_detail, name="return_detail"),
    path("returns/<uuid:uuid>/edit/", returns.return_edit, name="return_edit"),
    path("returns/<uuid:uuid>/submit/", returns.return_submit, name="return_submit"),
    path("returns/<uuid:uuid>/reopen/", returns.return_reopen, name="return_reopen"),
    path("returns/<uuid:uuid>/return.<str:extension>", returns.return_download, name="return_download"),
    # The Prevent duty self-assessment (issue 17, part 6).
    path("assessment/", assessment.assessment_list, name="assessment_list"),
    path("assessment/new/", assessment.assessment_start, name="assessment_start"),
    path("assessment/<uuid:uuid>/", assessment.assessment_detail, name="assessment_detail"),
    path("assessment/<uuid:uuid>/complete/", assessment.assessment_complete, name="assessment_complete"),
    path("assessment/<uuid:uuid>/pdf/", assessment.assessment_pdf, name="assessment_pdf"),
    path("assessment/<uuid:uuid>/<str:code>/", assessment.assessment_rate, name="assessment_rate"),
    path(
        "assessment/<uuid:uuid>/<str:code>/action/",
        assessment.assessment_shortfall,
        name="assessment_shortfall",
    ),
    path(
        "assessment/<uuid:uuid>/<str:code>/wording/",
        assessment.assessment_wording,
        name="assessment_wording",
    ),
    path(
        "assessment/<uuid:uuid>/<str:code>/wording/framework/",
        assessment.assessment_wording_restore,
        name="assessment_wording_restore",
    ),
    # Equality monitoring (issue 17 part 5).
    path("equality/", equality.page, name="equality"),
    path("equality/download.<str:extension>", equality.download, name="equality_download"),
    path("equality/population/", equality.population, name="equality_population"),
    # Channel statistics (statistics part)
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics/download.<slug:extension>", statistics.statistics_download, name="statistics_download"),
    path("statistics/rules/", statistics.statistics_rules, name="statistics_rules"),
    path("statistics/regions/", statistics.region_list, name="region_list"),
    path("statistics/regions/<uuid:uuid>/", statistics.region_statistics, name="region_statistics"),
    path(
        "statistics/regions/<uuid:uuid>/download.<slug:extension>",
        statistics.region_download,
        name="region_download",
    ),
    # The board pack (issue 17, part 8).
    path("board-pack/", board_pack.board_packs, name="board_packs"),
    path("board-pack/<uuid:uuid>.pdf", board_pack.board_pack_download, name="board_pack_download"),
]
