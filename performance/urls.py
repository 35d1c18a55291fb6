"""Indicators and the dashboard, Channel statistics, equality monitoring, the duty
self-assessment, the quarterly return and the board pack."""

from django.urls import path  # noqa: F401

app_name = "performance"

urlpatterns: list = []
