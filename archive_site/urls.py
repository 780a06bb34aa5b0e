"""URL map: each app's pages and its API under /api/v1/."""
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import health, views
from .api_root import api_root

handler404 = "archive_site.views.page_not_found"
handler500 = "archive_site.views.server_error"
handler403 = "archive_site.views.permission_denied"

api_v1 = [
    path("", api_root, name="api-root"),
    path("", include("accounts.api.urls")),
    path("", include("holdings.api.urls")),
    path("", include("accessions.api.urls")),
    path("", include("appraisal.api.urls")),
    path("", include("readingroom.api.urls")),
    path("", include("staff.api.urls")),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("accounts/", include("accounts.urls")),
    path("office/", views.office_home, name="office-home"),
    path("office/holdings/", include("holdings.urls")),
    path("office/accessions/", include("accessions.urls")),
    path("office/appraisal/", include("appraisal.urls")),
    path("office/staff/", include("staff.urls")),
    path("", include("holdings.public_urls")),
    path("", include("readingroom.urls")),
]
