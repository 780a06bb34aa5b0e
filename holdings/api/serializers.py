"""Input and output shapes of the catalogue API. Output serializers only format what the viewsets
(already access-filtered) give them, and ask holdings/access.py for the fields a user may see;
input serializers only parse: the services in holdings/services.py write.

Output fields are declared writable-looking on purpose (no read_only): the schema then marks
only the always-present fields as required, and the staff-only ones as optional."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import serializers

from .. import access
from ..choices import (
    AccessLevel,
    ArchiveKind,
    DigitalObjectRole,
    FondsKind,
    InventoryStatus,
    Media,
    UnitAccessLevel,
    UnitStatus,
    ValueCategory,
)
from ..models import Archive, Fonds, Inventory, StorageLocation, Unit

INT_MAX = 2**31 - 1
TEXT_MAX = 5000


def _user(serializer: serializers.Serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


# ---------------------------------------------------------------- output
class ArchiveSerializer(serializers.Serializer):
    """An archive (public reference data)."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField(help_text="The name in the language of the request.")
    name_kk = serializers.CharField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=ArchiveKind.choices)
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    is_rural = serializers.BooleanField()
    fonds_count = serializers.IntegerField()


class FondsSerializer(serializers.Serializer):
    """A fonds."""

    id = serializers.IntegerField()
    archive = serializers.IntegerField(source="archive_id")
    number = serializers.CharField()
    reference_code = serializers.CharField()
    title = serializers.CharField()
    creator = serializers.CharField(source="creator.name", allow_null=True)
    date_start = serializers.DateField(allow_null=True)
    date_end = serializers.DateField(allow_null=True)
    kind = serializers.ChoiceField(choices=FondsKind.choices)
    value_category = serializers.ChoiceField(choices=ValueCategory.choices)
    access_level = serializers.ChoiceField(choices=AccessLevel.choices)
    restricted_until = serializers.DateField(allow_null=True)
    description = serializers.CharField(allow_blank=True)
    inventory_count = serializers.IntegerField()
    unit_count = serializers.IntegerField()


class InventorySerializer(serializers.Serializer):
    """An inventory; `access_level` is its own setting, `effective_access_level` the one in force."""

    id = serializers.IntegerField()
    archive = serializers.IntegerField(source="archive_id")
    fonds = serializers.IntegerField(source="fonds_id")
    number = serializers.CharField()
    reference_code = serializers.CharField()
    title = serializers.CharField()
    date_start = serializers.DateField(allow_null=True)
    date_end = serializers.DateField(allow_null=True)
    approval_status = serializers.ChoiceField(choices=InventoryStatus.choices)
    access_level = serializers.ChoiceField(choices=UnitAccessLevel.choices)
    effective_access_level = serializers.ChoiceField(choices=AccessLevel.choices)
    unit_count = serializers.IntegerField()


class UnitSerializer(serializers.Serializer):
    """A unit as the user may see it: `title` is the redacted public title where the user may not
    see the full record (`redacted` true); `access_level` is the level in force today. Staff of the
    unit's archive also get `public_title`, `own_access_level`, `contains_personal_data` and
    `storage_location`."""

    id = serializers.IntegerField()
    reference_code = serializers.CharField()
    title = serializers.CharField()
    redacted = serializers.BooleanField()
    access_level = serializers.ChoiceField(choices=AccessLevel.choices)
    restricted_until = serializers.DateField(allow_null=True)
    date_start = serializers.DateField(allow_null=True)
    date_end = serializers.DateField(allow_null=True)
    media = serializers.ChoiceField(choices=Media.choices)
    extent_sheets = serializers.IntegerField(allow_null=True)
    duration_seconds = serializers.IntegerField(allow_null=True)
    archive = serializers.IntegerField()
    fonds = serializers.IntegerField()
    inventory = serializers.IntegerField()
    status = serializers.ChoiceField(choices=UnitStatus.choices)
    digital_count = serializers.IntegerField()
    public_title = serializers.CharField(required=False, allow_blank=True, help_text="Staff only.")
    own_access_level = serializers.ChoiceField(choices=UnitAccessLevel.choices, required=False,
                                               help_text="Staff only: the unit's own setting (may be inherit).")
    contains_personal_data = serializers.BooleanField(required=False, help_text="Staff only.")
    storage_location = serializers.IntegerField(required=False, allow_null=True,
                                                help_text="Staff only: the id of the storage location.")

    def to_representation(self, unit: Unit) -> dict:
        user = _user(self)
        seen = access.unit_view(unit, user)
        data = {
            "id": unit.pk, "reference_code": unit.reference_code, "title": seen.title, "redacted": seen.redacted,
            "access_level": seen.level,
            "restricted_until": unit.restricted_until.isoformat() if unit.restricted_until else None,
            "date_start": unit.date_start.isoformat() if unit.date_start else None,
            "date_end": unit.date_end.isoformat() if unit.date_end else None,
            "media": unit.media, "extent_sheets": unit.extent_sheets, "duration_seconds": unit.duration_seconds,
            "archive": unit.archive_id, "fonds": unit.fonds_id, "inventory": unit.inventory_id,
            "status": unit.status, "digital_count": unit.digital_count,
        }
        if access.is_archive_staff(user, unit.archive_id):
            data.update({"public_title": unit.public_title, "own_access_level": unit.access_level,
                         "contains_personal_data": unit.contains_personal_data,
                         "storage_location": unit.storage_location_id})
        return data


