"""Back-office context: the archives the user is staff of, and the one currently chosen.

Both are lazy: a page that does not show the switcher (the public portal) costs no query."""
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def backoffice(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_archives": [], "current_archive": None}
    from . import selectors

    return {
        "staff_archives": SimpleLazyObject(lambda: selectors.office_archives(user)),
        "current_archive": SimpleLazyObject(lambda: selectors.current_archive(request)),
    }
