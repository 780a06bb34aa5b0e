"""Fonds and inventories: lists, forms, the inventory's unit table and its bulk actions."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import access, selectors, services
from ..choices import AccessLevel, Media, UnitAccessLevel, UnitStatus
from ..forms import (
    BulkForm,
    FondsFilterForm,
    FondsForm,
    FondsTargetForm,
    InventoryForm,
)
from ..models import Unit
from ..services import HoldingsError
from ..templatetags.holdings_office import duration, level_badge
from .base import CurrentArchiveMixin, FondsMixin, InventoryMixin, OfficeView, pager_links


# ---------------------------------------------------------------- fonds
class FondsListView(CurrentArchiveMixin, OfficeView):
    template_name = "holdings/fonds_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = FondsFilterForm(request.GET)
        q = form.cleaned_data["q"] if form.is_valid() else ""
        page = selectors.fonds_page(self.archive, q=q, after=request.GET.get("after"),
                                    before=request.GET.get("before"))
        return self.render({"archive": self.archive, "page": page, "filter_form": form, "q": q,
                            "can_edit": self.can_edit(self.archive.pk),
                            **pager_links(request, page)})


class FondsCreateView(CurrentArchiveMixin, OfficeView):
    template_name = "holdings/fonds_form.html"
    edit = True

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render({"form": FondsForm(), "archive": self.archive})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = FondsForm(request.POST)
        if form.is_valid():
            try:
                creator = services.creator_get_or_create(actor=request.user, name=form.cleaned_data["creator_name"])
                fonds = services.fonds_create(actor=request.user, archive=self.archive, creator=creator,
                                              **form.service_data())
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Fonds %(code)s was created.") % {"code": fonds.local_code})
                return redirect("holdings:fonds_detail", pk=fonds.pk)
        return self.render({"form": form, "archive": self.archive}, status=400)


class FondsDetailView(FondsMixin, OfficeView):
    template_name = "holdings/fonds_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = selectors.inventories_page(self.fonds, after=request.GET.get("after"), before=request.GET.get("before"))
        return self.render({"fonds": self.fonds, "archive": self.fonds.archive, "page": page,
                            "changes": selectors.history(fonds=self.fonds),
                            "can_edit": self.can_edit(self.fonds.archive_id), **pager_links(request, page)})


class FondsEditView(FondsMixin, OfficeView):
    template_name = "holdings/fonds_form.html"
    edit = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        f = self.fonds
        initial = {name: getattr(f, name) for name in ("number", "title", "date_start", "date_end", "kind",
                                                      "value_category", "access_level", "restricted_until",
                                                      "description")}
        initial["creator_name"] = f.creator.name if f.creator else ""
        return self.render({"form": FondsForm(initial=initial), "fonds": f, "archive": f.archive})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = FondsForm(request.POST)
        if form.is_valid():
            try:
                creator = services.creator_get_or_create(actor=request.user, name=form.cleaned_data["creator_name"])
                services.fonds_update(actor=request.user, fonds=self.fonds, creator=creator, **form.service_data())
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The fonds was saved."))
                return redirect("holdings:fonds_detail", pk=self.fonds.pk)
        return self.render({"form": form, "fonds": self.fonds, "archive": self.fonds.archive}, status=400)


class FondsRemoveView(FondsMixin, OfficeView):
    http_method_names = ["post"]
    edit = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.fonds_remove(actor=request.user, fonds=self.fonds, reason=request.POST.get("reason", "")[:300])
        except HoldingsError as exc:
            messages.error(request, str(exc))
            return redirect("holdings:fonds_detail", pk=self.fonds.pk)
        messages.success(request, _("Fonds %(code)s was removed.") % {"code": self.fonds.local_code})
        return redirect("holdings:fonds_list")


# ---------------------------------------------------------------- inventories
class InventoryCreateView(FondsMixin, OfficeView):
    template_name = "holdings/inventory_form.html"
    edit = True

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render({"form": InventoryForm(), "fonds": self.fonds, "archive": self.fonds.archive})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = InventoryForm(request.POST)
        if form.is_valid():
            try:
                inventory = services.inventory_create(actor=request.user, fonds=self.fonds, **form.service_data())
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Inventory %(number)s was created.") % {"number": inventory.number})
                return redirect("holdings:inventory_detail", pk=inventory.pk)
        return self.render({"form": form, "fonds": self.fonds, "archive": self.fonds.archive}, status=400)


@dataclass
class UnitRow:
    """One line of an inventory's unit table, formatted once in Python: a page of 100 rows then
    renders as plain variables instead of a hundred sets of template tags."""

    pk: int
    number: str
    url: str
    title: str
    public_title: str
    status: str
    dates: str
    extent: str
    media: str
    badge: str
    inherited: bool
    scans: int


_STATUS_LABELS = dict(UnitStatus.choices)


def _dates(start, end) -> str:
    if not start and not end:
        return ""
    first = start.strftime("%d.%m.%Y") if start else "…"
    return first if end in (None, start) else f"{first} – {end.strftime('%d.%m.%Y')}"


def _extent(unit: Unit) -> str:
    if unit.extent_sheets:
        return ngettext("%(n)s sheet", "%(n)s sheets", unit.extent_sheets) % {"n": unit.extent_sheets}
    return duration(unit.duration_seconds) if unit.duration_seconds else ""


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def unit_rows(units: list[Unit]) -> list[UnitRow]:
    prefix = reverse("holdings:unit_detail", args=[0]).rsplit("0/", 1)[0]
    today = timezone.localdate()
    badges = {level: level_badge(level) for level in AccessLevel.values}
    media = {value: str(label) for value, label in Media.choices}
    return [UnitRow(
        pk=u.pk, number=u.number, url=f"{prefix}{u.pk}/", title=_cut(u.title, 160),
        public_title=_cut(u.public_title, 120),
        status="" if u.status == UnitStatus.EXTANT else str(_STATUS_LABELS.get(u.status, u.status)),
        dates=_dates(u.date_start, u.date_end), extent=_extent(u), media=media.get(u.media, u.media),
        badge=badges[access.effective_level(u, today)], inherited=u.access_level == UnitAccessLevel.INHERIT,
        scans=u.digital_count) for u in units]


class InventoryDetailView(InventoryMixin, OfficeView):
    """The inventory's units, a keyset page at a time (100,000 units browse as fast as 100)."""

    template_name = "holdings/inventory_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = selectors.units_page(self.inventory, after=request.GET.get("after"), before=request.GET.get("before"))
        can_edit = self.can_edit(self.inventory.archive_id)
        bulk = None
        if can_edit and page.rows:
            bulk = {"levels": UnitAccessLevel.choices,
                    "locations": list(selectors.locations_of(self.inventory.archive_id))}
        return self.render({"inventory": self.inventory, "fonds": self.fonds, "archive": self.fonds.archive,
                            "page": page, "rows": unit_rows(page.rows), "bulk": bulk, "can_edit": can_edit,
                            "changes": selectors.history(inventory=self.inventory), **pager_links(request, page)})


