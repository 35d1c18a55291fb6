"""Commissioned projects, their output targets and spend, and the quarterly returns to their funders."""

from django.urls import URLPattern

app_name = "projects"

urlpatterns: list[URLPattern] = []
