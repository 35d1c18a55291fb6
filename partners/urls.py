from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("import/", views.organisation_import, name="organisation_import"),
    path("<uuid:uuid>/", views.organisation_detail, name="organisation_detail"),
    path("<uuid:uuid>/edit/", views.organisation_edit, name="organisation_edit"),
]
