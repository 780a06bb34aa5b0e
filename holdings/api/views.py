"""The catalogue API: archives, fonds, inventories, units and digital objects.

Every endpoint derives from HoldingsViewSet, which owns get_queryset: reads see only what
holdings/access.py lets the user see, writes reach only objects in the archives where the user is
an archivist (another archive's object answers 404). A subclass cannot override get_queryset, so
no endpoint can forget the rule. Writes go through holdings/services.py."""
from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .. import access, services
from ..choices import (
    AccessAction,
    AccessLevel,
    ArchiveKind,
    DigitalObjectRole,
    FondsKind,
    Media,
    StaffRole,
    UnitStatus,
)
from ..downloads import file_response
from ..models import Archive, DigitalObject, Fonds, Inventory, Unit
from ..services import HoldingsError, UnitData
from .pagination import KeysetCursorPagination
from .permissions import HoldingsWritePermission
from .serializers import (
    ArchiveSerializer,
    DigitalObjectCreateSerializer,
    DigitalObjectSerializer,
    FondsCreateSerializer,
    FondsSerializer,
    FondsUpdateSerializer,
    InventoryCreateSerializer,
    InventorySerializer,
    InventoryUpdateSerializer,
    UnitCreateSerializer,
    UnitSerializer,
    UnitUpdateSerializer,
)

READ_ERRORS = {400: OpenApiResponse(description="Invalid filter or cursor."),
               404: OpenApiResponse(description="No such object, or not visible to you.")}
WRITE_ERRORS = {400: OpenApiResponse(description="Invalid input, or a holdings rule was broken."),
                401: OpenApiResponse(description="Not authenticated."),
                403: OpenApiResponse(description="Only archivists may change holdings."),
                404: OpenApiResponse(description="No such object in the archives you describe.")}


class HoldingsRuleError(APIException):
    """A service refused the change (HoldingsError); the message is in the user's language."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "holdings_rule"


def _service(fn: Callable, **kwargs):
    try:
        return fn(**kwargs)
    except HoldingsError as exc:
        raise HoldingsRuleError(str(exc)) from exc


def _all_archives(queryset: QuerySet, user) -> QuerySet:
    """Archives are public reference data."""
    return queryset


class HoldingsViewSet(viewsets.GenericViewSet):
    """Base of every catalogue endpoint: access filtering for reads, archive scope for writes."""

    permission_classes = [HoldingsWritePermission]
    pagination_class = KeysetCursorPagination
    filter_backends = [filters.DjangoFilterBackend]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    base_queryset: QuerySet
    read_filter: Callable[[QuerySet, object], QuerySet]  # one of the holdings.access functions
    archive_field = "archive_id"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must not override get_queryset: access filtering lives in "
                            "HoldingsViewSet.")

    def get_queryset(self) -> QuerySet:
        user = self.request.user
        queryset = self.base_queryset.all()
        if self.request.method in SAFE_METHODS:
            return type(self).read_filter(queryset, user)
        return access.staff_scope(queryset, user, StaffRole.ARCHIVIST, field=self.archive_field)

    def archive_id_of(self, obj) -> int:
        return obj.archive_id

    def keyset_fields(self, request: Request) -> tuple[str, ...]:
        return ("id",)

    def _by_parent(self, request: Request, param: str) -> tuple[str, ...]:
        """(sort_key, id) inside one parent, whose index starts with the parent; else by id."""
        value = request.query_params.get(param, "")
        return ("sort_key", "id") if value.isdigit() else ("id",)

    def _output(self, obj, serializer_class, code: int = status.HTTP_200_OK) -> Response:
        return Response(serializer_class(obj, context=self.get_serializer_context()).data, status=code)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """An id: an integer (no decimals); ids beyond the database's range simply match nothing."""

    field_class = forms.IntegerField

    def filter(self, queryset: QuerySet, value):
        # Foreign-key lookups do not get Django's out-of-range guard (SQLite would raise).
        if value is not None and not -(2**63) <= value < 2**63:
            return queryset.none()
        return super().filter(queryset, value)


# ---------------------------------------------------------------- archives
class ArchiveFilter(filters.FilterSet):
    region = filters.CharFilter(field_name="region__code", max_length=20)
    kind = filters.ChoiceFilter(choices=ArchiveKind.choices)
    is_rural = filters.BooleanFilter()

    class Meta:
        model = Archive
        fields: list = []


@extend_schema_view(list=extend_schema(responses={200: ArchiveSerializer(many=True), **READ_ERRORS}),
                    retrieve=extend_schema(responses={200: ArchiveSerializer, **READ_ERRORS}))
class ArchiveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, HoldingsViewSet):
    """Archives (reference data, read-only; edited by superusers in the admin)."""

    base_queryset = Archive.objects.select_related("region")
    read_filter = staticmethod(_all_archives)
    archive_field = "id"
    serializer_class = ArchiveSerializer
    filterset_class = ArchiveFilter

    def archive_id_of(self, obj) -> int:
        return obj.pk


