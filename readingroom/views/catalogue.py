"""The public catalogue: home, archives -> fonds -> inventories -> units, unit page, search."""
from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from holdings import access
from holdings.choices import AccessLevel, Media
from holdings.models import Archive, Fonds, Unit

from .. import selectors
from ..codes import unit_code
from ..models import PriceListItem
from ..pages import viewable_pages
from .base import client_ip, pager


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "readingroom/home.html")


def archives(request: HttpRequest) -> HttpResponse:
    return render(request, "readingroom/archives.html", {"archives": selectors.archives()})


def archive(request: HttpRequest, pk: int) -> HttpResponse:
    archive = get_object_or_404(Archive.objects.select_related("region"), pk=pk)
    page = selectors.archive_fonds(archive, request.user, after=request.GET.get("after"),
                                   before=request.GET.get("before"))
    prices = list(PriceListItem.objects.filter(archive=archive, active=True).order_by("service"))
    return render(request, "readingroom/archive.html", {"archive": archive, "page": page, "prices": prices,
                                                        **pager(request, page)})


def fonds(request: HttpRequest, pk: int) -> HttpResponse:
    fonds = selectors.fonds_for(request.user, pk)
    if fonds is None:
        raise Http404
    page = selectors.fonds_inventories(fonds, request.user, after=request.GET.get("after"),
                                       before=request.GET.get("before"))
    return render(request, "readingroom/fonds.html", {"fonds": fonds, "page": page, **pager(request, page)})


def inventory(request: HttpRequest, pk: int) -> HttpResponse:
    inventory = selectors.inventory_for(request.user, pk)
    if inventory is None:
        raise Http404
    page = selectors.inventory_units(inventory, request.user, after=request.GET.get("after"),
                                     before=request.GET.get("before"))
    count = selectors.visible_count(inventory.unit_count,
                                    Unit.objects.filter(inventory=inventory).visible_to(request.user))
    return render(request, "readingroom/inventory.html", {"inventory": inventory, "fonds": inventory.fonds,
                                                          "page": page, "count": count, **pager(request, page)})


def unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_for(request.user, pk)
    if unit is None:
        raise Http404
    view = unit.view
    access.log_view(unit=unit, user=request.user, ip=client_ip(request), detail="unit page")
    pages = viewable_pages(unit.pk) if view.may_view_images and unit.digital_count else []
    level = access.effective_level(unit)
    url = request.build_absolute_uri(reverse("readingroom:unit", args=[unit.pk]))
    code = unit_code(unit)
    citation = f"{unit.archive.name}. {code}. {url}"
    return render(request, "readingroom/unit.html", {
        "unit": unit, "view": view, "code": code, "pages": pages[:6], "page_count": len(pages),
        "status": selectors.access_status(unit), "level": level, "citation": citation, "url": url,
        "annotation": selectors.annotation_of(unit),
        "may_order_copy": level in (AccessLevel.OPEN, AccessLevel.PERSONAL) or view.full_access,
        "may_request_access": level != AccessLevel.OPEN and not view.full_access,
        "may_book_visit": view.full_access,
        "is_electronic": unit.media == Media.ELECTRONIC,
    })


def _year_start(year: int | None) -> dt.date | None:
    return dt.date(year, 1, 1) if year else None


def _year_end(year: int | None) -> dt.date | None:
    return dt.date(year, 12, 31) if year else None


def search(request: HttpRequest) -> HttpResponse:
    from holdings import search as holdings_search

    from ..forms import SearchForm

    all_archives = selectors.archives()
    form = SearchForm(request.GET or None, archives=all_archives)
    context = {"form": form, "page": None, "fonds_filter": None, "error": ""}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        fonds_filter = None
        if data.get("fonds"):
            fonds_filter = access.fonds_visible_to(Fonds.objects.filter(pk=data["fonds"]), request.user).first()
        context["fonds_filter"] = fonds_filter
        try:
            page = holdings_search.search_units(
                user=request.user, q=data.get("q"), archive=data.get("archive"),
                fonds=fonds_filter.pk if fonds_filter else None, date_from=_year_start(data.get("year_from")),
                date_to=_year_end(data.get("year_to")), media=data.get("media") or None,
                digitized=True if data.get("digitized") else None, after=request.GET.get("after") or None,
                before=request.GET.get("before") or None, limit=selectors.PAGE_SIZE // 2)
        except holdings_search.SearchError as exc:
            context["error"] = str(exc)
        else:
            for u in page.results:
                u.highlighted = holdings_search.highlight(u, request.user, data.get("q"))
                u.code = unit_code(u)
            context["page"] = page
            context["count"] = selectors.Count(selectors.rounded(page.count) if page.count_is_estimate else page.count,
                                               page.count_is_estimate)
            context.update(pager(request, page))
    elif form.is_bound:
        context["error"] = _("Check the search filters.")
    return render(request, "readingroom/search.html", context)
