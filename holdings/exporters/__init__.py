"""Exports of holdings: EAD3 (a fonds), CSV (a fonds' units) and the OAI-PMH records.

Every export walks units in keyset batches (never `.all()`), so memory stays constant whatever
the size of the fonds, and reads them through the access rule (holdings/access.py): units the
user may not know of are absent, titles are redacted where the user has no full access, and
private fields (annotations, storage locations) appear only with full access."""
from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from .. import access
from ..models import Fonds, Inventory, Unit

BATCH = 2000

# Never read the search vectors (wide tsvector columns) when only the description is needed.
HEAVY_FIELDS = ("search_public", "search_full")


def visible_inventories(fonds: Fonds, user) -> Iterator[Inventory]:
    """The fonds' inventories the user may see, in reference-code order (few per fonds)."""
    qs = access.inventories_visible_to(Inventory.objects.filter(fonds=fonds), user).order_by("sort_key", "id")
    for inventory in qs:
        inventory.fonds = fonds
        yield inventory


class UnitRow:
    """The fields of a unit an export writes, read as plain tuples: building a model instance per
    unit would cost more than writing it. access.unit_view reads it like a Unit (the access rule
    is the same: `full_access` comes from visible_to)."""

    FIELDS = ("id", "number", "sort_key", "title", "public_title", "date_start", "date_end", "extent_sheets",
              "duration_seconds", "media", "access_level", "effective_access", "restricted_until",
              "contains_personal_data", "archive_id", "fonds_id", "inventory_id", "storage_location_id",
              "full_access", "annotation")
    LOCATION = ("storage_location__building", "storage_location__room", "storage_location__rack",
                "storage_location__shelf")
    __slots__ = (*FIELDS, "pk", "reference_code", "location")

    def __init__(self, values: tuple, prefix: str):
        (self.id, self.number, self.sort_key, self.title, self.public_title, self.date_start, self.date_end,
         self.extent_sheets, self.duration_seconds, self.media, self.access_level, self.effective_access,
         self.restricted_until, self.contains_personal_data, self.archive_id, self.fonds_id, self.inventory_id,
         self.storage_location_id, self.full_access, annotation, *location) = values
        self.annotation = annotation or ""
        self.pk = self.id
        self.reference_code = prefix + self.number
        self.location = " / ".join(p for p in location if p)


def unit_batches(inventory: Inventory, user, *, batch: int | None = None,
                 with_location: bool = False) -> Iterator[list[UnitRow]]:
    """The inventory's units the user may see, `batch` (default BATCH) at a time, keyset on (sort_key, id)."""
    batch = batch or BATCH
    prefix = f"{inventory.reference_code}, U. "
    columns = [*UnitRow.FIELDS[:-1], "description__annotation", *(UnitRow.LOCATION if with_location else ())]
    last: tuple[int, int] | None = None
    while True:
        qs = Unit.objects.filter(inventory=inventory)
        if last is not None:
            qs = qs.filter(Q(sort_key__gt=last[0]) | Q(sort_key=last[0], id__gt=last[1]), sort_key__gte=last[0])
        rows = [UnitRow(values, prefix) for values in
                qs.visible_to(user).order_by("sort_key", "id").values_list(*columns)[:batch]]
        if not rows:
            return
        yield rows
        if len(rows) < batch:
            return
        last = (rows[-1].sort_key, rows[-1].id)


def annotation_of(unit: Unit | UnitRow, full_access: bool) -> str:
    """The unit's annotation, only for a user with full access (it may name people)."""
    if not full_access:
        return ""
    if isinstance(unit, UnitRow):
        return unit.annotation
    try:
        return unit.description.annotation
    except Unit.description.RelatedObjectDoesNotExist:
        return ""
