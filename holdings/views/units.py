"""Units, their files, history and access log."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import access, selectors, services
from ..choices import AccessAction
from ..downloads import INLINE_IMAGE_TYPES, file_response
from ..forms import (
    InventoryTargetForm,
    ReasonForm,
    UnitForm,
    UploadForm,
)
from ..models import Unit
from ..services import HoldingsError, UnitData
from .base import InventoryMixin, OfficeView, UnitMixin, client_ip


# ---------------------------------------------------------------- units
def _unit_initial(unit: Unit) -> dict:
    initial = {n: getattr(unit, n) for n in ("number", "title", "public_title", "date_start", "date_end",
                                             "extent_sheets", "duration_seconds", "media", "access_level",
                                             "restricted_until", "contains_personal_data", "status",
                                             "value_category")}
    initial["storage_location"] = unit.storage_location_id
    description = getattr(unit, "description", None)
    initial["annotation"] = description.annotation if description else ""
    return initial


class UnitCreateView(InventoryMixin, OfficeView):
    template_name = "holdings/unit_form.html"
    edit = True

    def _context(self, form) -> dict:
        return {"form": form, "inventory": self.inventory, "fonds": self.fonds, "archive": self.fonds.archive}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = UnitForm(archive_id=self.inventory.archive_id,
                        initial={"number": selectors.next_unit_number(self.inventory)})
        return self.render(self._context(form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = UnitForm(request.POST, archive_id=self.inventory.archive_id)
        if form.is_valid():
            try:
                unit = services.unit_create(actor=request.user, inventory=self.inventory,
                                            data=UnitData(**form.service_data()))
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Unit %(number)s was created.") % {"number": unit.number})
                if "add_another" in request.POST:
                    return redirect("holdings:unit_create", pk=self.inventory.pk)
                return redirect("holdings:unit_detail", pk=unit.pk)
        return self.render(self._context(form), status=400)


class UnitDetailView(UnitMixin, OfficeView):
    template_name = "holdings/unit_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = self.unit
        # Staff views of non-open records are logged too (design, section 5).
        access.log_view(unit=unit, user=request.user, action=AccessAction.VIEW, ip=client_ip(request),
                        detail="back office")
        return self.render({
            "unit": unit, "inventory": self.inventory, "fonds": self.fonds, "archive": self.fonds.archive,
            "level": access.effective_level(unit), "files": selectors.unit_files(unit),
            "changes": selectors.history(unit=unit), "can_edit": self.can_edit(unit.archive_id),
            "annotation": getattr(unit, "description", None),
        })


class UnitEditView(UnitMixin, OfficeView):
    template_name = "holdings/unit_form.html"
    edit = True

    def _context(self, form) -> dict:
        return {"form": form, "unit": self.unit, "inventory": self.inventory, "fonds": self.fonds,
                "archive": self.fonds.archive}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = UnitForm(archive_id=self.unit.archive_id, editing=True, initial=_unit_initial(self.unit))
        return self.render(self._context(form))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = UnitForm(request.POST, archive_id=self.unit.archive_id, editing=True)
        if form.is_valid():
            try:
                services.unit_update(actor=request.user, unit=self.unit, **form.service_data())
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The unit was saved."))
                return redirect("holdings:unit_detail", pk=self.unit.pk)
        return self.render(self._context(form), status=400)


class UnitMoveView(UnitMixin, OfficeView):
    template_name = "holdings/unit_move.html"
    edit = True

    def _context(self, form) -> dict:
        return {"form": form, "unit": self.unit, "inventory": self.inventory, "fonds": self.fonds,
                "archive": self.fonds.archive}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(self._context(InventoryTargetForm(archive=self.fonds.archive)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = InventoryTargetForm(request.POST, archive=self.fonds.archive)
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                services.units_move(actor=request.user, unit_ids=[self.unit.pk], to_inventory=target)
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The unit was moved to %(code)s.") % {"code": target.local_code})
                return redirect("holdings:unit_detail", pk=self.unit.pk)
        return self.render(self._context(form), status=400)


class UnitRemoveView(UnitMixin, OfficeView):
    template_name = "holdings/unit_remove.html"
    edit = True

    def _context(self, form) -> dict:
        return {"form": form, "unit": self.unit, "inventory": self.inventory, "fonds": self.fonds,
                "archive": self.fonds.archive}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(self._context(ReasonForm()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.unit_remove(actor=request.user, unit=self.unit, reason=form.cleaned_data["reason"])
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Unit %(number)s was removed.") % {"number": self.unit.number})
                return redirect("holdings:inventory_detail", pk=self.inventory.pk)
        return self.render(self._context(form), status=400)


class UnitUploadView(UnitMixin, OfficeView):
    template_name = "holdings/unit_upload.html"
    edit = True

    def _context(self, form) -> dict:
        return {"form": form, "unit": self.unit, "inventory": self.inventory, "fonds": self.fonds,
                "archive": self.fonds.archive}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(self._context(UploadForm()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                made = services.digital_objects_add(actor=request.user, unit=self.unit,
                                                    files=form.cleaned_data["files"], role=form.cleaned_data["role"])
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, ngettext("%(n)d file was stored.", "%(n)d files were stored.", len(made))
                                 % {"n": len(made)})
                return redirect("holdings:unit_detail", pk=self.unit.pk)
        return self.render(self._context(form), status=400)


class UnitAccessLogView(UnitMixin, OfficeView):
    template_name = "holdings/unit_access_log.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = selectors.access_log_page(self.unit, before=request.GET.get("before"))
        return self.render({"unit": self.unit, "inventory": self.inventory, "fonds": self.fonds,
                            "archive": self.fonds.archive, "page": page,
                            "next_url": f"?before={page.next_after}" if page.next_after else None,
                            "previous_url": None})


# ---------------------------------------------------------------- history
class HistoryView(OfficeView):
    """The full history of one fonds, inventory or unit, newest first."""

    template_name = "holdings/history.html"

    def prepare(self, kind: str, pk: int, **kwargs) -> None:
        user = self.request.user
        if kind == "fonds":
            self.fonds = selectors.fonds_for_office(user, pk)
            self.inventory = self.unit = None
            self.target = {"fonds": self.fonds}
        elif kind == "inventory":
            self.inventory = selectors.inventory_for_office(user, pk)
            self.fonds, self.unit = self.inventory.fonds, None
            self.target = {"inventory": self.inventory}
        elif kind == "unit":
            self.unit = selectors.unit_for_office(user, pk)
            self.inventory = self.unit.inventory
            self.fonds = self.inventory.fonds
            self.target = {"unit": self.unit}
        else:
            raise Http404
        self.authorize(self.fonds.archive_id)

    def get(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        changes, page = selectors.history_page(before=request.GET.get("before"), **self.target)
        return self.render({"changes": changes, "fonds": self.fonds, "inventory": self.inventory,
                            "unit": self.unit, "archive": self.fonds.archive,
                            "next_url": f"?before={page.next_after}" if page.next_after else None,
                            "previous_url": None})


# ---------------------------------------------------------------- files
class DigitalObjectFileView(OfficeView):
    """Staff-only download of a stored file; the media folder is never served directly.
    `?inline=1` shows an image (thumbnails on the unit page) instead of downloading it."""

    def prepare(self, pk: int, **kwargs) -> None:
        self.obj = selectors.digital_object_for_office(self.request.user, pk)
        self.authorize(self.obj.unit.archive_id)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.obj
        inline = request.GET.get("inline") == "1" and obj.format in INLINE_IMAGE_TYPES
        if not inline:
            access.log_view(unit=obj.unit, user=request.user, action=AccessAction.DOWNLOAD, ip=client_ip(request),
                            detail=f"file {obj.pk}: {obj.original_name}")
        return file_response(obj, inline=inline)


class DigitalObjectRemoveView(OfficeView):
    http_method_names = ["post"]
    edit = True

    def prepare(self, pk: int, **kwargs) -> None:
        self.obj = selectors.digital_object_for_office(self.request.user, pk)
        self.authorize(self.obj.unit.archive_id)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit_id = self.obj.unit_id
        services.digital_object_remove(actor=request.user, obj=self.obj)
        messages.success(request, _("The file was removed."))
        return redirect("holdings:unit_detail", pk=unit_id)
