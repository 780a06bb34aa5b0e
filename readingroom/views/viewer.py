"""The viewer of digitized units, the page images it shows (access copies only, never masters),
and the IIIF Presentation 3 manifest for external viewers. Everything goes through
holdings.access: without the full record there are no images (404), and each view of a non-open
record is written to the access log."""
from __future__ import annotations

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse

from holdings import access
from holdings.choices import AccessLevel, DigitalObjectRole
from holdings.iiif import IIIFPage, build_manifest
from holdings.models import DigitalObject, Unit

from .. import selectors
from ..codes import unit_code
from ..pages import PAGE_ROLES, viewable_pages
from .base import client_ip

IIIF_CONTENT_TYPE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'


def _unit_with_images(request: HttpRequest, pk: int) -> Unit:
    """The unit, if the user may see its images; 404 otherwise (whether hidden or restricted)."""
    unit = selectors.unit_for(request.user, pk)
    if unit is None or not unit.view.may_view_images:
        raise Http404
    return unit


def _cors(response: HttpResponse) -> HttpResponse:
    # External IIIF viewers fetch manifests and images from other sites (never with our cookies).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def viewer(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_with_images(request, pk)
    pages = viewable_pages(unit.pk)
    if not pages:
        raise Http404
    try:
        current = int(request.GET.get("page", pages[0].number))
    except ValueError:
        current = pages[0].number
    page = next((p for p in pages if p.number == current), pages[0])
    access.log_view(unit=unit, user=request.user, ip=client_ip(request), detail="viewer")
    index = pages.index(page)
    return render(request, "readingroom/viewer.html", {
        "unit": unit, "code": unit_code(unit), "pages": pages, "page": page,
        "previous": pages[index - 1] if index > 0 else None,
        "next": pages[index + 1] if index + 1 < len(pages) else None,
        "manifest_url": reverse("readingroom:iiif_manifest", args=[unit.pk]),
    })


def _page_file(request: HttpRequest, pk: int, number: int, role: str) -> HttpResponse:
    unit = (Unit.objects.filter(pk=pk).visible_to(request.user)
            .only("id", "archive_id", "fonds_id", "title", "public_title", "effective_access", "restricted_until")
            .first())
    if unit is None or not access.unit_view(unit, request.user).may_view_images:
        raise Http404
    obj = (DigitalObject.objects.filter(unit_id=unit.pk, role=role, page_order=number,
                                        derived_from__role__in=PAGE_ROLES)
           .order_by("-derived_from__role", "id").only("id", "file", "format", "sha256").first())
    if obj is None:
        raise Http404
    if role == DigitalObjectRole.ACCESS:
        access.log_view(unit=unit, user=request.user, ip=client_ip(request), detail=f"page {number}")
    is_open = access.effective_level(unit) == AccessLevel.OPEN
    etag = f'"{obj.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(obj.file.open("rb"), content_type=obj.format or "image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400" if is_open else "private, no-store"
    return _cors(response)


def page_image(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    return _page_file(request, pk, page, DigitalObjectRole.ACCESS)


def page_thumbnail(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    return _page_file(request, pk, page, DigitalObjectRole.THUMBNAIL)


def manifest(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_with_images(request, pk)
    pages = viewable_pages(unit.pk)
    if not pages:
        raise Http404
    access.log_view(unit=unit, user=request.user, ip=client_ip(request), detail="IIIF manifest")

    def absolute(name: str, *args) -> str:
        return request.build_absolute_uri(reverse(name, args=args))

    dates = "–".join(d.isoformat() for d in (unit.date_start, unit.date_end) if d)
    extent = str(unit.extent_sheets) if unit.extent_sheets else ""
    data = build_manifest(
        manifest_url=absolute("readingroom:iiif_manifest", unit.pk),
        title=unit.view.title,
        pages=[IIIFPage(number=p.number, width=p.width, height=p.height,
                        image_url=absolute("readingroom:page_image", unit.pk, p.number),
                        thumbnail_url=absolute("readingroom:page_thumbnail", unit.pk, p.number)
                        if p.thumbnail else None, format=p.access.format or "image/jpeg")
               for p in pages],
        reference_code=unit.reference_code, archive_name=unit.archive.name, dates=dates, extent=extent,
        homepage_url=absolute("readingroom:unit", unit.pk))
    response = JsonResponse(data, content_type=IIIF_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store" if access.effective_level(unit) != AccessLevel.OPEN \
        else "public, max-age=3600"
    return _cors(response)
