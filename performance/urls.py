"""Indicators and the dashboard, Channel statistics, equality monitoring, the duty
self-assessment, the quarterly return and the board pack."""

from django.urls import path

from performance.views import assessment

app_name = "performance"

urlpatterns: list = [
    # The Prevent duty self-assessment (issue 17, part 6).
    path("assessment/", assessment.assessment_list, name="assessment_list"),
    path("assessment/new/", assessment.assessment_start, name="assessment_start"),
    path("assessment/<uuid:uuid>/", assessment.assessment_detail, name="assessment_detail"),
    path("assessment/<uuid:uuid>/complete/", assessment.assessment_complete, name="assessment_complete"),
    path("assessment/<uuid:uuid>/pdf/", assessment.assessment_pdf, name="assessment_pdf"),
    path("assessment/<uuid:uuid>/<str:code>/", assessment.assessment_rate, name="assessment_rate"),
    path(
        "assessment/<uuid:uuid>/<str:code>/action/",
        assessment.assessment_shortfall,
        name="assessment_shortfall",
    ),
]
