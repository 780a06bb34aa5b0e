"""What every back-office page of accessions shares: the archivist check, the current archive,
and turning a service error into a message."""
from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect

from holdings import selectors as holdings_selectors
from holdings.models import Archive
from holdings.services import HoldingsError

from .. import permissions
from ..workflows import AccessionError

SERVICE_ERRORS = (AccessionError, HoldingsError)


def office_view(view):
    """Logged in and an archivist somewhere (the nav entry shows on the same condition)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not permissions.can_use_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def current_archive(request: HttpRequest) -> Archive:
    """The archive chosen in the switcher when the user handles accessions there, else their first."""
    chosen = holdings_selectors.current_archive(request)
    if chosen is not None and permissions.can_handle(request.user, chosen.pk):
        return chosen
    ids = permissions.office_archive_ids(request.user)
    archive = Archive.objects.filter(pk__in=ids).order_by("code").first()
    if archive is None:
        raise PermissionDenied
    return archive


def require_handle(request: HttpRequest, archive_id: int) -> None:
    if not permissions.can_handle(request.user, archive_id):
        raise PermissionDenied


def initial_pk(request: HttpRequest, name: str) -> dict:
    """?source=<id> (or ?producer=) from a source's page preselects it; the form's queryset still
    decides what may be chosen."""
    value = request.GET.get(name, "")
    return {name: int(value)} if value.isdigit() else {}


def run_service(request: HttpRequest, success: str, fn, *args, **kwargs):
    """Calls a service; on a rule error shows it as a message and returns None."""
    try:
        result = fn(*args, **kwargs)
    except SERVICE_ERRORS as exc:
        messages.error(request, str(exc))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


def back(request: HttpRequest, fallback: str, *args):
    return redirect(fallback, *args)


def pager_context(request: HttpRequest, page) -> dict:
    params = request.GET.copy()
    context = {"page": page, "next_url": None, "previous_url": None}
    if page.next_after:
        params["after"] = page.next_after
        context["next_url"] = "?" + params.urlencode()
    if page.after:
        params.pop("after", None)
        context["previous_url"] = "?" + params.urlencode()  # back to the first page (keyset pages go forward)
    return context
