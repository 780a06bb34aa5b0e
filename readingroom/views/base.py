"""What every reading-room page shares: client address, pager links, and the guards that
enforce readingroom.permissions (so a new view cannot forget them)."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .. import permissions


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def page_url(request: HttpRequest, **cursor) -> str:
    """The current URL with `after`/`before` replaced (the other one dropped)."""
    params = {k: v for k, v in request.GET.items() if k not in ("after", "before") and v != ""}
    params.update({k: v for k, v in cursor.items() if v})
    return "?" + urlencode(params)


def pager(request: HttpRequest, page) -> dict:
    return {
        "next_url": page_url(request, after=page.next_after) if page.next_after else None,
        "previous_url": page_url(request, before=page.previous_before) if page.previous_before else None,
    }


def queue_required(view):
    """Back-office pages of the queue: logged in, and answering requests of at least one archive."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.may_use_queue(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapper


def calendar_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.may_keep_calendar(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapper
