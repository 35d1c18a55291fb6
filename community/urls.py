"""Engagement events with communities and partners, and communications campaigns."""

from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("export.<slug:extension>", views.event_export, name="event_export"),
    path("summary/", views.summary, name="summary"),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<uuid:uuid>/done/", views.follow_up_done, name="follow_up_done"),
    path("lists/", views.lists, name="lists"),
    path("lists/<slug:kind>/new/", views.list_entry_create, name="list_entry_create"),
    path("lists/<slug:kind>/<int:pk>/retire/", views.list_entry_retire, name="list_entry_retire"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/export.<slug:extension>", views.campaign_export, name="campaign_export"),
    path("campaigns/<uuid:uuid>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:uuid>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<uuid:uuid>/reach/new/", views.reach_create, name="reach_create"),
    path("<uuid:uuid>/", views.event_detail, name="event_detail"),
    path("<uuid:uuid>/edit/", views.event_edit, name="event_edit"),
    path("<uuid:uuid>/delete/", views.event_delete, name="event_delete"),
    path("<uuid:uuid>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
]
