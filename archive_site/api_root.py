"""The /api/v1/ root: links to every collection, so a client can discover the API."""
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

COLLECTIONS = [
    "archive-list", "fonds-list", "inventory-list", "unit-list", "digitalobject-list", "search",
    "transfer-list", "appraisal-case-list", "request-list", "allowances", "auth-token",
]


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request: Request) -> Response:
    links = {}
    for name in COLLECTIONS:
        try:
            links[name] = request.build_absolute_uri(reverse(name))
        except NoReverseMatch:
            continue
    links["schema"] = request.build_absolute_uri(reverse("api-schema"))
    links["docs"] = request.build_absolute_uri(reverse("api-docs"))
    return Response(links)
