from django.urls import path

from training.views import compliance, courses, imports, people, rules, sessions

app_name = "training"

urlpatterns = [
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<uuid:uuid>/", courses.course_detail, name="course_detail"),
    path("courses/<uuid:uuid>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<uuid:uuid>/active/", courses.course_active, name="course_active"),
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<uuid:uuid>/", sessions.session_detail, name="session_detail"),
    path("sessions/<uuid:uuid>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<uuid:uuid>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("sessions/<uuid:uuid>/held/", sessions.session_held, name="session_held"),
    path("sessions/<uuid:uuid>/book/", sessions.session_book, name="session_book"),
    path("sessions/<uuid:uuid>/people/new/", sessions.session_person_add, name="session_person_add"),
    path("sessions/<uuid:uuid>/places/<uuid:place>/remove/", sessions.session_unbook, name="session_unbook"),
    path("sessions/<uuid:uuid>/attendance/", sessions.session_attendance, name="session_attendance"),
    path("sessions/<uuid:uuid>/headcount/", sessions.session_headcount, name="session_headcount"),
    path(
        "sessions/<uuid:uuid>/confidence/<str:moment>/",
        sessions.session_confidence,
        name="session_confidence",
    ),
    path("people/<uuid:uuid>/", people.person_detail, name="person_detail"),
    path("completions/<uuid:uuid>/certificate/", people.certificate, name="certificate"),
    # Requirement rules and compliance (issue 15, part 5).
    path("rules/", rules.rule_list, name="rule_list"),
    path("rules/new/", rules.rule_create, name="rule_create"),
    path("rules/<uuid:uuid>/", compliance.rule_detail, name="rule_detail"),
    path("rules/<uuid:uuid>/edit/", rules.rule_edit, name="rule_edit"),
    path("rules/<uuid:uuid>/active/", rules.rule_active, name="rule_active"),
    path("rules/<uuid:uuid>/people/", compliance.compliance_people, name="compliance_people"),
    path("rules/<uuid:uuid>/export.<str:extension>", compliance.compliance_export, name="compliance_export"),
    path("compliance/sectors/", compliance.compliance_sectors, name="compliance_sectors"),
    path(
        "compliance/organisations/<uuid:uuid>/",
        compliance.compliance_organisation,
        name="compliance_organisation",
    ),
    # Importing completions (part 6).
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_start, name="import_start"),
    path("imports/layouts/<uuid:uuid>/delete/", imports.layout_delete, name="layout_delete"),
    path("imports/<uuid:uuid>/", imports.import_detail, name="import_detail"),
    path("imports/<uuid:uuid>/columns/", imports.import_columns, name="import_columns"),
    path("imports/<uuid:uuid>/problems.csv", imports.import_problems, name="import_problems"),
]
