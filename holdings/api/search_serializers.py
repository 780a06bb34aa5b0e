"""Output shapes of the search and import endpoints. Units use the catalogue's UnitSerializer
(holdings/api/serializers.py), so a unit reads the same in /api/v1/units/ and /api/v1/search/."""
from __future__ import annotations

from django.core.cache import cache
from rest_framework import serializers

from ..models import Fonds, ImportJob, Inventory
from .serializers import UnitSerializer


def unit_serializer() -> type[serializers.Serializer]:
    return UnitSerializer


class FondsHitSerializer(serializers.ModelSerializer):
    reference_code = serializers.CharField(read_only=True)
    archive_code = serializers.CharField(source="archive.code", read_only=True)

    class Meta:
        model = Fonds
        fields = ["id", "reference_code", "title", "archive", "archive_code", "date_start", "date_end", "unit_count"]


class InventoryHitSerializer(serializers.ModelSerializer):
    reference_code = serializers.CharField(read_only=True)

    class Meta:
        model = Inventory
        fields = ["id", "reference_code", "title", "fonds", "archive", "date_start", "date_end", "unit_count"]


class ImportJobSerializer(serializers.ModelSerializer):
    archive_code = serializers.CharField(source="archive.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    progress = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField(help_text="rows, units, errors [{row, column, code, message}], "
                                                         "warnings, fonds_new, inventories_new")

    class Meta:
        model = ImportJob
        fields = ["id", "archive", "archive_code", "original_name", "status", "status_label", "created_at",
                  "checked_at", "finished_at", "rows_total", "units_created", "fonds_created",
                  "inventories_created", "progress", "report", "error"]

    def get_report(self, job: ImportJob) -> dict:
        """The check report with each entry's message in the language of the request."""
        from ..importer import message

        report = dict(job.report or {})
        for key in ("errors", "warnings"):
            report[key] = [{**entry, "message": message(entry)} for entry in report.get(key, [])]
        return report

    def get_progress(self, job: ImportJob) -> dict | None:
        from ..import_jobs import progress_key

        return cache.get(progress_key(job.pk))