class DigitalObjectSerializer(serializers.Serializer):
    """A stored file of a unit; `download_url` serves it (and logs the access)."""

    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    role = serializers.ChoiceField(choices=DigitalObjectRole.choices)
    derived_from = serializers.IntegerField(source="derived_from_id", allow_null=True)
    original_name = serializers.CharField(allow_blank=True)
    format = serializers.CharField(allow_blank=True)
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    page_order = serializers.IntegerField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, obj) -> str:
        path = reverse("digitalobject-download", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# ---------------------------------------------------------------- input
def _managed(queryset, serializer, field: str = "archive_id"):
    """Parents a write may name: those in archives where the user describes holdings."""
    from ..choices import StaffRole

    return access.staff_scope(queryset, _user(serializer), StaffRole.ARCHIVIST, field=field)


class _DatesInput(serializers.Serializer):
    def validate(self, attrs: dict) -> dict:
        start = attrs.get("date_start", getattr(self.instance, "date_start", None))
        end = attrs.get("date_end", getattr(self.instance, "date_end", None))
        if start and end and start > end:
            raise serializers.ValidationError({"date_end": [_("The end date is before the start date.")]})
        return attrs


class FondsUpdateSerializer(_DatesInput):
    number = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=1000)
    creator_name = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                         help_text="Linked to the creator authority record of that name.")
    date_start = serializers.DateField(required=False, allow_null=True)
    date_end = serializers.DateField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=FondsKind.choices, required=False)
    value_category = serializers.ChoiceField(choices=ValueCategory.choices, required=False)
    access_level = serializers.ChoiceField(choices=AccessLevel.choices, required=False)
    restricted_until = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class FondsCreateSerializer(FondsUpdateSerializer):
    archive = serializers.PrimaryKeyRelatedField(queryset=Archive.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].queryset = _managed(Archive.objects.all(), self, field="id")


class InventoryUpdateSerializer(_DatesInput):
    number = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=1000)
    date_start = serializers.DateField(required=False, allow_null=True)
    date_end = serializers.DateField(required=False, allow_null=True)
    approval_status = serializers.ChoiceField(choices=InventoryStatus.choices, required=False)
    access_level = serializers.ChoiceField(choices=UnitAccessLevel.choices, required=False)
    fonds = serializers.PrimaryKeyRelatedField(
        queryset=Fonds.objects.none(), required=False,
        help_text="Another fonds of the same archive: the inventory moves there with its units.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fonds"].queryset = _managed(Fonds.objects.all(), self)


class InventoryCreateSerializer(InventoryUpdateSerializer):
    fonds = serializers.PrimaryKeyRelatedField(queryset=Fonds.objects.none())


class UnitUpdateSerializer(_DatesInput):
    number = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=TEXT_MAX)
    public_title = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    date_start = serializers.DateField(required=False, allow_null=True)
    date_end = serializers.DateField(required=False, allow_null=True)
    extent_sheets = serializers.IntegerField(min_value=0, max_value=INT_MAX, required=False, allow_null=True)
    duration_seconds = serializers.IntegerField(min_value=0, max_value=INT_MAX, required=False, allow_null=True)
    media = serializers.ChoiceField(choices=Media.choices, required=False)
    access_level = serializers.ChoiceField(choices=UnitAccessLevel.choices, required=False)
    restricted_until = serializers.DateField(required=False, allow_null=True,
                                             help_text="Empty: 75 years after the end date for personal data.")
    contains_personal_data = serializers.BooleanField(required=False)
    storage_location = serializers.PrimaryKeyRelatedField(queryset=StorageLocation.objects.none(), required=False,
                                                          allow_null=True)
    value_category = serializers.ChoiceField(choices=ValueCategory.choices, required=False)
    status = serializers.ChoiceField(choices=UnitStatus.choices, required=False)
    annotation = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    inventory = serializers.PrimaryKeyRelatedField(
        queryset=Inventory.objects.none(), required=False,
        help_text="Another inventory of the same archive: the unit moves there (its number stays).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["storage_location"].queryset = _managed(StorageLocation.objects.all(), self)
        self.fields["inventory"].queryset = _managed(Inventory.objects.all(), self)

    def _archive_id(self, attrs: dict) -> int | None:
        return getattr(self.instance, "archive_id", None)

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        location = attrs.get("storage_location")
        if location is not None and location.archive_id != self._archive_id(attrs):
            raise serializers.ValidationError(
                {"storage_location": [_("The storage location belongs to another archive.")]})
        return attrs


class UnitCreateSerializer(UnitUpdateSerializer):
    inventory = serializers.PrimaryKeyRelatedField(queryset=Inventory.objects.none())
    status = None  # a new unit is extant

    def _archive_id(self, attrs: dict) -> int | None:
        inventory = attrs.get("inventory")
        return inventory.archive_id if inventory else None


class DigitalObjectCreateSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    file = serializers.FileField()
    role = serializers.ChoiceField(choices=[(r.value, r.label) for r in (DigitalObjectRole.SCAN_PAGE,
                                                                         DigitalObjectRole.MASTER,
                                                                         DigitalObjectRole.ACCESS)],
                                   default=DigitalObjectRole.SCAN_PAGE)
    page_order = serializers.IntegerField(min_value=1, max_value=INT_MAX, required=False)
    sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", required=False, allow_blank=True,
                                    help_text="When given, the stored file must have this checksum.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _managed(Unit.objects.all(), self)
