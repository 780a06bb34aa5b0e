"""Accessions API under /api/v1/: electronic transfers."""
from rest_framework.routers import SimpleRouter

from .views import TransferViewSet

router = SimpleRouter()
router.register("transfers", TransferViewSet, basename="transfer")

urlpatterns = router.urls
