"""Staff API under /api/v1/: allowances, staff members, positions."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("staff-members", views.StaffMemberViewSet, basename="staff-member")
router.register("positions", views.PositionViewSet, basename="position")

urlpatterns = [
    path("allowances/", views.AllowancesView.as_view(), name="allowances"),
    *router.urls,
]
