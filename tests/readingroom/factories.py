"""Helpers of the reading-room tests: page images stored through holdings services, and requests."""
from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from holdings import services as holdings_services
from holdings.choices import DigitalObjectRole
from holdings.derivatives import make_derivatives
from holdings.models import DigitalObject, Unit

PAGE = (600, 800)


def page_png(color=(255, 255, 255), text: str = "") -> bytes:
    img = Image.new("RGB", PAGE, color)
    if text:
        ImageDraw.Draw(img).text((40, 40), text, fill=(0, 0, 0))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def add_pages(unit: Unit, count: int = 3, color=(255, 255, 255)) -> list[DigitalObject]:
    """Scan pages with their access copies and thumbnails (made right away, not by the task)."""
    pages = []
    for number in range(1, count + 1):
        obj = holdings_services.digital_object_add(
            actor=None, unit=unit, file=ContentFile(page_png(color, f"page {number}"), name=f"p{number}.png"),
            role=DigitalObjectRole.SCAN_PAGE, page_order=number, original_name=f"p{number}.png",
            make_derivatives=False)
        make_derivatives(obj)
        pages.append(obj)
    return pages


def with_codes(unit: Unit) -> Unit:
    return Unit.objects.with_codes().get(pk=unit.pk)
