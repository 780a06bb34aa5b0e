"""Django admin for support staff: read the records; every change goes through the services and the
back office (the admin offers no add or delete where a workflow owns the object)."""
from django.contrib import admin

from .models import (
    Accession,
    AgencyAccount,
    AudiovisualWork,
    AuditEntry,
    DepositObligation,
    DepositOffer,
    FixityAlert,
    Source,
    Transfer,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "bin", "kind", "archive", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "bin"]
    list_select_related = ["archive"]


@admin.register(Accession)
class AccessionAdmin(ReadOnlyAdmin):
    list_display = ["number", "archive", "source", "kind", "status", "date", "unit_count"]
    list_filter = ["status", "kind"]
    search_fields = ["number", "source__name"]
    list_select_related = ["archive", "source"]


@admin.register(AudiovisualWork)
class AudiovisualWorkAdmin(ReadOnlyAdmin):
    list_display = ["title", "producer", "kind", "funding", "release_date"]
    list_filter = ["kind", "funding"]
    search_fields = ["title"]
    list_select_related = ["producer"]


@admin.register(DepositObligation)
class DepositObligationAdmin(ReadOnlyAdmin):
    list_display = ["work", "archive", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["work", "archive"]


@admin.register(DepositOffer)
class DepositOfferAdmin(ReadOnlyAdmin):
    list_display = ["work", "archive", "status", "offered_on"]
    list_filter = ["status"]
    list_select_related = ["work", "archive"]


@admin.register(AgencyAccount)
class AgencyAccountAdmin(ReadOnlyAdmin):
    list_display = ["user", "source", "archive", "active"]
    list_select_related = ["user", "source", "archive"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["id", "source", "archive", "status", "package_name", "created_at"]
    list_filter = ["status"]
    list_select_related = ["source", "archive"]


@admin.register(FixityAlert)
class FixityAlertAdmin(ReadOnlyAdmin):
    list_display = ["object_name", "archive", "problem", "detected_at", "resolved_at"]
    list_filter = ["problem"]
    list_select_related = ["archive"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "target", "target_id", "action"]
    list_filter = ["target", "action"]
    list_select_related = ["user"]
