"""Back office: import of inventories from CSV/XLSX with a dry run and progress
(under /office/holdings/import/, namespace "holdings")."""
from django.urls import path

from . import views_import as views

urlpatterns = [
    path("", views.ImportListView.as_view(), name="import_list"),
    path("sample.csv", views.ImportSampleView.as_view(), name="import_sample"),
    path("<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("<int:pk>/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
]
