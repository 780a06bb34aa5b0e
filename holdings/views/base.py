"""The base of every back-office page: who gets in, how objects are loaded and authorized."""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from .. import permissions, selectors


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class OfficeView(View):
    """Logged in and staff of at least one archive; `edit` pages must call authorize(archive_id)."""

    template_name = ""
    edit = False

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_use_office(request.user):
            raise PermissionDenied
        self._authorized = False
        self.prepare(**kwargs)
        if self.edit and not self._authorized:
            raise ImproperlyConfigured(f"{type(self).__name__} changes holdings but never authorized an archive.")
        return super().dispatch(request, *args, **kwargs)

    def prepare(self, **kwargs) -> None:
        """Loads the objects the page is about (through selectors) and authorizes their archive."""

    def authorize(self, archive_id: int) -> None:
        """Viewing needs a staff right in the archive; changing needs the archivist's right."""
        user = self.request.user
        if not permissions.can_view_archive(user, archive_id):
            raise Http404
        if self.edit and not permissions.can_edit_archive(user, archive_id):
            raise PermissionDenied
        self._authorized = True

    def can_edit(self, archive_id: int) -> bool:
        return permissions.can_edit_archive(self.request.user, archive_id)

    def render(self, context: dict, status: int = 200) -> HttpResponse:
        return render(self.request, self.template_name, context, status=status)


class CurrentArchiveMixin:
    """Pages about the archive chosen in the switcher."""

    def prepare(self, **kwargs) -> None:
        self.archive = selectors.current_archive(self.request)
        if self.archive is None:
            raise PermissionDenied
        self.authorize(self.archive.pk)


class FondsMixin:
    def prepare(self, pk: int, **kwargs) -> None:
        self.fonds = selectors.fonds_for_office(self.request.user, pk)
        self.authorize(self.fonds.archive_id)


class InventoryMixin:
    def prepare(self, pk: int, **kwargs) -> None:
        self.inventory = selectors.inventory_for_office(self.request.user, pk)
        self.fonds = self.inventory.fonds
        self.authorize(self.inventory.archive_id)


class UnitMixin:
    def prepare(self, pk: int, **kwargs) -> None:
        self.unit = selectors.unit_for_office(self.request.user, pk)
        self.inventory = self.unit.inventory
        self.fonds = self.inventory.fonds
        self.authorize(self.unit.archive_id)



def pager_links(request: HttpRequest, page: selectors.Page) -> dict:
    """Links for includes/pager.html, keeping the other query parameters."""
    def url(**cursor) -> str:
        params = request.GET.copy()
        params.pop("after", None)
        params.pop("before", None)
        params.update(cursor)
        return "?" + params.urlencode()

    return {"next_url": url(after=page.next_after) if page.next_after else None,
            "previous_url": url(before=page.previous_before) if page.previous_before else None}
