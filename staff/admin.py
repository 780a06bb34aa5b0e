"""Django admin for the staff app: read-mostly; writes that matter go through the back-office pages,
which call the services (scope checks, audit events)."""
from django.contrib import admin

from .models import (
    AdministratorScope,
    AllowanceRule,
    Appointment,
    ArchiveRuralPeriod,
    Position,
    SalaryRecord,
    StaffEvent,
    StaffMember,
    TrainingRecord,
)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("title_ru", "title_kk", "category", "is_specialist")
    list_filter = ("category", "is_specialist")
    search_fields = ("title_ru", "title_kk")


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    readonly_fields = ("valid_from", "position", "rate", "basis", "created_at", "created_by")
    can_delete = False


class SalaryInline(admin.TabularInline):
    model = SalaryRecord
    extra = 0
    readonly_fields = ("valid_from", "base_salary", "basis", "created_at", "created_by")
    can_delete = False


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "iin", "archive", "position", "rate", "employment_start",
                    "employment_end")
    list_select_related = ("archive", "position")
    list_filter = ("archive__region",)
    search_fields = ("last_name", "first_name", "iin")
    raw_id_fields = ("archive", "user")
    readonly_fields = ("position", "rate")
    inlines = [AppointmentInline, SalaryInline, TrainingInline]

    def save_model(self, request, obj, form, change) -> None:
        obj.refresh_search_text()  # the staff list searches this copy of the name and IIN
        super().save_model(request, obj, form, change)


@admin.register(ArchiveRuralPeriod)
class ArchiveRuralPeriodAdmin(admin.ModelAdmin):
    list_display = ("archive", "valid_from", "is_rural", "basis")
    list_select_related = ("archive",)
    raw_id_fields = ("archive",)


@admin.register(AllowanceRule)
class AllowanceRuleAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "name_ru", "percent", "specialists_only", "rural_only")


@admin.register(AdministratorScope)
class AdministratorScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "region", "set_by", "set_at")
    list_select_related = ("user", "region", "set_by")
    raw_id_fields = ("user",)


@admin.register(StaffEvent)
class StaffEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "staff_member", "archive", "detail")
    list_select_related = ("actor", "staff_member", "archive")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
