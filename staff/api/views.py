"""The staff API: allowances of a month, staff members and positions. Administrators only; every
queryset comes from the scope-limited selectors, so an object outside the scope answers 404."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import permissions as staff_permissions
from .. import selectors, services
from ..reports import Period
from .serializers import (
    AllowancesSerializer,
    PositionSerializer,
    StaffMemberCreateSerializer,
    StaffMemberSerializer,
    line_data,
)


class IsAdministrator(permissions.BasePermission):
    """Administrators (national or regional) and superusers."""

    message = _("Only administrators may use this endpoint.")

    def has_permission(self, request, view) -> bool:
        return staff_permissions.is_administrator(request.user)


class AdministratorAPIMixin:
    """Base of every staff endpoint: authenticated administrators only, for every HTTP method."""

    permission_classes = [permissions.IsAuthenticated, IsAdministrator]


class ByIdPagination(CursorPagination):
    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def scoped_lookup(qs: QuerySet, value: str | None):
    """An archive or region named by id or code within the scope; 404 when absent or outside it."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) <= 18:
        found = qs.filter(pk=int(value)).first()
        if found is not None:
            return found
    return get_object_or_404(qs, code=value)


PLACE_PARAMETERS = [
    OpenApiParameter("archive", OpenApiTypes.STR, description="Archive id or code (within your scope)."),
    OpenApiParameter("region", OpenApiTypes.STR, description="Region id or code (within your scope)."),
]


class AllowancesView(AdministratorAPIMixin, APIView):
    """Every rural-allowance line of a month, with the base, days, rate and rule behind each amount."""

    @extend_schema(parameters=[OpenApiParameter("month", OpenApiTypes.STR, required=True, description="YYYY-MM"),
                               *PLACE_PARAMETERS], responses={200: AllowancesSerializer})
    def get(self, request: Request) -> Response:
        try:
            period = Period.parse_month(request.query_params.get("month", ""))
        except ValueError as exc:
            raise ValidationError({"month": _("Give the month as YYYY-MM.")}) from exc
        archive = scoped_lookup(staff_permissions.archives_for(request.user), request.query_params.get("archive"))
        region = scoped_lookup(staff_permissions.regions_for(request.user), request.query_params.get("region"))
        lines = selectors.allowance_lines(user=request.user, months=period.months, archive=archive, region=region)
        total = sum((ln.amount for ln in lines), start=Decimal("0.00"))
        return Response({"month": period.label, "archive": archive.code if archive else None,
                         "region": region.code if region else None, "count": len(lines),
                         "lines": [line_data(ln) for ln in lines], "total": f"{total:.2f}"})


@extend_schema(parameters=[*PLACE_PARAMETERS, OpenApiParameter("q", OpenApiTypes.STR, description="Name or IIN.")])
class StaffMemberViewSet(AdministratorAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Staff members of the archives you administer."""

    serializer_class = StaffMemberSerializer
    pagination_class = ByIdPagination

    def get_queryset(self):
        params = self.request.query_params if self.action == "list" else {}
        user = self.request.user
        return selectors.staff_member_list(
            user=user, archive=scoped_lookup(staff_permissions.archives_for(user), params.get("archive")),
            region=scoped_lookup(staff_permissions.regions_for(user), params.get("region")),
            query=params.get("q", "")).select_related("user")

    @extend_schema(request=StaffMemberCreateSerializer, responses={201: StaffMemberSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        incoming = StaffMemberCreateSerializer(data=request.data,
                                               archives=staff_permissions.archives_for(request.user))
        incoming.is_valid(raise_exception=True)
        try:
            member = services.staff_member_create(actor=request.user, **incoming.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        member = self.get_queryset().get(pk=member.pk)
        return Response(StaffMemberSerializer(member, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class PositionViewSet(AdministratorAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Positions of the staffing table (for choosing one when hiring through the API)."""

    serializer_class = PositionSerializer
    pagination_class = ByIdPagination

    def get_queryset(self):
        return selectors.position_list()
