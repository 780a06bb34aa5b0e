"""Archives, fonds, inventories, units and digital objects (URL names: archive-list, fonds-list,
inventory-list, unit-list, digitalobject-list, digitalobject-download, ...)."""
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("archives", views.ArchiveViewSet, basename="archive")
router.register("fonds", views.FondsViewSet, basename="fonds")
router.register("inventories", views.InventoryViewSet, basename="inventory")
router.register("units", views.UnitViewSet, basename="unit")
router.register("digital-objects", views.DigitalObjectViewSet, basename="digitalobject")

urlpatterns = router.urls
