"""Venue-hire and visiting-speaker due-diligence checks: human judgement, recorded."""

from django.urls import URLPattern

app_name = "venues"

urlpatterns: list[URLPattern] = []
