"""Django admin for the holdings' reference data (regions, archives, storage locations, creators),
for superusers only. Fonds, inventories and units are described in the back office, through the
services, never here."""
from django.contrib import admin

from .models import Archive, Creator, Region, StorageLocation


class SuperuserAdmin(admin.ModelAdmin):
    """Reference data is the superusers' business; staff accounts see nothing of it here."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


@admin.register(Region)
class RegionAdmin(SuperuserAdmin):
    list_display = ["code", "name_ru", "name_kk", "name_en"]
    search_fields = ["code", "name_ru", "name_kk", "name_en"]


class StorageLocationInline(admin.TabularInline):
    model = StorageLocation
    extra = 0
    fields = ["building", "room", "rack", "shelf"]


@admin.register(Archive)
class ArchiveAdmin(SuperuserAdmin):
    list_display = ["code", "name_ru", "name_kk", "kind", "region", "is_rural", "fonds_count"]
    list_filter = ["kind", "is_rural", "region"]
    search_fields = ["code", "name_ru", "name_kk", "name_en"]
    list_select_related = ["region"]
    readonly_fields = ["fonds_count"]
    fields = ["code", "name_kk", "name_ru", "name_en", "kind", "region", "is_rural", "address", "email", "phone",
              "fonds_count"]
    inlines = [StorageLocationInline]


@admin.register(StorageLocation)
class StorageLocationAdmin(SuperuserAdmin):
    list_display = ["archive", "building", "room", "rack", "shelf"]
    list_filter = ["archive"]
    list_select_related = ["archive"]
    search_fields = ["building", "room", "rack", "shelf", "archive__code"]
    autocomplete_fields = ["archive"]


@admin.register(Creator)
class CreatorAdmin(SuperuserAdmin):
    list_display = ["name", "name_kk", "dates"]
    search_fields = ["name", "name_kk"]
