"""Holdings API under /api/v1/: the catalogue (CRUD for staff) and search/exports."""
from django.urls import include, path

urlpatterns = [
    path("", include("holdings.api.export_urls")),
    path("", include("holdings.api.catalogue_urls")),
]
