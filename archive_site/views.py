"""Site-wide pages: the back office's front door and HTML error pages."""
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import api, nav


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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (most often one left open too long, or sent after logging
    in or out in another tab): our page in the user's language, not Django's technical one."""
    if request.path.startswith("/api/"):
        return api.json_forbidden(request)
    return render(request, "403_csrf.html", status=403)


def office_home(request: HttpRequest) -> HttpResponse:
    """/office/ opens the first back-office page the user may use; others get the login or a 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    items = nav.items_for(request.user, request.path)
    if not items:
        raise Http404
    return redirect(items[0]["url"])