# ---------------------------------------------------------------- fonds
class FondsFilter(filters.FilterSet):
    archive = IdFilter(field_name="archive_id")
    kind = filters.ChoiceFilter(choices=FondsKind.choices)

    class Meta:
        model = Fonds
        fields: list = []


@extend_schema_view(
    list=extend_schema(responses={200: FondsSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: FondsSerializer, **READ_ERRORS}),
    create=extend_schema(request=FondsCreateSerializer, responses={201: FondsSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(request=FondsUpdateSerializer, responses={200: FondsSerializer, **WRITE_ERRORS}),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}, description="Removes an empty fonds."),
)
class FondsViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, HoldingsViewSet):
    """Fonds; archivists create, edit and remove (empty) fonds of their archives."""

    base_queryset = Fonds.objects.select_related("creator")
    read_filter = staticmethod(access.fonds_visible_to)
    serializer_class = FondsSerializer
    filterset_class = FondsFilter

    def keyset_fields(self, request: Request) -> tuple[str, ...]:
        return self._by_parent(request, "archive")

    def _creator(self, data: dict) -> dict:
        if "creator_name" in data:
            data["creator"] = services.creator_get_or_create(actor=self.request.user, name=data.pop("creator_name"))
        return data

    def create(self, request: Request) -> Response:
        serializer = FondsCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = self._creator(dict(serializer.validated_data))
        fonds = _service(services.fonds_create, actor=request.user, **data)
        return self._output(fonds, FondsSerializer, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk=None) -> Response:
        fonds = self.get_object()
        serializer = FondsUpdateSerializer(fonds, data=request.data, partial=True,
                                           context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fonds = _service(services.fonds_update, actor=request.user, fonds=fonds,
                         **self._creator(dict(serializer.validated_data)))
        return self._output(fonds, FondsSerializer)

    def destroy(self, request: Request, pk=None) -> Response:
        _service(services.fonds_remove, actor=request.user, fonds=self.get_object(),
                 reason=request.query_params.get("reason", "")[:300])
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- inventories
class InventoryFilter(filters.FilterSet):
    fonds = IdFilter(field_name="fonds_id")
    archive = IdFilter(field_name="archive_id")

    class Meta:
        model = Inventory
        fields: list = []


@extend_schema_view(
    list=extend_schema(responses={200: InventorySerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: InventorySerializer, **READ_ERRORS}),
    create=extend_schema(request=InventoryCreateSerializer, responses={201: InventorySerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(request=InventoryUpdateSerializer,
                                 responses={200: InventorySerializer, **WRITE_ERRORS}),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}, description="Removes an empty inventory."),
)
class InventoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, HoldingsViewSet):
    """Inventories; archivists create, edit and remove (empty) inventories of their archives."""

    base_queryset = Inventory.objects.select_related("fonds")
    read_filter = staticmethod(access.inventories_visible_to)
    serializer_class = InventorySerializer
    filterset_class = InventoryFilter

    def keyset_fields(self, request: Request) -> tuple[str, ...]:
        return self._by_parent(request, "fonds")

    def create(self, request: Request) -> Response:
        serializer = InventoryCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        inventory = _service(services.inventory_create, actor=request.user, **serializer.validated_data)
        return self._output(inventory, InventorySerializer, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk=None) -> Response:
        inventory = self.get_object()
        serializer = InventoryUpdateSerializer(inventory, data=request.data, partial=True,
                                               context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with transaction.atomic():
            if (to_fonds := data.pop("fonds", None)) is not None:
                inventory = _service(services.inventory_move, actor=request.user, inventory=inventory,
                                     to_fonds=to_fonds)
            inventory = _service(services.inventory_update, actor=request.user, inventory=inventory, **data)
        return self._output(inventory, InventorySerializer)

    def destroy(self, request: Request, pk=None) -> Response:
        _service(services.inventory_remove, actor=request.user, inventory=self.get_object(),
                 reason=request.query_params.get("reason", "")[:300])
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- units
class UnitFilter(filters.FilterSet):
    access_level = filters.ChoiceFilter(choices=AccessLevel.choices, method="filter_access_level",
                                        help_text="The level in force today (a lapsed restriction is open).")
    archive = IdFilter(field_name="archive_id")
    fonds = IdFilter(field_name="fonds_id")
    inventory = IdFilter(field_name="inventory_id", help_text="Within one inventory, units come in number order.")
    media = filters.ChoiceFilter(choices=Media.choices)
    status = filters.ChoiceFilter(choices=UnitStatus.choices)
    date_from = filters.DateFilter(method="filter_date_from", help_text="Units ending on or after this date.")
    date_to = filters.DateFilter(method="filter_date_to", help_text="Units starting on or before this date.")

    class Meta:
        model = Unit
        fields: list = []

    def filter_access_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(access.level_in_force_q(value))

    def filter_date_from(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(date_end__gte=value)

    def filter_date_to(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(date_start__lte=value)


@extend_schema_view(
    list=extend_schema(responses={200: UnitSerializer(many=True), **READ_ERRORS}),
    retrieve=extend_schema(responses={200: UnitSerializer, **READ_ERRORS},
                           description="A view of a non-open unit is written to the access log."),
    create=extend_schema(request=UnitCreateSerializer, responses={201: UnitSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(request=UnitUpdateSerializer, responses={200: UnitSerializer, **WRITE_ERRORS}),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS},
                          description="Removes a unit described by mistake (not one with files or history "
                                      "in the access log)."),
)
class UnitViewSet(mixins.ListModelMixin, HoldingsViewSet):
    """Units as the user may see them (redacted where needed); archivists describe units of their archives."""

    base_queryset = Unit.objects.with_codes().defer("search_public", "search_full")
    read_filter = staticmethod(access.visible_to)
    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def keyset_fields(self, request: Request) -> tuple[str, ...]:
        return self._by_parent(request, "inventory")

    def retrieve(self, request: Request, pk=None) -> Response:
        unit = self.get_object()
        access.log_view(unit=unit, user=request.user, action=AccessAction.VIEW,
                        ip=request.META.get("REMOTE_ADDR"), detail="api")
        return self._output(unit, UnitSerializer)

    def _fresh(self, pk: int) -> Unit:
        return access.visible_to(self.base_queryset.filter(pk=pk), self.request.user).get()

    def create(self, request: Request) -> Response:
        serializer = UnitCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        inventory = data.pop("inventory")
        unit = _service(services.unit_create, actor=request.user, inventory=inventory, data=UnitData(**data))
        return self._output(self._fresh(unit.pk), UnitSerializer, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk=None) -> Response:
        unit = self.get_object()
        serializer = UnitUpdateSerializer(unit, data=request.data, partial=True, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with transaction.atomic():
            if (to_inventory := data.pop("inventory", None)) is not None:
                _service(services.units_move, actor=request.user, unit_ids=[unit.pk], to_inventory=to_inventory)
            _service(services.unit_update, actor=request.user, unit=unit, **data)
        return self._output(self._fresh(unit.pk), UnitSerializer)

    def destroy(self, request: Request, pk=None) -> Response:
        _service(services.unit_remove, actor=request.user, unit=self.get_object(),
                 reason=request.query_params.get("reason", "")[:300] or "API")
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- digital objects
class PassthroughRenderer(BaseRenderer):
    """Lets a client that asks for the file's own type reach the download (the body is the file)."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)


class DigitalObjectFilter(filters.FilterSet):
    unit = IdFilter(field_name="unit_id")
    role = filters.ChoiceFilter(choices=DigitalObjectRole.choices)

    class Meta:
        model = DigitalObject
        fields: list = []


@extend_schema_view(
    list=extend_schema(responses={200: DigitalObjectSerializer(many=True), **READ_ERRORS},
                       description="Staff of the unit's archive see every file; others only access copies and "
                                   "thumbnails of units whose full record they may see."),
    retrieve=extend_schema(responses={200: DigitalObjectSerializer, **READ_ERRORS}),
    create=extend_schema(request=DigitalObjectCreateSerializer,
                         responses={201: DigitalObjectSerializer, **WRITE_ERRORS},
                         description="Stores a file of a unit with its SHA-256; images get a thumbnail and an "
                                     "access copy."),
    destroy=extend_schema(responses={204: None, **WRITE_ERRORS}),
)
class DigitalObjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, HoldingsViewSet):
    """Stored files of units. Masters never reach anyone but the archive's staff."""

    base_queryset = DigitalObject.objects.all()
    read_filter = staticmethod(access.digital_objects_visible_to)
    archive_field = "unit__archive_id"
    serializer_class = DigitalObjectSerializer
    filterset_class = DigitalObjectFilter
    parser_classes = [MultiPartParser, FormParser]

    def archive_id_of(self, obj) -> int:
        return obj.unit.archive_id

    def create(self, request: Request) -> Response:
        serializer = DigitalObjectCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data["file"]
        obj = _service(services.digital_object_add, actor=request.user, unit=data["unit"], file=upload,
                       role=data["role"], page_order=data.get("page_order"), original_name=upload.name,
                       expected_sha256=data.get("sha256", ""))
        return self._output(obj, DigitalObjectSerializer, status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk=None) -> Response:
        services.digital_object_remove(actor=request.user, obj=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY, **READ_ERRORS},
                   description="The file itself, under the same rule as the list; the access is logged. "
                               "`?inline=1` shows an image instead of downloading it.")
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PassthroughRenderer])
    def download(self, request: Request, pk=None):
        obj = self.get_object()
        unit = Unit.objects.only("id", "archive_id", "fonds_id", "effective_access", "restricted_until").get(
            pk=obj.unit_id)
        if obj.role != DigitalObjectRole.THUMBNAIL:
            access.log_view(unit=unit, user=request.user, action=AccessAction.DOWNLOAD,
                            ip=request.META.get("REMOTE_ADDR"), detail=f"file {obj.pk}: {obj.original_name}")
        return file_response(obj, inline=request.query_params.get("inline") == "1")
