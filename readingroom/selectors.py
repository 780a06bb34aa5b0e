"""Reads of the portal: keyset pages of the catalogue (already access-filtered through
holdings.access), a unit with what the visitor may see of it, and requests for their lists."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count as CountRows
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings import access
from holdings.choices import AccessLevel
from holdings.models import Archive, Fonds, Inventory, Unit

from .choices import OPEN_STATUSES
from .codes import parse_code
from .formats import long_date
from .models import Request, RequestEvent
from .permissions import staff_requests

PAGE_SIZE = 50
EXACT_COUNT_LIMIT = 1000


# ---------------------------------------------------------------- keyset pages
@dataclass
class KeysetPage:
    """Rows of one page and the cursors of the pages around it (None at either end)."""

    rows: list
    next_after: str | None = None
    previous_before: str | None = None


def _decode(cursor: str | None) -> tuple[int, int] | None:
    try:
        sort_key, pk = (int(p) for p in (cursor or "").split("_", 1))
        return sort_key, pk
    except ValueError:
        return None


def _encode(row) -> str:
    return f"{row.sort_key}_{row.pk}"


def keyset(qs: QuerySet, *, after: str | None = None, before: str | None = None,
           limit: int = PAGE_SIZE) -> KeysetPage:
    """A page of `qs` in (sort_key, id) order, after or before a cursor; one query, no OFFSET."""
    after_key, before_key = _decode(after), _decode(before)
    if before_key is not None:
        sk, pk = before_key
        rows = list(qs.filter(Q(sort_key__lt=sk) | Q(sort_key=sk, id__lt=pk)).order_by("-sort_key", "-id")[:limit + 1])
        more = len(rows) > limit
        rows = rows[:limit][::-1]
        return KeysetPage(rows, _encode(rows[-1]) if rows else None, _encode(rows[0]) if rows and more else None)
    if after_key is not None:
        sk, pk = after_key
        qs = qs.filter(Q(sort_key__gt=sk) | Q(sort_key=sk, id__gt=pk))
    rows = list(qs.order_by("sort_key", "id")[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return KeysetPage(rows, _encode(rows[-1]) if rows and more else None,
                      _encode(rows[0]) if rows and after_key is not None else None)


@dataclass(frozen=True)
class Count:
    """A count to show: exact for small sets, "about N" (from the stored counter) above that."""

    value: int
    about: bool


def rounded(n: int) -> int:
    """Two significant figures: 27,543 -> 28,000."""
    if n < 100:
        return n
    digits = len(str(n)) - 2
    return round(n, -digits)


def visible_count(stored: int, exact_qs: QuerySet) -> Count:
    if stored > EXACT_COUNT_LIMIT:
        return Count(rounded(stored), True)
    return Count(exact_qs.count(), False)


# ---------------------------------------------------------------- catalogue
def archives() -> list[Archive]:
    return list(Archive.objects.select_related("region").order_by("region__code", "code"))


def archive_fonds(archive: Archive, user, *, after=None, before=None) -> KeysetPage:
    qs = access.fonds_visible_to(Fonds.objects.filter(archive=archive), user)
    return keyset(qs.only("id", "archive_id", "number", "sort_key", "title", "date_start", "date_end",
                          "access_level", "unit_count", "inventory_count"), after=after, before=before)


def fonds_for(user, pk: int) -> Fonds | None:
    return access.fonds_visible_to(Fonds.objects.filter(pk=pk), user).select_related("archive", "creator").first()


def fonds_inventories(fonds: Fonds, user, *, after=None, before=None) -> KeysetPage:
    qs = access.inventories_visible_to(Inventory.objects.filter(fonds=fonds), user)
    return keyset(qs, after=after, before=before)


def inventory_for(user, pk: int) -> Inventory | None:
    return access.inventories_visible_to(Inventory.objects.filter(pk=pk), user).select_related(
        "fonds__archive").first()


def inventory_units(inventory: Inventory, user, *, after=None, before=None) -> KeysetPage:
    qs = Unit.objects.filter(inventory=inventory).visible_to(user).defer("search_public", "search_full")
    page = keyset(qs, after=after, before=before)
    for unit in page.rows:
        unit.inventory = inventory  # the reference code needs it; all units share it
        unit.view = access.unit_view(unit, user)
    return page


def unit_for(user, pk: int) -> Unit | None:
    """A unit the user may know exists, with its codes, archive and description loaded."""
    unit = (Unit.objects.filter(pk=pk).visible_to(user).select_related("inventory__fonds", "archive",
                                                                       "description")
            .defer("search_public", "search_full").first())
    if unit is not None:
        unit.view = access.unit_view(unit, user)
    return unit


def annotation_of(unit: Unit) -> str:
    """The annotation, shown only with the full record (it may name people)."""
    if not unit.view.full_access:
        return ""
    try:
        return unit.description.annotation
    except Unit.description.RelatedObjectDoesNotExist:
        return ""


def access_status(unit: Unit, today: dt.date | None = None) -> str:
    """The access rule of a unit in plain words, e.g. "Contains personal data, open from 2 May 2061"."""
    today = today or timezone.localdate()
    level = access.effective_level(unit, today)
    opens = unit.restricted_until + dt.timedelta(days=1) if unit.restricted_until else None
    opens_text = long_date(opens)
    if level == AccessLevel.OPEN:
        if unit.effective_access != AccessLevel.OPEN:
            return _("Open since %(date)s (the restriction has ended)") % {"date": opens_text}
        return _("Open to everyone")
    if level == AccessLevel.PERSONAL:
        if opens:
            return _("Contains personal data, open from %(date)s") % {"date": opens_text}
        return _("Contains personal data: the full record is open to the person it is about, their heirs and "
                 "holders of the archive's permission")
    if level == AccessLevel.RESTRICTED:
        if opens:
            return _("Restricted, open from %(date)s") % {"date": opens_text}
        return _("Restricted: open with the archive's permission")
    return _("Closed: seen by the archive's staff only")


# ---------------------------------------------------------------- units typed as reference codes
@dataclass
class Resolved:
    """Units found for typed reference codes (with the sheets typed), and the lines not found."""

    items: list[tuple[Unit, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def resolve_codes(user, archive_id: int | None, lines: list[str]) -> Resolved:
    """"F. 1, Inv. 2, U. 3, sh. 4-5" per line -> units visible to the user, in one query."""
    out = Resolved()
    parsed = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        code = parse_code(line)
        if code is None:
            out.unknown.append(line)
        else:
            parsed.append((line, code))
    if not parsed:
        return out
    cond = Q()
    for _line, (fonds, inventory, unit, _sheets) in parsed:
        cond |= Q(inventory__fonds__number=fonds, inventory__number=inventory, number=unit)
    qs = Unit.objects.filter(cond).visible_to(user).with_codes().defer("search_public", "search_full")
    if archive_id is not None:
        qs = qs.filter(archive_id=archive_id)
    found: dict[tuple[str, str, str], list[Unit]] = {}
    for unit in qs[:500]:
        found.setdefault((unit.inventory.fonds.number, unit.inventory.number, unit.number), []).append(unit)
    for line, (fonds, inventory, unit, sheets) in parsed:
        matches = found.get((fonds, inventory, unit), [])
        if len(matches) == 1:
            out.items.append((matches[0], sheets))
        else:
            # Not found, or the same code in several archives (the archive was not chosen).
            out.unknown.append(line)
    return out


# ---------------------------------------------------------------- requests
def request_page(qs: QuerySet[Request], *, after: str | None = None, limit: int = PAGE_SIZE) -> KeysetPage:
    """Newest first, keyset on id."""
    try:
        after_id = int(after) if after else None
    except ValueError:
        after_id = None
    if after_id is not None:
        qs = qs.filter(id__lt=after_id)
    rows = list(qs.order_by("-id")[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return KeysetPage(rows, str(rows[-1].pk) if rows and more else None, None)


def public_history(request: Request) -> list[RequestEvent]:
    return list(request.events.filter(public=True).order_by("at", "id"))


def full_history(request: Request) -> list[RequestEvent]:
    return list(request.events.select_related("actor").order_by("at", "id"))


def request_items(request: Request, user) -> list:
    """The request's units with the title the user may see of each."""
    items = list(request.items.select_related("unit__inventory__fonds"))
    for item in items:
        item.unit.view = access.unit_view(item.unit, user)
    return items


def open_request_counts(user) -> dict[int, int]:
    """{archive id: open requests} over the archives whose requests the user answers; one query."""
    rows = (staff_requests(user).filter(status__in=OPEN_STATUSES).order_by().values("archive_id")
            .annotate(n=CountRows("id")).values_list("archive_id", "n"))
    return dict(rows)
