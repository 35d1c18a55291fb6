"""Indicators and the dashboard, Channel statistics, equality monitoring, the duty
self-assessment, the quarterly return and the board pack."""

from django.urls import path

from performance.views import equality

app_name = "performance"

urlpatterns: list = [
    # Equality monitoring (issue 17 part 5).
    path("equality/", equality.page, name="equality"),
    path("equality/download.<str:extension>", equality.download, name="equality_download"),
    path("equality/population/", equality.population, name="equality_population"),
]
