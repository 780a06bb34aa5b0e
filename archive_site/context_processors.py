"""Template context shared by every page: languages and the back-office navigation."""
from django.conf import settings
from django.http import HttpRequest

from . import nav


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "nav_items": nav.items_for(user, request.path) if user is not None else [],
        "site_languages": settings.LANGUAGES,
        "debug_banner": settings.DEBUG,
    }
