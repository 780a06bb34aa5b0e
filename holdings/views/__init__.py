"""Back office of the holdings: archive dashboard, fonds, inventories, units, files, bulk actions,
history and the access log. Thin views: parse input, call one selector or service, render.

Every page derives from OfficeView (views/base.py), which lets in only staff of some archive;
objects are loaded through selectors limited to the user's archives (another archive's object
answers 404), and a page that changes something (`edit = True`) must authorize the archive it
acts on, or it fails."""
from .archive import DashboardView, LocationsView, SwitchArchiveView
from .base import OfficeView
from .fonds import (
    FondsCreateView,
    FondsDetailView,
    FondsEditView,
    FondsListView,
    FondsRemoveView,
    InventoryCreateView,
    InventoryDetailView,
    InventoryEditView,
    InventoryMoveView,
    InventoryRemoveView,
    UnitsBulkView,
    unit_rows,
)
from .units import (
    DigitalObjectFileView,
    DigitalObjectRemoveView,
    HistoryView,
    UnitAccessLogView,
    UnitCreateView,
    UnitDetailView,
    UnitEditView,
    UnitMoveView,
    UnitRemoveView,
    UnitUploadView,
)

__all__ = [
    "DashboardView", "DigitalObjectFileView", "DigitalObjectRemoveView", "FondsCreateView", "FondsDetailView",
    "FondsEditView", "FondsListView", "FondsRemoveView", "HistoryView", "InventoryCreateView", "InventoryDetailView",
    "InventoryEditView", "InventoryMoveView", "InventoryRemoveView", "LocationsView", "OfficeView", "SwitchArchiveView",
    "UnitAccessLogView", "UnitCreateView", "UnitDetailView", "UnitEditView", "UnitMoveView", "UnitRemoveView",
    "UnitUploadView", "UnitsBulkView", "unit_rows",
]
