"""Indicators and the dashboard, Channel statistics, equality monitoring, the duty
self-assessment, the quarterly return and the board pack."""

from django.urls import path

app_name = "performance"

urlpatterns: list = []

# The partnership's quarterly return (issue 17 part 7).
from performance.views import returns  # noqa: E402

urlpatterns += [
    path("returns/", returns.return_list, name="return_list"),
    path("returns/start/", returns.return_start, name="return_start"),
    path("returns/<uuid:uuid>/", returns.return_detail, name="return_detail"),
    path("returns/<uuid:uuid>/edit/", returns.return_edit, name="return_edit"),
    path("returns/<uuid:uuid>/submit/", returns.return_submit, name="return_submit"),
    path("returns/<uuid:uuid>/reopen/", returns.return_reopen, name="return_reopen"),
    path("returns/<uuid:uuid>/return.<str:extension>", returns.return_download, name="return_download"),
]
