"""The current archive: the switcher, the dashboard and the storage locations."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import (
    LocationForm,
)
from ..services import HoldingsError
from .base import CurrentArchiveMixin, OfficeView


# ---------------------------------------------------------------- archive
class SwitchArchiveView(OfficeView):
    """POST archive=<id>, next=<path>: makes one of the user's archives the current one."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            archive_id = int(request.POST.get("archive", ""))
        except ValueError:
            raise Http404 from None
        if selectors.choose_archive(request, archive_id) is None:
            raise Http404
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            target = reverse("holdings:dashboard")
        return HttpResponseRedirect(target)


class DashboardView(CurrentArchiveMixin, OfficeView):
    template_name = "holdings/dashboard.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render({
            "archive": self.archive,
            "summary": selectors.archive_summary(self.archive),
            "changes": selectors.history(archive=self.archive),
            "can_edit": self.can_edit(self.archive.pk),
        })


class LocationsView(CurrentArchiveMixin, OfficeView):
    template_name = "holdings/locations.html"

    def get(self, request: HttpRequest, form: LocationForm | None = None) -> HttpResponse:
        return self.render({"archive": self.archive, "locations": list(selectors.locations_of(self.archive.pk)),
                            "form": form or LocationForm(), "can_edit": self.can_edit(self.archive.pk)},
                           status=400 if form is not None else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not self.can_edit(self.archive.pk):
            raise PermissionDenied
        form = LocationForm(request.POST)
        if form.is_valid():
            try:
                services.storage_location_create(actor=request.user, archive=self.archive, **form.cleaned_data)
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The storage location was added."))
                return redirect("holdings:locations")
        return self.get(request, form=form)
