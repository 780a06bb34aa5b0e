"""Reads of the holdings back office: already limited to the user's archives (holdings.access),
already select_related, keyset-paginated where a list can be long. No COUNT(*) over units."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet, Sum
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from . import access, codes
from .choices import (
    AccessLevel,
    DigitalObjectRole,
    FondsKind,
    InventoryStatus,
    Media,
    Retention,
    UnitAccessLevel,
    UnitStatus,
    ValueCategory,
)
from .models import (
    AccessLogEntry,
    Archive,
    ChangeRecord,
    DigitalObject,
    Fonds,
    Inventory,
    StorageLocation,
    Unit,
)

SESSION_ARCHIVE_KEY = "holdings_archive_id"
UNIT_PAGE_SIZE = 100
FONDS_PAGE_SIZE = 50
INVENTORY_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50
HISTORY_ON_RECORD = 10


# ---------------------------------------------------------------- the user's archives
def office_archives(user) -> list[Archive]:
    """Archives where the user holds any staff right (all of them for a superuser), for the
    switcher; loaded once per request."""
    if user is None or not user.is_authenticated:
        return []
    if "_office_archives" not in user.__dict__:
        if user.is_superuser:
            archives = Archive.objects.select_related("region").order_by("code")
        else:
            archives = access.staff_archives(user)
        user.__dict__["_office_archives"] = list(archives)
    return user.__dict__["_office_archives"]


def current_archive(request: HttpRequest) -> Archive | None:
    """The archive chosen in the switcher (kept in the session), else the user's first one."""
    if not hasattr(request, "_holdings_current_archive"):
        archives = office_archives(getattr(request, "user", None))
        chosen = request.session.get(SESSION_ARCHIVE_KEY) if hasattr(request, "session") else None
        request._holdings_current_archive = next((a for a in archives if a.pk == chosen),
                                                 archives[0] if archives else None)
    return request._holdings_current_archive


def choose_archive(request: HttpRequest, archive_id: int) -> Archive | None:
    """Makes one of the user's archives the current one; None when it is not theirs."""
    archive = next((a for a in office_archives(request.user) if a.pk == archive_id), None)
    if archive is not None:
        request.session[SESSION_ARCHIVE_KEY] = archive.pk
        request._holdings_current_archive = archive
    return archive


# ---------------------------------------------------------------- keyset pages
@dataclass
class Page:
    """One keyset page: the rows and the cursors of the neighbouring pages (None: no such page)."""

    rows: list
    next_after: str | None = None
    previous_before: str | None = None
    first: bool = True


def parse_cursor(value: str | None) -> tuple[int, int] | None:
    """`"<sort key>.<id>"` -> (sort key, id); anything else means "from the start"."""
    if not value:
        return None
    head, sep, tail = value.partition(".")
    if not sep or not head.lstrip("-").isdigit() or not tail.isdigit() or len(value) > 40:
        return None
    key, pk = int(head), int(tail)
    if abs(key) >= 2**63 or pk >= 2**63:
        return None
    return key, pk


