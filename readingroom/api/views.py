"""Requests API: a citizen's own requests (list, create, detail), and the staff queue with one
endpoint per transition. Scoping is done in the base classes through readingroom.permissions:
another person's request answers 404."""
from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from holdings import access
from holdings.choices import StaffRole
from holdings.models import Archive, Unit

from .. import permissions as rr_permissions
from .. import selectors, services
from ..choices import OPEN_STATUSES, RequestKind, RequestStatus
from ..models import Certificate, Request
from ..services import ItemData, RequestError
from . import serializers as s


class NewestFirst(CursorPagination):
    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _detail_context(view, req: Request, user, *, staff: bool = False) -> dict:
    """What a request's detail shows: to the citizen (`staff` false) the public history, and the
    files once the request is ready; to the archive's staff everything."""
    return {
        "request": view.request,
        "items": selectors.request_items(req, user),
        "history": selectors.full_history(req) if staff else selectors.public_history(req),
        "deliveries": list(req.deliveries.all()) if staff or req.status == RequestStatus.READY else [],
        "certificate": Certificate.objects.filter(request=req).first(),
    }


class OwnRequestsMixin:
    """Every query starts from the user's own requests."""

    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Request]:
        return rr_permissions.own_requests(self.request.user).select_related("archive")


class RequestListCreate(OwnRequestsMixin, generics.GenericAPIView):
    """GET: the requesting user's own requests, newest first. POST: a new request of one of the four kinds."""

    serializer_class = s.RequestListSerializer
    pagination_class = NewestFirst

    def get(self, request: ApiRequest) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.RequestCreateSerializer, responses={201: s.RequestDetailSerializer})
    def post(self, request: ApiRequest) -> Response:
        data_in = s.RequestCreateSerializer(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data
        items = self._items(data["units"])
        files = request.FILES.getlist("attachments") if hasattr(request, "FILES") else []
        try:
            created = self._create(data, items, files)
        except RequestError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        req = self.get_queryset().get(pk=created.pk)
        out = s.RequestDetailSerializer(req, context=_detail_context(self, req, request.user))
        return Response(out.data, status=status.HTTP_201_CREATED)

    def _items(self, refs: list[dict]) -> list[ItemData]:
        ids = [r["unit"] for r in refs]
        units = Unit.objects.filter(pk__in=ids).visible_to(self.request.user).with_codes().in_bulk()
        missing = [str(i) for i in ids if i not in units]
        if missing:
            raise ValidationError({"units": _("Units not found: %(ids)s") % {"ids": ", ".join(missing)}})
        return [ItemData(units[r["unit"]], r.get("sheets", "")) for r in refs]

    def _create(self, data: dict, items: list[ItemData], files) -> Request:
        user, kind = self.request.user, data["kind"]
        if kind == RequestKind.COPY:
            return services.copy_request_create(
                actor=user, items=items, copy_kind=data.get("copy_kind", ""), delivery=data["delivery"],
                data_subject_claim=data["data_subject_claim"], message=data["message"], phone=data["phone"])
        if kind == RequestKind.CERTIFICATE:
            archive = Archive.objects.filter(pk=data.get("archive") or 0).first()
            if archive is None:
                raise RequestError(_("Choose an archive."))
            return services.certificate_request_create(
                actor=user, archive=archive, certificate_kind=data.get("certificate_kind", ""),
                certificate_language=data.get("certificate_language", ""), person_name=data["person_name"],
                organization=data["organization"], year_from=data["year_from"], year_to=data["year_to"],
                position=data["position"], message=data["message"], delivery=data["delivery"], phone=data["phone"],
                items=items, attachments=files)
        if kind == RequestKind.VISIT:
            if not data.get("visit_date"):
                raise RequestError(_("Choose the date of the visit."))
            return services.visit_request_create(actor=user, visit_date=data["visit_date"], items=items,
                                                 message=data["message"], phone=data["phone"])
        return services.access_request_create(actor=user, items=items, ground=data.get("ground", ""),
                                              purpose=data["purpose"], attachments=files, phone=data["phone"])


class RequestDetail(OwnRequestsMixin, generics.GenericAPIView):
    """One of the user's own requests, with its units, history, files and certificate."""

    serializer_class = s.RequestDetailSerializer

    def get(self, request: ApiRequest, pk: int) -> Response:
        req = self.get_queryset().filter(pk=pk).first()
        if req is None:
            raise Http404
        return Response(self.get_serializer(req, context=_detail_context(self, req, request.user)).data)

    def get_serializer(self, *args, **kwargs):
        return s.RequestDetailSerializer(*args, **kwargs)


# ---------------------------------------------------------------- staff
class QueueMixin:
    """Requests of the archives where the user answers requests; others 404, no rights 403."""

    permission_classes = [permissions.IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not rr_permissions.may_use_queue(request.user):
            raise PermissionDenied(_("You do not answer requests of any archive."))

    def get_queryset(self) -> QuerySet[Request]:
        return rr_permissions.staff_requests(self.request.user).select_related("archive", "requester", "assigned_to")

    def get_request_object(self, pk: int) -> Request:
        req = self.get_queryset().filter(pk=pk).first()
        if req is None:
            raise Http404
        return req


class QueueList(QueueMixin, generics.GenericAPIView):
    """The queue: filter by archive, kind, status (default: open ones) and overdue."""

    serializer_class = s.StaffQueueSerializer
    pagination_class = NewestFirst

    @extend_schema(parameters=[
        OpenApiParameter("archive", int), OpenApiParameter("kind", str), OpenApiParameter("status", str),
        OpenApiParameter("overdue", bool)])
    def get(self, request: ApiRequest) -> Response:
        qs = self.get_queryset()
        params = request.query_params
        if params.get("archive"):
            try:
                archive_id = int(params["archive"])
            except ValueError:
                archive_id = 0
            if not 1 <= archive_id <= s.MAX_ID:  # beyond a database integer: invalid, not a server error
                raise ValidationError({"archive": _("Give an archive id.")})
            qs = qs.filter(archive_id=archive_id)
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        status_filter = params.get("status") or ""
        if status_filter == "":
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif status_filter != "all":
            qs = qs.filter(status=status_filter)
        if params.get("overdue") in ("1", "true", "True"):
            qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class QueueDetail(QueueMixin, generics.GenericAPIView):
    serializer_class = s.StaffRequestSerializer

    def get(self, request: ApiRequest, pk: int) -> Response:
        req = self.get_request_object(pk)
        context = _detail_context(self, req, request.user, staff=True)
        return Response(s.StaffRequestSerializer(req, context=context).data)


class TransitionView(QueueMixin, APIView):
    """Base of the staff actions: validates the body, calls one service, answers the request."""

    input_serializer: type | None = None

    def act(self, req: Request, data: dict) -> None:
        raise NotImplementedError

    def post(self, request: ApiRequest, pk: int) -> Response:
        req = self.get_request_object(pk)
        data = {}
        if self.input_serializer is not None:
            ser = self.input_serializer(data=request.data)
            ser.is_valid(raise_exception=True)
            data = ser.validated_data
        try:
            self.act(req, data)
        except RequestError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        req = self.get_request_object(pk)
        context = _detail_context(self, req, request.user, staff=True)
        return Response(s.StaffRequestSerializer(req, context=context).data)


class TakeView(TransitionView):
    """submitted -> in progress."""

    @extend_schema(request=None, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        services.request_take(actor=self.request.user, request=req)


class CompleteView(TransitionView):
    """in progress -> ready."""

    input_serializer = s.NoteSerializer

    @extend_schema(request=s.NoteSerializer, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        services.request_complete(actor=self.request.user, request=req, note=data["note"])


class RefuseView(TransitionView):
    """submitted | in progress -> refused, with the reason."""

    input_serializer = s.ReasonSerializer

    @extend_schema(request=s.ReasonSerializer, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        services.request_refuse(actor=self.request.user, request=req, reason=data["reason"])


class AssignView(TransitionView):
    input_serializer = s.AssignSerializer

    @extend_schema(request=s.AssignSerializer, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        assignee = None
        if data["assignee"] is not None:
            assignee = access.staff_users(req.archive_id, StaffRole.READING_ROOM).filter(pk=data["assignee"]).first()
            if assignee is None:
                raise RequestError(_("This person does not answer requests of this archive."))
        services.request_assign(actor=self.request.user, request=req, assignee=assignee)


class PaymentView(TransitionView):
    input_serializer = s.PaymentSerializer

    @extend_schema(request=s.PaymentSerializer, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        services.request_record_payment(actor=self.request.user, request=req, reference=data["reference"])


class IdentityView(TransitionView):
    input_serializer = s.IdentitySerializer

    @extend_schema(request=s.IdentitySerializer, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        services.request_verify_identity(actor=self.request.user, request=req, document=data["document"])


class GrantView(TransitionView):
    """Access requests: grant until a date (in progress -> ready)."""

    input_serializer = s.GrantSerializer

    @extend_schema(request=s.GrantSerializer, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        services.access_request_grant(actor=self.request.user, request=req, until=data["until"], note=data["note"])


class RenewView(TransitionView):
    """Ready requests: the files get a new download period (the citizen is told)."""

    @extend_schema(request=None, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        services.request_renew_links(actor=self.request.user, request=req)


class ProduceView(TransitionView):
    """Copy orders: produce the watermarked (and, where needed, redacted) page images."""

    @extend_schema(request=None, responses={200: s.StaffRequestSerializer})
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, req, data):
        services.copy_request_produce(actor=self.request.user, request=req)
