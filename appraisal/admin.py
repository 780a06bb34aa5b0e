"""Admin: read-only views for support. Every change goes through the services and the back-office
pages (schedules are imported as new versions, commissions keep their member count and the members'
grants on cases in step, cases and acts change only through the recorded workflow)."""
from django.contrib import admin

from .models import (
    AppraisalCase,
    CaseEvent,
    CommissionMember,
    DestructionAct,
    ExpertCommission,
    RetentionSchedule,
    ScheduleArticle,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows the records; adding, changing and deleting are left to the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RetentionSchedule)
class RetentionScheduleAdmin(ReadOnlyAdmin):
    list_display = ["title_ru", "order_number", "order_date", "is_current", "article_count"]


@admin.register(ScheduleArticle)
class ScheduleArticleAdmin(ReadOnlyAdmin):
    list_display = ["number", "schedule", "retention_kind", "retention_years"]
    list_filter = ["schedule"]
    search_fields = ["number", "document_type_ru", "document_type_kk"]


class MemberInline(ReadOnlyInline):
    model = CommissionMember
    fields = ["user", "added_at"]


@admin.register(ExpertCommission)
class ExpertCommissionAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "archive", "chair", "member_count", "is_active"]
    list_filter = ["kind", "is_active"]
    inlines = [MemberInline]


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "user", "action", "from_status", "to_status", "comment", "data"]


@admin.register(AppraisalCase)
class AppraisalCaseAdmin(ReadOnlyAdmin):
    """Cases are changed only through the workflow; the admin shows them."""

    list_display = ["__str__", "title", "archive", "commission", "status", "unit_count"]
    list_filter = ["status"]
    inlines = [CaseEventInline]


@admin.register(DestructionAct)
class DestructionActAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "archive", "date", "status", "item_count"]
