from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("import/", views.organisation_import, name="organisation_import"),
    path("import/columns/new/", views.mapping_create, name="mapping_create"),
    path("<uuid:uuid>/", views.organisation_detail, name="organisation_detail"),
    path("<uuid:uuid>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<uuid:uuid>/contacts/new/", views.contact_create, name="contact_create"),
    path("<uuid:uuid>/staff/new/", views.staff_count_create, name="staff_count_create"),
    path("contacts/<uuid:uuid>/edit/", views.contact_edit, name="contact_edit"),
    path("networks/", views.network_list, name="network_list"),
    path("networks/new/", views.network_create, name="network_create"),
    path("networks/<uuid:uuid>/", views.network_detail, name="network_detail"),
    path("networks/<uuid:uuid>/members/new/", views.network_member_add, name="network_member_add"),
    path("members/<uuid:uuid>/left/", views.network_member_leave, name="network_member_leave"),
]
