"""Back office: archives, fonds, inventories, units, digital objects, bulk actions, history."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("switch/", views.SwitchArchiveView.as_view(), name="switch_archive"),
    path("locations/", views.LocationsView.as_view(), name="locations"),
    path("fonds/", views.FondsListView.as_view(), name="fonds_list"),
    path("fonds/new/", views.FondsCreateView.as_view(), name="fonds_create"),
    path("fonds/<int:pk>/", views.FondsDetailView.as_view(), name="fonds_detail"),
    path("fonds/<int:pk>/edit/", views.FondsEditView.as_view(), name="fonds_edit"),
    path("fonds/<int:pk>/remove/", views.FondsRemoveView.as_view(), name="fonds_remove"),
    path("fonds/<int:pk>/inventories/new/", views.InventoryCreateView.as_view(), name="inventory_create"),
    path("inventories/<int:pk>/", views.InventoryDetailView.as_view(), name="inventory_detail"),
    path("inventories/<int:pk>/edit/", views.InventoryEditView.as_view(), name="inventory_edit"),
    path("inventories/<int:pk>/move/", views.InventoryMoveView.as_view(), name="inventory_move"),
    path("inventories/<int:pk>/remove/", views.InventoryRemoveView.as_view(), name="inventory_remove"),
    path("inventories/<int:pk>/bulk/", views.UnitsBulkView.as_view(), name="units_bulk"),
    path("inventories/<int:pk>/units/new/", views.UnitCreateView.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/move/", views.UnitMoveView.as_view(), name="unit_move"),
    path("units/<int:pk>/remove/", views.UnitRemoveView.as_view(), name="unit_remove"),
    path("units/<int:pk>/files/", views.UnitUploadView.as_view(), name="unit_upload"),
    path("units/<int:pk>/access-log/", views.UnitAccessLogView.as_view(), name="unit_access_log"),
    path("files/<int:pk>/", views.DigitalObjectFileView.as_view(), name="digital_object_file"),
    path("files/<int:pk>/remove/", views.DigitalObjectRemoveView.as_view(), name="digital_object_remove"),
    path("<str:kind>/<int:pk>/history/", views.HistoryView.as_view(), name="history"),
]
