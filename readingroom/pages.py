"""The page images of units: each scanned page (or image master) with its access copy and thumbnail.

Visitors are only ever served the access copy; the page itself is read only to produce a delivered
copy, which is watermarked and, where needed, redacted."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from holdings.choices import DigitalObjectRole
from holdings.models import DigitalObject

PAGE_ROLES = (DigitalObjectRole.SCAN_PAGE, DigitalObjectRole.MASTER)


@dataclass
class Page:
    """One page of a unit, numbered by its page order (the sheet it shows)."""

    number: int
    source: DigitalObject
    access: DigitalObject | None = None
    thumbnail: DigitalObject | None = None

    @property
    def width(self) -> int | None:
        return self.access.width if self.access else None

    @property
    def height(self) -> int | None:
        return self.access.height if self.access else None


def pages_of(unit_ids: Iterable[int]) -> dict[int, list[Page]]:
    """{unit id: pages in order} in one query. A scan page wins over an image master of the same number."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return {}
    rows = DigitalObject.objects.filter(unit_id__in=unit_ids, format__startswith="image/").only(
        "id", "unit_id", "role", "derived_from_id", "file", "format", "page_order", "width", "height",
        "original_name").order_by("unit_id", "page_order", "id")
    sources: dict[int, DigitalObject] = {}
    derived: list[DigitalObject] = []
    for obj in rows:
        if obj.role in PAGE_ROLES:
            sources[obj.pk] = obj
        elif obj.role in (DigitalObjectRole.ACCESS, DigitalObjectRole.THUMBNAIL) and obj.derived_from_id:
            derived.append(obj)
    pages: dict[int, dict[int, Page]] = {uid: {} for uid in unit_ids}
    by_source: dict[int, Page] = {}
    for obj in sorted(sources.values(), key=lambda o: (o.role != DigitalObjectRole.SCAN_PAGE, o.page_order, o.pk)):
        numbered = pages[obj.unit_id]
        if obj.page_order not in numbered:
            numbered[obj.page_order] = by_source[obj.pk] = Page(number=obj.page_order, source=obj)
    for obj in derived:
        page = by_source.get(obj.derived_from_id)
        if page is None:
            continue
        if obj.role == DigitalObjectRole.ACCESS:
            page.access = obj
        else:
            page.thumbnail = obj
    return {uid: [numbered[n] for n in sorted(numbered)] for uid, numbered in pages.items()}


def viewable_pages(unit_id: int) -> list[Page]:
    """Pages that have an access copy: the only ones a viewer shows."""
    return [p for p in pages_of([unit_id])[unit_id] if p.access is not None]
