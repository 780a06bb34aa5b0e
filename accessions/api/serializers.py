"""Serializers of the transfer API: input (the package) and output (status, error, units, events)."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .. import selectors
from ..models import Transfer, TransferEvent


class TransferCreateSerializer(serializers.Serializer):
    """multipart/form-data with the BagIt package (zip or tar) in the field `package`; the request
    also carries an `Idempotency-Key` header."""

    package = serializers.FileField(help_text=_("The BagIt bag, zipped or in a tar file."))


class TransferAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


class TransferEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TransferEvent
        fields = ["at", "step", "outcome", "detail", "agent"]


class TransferListSerializer(serializers.ModelSerializer):
    """A transfer in a list: where it stands."""

    source = serializers.CharField(source="source.name")
    accession = serializers.CharField(source="accession.number", default=None)

    class Meta:
        model = Transfer
        fields = ["id", "status", "error", "error_file", "package_name", "package_size", "source", "accession",
                  "created_at", "updated_at", "finished_at"]


class TransferDetailSerializer(TransferListSerializer):
    """A transfer with the ids of the units it created (when accessioned) and its events."""

    units = serializers.SerializerMethodField()
    events = TransferEventSerializer(many=True)

    class Meta(TransferListSerializer.Meta):
        fields = TransferListSerializer.Meta.fields + ["package_sha256", "file_count", "payload_bytes", "attempts",
                                                       "units", "events"]

    def get_units(self, obj: Transfer) -> list[int]:
        return selectors.transfer_unit_ids(obj)
