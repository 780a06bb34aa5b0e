"""Django admin for the calendar, terms, price lists and certificate templates (administrators).
Requests themselves are handled in the back office, where the workflow rules apply."""
from django.contrib import admin

from .models import CertificateTemplate, Holiday, PriceListItem, RequestTerm


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name_ru", "name_kk"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(RequestTerm)
class RequestTermAdmin(admin.ModelAdmin):
    list_display = ["kind", "days", "count"]


@admin.register(PriceListItem)
class PriceListItemAdmin(admin.ModelAdmin):
    list_display = ["archive", "service", "price", "active"]
    list_filter = ["service", "active"]
    raw_id_fields = ["archive"]


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "language", "title"]
    list_filter = ["language"]
