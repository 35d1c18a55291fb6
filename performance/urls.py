"""Indicators and the dashboard, Channel statistics, equality monitoring, the duty
self-assessment, the quarterly return and the board pack."""

from django.urls import path

from performance.views import board_pack, indicators

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
    # The board pack (issue 17, part 8).
    path("board-pack/", board_pack.board_packs, name="board_packs"),
    path("board-pack/<uuid:uuid>.pdf", board_pack.board_pack_download, name="board_pack_download"),
]
