"""Input and output shapes of the requests API."""
from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from holdings import access

from ..certificates import verify_url
from ..choices import (
    AccessGround,
    CertificateKind,
    CertificateLanguage,
    CopyKind,
    DeliveryMethod,
    RequestKind,
)
from ..codes import unit_code
from ..models import Delivery, Request, RequestEvent, RequestItem

MAX_ID = 2**63 - 1  # ids beyond a database integer are simply invalid, never a server error


class ArchiveRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class RequestListSerializer(serializers.ModelSerializer):
    """A request in a list."""

    number = serializers.CharField(read_only=True)
    archive = ArchiveRefSerializer(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    paid = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Request
        fields = ["id", "number", "kind", "kind_display", "status", "status_display", "archive", "submitted_at",
                  "due_date", "closed_at", "overdue", "fee", "paid", "refusal_reason", "url"]

    def get_paid(self, obj: Request) -> bool:
        return obj.paid_at is not None

    def get_url(self, obj: Request) -> str:
        return self.context["request"].build_absolute_uri(reverse("request-detail", args=[obj.pk]))


class ItemSerializer(serializers.ModelSerializer):
    reference_code = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()

    class Meta:
        model = RequestItem
        fields = ["unit", "reference_code", "title", "sheets"]

    def get_reference_code(self, obj: RequestItem) -> str:
        return unit_code(obj.unit)

    def get_title(self, obj: RequestItem) -> str:
        return str(access.unit_view(obj.unit, self.context["request"].user).title)


class EventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display")
    note = serializers.CharField(source="text", help_text="The line's detail, worded in the request's language.")

    class Meta:
        model = RequestEvent
        fields = ["at", "action", "action_display", "from_status", "to_status", "note"]


class DeliverySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = ["id", "kind", "name", "size", "sha256", "content_type", "redacted", "created_at", "expires_at",
                  "url"]

    def get_url(self, obj: Delivery) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("readingroom:download", args=[obj.request_id, obj.pk]))


class RequestDetailSerializer(RequestListSerializer):
    """A request with its units, public history, delivered files and certificate."""

    items = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    deliveries = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()

    class Meta(RequestListSerializer.Meta):
        fields = RequestListSerializer.Meta.fields + [
            "copy_kind", "delivery", "data_subject_claim", "certificate_kind", "certificate_language", "person_name",
            "organization", "year_from", "year_to", "position", "visit_date", "ground", "purpose", "message",
            "items", "history", "deliveries", "certificate"]

    def get_items(self, obj: Request) -> list[dict]:
        return ItemSerializer(self.context["items"], many=True, context=self.context).data

    def get_history(self, obj: Request) -> list[dict]:
        return EventSerializer(self.context["history"], many=True).data

    def get_deliveries(self, obj: Request) -> list[dict]:
        live = [d for d in self.context["deliveries"] if not d.expired]
        return DeliverySerializer(live, many=True, context=self.context).data

    def get_certificate(self, obj: Request) -> dict | None:
        cert = self.context.get("certificate")
        if cert is None:
            return None
        return {"number": cert.number, "issued_at": cert.issued_at, "verification_code": cert.verification_code,
                "verify_url": verify_url(cert.verification_code)}


class StaffRequestSerializer(RequestDetailSerializer):
    """What staff see: the requester, the assignee, the identity check and the payment."""

    requester = serializers.SerializerMethodField()
    assigned_to = serializers.SerializerMethodField()

    class Meta(RequestDetailSerializer.Meta):
        fields = RequestDetailSerializer.Meta.fields + [
            "requester", "assigned_to", "identity_verified_at", "identity_document", "paid_at", "payment_reference"]

    def get_requester(self, obj: Request) -> dict:
        return {"id": obj.requester_id, "name": obj.requester.display_name, "email": obj.requester.email}

    def get_assigned_to(self, obj: Request) -> dict | None:
        user = obj.assigned_to
        return {"id": user.pk, "name": user.display_name} if user else None

    def get_history(self, obj: Request) -> list[dict]:
        rows = EventSerializer(self.context["history"], many=True).data
        for row, event in zip(rows, self.context["history"], strict=True):
            row["public"] = event.public
            row["actor"] = event.actor.display_name if event.actor else None
        return rows


class StaffQueueSerializer(RequestListSerializer):
    requester = serializers.CharField(source="requester.display_name")
    assigned_to = serializers.CharField(source="assigned_to.display_name", default=None)

    class Meta(RequestListSerializer.Meta):
        fields = RequestListSerializer.Meta.fields + ["requester", "assigned_to"]

    def get_url(self, obj: Request) -> str:
        return self.context["request"].build_absolute_uri(reverse("request-queue-detail", args=[obj.pk]))


class UnitRefSerializer(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    sheets = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class RequestCreateSerializer(serializers.Serializer):
    """One of the four kinds; the fields a kind does not use are ignored."""

    kind = serializers.ChoiceField(choices=RequestKind.choices)
    units = UnitRefSerializer(many=True, required=False, default=list)
    archive = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="Certificates: the archive asked.")
    copy_kind = serializers.ChoiceField(choices=CopyKind.choices, required=False)
    delivery = serializers.ChoiceField(choices=DeliveryMethod.choices, required=False, default=DeliveryMethod.DOWNLOAD)
    data_subject_claim = serializers.BooleanField(required=False, default=False)
    certificate_kind = serializers.ChoiceField(choices=CertificateKind.choices, required=False)
    certificate_language = serializers.ChoiceField(choices=CertificateLanguage.choices, required=False)
    person_name = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    organization = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    position = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    year_from = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=9999)
    year_to = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=9999)
    visit_date = serializers.DateField(required=False)
    ground = serializers.ChoiceField(choices=AccessGround.choices, required=False)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    message = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class AssignSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(allow_null=True, min_value=1, max_value=MAX_ID)


class PaymentSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=200)


class IdentitySerializer(serializers.Serializer):
    document = serializers.CharField(max_length=200)


class GrantSerializer(serializers.Serializer):
    until = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
