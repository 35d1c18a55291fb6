"""Indicators and the dashboard, Channel statistics, equality monitoring, the duty
self-assessment, the quarterly return and the board pack."""

from django.urls import path

from performance.views import statistics

app_name = "performance"

urlpatterns: list = [
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
]
