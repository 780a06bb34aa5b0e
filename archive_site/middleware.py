"""Small site-wide middleware: content security policy, the user's preferred language, and JSON
errors under /api/ in every mode."""
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy header (no inline scripts or styles anywhere)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/docs/"):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class UserLanguageMiddleware:
    """A logged-in user's preferred language wins over the browser's when no cookie is set yet.

    Runs before LocaleMiddleware: it only fills the language cookie value in the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookie = settings.LANGUAGE_COOKIE_NAME
        if cookie not in request.COOKIES:
            user = getattr(request, "user", None)
            preferred = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
            if preferred and translation.check_for_language(preferred):
                request.COOKIES[cookie] = preferred
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Errors under /api/ are JSON in every mode. With DEBUG off the error handlers in
    archive_site/views.py already answer JSON; with DEBUG on, Django's debug pages for 404 and 500
    are HTML and would otherwise reach API clients."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (response.status_code >= 400 and request.path.startswith("/api/")
                and not request.path.startswith("/api/docs/")
                and response.get("Content-Type", "").startswith("text/html")):
            from . import api

            if response.status_code == 404:
                return api.json_not_found(request)
            if response.status_code == 403:
                return api.json_forbidden(request)
            if response.status_code >= 500:
                return api.json_server_error(request)
            return JsonResponse({"detail": response.reason_phrase}, status=response.status_code)
        return response
