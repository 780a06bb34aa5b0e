"""The transfer API (/api/v1/transfers/): agency systems send BagIt packages and follow them;
archivists read their archives' transfers and retry failed ones. Scoping is in
accessions.permissions: a transfer outside the caller's scope answers 404."""
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .. import permissions, selectors, services
from .serializers import (
    TransferAcceptedSerializer,
    TransferCreateSerializer,
    TransferDetailSerializer,
    TransferListSerializer,
)

# Multipart framing around the package: a request this much larger than the limit is refused unread.
MULTIPART_SLACK = 64 * 1024


class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Electronic transfers of the caller: an agency system sees its own source's, an archivist those
    of their archives."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.transfers(self.request.user).prefetch_related("events", "accession__unit_links")
        return selectors.transfers(self.request.user)

    def get_serializer_class(self):
        return TransferDetailSerializer if self.action == "retrieve" else TransferListSerializer

    @extend_schema(
        request={"multipart/form-data": TransferCreateSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                                     description=_("Unique per package; the same key returns the first transfer."))],
        responses={202: TransferAcceptedSerializer,
                   400: OpenApiResponse(description=_("No package, or no Idempotency-Key.")),
                   403: OpenApiResponse(description=_("Not an agency system account.")),
                   409: OpenApiResponse(description=_("The key was used for a different package.")),
                   413: OpenApiResponse(description=_("The package is above the size limit."))},
    )
    def create(self, request: Request) -> Response:
        """Sends a package: 202 with the transfer's id and status. The same Idempotency-Key again answers
        202 with the first transfer (and the header `Idempotent-Replayed: true`), storing nothing."""
        account = permissions.agency_account(request.user)
        if account is None:
            raise PermissionDenied(_("Only an agency system account bound to a source may send transfers."))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.TRANSFER_MAX_BYTES + MULTIPART_SLACK:
            return Response({"detail": _("The package is larger than %(size)s MB, the limit for one transfer.")
                             % {"size": settings.TRANSFER_MAX_BYTES // (1024 * 1024)}},
                            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        package = request.FILES.get("package")
        if package is None:
            return Response({"package": [_("Attach the BagIt package in the field “package”.")]},
                            status=status.HTTP_400_BAD_REQUEST)
        try:
            transfer, created = services.transfer_submit(account=account, package=package,
                                                         idempotency_key=request.headers.get("Idempotency-Key", ""))
        except services.IdempotencyConflict as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except services.PackageTooLarge as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        except services.AccessionError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        # A replay answers as the first request did (202, same id), so a client that lost the first
        # answer and sent again reads it like a first answer; the header tells the two apart.
        headers = {"Location": request.build_absolute_uri(reverse("transfer-detail", args=[transfer.pk]))}
        if not created:
            headers["Idempotent-Replayed"] = "true"
        return Response({"id": transfer.pk, "status": transfer.status}, status=status.HTTP_202_ACCEPTED,
                        headers=headers)

    @extend_schema(request=None, responses={202: TransferAcceptedSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk=None) -> Response:
        """Archivists send a failed transfer through the pipeline again."""
        transfer = self.get_object()
        if not permissions.can_handle(request.user, transfer.archive_id):
            raise PermissionDenied(_("Only archivists of the receiving archive may retry a transfer."))
        try:
            transfer = services.transfer_retry(actor=request.user, transfer=transfer)
        except services.AccessionError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response({"id": transfer.pk, "status": transfer.status}, status=status.HTTP_202_ACCEPTED)
