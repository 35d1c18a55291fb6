"""Venue-hire and visiting-speaker due-diligence checks: human judgement, recorded."""

from django.urls import path

from venues import views

app_name = "venues"

urlpatterns = [
    path("", views.check_list, name="check_list"),
    path("checks/new/", views.check_create, name="check_create"),
    path("checks/<uuid:uuid>/", views.check_detail, name="check_detail"),
    path("checks/<uuid:uuid>/edit/", views.check_edit, name="check_edit"),
    path("checks/<uuid:uuid>/checked/", views.check_findings, name="check_findings"),
    path("checks/<uuid:uuid>/decision/", views.check_decide, name="check_decide"),
    path("checks/<uuid:uuid>/outcome/", views.check_outcome, name="check_outcome"),
    path("checks/<uuid:uuid>/close/", views.check_close, name="check_close"),
    path("venues/", views.venue_list, name="venue_list"),
    path("venues/new/", views.venue_create, name="venue_create"),
    path("venues/<uuid:uuid>/", views.venue_edit, name="venue_edit"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/new/", views.policy_create, name="policy_create"),
    path("policies/<uuid:uuid>/", views.policy_edit, name="policy_edit"),
    path("policies/<uuid:uuid>/document/", views.policy_document, name="policy_document"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/<str:which>/new/", views.entry_add, name="entry_add"),
    path("settings/<str:which>/<uuid:uuid>/active/", views.entry_active, name="entry_active"),
    path("review/", views.review_list, name="review_list"),
    path("review/<uuid:uuid>/keep/", views.review_keep, name="review_keep"),
    path("review/<uuid:uuid>/delete/", views.review_delete, name="review_delete"),
]
