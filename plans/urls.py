from django.urls import path

from plans import views, views_files, views_measures

app_name = "plans"

urlpatterns = [
    path("", views.strategy_list, name="strategy_list"),
    path("new/", views.strategy_create, name="strategy_create"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("actions/", views.action_list, name="action_list"),
    path("import/", views_files.plan_import, name="import"),
    path("import/template.<str:extension>", views_files.import_template, name="import_template"),
    path("<uuid:uuid>/", views.strategy_detail, name="strategy_detail"),
    path("<uuid:uuid>/edit/", views.strategy_edit, name="strategy_edit"),
    path("<uuid:uuid>/objectives/new/", views.objective_create, name="objective_create"),
    path("<uuid:uuid>/actions/new/", views.action_create, name="action_create"),
    path("<uuid:uuid>/export.csv", views_files.export_csv, name="export_csv"),
    path("<uuid:uuid>/export.xlsx", views_files.export_xlsx, name="export_xlsx"),
    path("<uuid:uuid>/report.pdf", views_files.report_pdf, name="report_pdf"),
    path("objectives/<uuid:uuid>/edit/", views.objective_edit, name="objective_edit"),
    path("actions/<uuid:uuid>/", views.action_detail, name="action_detail"),
    path("actions/<uuid:uuid>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:uuid>/updates/new/", views.progress_update_create, name="progress_update_create"),
    path("evidence/<uuid:uuid>/", views.evidence_download, name="evidence_download"),
    path("actions/<uuid:uuid>/measures/new/", views_measures.measure_create, name="measure_create"),
    path(
        "<uuid:uuid>/measures/recalculate/",
        views_measures.strategy_measures_recalculate,
        name="strategy_measures_recalculate",
    ),
    path("measures/<uuid:uuid>/edit/", views_measures.measure_edit, name="measure_edit"),
    path("measures/<uuid:uuid>/remove/", views_measures.measure_remove, name="measure_remove"),
    path("measures/<uuid:uuid>/recalculate/", views_measures.measure_recalculate, name="measure_recalculate"),
]
