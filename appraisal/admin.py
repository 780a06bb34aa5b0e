"""Admin: read-mostly views for support; every change of a case goes through the services."""
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


@admin.register(RetentionSchedule)
class RetentionScheduleAdmin(admin.ModelAdmin):
    list_display = ["title_ru", "order_number", "order_date", "is_current", "article_count"]
    readonly_fields = ["article_count", "created_at", "created_by"]


@admin.register(ScheduleArticle)
class ScheduleArticleAdmin(admin.ModelAdmin):
    list_display = ["number", "schedule", "retention_kind", "retention_years"]
    list_filter = ["schedule"]
    search_fields = ["number", "document_type_ru", "document_type_kk"]


class MemberInline(admin.TabularInline):
    model = CommissionMember
    raw_id_fields = ["user"]
    extra = 0


@admin.register(ExpertCommission)
class ExpertCommissionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "archive", "chair", "member_count", "is_active"]
    list_filter = ["kind", "is_active"]
    raw_id_fields = ["chair", "secretary", "archive"]
    inlines = [MemberInline]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "user", "action", "from_status", "to_status", "comment", "data"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AppraisalCase)
class AppraisalCaseAdmin(admin.ModelAdmin):
    """Cases are changed only through the workflow; the admin shows them."""

    list_display = ["__str__", "title", "archive", "commission", "status", "unit_count"]
    list_filter = ["status"]
    inlines = [CaseEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DestructionAct)
class DestructionActAdmin(admin.ModelAdmin):
    list_display = ["__str__", "archive", "date", "status", "item_count"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
