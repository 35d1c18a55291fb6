from django.urls import path

from training.views import imports

app_name = "training"

urlpatterns: list = [
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_start, name="import_start"),
    path("imports/<uuid:uuid>/", imports.import_detail, name="import_detail"),
    path("imports/<uuid:uuid>/columns/", imports.import_columns, name="import_columns"),
    path("imports/<uuid:uuid>/problems.csv", imports.import_problems, name="import_problems"),
]
