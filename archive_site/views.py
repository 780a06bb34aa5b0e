"""Site-wide pages: the portal home and HTML error pages."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import api


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api.json_not_found(request, exception)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api.json_server_error(request)
    return render(request, "500.html", status=500)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api.json_forbidden(request, exception)
    return render(request, "403.html", status=403)