class InventoryEditView(InventoryMixin, OfficeView):
    template_name = "holdings/inventory_form.html"
    edit = True

    def _context(self, form) -> dict:
        return {"form": form, "inventory": self.inventory, "fonds": self.fonds, "archive": self.fonds.archive}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        inv = self.inventory
        initial = {n: getattr(inv, n) for n in ("number", "title", "date_start", "date_end", "approval_status",
                                                "access_level")}
        return self.render(self._context(InventoryForm(initial=initial)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = InventoryForm(request.POST)
        if form.is_valid():
            try:
                services.inventory_update(actor=request.user, inventory=self.inventory, **form.service_data())
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The inventory was saved."))
                return redirect("holdings:inventory_detail", pk=self.inventory.pk)
        return self.render(self._context(form), status=400)


class InventoryMoveView(InventoryMixin, OfficeView):
    """Moves the inventory, with its units, to another fonds of the archive."""

    template_name = "holdings/inventory_move.html"
    edit = True

    def _context(self, form) -> dict:
        return {"form": form, "inventory": self.inventory, "fonds": self.fonds, "archive": self.fonds.archive}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(self._context(FondsTargetForm(archive=self.fonds.archive)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = FondsTargetForm(request.POST, archive=self.fonds.archive)
        if form.is_valid():
            try:
                inventory = services.inventory_move(actor=request.user, inventory=self.inventory,
                                                    to_fonds=form.cleaned_data["target"])
            except HoldingsError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The inventory was moved: it is now %(code)s.")
                                 % {"code": inventory.local_code})
                return redirect("holdings:inventory_detail", pk=inventory.pk)
        return self.render(self._context(form), status=400)


class InventoryRemoveView(InventoryMixin, OfficeView):
    http_method_names = ["post"]
    edit = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.inventory_remove(actor=request.user, inventory=self.inventory,
                                      reason=request.POST.get("reason", "")[:300])
        except HoldingsError as exc:
            messages.error(request, str(exc))
            return redirect("holdings:inventory_detail", pk=self.inventory.pk)
        messages.success(request, _("Inventory %(number)s was removed.") % {"number": self.inventory.number})
        return redirect("holdings:fonds_detail", pk=self.fonds.pk)


class UnitsBulkView(InventoryMixin, OfficeView):
    """Bulk actions on the units checked on an inventory page: access level, move, storage location."""

    http_method_names = ["post"]
    edit = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        back = reverse("holdings:inventory_detail", args=[self.inventory.pk])
        cursor = selectors.parse_cursor(request.POST.get("after"))
        if cursor:
            back += f"?after={cursor[0]}.{cursor[1]}"
        form = BulkForm(request.POST, inventory=self.inventory,
                        locations=selectors.locations_of(self.inventory.archive_id))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        # Only units of this inventory: ids from elsewhere are ignored, never acted on.
        ids = list(Unit.objects.filter(inventory=self.inventory, pk__in=data["unit"]).values_list("id", flat=True))
        try:
            if data["action"] == BulkForm.SET_ACCESS:
                n = services.units_set_access(actor=request.user, unit_ids=ids, access_level=data["access_level"],
                                              restricted_until=data.get("restricted_until"))
                messages.success(request, ngettext("The access level of %(n)d unit was set.",
                                                   "The access level of %(n)d units was set.", n) % {"n": n})
            elif data["action"] == BulkForm.MOVE:
                target = data["target"]
                n = services.units_move(actor=request.user, unit_ids=ids, to_inventory=target)
                messages.success(request, ngettext("%(n)d unit was moved to %(code)s.",
                                                   "%(n)d units were moved to %(code)s.", n)
                                 % {"n": n, "code": target.local_code})
            else:
                n = services.units_set_location(actor=request.user, unit_ids=ids, location=data.get("location"))
                messages.success(request, ngettext("The storage location of %(n)d unit was set.",
                                                   "The storage location of %(n)d units was set.", n) % {"n": n})
        except HoldingsError as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(back)
