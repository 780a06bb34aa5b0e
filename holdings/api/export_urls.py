"""Search, EAD3 and CSV exports, and the import API (under /api/v1/)."""
from django.urls import path

from . import export_views as views

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("fonds/<int:pk>/ead/", views.FondsEadView.as_view(), name="fonds-ead"),
    path("fonds/<int:pk>/units.csv", views.FondsCsvView.as_view(), name="fonds-units-csv"),
    path("imports/", views.ImportListView.as_view(), name="import-list"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/confirm/", views.ImportConfirmView.as_view(), name="import-confirm"),
]
