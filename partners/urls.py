from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("import/", views.organisation_import, name="organisation_import"),
    path("import/columns/new/", views.mapping_create, name="mapping_create"),
    path("import/columns/new/headings/", views.mapping_columns, name="mapping_columns"),
    path("import/columns/<uuid:uuid>/edit/", views.mapping_edit, name="mapping_edit"),
    path("import/columns/<uuid:uuid>/delete/", views.mapping_delete, name="mapping_delete"),
    path("checks/", views.check_register, name="check_register"),
    path("checks/evidence/<uuid:uuid>/", views.check_evidence, name="check_evidence"),
    path("lists/", views.lists, name="lists"),
    path("lists/checks/<int:pk>/edit/", views.check_item_edit, name="check_item_edit"),
    path("lists/checks/<int:pk>/off/", views.check_item_off, name="check_item_off"),
    path("lists/checks/<int:pk>/on/", views.check_item_on, name="check_item_on"),
    path("lists/<slug:kind>/new/", views.list_entry_create, name="list_entry_create"),
    path("lists/<slug:kind>/<int:pk>/retire/", views.list_entry_retire, name="list_entry_retire"),
    path("<uuid:uuid>/", views.organisation_detail, name="organisation_detail"),
    path("<uuid:uuid>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<uuid:uuid>/contacts/new/", views.contact_create, name="contact_create"),
    path("<uuid:uuid>/staff/new/", views.staff_count_create, name="staff_count_create"),
    path("<uuid:uuid>/checks/new/", views.check_create, name="check_create"),
    path("<uuid:uuid>/leads/new/", views.partner_lead_add, name="partner_lead_add"),
    path("<uuid:uuid>/leads/<int:pk>/remove/", views.partner_lead_remove, name="partner_lead_remove"),
    path("contacts/<uuid:uuid>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<uuid:uuid>/remove/", views.contact_remove, name="contact_remove"),
    path("networks/", views.network_list, name="network_list"),
    path("networks/new/", views.network_create, name="network_create"),
    path("networks/<uuid:uuid>/", views.network_detail, name="network_detail"),
    path("networks/<uuid:uuid>/edit/", views.network_edit, name="network_edit"),
    path("networks/<uuid:uuid>/members/new/", views.network_member_add, name="network_member_add"),
    path("members/<uuid:uuid>/left/", views.network_member_leave, name="network_member_leave"),
    path("members/<uuid:uuid>/edit/", views.network_member_edit, name="network_member_edit"),
    path("members/<uuid:uuid>/delete/", views.network_member_delete, name="network_member_delete"),
    path("staff/<uuid:uuid>/edit/", views.staff_count_edit, name="staff_count_edit"),
    path("staff/<uuid:uuid>/delete/", views.staff_count_delete, name="staff_count_delete"),
]