def keyset_page(queryset: QuerySet, *, after: str | None = None, before: str | None = None,
                size: int = 50, key: str = "sort_key") -> Page:
    """Rows ordered by (key, id) after or before a cursor. The leading `key >= value` lets the
    database start its index range scan at the cursor, so a deep page costs what the first does."""
    after_c, before_c = parse_cursor(after), parse_cursor(before)
    if before_c is not None and after_c is None:
        k, pk = before_c
        rows = list(queryset.filter(**{f"{key}__lte": k}).filter(Q(**{f"{key}__lt": k}) | Q(id__lt=pk))
                    .order_by(f"-{key}", "-id")[:size + 1])
        more = len(rows) > size
        rows = rows[:size][::-1]
        return Page(rows=rows, next_after=_cursor(rows[-1], key) if rows else None,
                    previous_before=_cursor(rows[0], key) if more and rows else None, first=not more)
    qs = queryset
    if after_c is not None:
        k, pk = after_c
        qs = qs.filter(**{f"{key}__gte": k}).filter(Q(**{f"{key}__gt": k}) | Q(id__gt=pk))
    rows = list(qs.order_by(key, "id")[:size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows=rows, next_after=_cursor(rows[-1], key) if more else None,
                previous_before=_cursor(rows[0], key) if after_c is not None and rows else None,
                first=after_c is None)


def _cursor(row, key: str) -> str:
    return f"{getattr(row, key)}.{row.pk}"


def id_page(queryset: QuerySet, *, before: str | None = None, size: int = 50) -> Page:
    """Newest first, by id (history and access log); `before` is the last id seen."""
    qs = queryset
    if before and before.isdigit() and len(before) < 19:
        qs = qs.filter(id__lt=int(before))
    rows = list(qs.order_by("-id")[:size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows=rows, next_after=str(rows[-1].pk) if more else None, first=not before)


# ---------------------------------------------------------------- objects in the user's archives
def _get(queryset: QuerySet, pk) -> object:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def fonds_for_office(user, pk: int) -> Fonds:
    return _get(access.staff_scope(Fonds.objects.select_related("archive", "creator"), user), pk)


def inventory_for_office(user, pk: int) -> Inventory:
    return _get(access.staff_scope(Inventory.objects.select_related("fonds__archive"), user), pk)


def unit_for_office(user, pk: int) -> Unit:
    qs = Unit.objects.select_related("inventory__fonds__archive", "storage_location", "description").defer(
        "search_public", "search_full")
    return _get(access.staff_scope(qs, user), pk)


def digital_object_for_office(user, pk: int) -> DigitalObject:
    return _get(access.staff_scope(DigitalObject.objects.select_related("unit"), user, field="unit__archive_id"), pk)


def fonds_by_number(archive: Archive, fonds_number: str) -> Fonds | None:
    """A fonds of one archive by its number (as archivists write it)."""
    return Fonds.objects.filter(archive=archive, number=fonds_number.strip()).first()


def inventory_by_numbers(archive: Archive, fonds_number: str, inventory_number: str) -> Inventory | None:
    """An inventory of one archive by its fonds and inventory numbers (as archivists write them)."""
    return (Inventory.objects.select_related("fonds")
            .filter(archive=archive, fonds__number=fonds_number.strip(), number=inventory_number.strip()).first())


# ---------------------------------------------------------------- lists
def fonds_page(archive: Archive, *, q: str = "", after: str | None = None, before: str | None = None) -> Page:
    qs = Fonds.objects.filter(archive=archive).select_related("creator")
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(number=q) | Q(title__icontains=q))
    return keyset_page(qs, after=after, before=before, size=FONDS_PAGE_SIZE)


def inventories_page(fonds: Fonds, *, after: str | None = None, before: str | None = None) -> Page:
    return keyset_page(Inventory.objects.filter(fonds=fonds), after=after, before=before, size=INVENTORY_PAGE_SIZE)


UNIT_LIST_FIELDS = ["id", "inventory_id", "archive_id", "number", "sort_key", "title", "public_title", "date_start",
                    "date_end", "extent_sheets", "duration_seconds", "media", "access_level", "effective_access",
                    "restricted_until", "status", "digital_count"]


def units_page(inventory: Inventory, *, after: str | None = None, before: str | None = None,
               size: int = UNIT_PAGE_SIZE) -> Page:
    """A page of an inventory's units on the (inventory_id, sort_key, id) index."""
    qs = Unit.objects.filter(inventory=inventory).only(*UNIT_LIST_FIELDS)
    return keyset_page(qs, after=after, before=before, size=size)


def next_unit_number(inventory: Inventory) -> str:
    """The number after the inventory's last one (for "save and add another")."""
    last = Unit.objects.filter(inventory=inventory).order_by("-sort_key", "-id").values_list("sort_key", flat=True).first()
    return str((last or 0) // 1000 + 1)


def locations_of(archive_id: int) -> QuerySet[StorageLocation]:
    return StorageLocation.objects.filter(archive_id=archive_id)


@dataclass
class Files:
    """A unit's stored files grouped for its page: each page with its thumbnail and access copy."""

    pages: list = field(default_factory=list)
    others: list = field(default_factory=list)


def unit_files(unit: Unit) -> Files:
    """All files of a unit in one query: originals with their derivatives attached."""
    objects = list(DigitalObject.objects.filter(unit=unit).order_by("page_order", "id"))
    by_source: dict[int, dict] = {}
    for obj in objects:
        if obj.derived_from_id:
            by_source.setdefault(obj.derived_from_id, {})[obj.role] = obj
    files = Files()
    for obj in objects:
        if obj.derived_from_id:
            continue
        derived = by_source.get(obj.pk, {})
        obj.thumbnail = derived.get(DigitalObjectRole.THUMBNAIL)
        obj.access_copy = derived.get(DigitalObjectRole.ACCESS)
        (files.pages if obj.role in (DigitalObjectRole.SCAN_PAGE, DigitalObjectRole.MASTER) else files.others).append(obj)
    return files


# ---------------------------------------------------------------- dashboard
@dataclass
class ArchiveSummary:
    fonds: int
    inventories: int
    units: int


def archive_summary(archive: Archive) -> ArchiveSummary:
    """From the stored counters of the archive's fonds (no counting of units)."""
    sums = Fonds.objects.filter(archive=archive).aggregate(inv=Sum("inventory_count"), units=Sum("unit_count"))
    return ArchiveSummary(fonds=archive.fonds_count, inventories=sums["inv"] or 0, units=sums["units"] or 0)


# ---------------------------------------------------------------- history and access log
ACTION_LABELS = {
    "create": _("Created"),
    "update": _("Edited"),
    "move": _("Moved"),
    "set_access": _("Access level set"),
    "set_location": _("Storage location set"),
    "set_retention": _("Retention set"),
    "add_file": _("File added"),
    "remove_file": _("File removed"),
    "remove": _("Removed"),
    "destroy": _("Destroyed"),
    "import": _("Imported"),
    "accession": _("Accessioned"),
}

_CHOICES = {
    "access_level": dict(UnitAccessLevel.choices), "effective_access": dict(AccessLevel.choices),
    "media": dict(Media.choices), "status": dict(UnitStatus.choices), "kind": dict(FondsKind.choices),
    "value_category": dict(ValueCategory.choices), "retention": dict(Retention.choices),
    "approval_status": dict(InventoryStatus.choices),
}
_EXTRA_LABELS = {
    "annotation": _("annotation"), "file": _("file"), "sha256": "SHA-256", "reason": _("reason"),
    "act": _("destruction act"), "reference": _("moved to"), "unit": _("unit"), "inventory": _("inventory"),
    "fonds": _("fonds"), "years": _("retention, years"), "ground": _("ground"), "creator": _("creator"),
}
_HIDDEN_KEYS = {"inventory"}  # a move shows the new reference code instead of inventory ids


def _field_label(key: str, first=None) -> str:
    for model in (first, Unit, Fonds, Inventory):
        if model is None:
            continue
        try:
            return str(model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            continue
    return str(_EXTRA_LABELS.get(key, key))


def _show(key: str, value) -> str:
    if value in (None, ""):
        return "—"
    if key == "reference" and isinstance(value, str):
        return codes.localize(value)  # stored canonical, shown in the reader's language
    if key == "sha256" and isinstance(value, str):
        return value[:16] + "…"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    labels = _CHOICES.get(key)
    if labels and value in labels:
        return str(labels[value])
    return str(value)


@dataclass
class Change:
    """One history line, ready to show; `target` and `url` name the record (archive-wide lists)."""

    at: object
    user: object
    action: str
    items: list
    target: str = ""
    url: str = ""


def _target(record: ChangeRecord) -> tuple[str, str]:
    """The record a change is about, with its back-office page (loaded by select_related)."""
    from django.urls import reverse

    if record.unit_id and record.unit is not None:
        return record.unit.local_code, reverse("holdings:unit_detail", args=[record.unit_id])
    if record.inventory_id and record.inventory is not None:
        return record.inventory.local_code, reverse("holdings:inventory_detail", args=[record.inventory_id])
    if record.fonds_id and record.fonds is not None:
        return record.fonds.local_code, reverse("holdings:fonds_detail", args=[record.fonds_id])
    return "", ""


def describe(record: ChangeRecord, *, with_target: bool = False) -> Change:
    items = []
    changes = record.changes if isinstance(record.changes, dict) else {}
    # A unit's record may also name its inventory: the most specific record decides the labels.
    model = Unit if record.unit_id else Inventory if record.inventory_id else Fonds if record.fonds_id else None
    for key, value in changes.items():
        if key in _HIDDEN_KEYS and "reference" in changes:
            continue
        label = _field_label(key, model)
        if isinstance(value, list) and len(value) == 2:
            old, new = value
            items.append((label, _show(key, old) if old is not None else None, _show(key, new)))
        else:
            items.append((label, None, _show(key, value)))
    target, url = _target(record) if with_target else ("", "")
    return Change(at=record.at, user=record.user, action=str(ACTION_LABELS.get(record.action, record.action)),
                  items=items, target=target, url=url)


def _history_qs(*, fonds: Fonds | None = None, inventory: Inventory | None = None, unit: Unit | None = None,
                archive: Archive | None = None) -> QuerySet[ChangeRecord]:
    qs = ChangeRecord.objects.select_related("user")
    if unit is not None:
        return qs.filter(unit=unit)
    if inventory is not None:
        return qs.filter(inventory=inventory, unit__isnull=True)
    if fonds is not None:
        return qs.filter(fonds=fonds, unit__isnull=True)
    # Archive-wide: each line names its record, loaded in the same query.
    return qs.filter(archive=archive).select_related("unit__inventory__fonds", "inventory__fonds", "fonds")


def history(*, limit: int = HISTORY_ON_RECORD, **target) -> list[Change]:
    """The latest changes of one record (or, with archive=, of a whole archive)."""
    with_target = "archive" in target
    return [describe(r, with_target=with_target) for r in _history_qs(**target).order_by("-id")[:limit]]


def history_page(*, before: str | None = None, **target) -> tuple[list[Change], Page]:
    page = id_page(_history_qs(**target), before=before, size=HISTORY_PAGE_SIZE)
    return [describe(r) for r in page.rows], page


def access_log_page(unit: Unit, *, before: str | None = None) -> Page:
    qs = AccessLogEntry.objects.filter(unit=unit).select_related("user", "subject_user")
    return id_page(qs, before=before, size=HISTORY_PAGE_SIZE)
