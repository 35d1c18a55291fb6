from django.contrib import admin
from django.urls import include, path

from accounts.admin_site import restrict_admin_to_system_administrators
from config.health import healthz
from hub.views import home

restrict_admin_to_system_administrators(admin.site)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", home, name="home"),
    path("", include("accounts.urls")),
    path("plans/", include("plans.urls")),
    path("audit/", include("audit.urls")),
    path("cases/", include("cases.urls")),
    path("partners/", include("partners.urls")),
    path("training/", include("training.urls")),
    path("community/", include("community.urls")),
    path("projects/", include("projects.urls")),
    path("venues/", include("venues.urls")),
    path("performance/", include("performance.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "govuk.views.page_not_found"
handler500 = "govuk.views.server_error"
