"""Engagement events with communities and partners, and communications campaigns."""

from django.urls import URLPattern

app_name = "community"

urlpatterns: list[URLPattern] = []
