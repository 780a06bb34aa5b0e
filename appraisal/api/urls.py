"""Appraisal API under /api/v1/appraisal/: URL names appraisal-case-list, appraisal-case-detail,
appraisal-case-<transition>, appraisal-act-detail, appraisal-act-pdf, ..."""
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="appraisal-case")
router.register("acts", views.ActViewSet, basename="appraisal-act")
router.register("schedules", views.ScheduleViewSet, basename="appraisal-schedule")
router.register("commissions", views.CommissionViewSet, basename="appraisal-commission")

urlpatterns = [path("appraisal/", include(router.urls))]
