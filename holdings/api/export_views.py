"""Search, exports (EAD3, CSV) and the import API. Thin: parse input, call one selector or
service, answer. Visibility comes from holdings/access.py through the selectors and exporters."""
from __future__ import annotations

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from .. import access, import_jobs, search
from ..choices import AccessLevel, Media
from ..exporters.csv import fonds_units_csv
from ..exporters.ead3 import fonds_ead
from ..models import Fonds, ImportJob
from .search_serializers import (
    FondsHitSerializer,
    ImportJobSerializer,
    InventoryHitSerializer,
    unit_serializer,
)

BIGINT_MAX = 2**63 - 1  # an id beyond the database's range is bad input, not a server error


class SearchParams(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    archive = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    fonds = serializers.IntegerField(required=False, min_value=1, max_value=BIGINT_MAX)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    media = serializers.ChoiceField(choices=Media.choices, required=False)
    digitized = serializers.BooleanField(required=False, allow_null=True, default=None)
    access_level = serializers.ChoiceField(choices=AccessLevel.choices, required=False,
                                           help_text="Staff only; ignored for others.")
    after = serializers.CharField(required=False, max_length=200)
    before = serializers.CharField(required=False, max_length=200)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=search.MAX_LIMIT, default=20)


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class SearchView(APIView):
    """GET /api/v1/search/?q=: catalogue search over units (with matching fonds and inventories on
    the first page), keyset-paginated, with an exact count up to 1000 and an estimate above."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[SearchParams], responses=inline_serializer("SearchPage", {
        "next": serializers.URLField(allow_null=True), "previous": serializers.URLField(allow_null=True),
        "count": serializers.IntegerField(), "count_is_estimate": serializers.BooleanField(),
        "results": unit_serializer()(many=True), "fonds": FondsHitSerializer(many=True),
        "inventories": InventoryHitSerializer(many=True)}))
    def get(self, request: Request) -> Response:
        params = SearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            page = search.search_units(
                user=request.user, q=data["q"], archive=data.get("archive"), fonds=data.get("fonds"),
                date_from=data.get("date_from"), date_to=data.get("date_to"), media=data.get("media"),
                digitized=data.get("digitized"), access_level=data.get("access_level"),
                after=data.get("after"), before=data.get("before"), limit=data["page_size"])
        except search.SearchError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        url = remove_query_param(remove_query_param(request.build_absolute_uri(), "after"), "before")
        serializer = unit_serializer()
        return Response({
            "next": replace_query_param(url, "after", page.next_after) if page.next_after else None,
            "previous": replace_query_param(url, "before", page.previous_before) if page.previous_before else None,
            "count": page.count,
            "count_is_estimate": page.count_is_estimate,
            "results": serializer(page.results, many=True, context={"request": request}).data,
            "fonds": FondsHitSerializer(page.fonds, many=True).data,
            "inventories": InventoryHitSerializer(page.inventories, many=True).data,
        })


class PassthroughRenderer(BaseRenderer):
    """Lets a client ask for XML or CSV: the view streams the body itself; errors go out as JSON."""

    media_type = "*/*"
    format = "file"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)


class _FondsExportView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, PassthroughRenderer]
    fmt = ""

    def fonds(self, request: Request, pk: int) -> Fonds:
        qs = access.fonds_visible_to(Fonds.objects.filter(pk=pk).select_related("archive"), request.user)
        fonds = qs.first()
        if fonds is None:
            raise Http404
        return fonds


class FondsEadView(_FondsExportView):
    """GET /api/v1/fonds/{id}/ead/: the EAD3 finding aid of the fonds, streamed."""

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR})
    def get(self, request: Request, pk: int) -> StreamingHttpResponse:
        fonds = self.fonds(request, pk)
        access.log_export(user=request.user, fonds=fonds, fmt="ead3", ip=_client_ip(request))
        response = StreamingHttpResponse(fonds_ead(fonds, request.user), content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="fonds-{fonds.archive.code}-{fonds.pk}.ead.xml"'
        return response


class FondsCsvView(_FondsExportView):
    """GET /api/v1/fonds/{id}/units.csv: the fonds' units as CSV (the importer's columns), streamed."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, pk: int) -> StreamingHttpResponse:
        fonds = self.fonds(request, pk)
        access.log_export(user=request.user, fonds=fonds, fmt="csv", ip=_client_ip(request))
        response = StreamingHttpResponse(fonds_units_csv(fonds, request.user), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="fonds-{fonds.archive.code}-{fonds.pk}-units.csv"'
        return response


# ---------------------------------------------------------------- import
class ImportUpload(serializers.Serializer):
    archive = serializers.CharField(help_text="Archive id or code")
    file = serializers.FileField()
    confirm = serializers.BooleanField(default=False, help_text="Load right after a clean check")


def _job_or_404(request: Request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("archive", "created_by"), pk=pk)
    if not access.can_manage_holdings(request.user, job.archive_id):
        raise Http404
    return job


class ImportListView(APIView):
    """GET: recent import jobs of the user's archives. POST (multipart: archive, file[, confirm]):
    uploads a CSV/XLSX inventory, checks it (dry run) and, with confirm=true and no errors, loads it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ImportJobSerializer(many=True))
    def get(self, request: Request) -> Response:
        jobs = import_jobs.jobs_for(request.user)[:50]
        return Response({"next": None, "previous": None,
                         "results": ImportJobSerializer(jobs, many=True, context={"request": request}).data})

    @extend_schema(request={"multipart/form-data": ImportUpload}, responses={201: ImportJobSerializer})
    def post(self, request: Request) -> Response:
        form = ImportUpload(data=request.data)
        form.is_valid(raise_exception=True)
        archive = import_jobs.archive_for(request.user, form.validated_data["archive"])
        if archive is None:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        try:
            job = import_jobs.import_job_create(actor=request.user, archive=archive, upload=form.validated_data["file"],
                                             autoload=form.validated_data["confirm"])
        except import_jobs.ImportJobError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ImportDetailView(APIView):
    """GET /api/v1/imports/{id}/: status, progress and the check report of an import job."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ImportJobSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ImportJobSerializer(_job_or_404(request, pk), context={"request": request}).data)


class ImportConfirmView(APIView):
    """POST /api/v1/imports/{id}/confirm/: loads a checked job (all or nothing, as a background job)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=ImportJobSerializer)
    def post(self, request: Request, pk: int) -> Response:
        job = _job_or_404(request, pk)
        try:
            import_jobs.import_job_confirm(actor=request.user, job=job)
        except import_jobs.ImportJobError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

