"""Back-office pages of the staff app, under /office/staff/."""
from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "staff"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff:member_list"), name="home"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("members/new/", views.MemberCreateView.as_view(), name="member_create"),
    path("members/<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_update"),
    path("members/<int:pk>/appointment/", views.AppointmentCreateView.as_view(), name="appointment_create"),
    path("members/<int:pk>/salary/", views.SalaryCreateView.as_view(), name="salary_create"),
    path("members/<int:pk>/training/", views.TrainingCreateView.as_view(), name="training_create"),
    path("members/training/<int:pk>/certificate/", views.TrainingCertificateView.as_view(), name="training_certificate"),
    path("reports/", views.ReportView.as_view(), name="report"),
    path("reports/download/", views.ReportDownloadView.as_view(), name="report_download"),
    path("roles/", views.RightsView.as_view(), name="rights"),
    path("roles/revoke/", views.RightRevokeView.as_view(), name="right_revoke"),
    path("archives/", views.ArchiveListView.as_view(), name="archive_list"),
    path("archives/<int:pk>/", views.ArchiveRuralView.as_view(), name="archive_rural"),
    path("positions/", views.PositionListView.as_view(), name="position_list"),
    path("positions/<int:pk>/", views.PositionUpdateView.as_view(), name="position_update"),
    path("rules/", views.RuleListView.as_view(), name="rule_list"),
    path("administrators/", views.ScopeListView.as_view(), name="scope_list"),
]
