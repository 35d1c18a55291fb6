"""Commissioned projects, their output targets and spend, and the quarterly returns to their funders."""

from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_create, name="project_create"),
    path("summary/", views.summary, name="summary"),
    path("funders/", views.funder_list, name="funder_list"),
    path("funders/new/", views.funder_create, name="funder_create"),
    path("funders/<uuid:uuid>/", views.funder_edit, name="funder_edit"),
    path("funders/<uuid:uuid>/return.xlsx", views.funder_return, name="funder_return"),
    path("funders/<uuid:uuid>/return.pdf", views.funder_return_pdf, name="funder_return_pdf"),
    path("<uuid:uuid>/", views.project_detail, name="project_detail"),
    path("<uuid:uuid>/edit/", views.project_edit, name="project_edit"),
    path("<uuid:uuid>/budget/", views.budget_edit, name="budget_edit"),
    path("<uuid:uuid>/outputs/new/", views.output_create, name="output_create"),
    path("<uuid:uuid>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("<uuid:uuid>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("<uuid:uuid>/risks/new/", views.risk_create, name="risk_create"),
    path("<uuid:uuid>/providers/new/", views.provider_add, name="provider_add"),
    path("<uuid:uuid>/providers/<int:pk>/remove/", views.provider_remove, name="provider_remove"),
    path("<uuid:uuid>/returns/new/", views.return_start, name="return_start"),
    path("outputs/<uuid:uuid>/edit/", views.output_edit, name="output_edit"),
    path("outputs/<uuid:uuid>/targets/", views.output_target, name="output_target"),
    path("outcomes/<uuid:uuid>/edit/", views.outcome_edit, name="outcome_edit"),
    path("milestones/<uuid:uuid>/edit/", views.milestone_edit, name="milestone_edit"),
    path("risks/<uuid:uuid>/edit/", views.risk_edit, name="risk_edit"),
    path("returns/<uuid:uuid>/", views.return_detail, name="return_detail"),
    path("returns/<uuid:uuid>/edit/", views.return_edit, name="return_edit"),
    path("returns/<uuid:uuid>/send/", views.return_send, name="return_send"),
    path("returns/<uuid:uuid>/send-back/", views.return_send_back, name="return_send_back"),
    path("returns/<uuid:uuid>/submit/", views.return_submit, name="return_submit"),
    path("returns/<uuid:uuid>/return.<str:extension>", views.return_download, name="return_download"),
]
