"""Input and output shapes of the appraisal API."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from holdings import access
from holdings.choices import ValueCategory

from ..choices import Outcome, VoteDecision
from ..models import (
    AppraisalCase,
    CaseEvent,
    CaseUnit,
    DestructionAct,
    DestructionActItem,
    ExpertCommission,
    RetentionSchedule,
    ScheduleArticle,
    Vote,
)


class ArticleSerializer(serializers.ModelSerializer):
    document_type = serializers.CharField(read_only=True)
    retention = serializers.CharField(source="retention_label", read_only=True)

    class Meta:
        model = ScheduleArticle
        fields = ["id", "number", "document_type", "document_type_ru", "document_type_kk", "retention_kind",
                  "retention_years", "retention", "notes"]


class ScheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = RetentionSchedule
        fields = ["id", "title_ru", "title_kk", "order_number", "order_date", "issued_by", "is_current",
                  "article_count"]


class CommissionSerializer(serializers.ModelSerializer):
    archive = serializers.IntegerField(source="archive_id", allow_null=True)
    chair = serializers.CharField(source="chair.display_name")
    secretary = serializers.CharField(source="secretary.display_name")
    quorum_needed = serializers.SerializerMethodField()

    class Meta:
        model = ExpertCommission
        fields = ["id", "name", "name_kk", "kind", "archive", "chair", "secretary", "member_count", "quorum_percent",
                  "quorum_min", "quorum_needed", "is_active"]

    def get_quorum_needed(self, obj: ExpertCommission) -> int:
        return obj.quorum_needed()


class CaseSerializer(serializers.ModelSerializer):
    """A case as listed; the detail adds the tally, what the user may do and the act."""

    number = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display")
    archive = serializers.SerializerMethodField()
    commission = serializers.SerializerMethodField()
    inventory = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.display_name")
    decided_by = serializers.CharField(source="decided_by.display_name", default=None)

    class Meta:
        model = AppraisalCase
        fields = ["id", "number", "title", "status", "status_display", "archive", "commission", "scope",
                  "inventory", "round", "unit_count", "destroy_count", "created_by", "created_at", "submitted_at",
                  "decided_at", "decided_by", "frozen_at", "decision_comment"]

    @extend_schema_field({"type": "object", "properties": {"id": {"type": "integer"}, "code": {"type": "string"},
                                                           "name": {"type": "string"}}})
    def get_archive(self, obj: AppraisalCase) -> dict:
        return {"id": obj.archive_id, "code": obj.archive.code, "name": obj.archive.name}

    @extend_schema_field({"type": "object"})
    def get_commission(self, obj: AppraisalCase) -> dict:
        return {"id": obj.commission_id, "name": obj.commission.name, "name_kk": obj.commission.name_kk,
                "kind": obj.commission.kind}

    @extend_schema_field({"type": "object", "nullable": True})
    def get_inventory(self, obj: AppraisalCase) -> dict | None:
        if obj.inventory_id is None:
            return None
        return {"id": obj.inventory_id, "reference_code": obj.inventory.reference_code, "title": obj.inventory.title}


class CaseCreateSerializer(serializers.Serializer):
    archive = serializers.IntegerField()
    commission = serializers.IntegerField()
    title = serializers.CharField(max_length=500)
    inventory = serializers.IntegerField(required=False, allow_null=True)
    unit_ids = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=5000)


class CaseUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500, required=False)
    commission = serializers.IntegerField(required=False)


class CaseUnitSerializer(serializers.ModelSerializer):
    unit = serializers.SerializerMethodField()
    article = serializers.SerializerMethodField()
    objections = serializers.IntegerField(source="objection_count", read_only=True)

    class Meta:
        model = CaseUnit
        fields = ["id", "unit", "outcome", "retention_years", "article", "value_category", "note", "objections"]

    @extend_schema_field({"type": "object"})
    def get_unit(self, obj: CaseUnit) -> dict:
        unit = obj.unit
        user = self.context["request"].user
        return {"id": unit.pk, "reference_code": unit.reference_code, "title": access.unit_view(unit, user).title,
                "date_start": unit.date_start, "date_end": unit.date_end, "extent_sheets": unit.extent_sheets,
                "value_category": unit.value_category, "status": unit.status}

    @extend_schema_field({"type": "object", "nullable": True})
    def get_article(self, obj: CaseUnit) -> dict | None:
        if obj.article is None:
            return None
        return {"id": obj.article_id, "number": obj.article.number, "retention": obj.article.retention_label}


class UnitIdsSerializer(serializers.Serializer):
    unit_ids = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=5000)


class CaseUnitIdsSerializer(serializers.Serializer):
    case_unit_ids = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=100000)


class ProposalSerializer(CaseUnitIdsSerializer):
    """Only the fields given change. `article` is an article number of the current schedule, or null."""

    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    retention_years = serializers.IntegerField(min_value=1, max_value=999, required=False, allow_null=True)
    article = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)
    value_category = serializers.ChoiceField(choices=[("", _("Leave the unit's category")),
                                                      *ValueCategory.choices], required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class VoteInputSerializer(CommentSerializer):
    decision = serializers.ChoiceField(choices=VoteDecision.choices)


class ObjectionInputSerializer(serializers.Serializer):
    case_unit = serializers.IntegerField()
    comment = serializers.CharField(max_length=4000)


class VoteSerializer(serializers.ModelSerializer):
    voter = serializers.CharField(source="voter.display_name")

    class Meta:
        model = Vote
        fields = ["id", "round", "voter", "decision", "comment", "at"]


class EventSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.display_name", default=None)

    class Meta:
        model = CaseEvent
        fields = ["id", "at", "user", "action", "from_status", "to_status", "comment", "data"]


class ActSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    executed_by = serializers.CharField(source="executed_by.display_name", default=None, read_only=True)
    approved_by = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()

    class Meta:
        model = DestructionAct
        fields = ["id", "number", "date", "case", "status", "legal_basis_ru", "legal_basis_kk", "item_count",
                  "total_sheets", "executed_at", "executed_by", "approved_by", "pdf"]
        read_only_fields = ["status", "item_count", "total_sheets", "executed_at"]

    @extend_schema_field({"type": "object", "properties": {
        "archive": {"type": "object"}, "commission": {"type": "object"}, "chair": {"type": "string"},
        "secretary": {"type": "string"}, "members": {"type": "array", "items": {"type": "string"}},
        "vote": {"type": "object"}}})
    def get_approved_by(self, obj: DestructionAct) -> dict:
        """The archive, the commission, its people and the vote as they were when the act was approved."""
        return obj.snapshot

    @extend_schema_field({"type": "object", "properties": {"kk": {"type": "string"}, "ru": {"type": "string"}}})
    def get_pdf(self, obj: DestructionAct) -> dict:
        url = reverse("appraisal-act-pdf", args=[obj.pk])
        return {"kk": f"{url}?lang=kk", "ru": f"{url}?lang=ru"}


class ActAmendSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    legal_basis_ru = serializers.CharField(required=False)
    legal_basis_kk = serializers.CharField(required=False)


class ActItemSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    unit_status = serializers.CharField(source="unit.status")

    class Meta:
        model = DestructionActItem
        fields = ["position", "unit", "reference_code", "title", "date_start", "date_end", "extent_sheets",
                  "article_number", "retention_kind", "retention_years", "unit_status"]

    def get_title(self, obj: DestructionActItem) -> str:
        view = access.unit_view(obj.unit, self.context["request"].user)
        return view.title if view.redacted else obj.title
