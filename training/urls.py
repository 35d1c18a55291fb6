from django.urls import path

from training.views import compliance, rules

app_name = "training"

urlpatterns: list = [
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
]
