"""API-wide pieces: JSON errors for every status, and the /api/v1/ root."""
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context) -> Response | None:
    """DRF's handler; every error body carries `detail` in the user's language."""
    if isinstance(exc, Http404):
        # Django's "No Unit matches the given query." is neither translated nor any of the caller's business.
        exc = NotFound()
    return drf_exception_handler(exc, context)


def json_not_found(request: HttpRequest, exception=None) -> JsonResponse:
    return JsonResponse({"detail": _("Not found.")}, status=404)


def json_server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": _("Server error. The incident was logged.")}, status=500)


def json_forbidden(request: HttpRequest, exception=None) -> JsonResponse:
    return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
