"""Back-office pages of holdings (under /office/holdings/)."""
from django.urls import include, path

app_name = "holdings"

urlpatterns = [
    path("", include("holdings.office_urls")),
    path("import/", include("holdings.import_urls")),
]
