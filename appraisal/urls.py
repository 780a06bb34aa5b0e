"""Back-office pages of appraisal, under /office/appraisal/."""
from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "appraisal"

urlpatterns = [
    # The list lives under cases/ so that its navigation entry is not "active" on every appraisal page.
    path("", RedirectView.as_view(pattern_name="appraisal:case_list"), name="home"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case_create"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/edit/", views.CaseEditView.as_view(), name="case_edit"),
    path("cases/<int:pk>/units/add/", views.CaseUnitsAddView.as_view(), name="case_units_add"),
    path("cases/<int:pk>/proposals/", views.CaseProposalsView.as_view(), name="case_proposals"),
    path("cases/<int:pk>/submit/", views.CaseSubmitView.as_view(), name="case_submit"),
    path("cases/<int:pk>/start-review/", views.CaseStartReviewView.as_view(), name="case_start_review"),
    path("cases/<int:pk>/vote/", views.CaseVoteView.as_view(), name="case_vote"),
    path("cases/<int:pk>/units/<int:unit_pk>/object/", views.CaseObjectView.as_view(), name="case_object"),
    path("cases/<int:pk>/approve/", views.CaseApproveView.as_view(), name="case_approve"),
    path("cases/<int:pk>/return/", views.CaseReturnView.as_view(), name="case_return"),
    path("cases/<int:pk>/cancel/", views.CaseCancelView.as_view(), name="case_cancel"),
    path("acts/<int:pk>/", views.ActDetailView.as_view(), name="act_detail"),
    path("acts/<int:pk>/pdf/", views.ActPdfView.as_view(), name="act_pdf"),
    path("acts/<int:pk>/amend/", views.ActAmendView.as_view(), name="act_amend"),
    path("acts/<int:pk>/execute/", views.ActExecuteView.as_view(), name="act_execute"),
    path("schedules/", views.ScheduleListView.as_view(), name="schedule_list"),
    path("schedules/import/", views.ScheduleImportView.as_view(), name="schedule_import"),
    path("schedules/<int:pk>/", views.ScheduleDetailView.as_view(), name="schedule_detail"),
    path("schedules/<int:pk>/make-current/", views.ScheduleMakeCurrentView.as_view(), name="schedule_make_current"),
    path("articles/assign/", views.ArticleAssignView.as_view(), name="article_assign"),
    path("commissions/", views.CommissionListView.as_view(), name="commission_list"),
    path("commissions/new/", views.CommissionCreateView.as_view(), name="commission_create"),
    path("commissions/<int:pk>/", views.CommissionDetailView.as_view(), name="commission_detail"),
    path("commissions/<int:pk>/members/add/", views.CommissionMemberAddView.as_view(), name="commission_member_add"),
    path("commissions/<int:pk>/members/<int:user_pk>/remove/", views.CommissionMemberRemoveView.as_view(),
         name="commission_member_remove"),
    path("insurance/", views.InsuranceView.as_view(), name="insurance"),
]
