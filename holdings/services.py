"""Writes of the holdings app. Every function is atomic, takes the acting user, keeps the stored
counters and the units' effective access right in set-based statements, and records a ChangeRecord.

Callers (views, API, other apps' services) check rights first with holdings.access; these
functions raise HoldingsError with a translated message when the data is not acceptable."""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Case, F, ProtectedError, Q, RestrictedError, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import AccessLevel, DigitalObjectRole, Retention, UnitAccessLevel, UnitStatus
from .models import (
    Archive,
    ChangeRecord,
    Creator,
    DigitalObject,
    Fonds,
    Inventory,
    StorageLocation,
    Unit,
    number_sort_key,
)


class HoldingsError(Exception):
    """A holdings rule was broken; the message is for the user, in their language."""


FONDS_FIELDS = ["title", "creator", "date_start", "date_end", "kind", "value_category", "access_level",
                "restricted_until", "description"]
INVENTORY_FIELDS = ["title", "date_start", "date_end", "approval_status", "access_level"]
UNIT_FIELDS = ["title", "public_title", "date_start", "date_end", "extent_sheets", "duration_seconds", "media",
               "access_level", "restricted_until", "contains_personal_data", "storage_location", "status",
               "value_category", "retention", "retention_years"]


def _actor(user):
    """The user to record (None for system work and anonymous callers)."""
    return user if user is not None and user.is_authenticated else None


def _record(*, user, action: str, fonds=None, inventory=None, unit=None, changes: dict | None = None) -> None:
    archive_id = next((o.archive_id for o in (unit, inventory, fonds) if o is not None), None)
    ChangeRecord.objects.create(user=_actor(user), action=action, archive_id=archive_id,
                                fonds=fonds, inventory=inventory, unit=unit, changes=changes or {})


def _unit_records(*, actor, action: str, units: Sequence[tuple[int, int]], changes: dict,
                  inventory: Inventory | None = None) -> None:
    """One ChangeRecord per unit, in one INSERT; `units` are (unit id, archive id) pairs."""
    user = _actor(actor)
    ChangeRecord.objects.bulk_create([
        ChangeRecord(unit_id=uid, archive_id=archive_id, inventory=inventory, user=user, action=action,
                     changes=changes) for uid, archive_id in units])


def _jsonable(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _apply(obj, fields: list[str], data: dict) -> dict:
    """Sets the given fields and returns {field: [old, new]} for those that changed."""
    changes = {}
    for name in fields:
        if name not in data:
            continue
        old, new = getattr(obj, name), data[name]
        if old != new:
            setattr(obj, name, new)
            changes[name] = [_jsonable(old), _jsonable(new)]
    return changes


def default_restricted_until(*, level: str, date_end: dt.date | None, contains_personal_data: bool) -> dt.date | None:
    """Personal data stays closed for PERSONAL_DATA_CLOSED_YEARS (75) after the unit's end date.
    (A closed unit keeps the date for when it is opened, but no date opens it: holdings/access.py.)"""
    if date_end and (level == AccessLevel.PERSONAL or contains_personal_data):
        years = settings.PERSONAL_DATA_CLOSED_YEARS
        if date_end.year + years > dt.MAXYEAR:  # a mistyped end date (year 9990): closed as long as dates go
            return dt.date.max
        try:
            return date_end.replace(year=date_end.year + years)
        except ValueError:  # 29 February
            return date_end.replace(year=date_end.year + years, day=28)
    return None


def _check_dates(start, end) -> None:
    if start and end and start > end:
        raise HoldingsError(_("The start date is after the end date."))


# ---------------------------------------------------------------- fonds
def fonds_create(*, actor, archive: Archive, number: str, title: str, **data) -> Fonds:
    number = (number or "").strip()
    if not number or not (title or "").strip():
        raise HoldingsError(_("A fonds needs a number and a title."))
    _check_dates(data.get("date_start"), data.get("date_end"))
    fonds = Fonds(archive=archive, number=number, sort_key=number_sort_key(number), title=title.strip())
    _apply(fonds, FONDS_FIELDS, data)
    try:
        with transaction.atomic():
            fonds.save()
            Archive.objects.filter(pk=archive.pk).update(fonds_count=F("fonds_count") + 1)
            _record(user=actor, action="create", fonds=fonds, changes={"number": number, "title": fonds.title})
    except IntegrityError as exc:
        raise HoldingsError(_("Fonds %(number)s already exists in this archive.") % {"number": number}) from exc
    return fonds


def fonds_update(*, actor, fonds: Fonds, **data) -> Fonds:
    _check_dates(data.get("date_start", fonds.date_start), data.get("date_end", fonds.date_end))
    with transaction.atomic():
        if "number" in data and data["number"].strip() != fonds.number:
            data["number"] = data["number"].strip()
            changes = {"number": [fonds.number, data["number"]]}
            fonds.number = data["number"]
            fonds.sort_key = number_sort_key(fonds.number)
        else:
            changes = {}
        changes.update(_apply(fonds, FONDS_FIELDS, data))
        if not changes:
            return fonds
        try:
            with transaction.atomic():
                fonds.save()
        except IntegrityError as exc:
            raise HoldingsError(_("Fonds %(number)s already exists in this archive.") % {"number": fonds.number}) from exc
        if "access_level" in changes:
            _propagate_access(fonds_id=fonds.pk)
        _record(user=actor, action="update", fonds=fonds, changes=changes)
    return fonds


# ---------------------------------------------------------------- inventories
def inventory_create(*, actor, fonds: Fonds, number: str, title: str, **data) -> Inventory:
    number = (number or "").strip()
    if not number or not (title or "").strip():
        raise HoldingsError(_("An inventory needs a number and a title."))
    _check_dates(data.get("date_start"), data.get("date_end"))
    inventory = Inventory(fonds=fonds, archive_id=fonds.archive_id, number=number,
                          sort_key=number_sort_key(number), title=title.strip())
    _apply(inventory, INVENTORY_FIELDS, data)
    try:
        with transaction.atomic():
            inventory.save()
            Fonds.objects.filter(pk=fonds.pk).update(inventory_count=F("inventory_count") + 1)
            _record(user=actor, action="create", fonds=fonds, inventory=inventory,
                    changes={"number": number, "title": inventory.title})
    except IntegrityError as exc:
        raise HoldingsError(_("Inventory %(number)s already exists in this fonds.") % {"number": number}) from exc
    return inventory


def inventory_update(*, actor, inventory: Inventory, **data) -> Inventory:
    _check_dates(data.get("date_start", inventory.date_start), data.get("date_end", inventory.date_end))
    with transaction.atomic():
        changes = {}
        if "number" in data and data["number"].strip() != inventory.number:
            changes["number"] = [inventory.number, data["number"].strip()]
            inventory.number = data["number"].strip()
            inventory.sort_key = number_sort_key(inventory.number)
        changes.update(_apply(inventory, INVENTORY_FIELDS, data))
        if not changes:
            return inventory
        try:
            with transaction.atomic():
                inventory.save()
        except IntegrityError as exc:
            raise HoldingsError(_("Inventory %(number)s already exists in this fonds.") % {"number": inventory.number}) from exc
        if "access_level" in changes:
            _propagate_access(inventory_id=inventory.pk)
        _record(user=actor, action="update", inventory=inventory, changes=changes)
    return inventory


# ---------------------------------------------------------------- effective access
def _resolved_level_expression():
    """SQL CASE giving a unit's level from its own, its inventory's and its fonds' settings."""
    return Case(
        When(~Q(access_level=UnitAccessLevel.INHERIT), then=F("access_level")),
        When(~Q(inventory__access_level=UnitAccessLevel.INHERIT), then=F("inventory__access_level")),
        default=F("fonds__access_level"),
    )


def _propagate_access(*, fonds_id: int | None = None, inventory_id: int | None = None,
                      unit_ids: Sequence[int] | None = None) -> int:
    """Recomputes `effective_access` of the inheriting units below a change, in set-based UPDATEs
    (one per level, so no row is read into Python)."""
    if inventory_id is not None:
        inv = Inventory.objects.select_related("fonds").get(pk=inventory_id)
        level = inv.access_level if inv.access_level != UnitAccessLevel.INHERIT else inv.fonds.access_level
        return Unit.objects.filter(inventory_id=inventory_id, access_level=UnitAccessLevel.INHERIT).exclude(
            effective_access=level).update(effective_access=level, updated_at=timezone.now())
    if fonds_id is not None:
        fonds = Fonds.objects.get(pk=fonds_id)
        inheriting = Inventory.objects.filter(fonds_id=fonds_id, access_level=UnitAccessLevel.INHERIT)
        return Unit.objects.filter(inventory__in=inheriting, access_level=UnitAccessLevel.INHERIT).exclude(
            effective_access=fonds.access_level).update(effective_access=fonds.access_level, updated_at=timezone.now())
    changed = 0
    if unit_ids:
        for own in UnitAccessLevel.values:
            if own == UnitAccessLevel.INHERIT:
                continue
            changed += Unit.objects.filter(pk__in=unit_ids, access_level=own).exclude(
                effective_access=own).update(effective_access=own)
        # Inheriting units: resolve per inventory (a handful of inventories at most per bulk action).
        inv_levels = {}
        for inv in Inventory.objects.filter(units__pk__in=unit_ids, units__access_level=UnitAccessLevel.INHERIT
                                            ).select_related("fonds").distinct():
            inv_levels[inv.pk] = inv.access_level if inv.access_level != UnitAccessLevel.INHERIT else inv.fonds.access_level
        for inv_id, level in inv_levels.items():
            changed += Unit.objects.filter(pk__in=unit_ids, inventory_id=inv_id,
                                           access_level=UnitAccessLevel.INHERIT).exclude(
                effective_access=level).update(effective_access=level)
    return changed


def _level_for(inventory: Inventory, own: str) -> str:
    if own != UnitAccessLevel.INHERIT:
        return own
    if inventory.access_level != UnitAccessLevel.INHERIT:
        return inventory.access_level
    return inventory.fonds.access_level


# ---------------------------------------------------------------- units
@dataclass
class UnitData:
    """The description of one unit to create (used by forms, the API, imports and transfers)."""

    number: str
    title: str
    public_title: str = ""
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    extent_sheets: int | None = None
    duration_seconds: int | None = None
    media: str = "paper"
    access_level: str = UnitAccessLevel.INHERIT
    restricted_until: dt.date | None = None
    contains_personal_data: bool = False
    storage_location: StorageLocation | None = None
    value_category: str = "ordinary"
    annotation: str = ""
    extra: dict = field(default_factory=dict)


def _build_unit(inventory: Inventory, data: UnitData, now) -> Unit:
    number = (data.number or "").strip()
    title = (data.title or "").strip()
    if not number or not title:
        raise HoldingsError(_("A unit needs a number and a title."))
    _check_dates(data.date_start, data.date_end)
    level = _level_for(inventory, data.access_level)
    restricted_until = data.restricted_until or default_restricted_until(
        level=level, date_end=data.date_end, contains_personal_data=data.contains_personal_data)
    contains_personal = data.contains_personal_data or level == AccessLevel.PERSONAL
    if contains_personal and not (data.public_title or "").strip():
        raise HoldingsError(_("Unit %(number)s contains personal data: give it a public title without names.")
                            % {"number": number})
    return Unit(
        inventory=inventory, fonds_id=inventory.fonds_id, archive_id=inventory.archive_id, number=number,
        sort_key=number_sort_key(number), title=title, public_title=(data.public_title or "").strip(),
        date_start=data.date_start, date_end=data.date_end, extent_sheets=data.extent_sheets,
        duration_seconds=data.duration_seconds, media=data.media, access_level=data.access_level,
        effective_access=level, restricted_until=restricted_until, contains_personal_data=contains_personal,
        storage_location=data.storage_location, value_category=data.value_category, created_at=now, updated_at=now,
    )


def _bump_counters(inventory: Inventory, delta: int) -> None:
    Inventory.objects.filter(pk=inventory.pk).update(unit_count=F("unit_count") + delta)
    Fonds.objects.filter(pk=inventory.fonds_id).update(unit_count=F("unit_count") + delta)


def unit_create(*, actor, inventory: Inventory, data: UnitData) -> Unit:
    return units_create(actor=actor, inventory=inventory, rows=[data])[0]


def units_create(*, actor, inventory: Inventory, rows: Sequence[UnitData], action: str = "create") -> list[Unit]:
    """Creates many units in one inventory with one INSERT; counters move once. All or nothing."""
    from .models import UnitDescription

    if not rows:
        return []
    inventory = Inventory.objects.select_related("fonds").get(pk=inventory.pk)
    now = timezone.now()
    units = [_build_unit(inventory, row, now) for row in rows]
    numbers = [u.number for u in units]
    if len(set(numbers)) != len(numbers):
        raise HoldingsError(_("The same unit number appears twice."))
    try:
        with transaction.atomic():
            taken = list(Unit.objects.filter(inventory=inventory, number__in=numbers).values_list("number", flat=True)[:5])
            if taken:
                raise HoldingsError(_("Unit numbers already used in this inventory: %(numbers)s")
                                    % {"numbers": ", ".join(taken)})
            created = Unit.objects.bulk_create(units, batch_size=1000)
            if not all(u.pk for u in created):  # SQLite before 3.35 does not return ids
                by_number = dict(Unit.objects.filter(inventory=inventory, number__in=numbers).values_list("number", "id"))
                for u in created:
                    u.pk = u.id = by_number[u.number]
            descriptions = [UnitDescription(unit=u, annotation=row.annotation)
                            for u, row in zip(created, rows, strict=True) if row.annotation]
            if descriptions:
                UnitDescription.objects.bulk_create(descriptions)
            _bump_counters(inventory, len(created))
            ChangeRecord.objects.bulk_create([
                ChangeRecord(unit=u, inventory=inventory, archive_id=inventory.archive_id, user=_actor(actor),
                             action=action, changes={"number": u.number}) for u in created])
    except IntegrityError as exc:
        raise HoldingsError(_("A unit with this number already exists in the inventory.")) from exc
    for u in created:
        u.inventory = inventory
    return created


def unit_update(*, actor, unit: Unit, **data) -> Unit:
    """Edits a unit's description; the number is changed with `number=`."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().select_related("inventory__fonds").get(pk=unit.pk)
        # A date left at its default follows the end date and level; one set by hand stays.
        old_default = default_restricted_until(level=unit.effective_access, date_end=unit.date_end,
                                               contains_personal_data=unit.contains_personal_data)
        follows_default = unit.restricted_until is None or unit.restricted_until == old_default
        changes = {}
        if "number" in data and data["number"].strip() != unit.number:
            changes["number"] = [unit.number, data["number"].strip()]
            unit.number = data["number"].strip()
            unit.sort_key = number_sort_key(unit.number)
        changes.update(_apply(unit, UNIT_FIELDS, data))
        _check_dates(unit.date_start, unit.date_end)
        if "annotation" in data:
            from .models import UnitDescription

            desc, _created = UnitDescription.objects.get_or_create(unit=unit)
            if desc.annotation != data["annotation"]:
                changes["annotation"] = [desc.annotation[:80], data["annotation"][:80]]
                desc.annotation = data["annotation"]
                desc.save(update_fields=["annotation"])
        if not changes:
            return unit
        unit.effective_access = _level_for(unit.inventory, unit.access_level)
        if unit.effective_access == AccessLevel.PERSONAL:
            unit.contains_personal_data = True
        if unit.contains_personal_data and not unit.public_title.strip():
            raise HoldingsError(_("Unit %(number)s contains personal data: give it a public title without names.")
                                % {"number": unit.number})
        if unit.restricted_until is None or (follows_default and data.get("restricted_until") in (None, old_default)):
            new_default = default_restricted_until(level=unit.effective_access, date_end=unit.date_end,
                                                   contains_personal_data=unit.contains_personal_data)
            if new_default != unit.restricted_until:
                changes["restricted_until"] = [_jsonable(unit.restricted_until), _jsonable(new_default)]
                unit.restricted_until = new_default
        unit.updated_at = timezone.now()
        try:
            with transaction.atomic():
                unit.save()
        except IntegrityError as exc:
            raise HoldingsError(_("A unit with this number already exists in the inventory.")) from exc
        _record(user=actor, action="update", unit=unit, inventory=unit.inventory, changes=changes)
    return unit


def units_set_access(*, actor, unit_ids: Sequence[int], access_level: str,
                     restricted_until: dt.date | None = None) -> int:
    """Bulk action: sets the own access level of many units (set-based UPDATEs, one record each).

    Units that end up personal need a public title; those without a restriction date get the
    default one (75 years after their end date)."""
    if access_level not in UnitAccessLevel.values:
        raise HoldingsError(_("Unknown access level."))
    with transaction.atomic():
        rows = list(Unit.objects.filter(pk__in=list(unit_ids)).values_list("id", "archive_id"))
        ids = [uid for uid, _archive in rows]
        values = {"access_level": access_level, "updated_at": timezone.now()}
        if restricted_until is not None:
            values["restricted_until"] = restricted_until
        count = Unit.objects.filter(pk__in=ids).update(**values)
        _propagate_access(unit_ids=ids)
        personal = Unit.objects.filter(pk__in=ids, effective_access=AccessLevel.PERSONAL)
        if personal.filter(public_title="").exists():
            raise HoldingsError(_("Some of the units have no public title; give them one before marking them personal."))
        personal.filter(contains_personal_data=False).update(contains_personal_data=True)
        if restricted_until is None:
            missing = list(Unit.objects.filter(pk__in=ids, restricted_until__isnull=True, date_end__isnull=False)
                           .filter(Q(effective_access=AccessLevel.PERSONAL) | Q(contains_personal_data=True))
                           .only("id", "date_end", "effective_access", "contains_personal_data"))
            for unit in missing:
                unit.restricted_until = default_restricted_until(level=unit.effective_access, date_end=unit.date_end,
                                                                 contains_personal_data=unit.contains_personal_data)
            Unit.objects.bulk_update(missing, ["restricted_until"], batch_size=500)
        _unit_records(actor=actor, action="set_access", units=rows,
                      changes={"access_level": access_level, "restricted_until": _jsonable(restricted_until)})
    return count


def units_set_location(*, actor, unit_ids: Sequence[int], location: StorageLocation | None) -> int:
    """Bulk action: puts many units on one shelf (of their own archive), or clears their location."""
    with transaction.atomic():
        rows = list(Unit.objects.filter(pk__in=list(unit_ids)).values_list("id", "archive_id"))
        if location is not None and any(archive_id != location.archive_id for _uid, archive_id in rows):
            raise HoldingsError(_("The storage location belongs to another archive."))
        count = Unit.objects.filter(pk__in=[uid for uid, _a in rows]).update(storage_location=location,
                                                                             updated_at=timezone.now())
        _unit_records(actor=actor, action="set_location", units=rows,
                      changes={"storage_location": [None, str(location)] if location else [None, None]})
    return count


def units_move(*, actor, unit_ids: Sequence[int], to_inventory: Inventory) -> int:
    """Moves units to another inventory of the same archive; counters of both sides move."""
    from collections import Counter

    unit_ids = list(unit_ids)
    with transaction.atomic():
        to_inventory = Inventory.objects.select_related("fonds").select_for_update().get(pk=to_inventory.pk)
        units = list(Unit.objects.filter(pk__in=unit_ids).values("id", "number", "inventory_id", "fonds_id",
                                                                 "archive_id"))
        if not units:
            return 0
        if any(u["archive_id"] != to_inventory.archive_id for u in units):
            raise HoldingsError(_("Units can only be moved within one archive."))
        numbers = [u["number"] for u in units]
        if len(set(numbers)) != len(numbers):
            raise HoldingsError(_("The same unit number appears twice."))
        clash = list(Unit.objects.filter(inventory=to_inventory, number__in=numbers).exclude(pk__in=unit_ids)
                     .values_list("number", flat=True)[:5])
        if clash:
            raise HoldingsError(_("The target inventory already has units numbered %(numbers)s.")
                                % {"numbers": ", ".join(clash)})
        moving = [u for u in units if u["inventory_id"] != to_inventory.pk]
        if not moving:
            return 0
        Unit.objects.filter(pk__in=[u["id"] for u in moving]).update(
            inventory=to_inventory, fonds=to_inventory.fonds_id, updated_at=timezone.now())
        # One UPDATE per source inventory and fonds (a bulk action rarely has more than one).
        for inv_id, n in Counter(u["inventory_id"] for u in moving).items():
            Inventory.objects.filter(pk=inv_id).update(unit_count=F("unit_count") - n)
        for fonds_id, n in Counter(u["fonds_id"] for u in moving).items():
            Fonds.objects.filter(pk=fonds_id).update(unit_count=F("unit_count") - n)
        _bump_counters(to_inventory, len(moving))
        _propagate_access(unit_ids=[u["id"] for u in moving])
        user = _actor(actor)
        ChangeRecord.objects.bulk_create([
            ChangeRecord(unit_id=u["id"], archive_id=u["archive_id"], inventory=to_inventory, user=user,
                         action="move", changes={"inventory": [u["inventory_id"], to_inventory.pk],
                                                 "reference": [None, f"F. {to_inventory.fonds.number}, "
                                                                     f"Inv. {to_inventory.number}"]})
            for u in moving])
    return len(moving)


def inventory_move(*, actor, inventory: Inventory, to_fonds: Fonds) -> Inventory:
    """Moves an inventory with all its units to another fonds of the same archive: its units' fonds
    in one set-based UPDATE, the counters of both fonds, and the level of the units that inherit it
    (from the new fonds). The numbers stay; the target fonds must not have the inventory's number."""
    with transaction.atomic():
        inventory = Inventory.objects.select_for_update().select_related("fonds").get(pk=inventory.pk)
        to_fonds = Fonds.objects.select_for_update().get(pk=to_fonds.pk)
        if to_fonds.archive_id != inventory.archive_id:
            raise HoldingsError(_("An inventory can only be moved to a fonds of the same archive."))
        old_fonds = inventory.fonds
        if to_fonds.pk == old_fonds.pk:
            return inventory
        if Inventory.objects.filter(fonds=to_fonds, number=inventory.number).exists():
            raise HoldingsError(_("Fonds %(fonds)s already has an inventory numbered %(number)s.")
                                % {"fonds": to_fonds.number, "number": inventory.number})
        now = timezone.now()
        units = inventory.unit_count
        inventory.fonds = to_fonds
        inventory.save(update_fields=["fonds", "updated_at"])
        Unit.objects.filter(inventory_id=inventory.pk).update(fonds_id=to_fonds.pk, updated_at=now)
        Fonds.objects.filter(pk=old_fonds.pk).update(inventory_count=F("inventory_count") - 1,
                                                     unit_count=F("unit_count") - units)
        Fonds.objects.filter(pk=to_fonds.pk).update(inventory_count=F("inventory_count") + 1,
                                                    unit_count=F("unit_count") + units)
        if inventory.access_level == UnitAccessLevel.INHERIT and old_fonds.access_level != to_fonds.access_level:
            _propagate_access(inventory_id=inventory.pk)
        reference = [f"F. {old_fonds.number}, Inv. {inventory.number}", f"F. {to_fonds.number}, Inv. {inventory.number}"]
        user = _actor(actor)
        # One line in the history of the inventory (and of the fonds it joins), one in the fonds it leaves.
        ChangeRecord.objects.bulk_create([
            ChangeRecord(fonds=to_fonds, inventory=inventory, archive_id=inventory.archive_id, user=user, at=now,
                         action="move", changes={"reference": reference, "unit_count": units}),
            ChangeRecord(fonds=old_fonds, archive_id=inventory.archive_id, user=user, at=now, action="move",
                         changes={"reference": reference, "unit_count": units}),
        ])
    return inventory


def unit_remove(*, actor, unit: Unit, reason: str) -> None:
    """Removes a unit described by mistake (never an appraised one: those are destroyed with a tombstone)."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().select_related("inventory").get(pk=unit.pk)
        if unit.digital_objects.exists():
            raise HoldingsError(_("Remove the unit's digital objects first."))
        inventory = unit.inventory
        try:
            with transaction.atomic():
                unit.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise HoldingsError(_("Other records (access log, requests, appraisal) refer to this unit, so it "
                                  "cannot be removed; mark it lost instead.")) from exc
        _bump_counters(inventory, -1)
        _record(user=actor, action="remove", inventory=inventory,
                changes={"unit": unit.number, "title": unit.title[:200], "reason": reason})


def inventory_remove(*, actor, inventory: Inventory, reason: str = "") -> None:
    """Removes an empty inventory (one created by mistake); its history stays on the fonds."""
    with transaction.atomic():
        inventory = Inventory.objects.select_for_update().get(pk=inventory.pk)
        if inventory.unit_count or Unit.objects.filter(inventory=inventory).exists():
            raise HoldingsError(_("Only an empty inventory can be removed: move or remove its units first."))
        try:
            with transaction.atomic():
                inventory.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise HoldingsError(_("Other records refer to this inventory, so it cannot be removed.")) from exc
        Fonds.objects.filter(pk=inventory.fonds_id).update(inventory_count=F("inventory_count") - 1)
        ChangeRecord.objects.create(fonds_id=inventory.fonds_id, archive_id=inventory.archive_id, user=_actor(actor),
                                    action="remove", changes={"inventory": inventory.number,
                                                              "title": inventory.title[:200], "reason": reason})


def fonds_remove(*, actor, fonds: Fonds, reason: str = "") -> None:
    """Removes an empty fonds (one created by mistake); its history stays on the archive."""
    with transaction.atomic():
        fonds = Fonds.objects.select_for_update().get(pk=fonds.pk)
        if fonds.inventory_count or Inventory.objects.filter(fonds=fonds).exists():
            raise HoldingsError(_("Only an empty fonds can be removed: remove its inventories first."))
        try:
            with transaction.atomic():
                fonds.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise HoldingsError(_("Other records refer to this fonds, so it cannot be removed.")) from exc
        Archive.objects.filter(pk=fonds.archive_id).update(fonds_count=F("fonds_count") - 1)
        ChangeRecord.objects.create(archive_id=fonds.archive_id, user=_actor(actor), action="remove",
                                    changes={"fonds": fonds.number, "title": fonds.title[:200], "reason": reason})


def units_mark_destroyed(*, actor, unit_ids: Sequence[int], act_reference: str) -> int:
    """Tombstones: the units stay with their reference code, title and dates, status `destroyed`.
    Their stored files are deleted through the storage backend after commit."""
    unit_ids = list(unit_ids)
    with transaction.atomic():
        rows = list(Unit.objects.filter(pk__in=unit_ids).values_list("id", "archive_id"))
        objects = list(DigitalObject.objects.filter(unit_id__in=unit_ids).values_list("file", flat=True))
        DigitalObject.objects.filter(unit_id__in=unit_ids).delete()
        count = Unit.objects.filter(pk__in=unit_ids).update(status=UnitStatus.DESTROYED, digital_count=0,
                                                           updated_at=timezone.now())
        _unit_records(actor=actor, action="destroy", units=rows, changes={"act": act_reference})
        transaction.on_commit(lambda: _delete_files(objects))
    return count


def units_set_retention(*, actor, unit_ids: Sequence[int], retention: str, years: int | None = None,
                        value_category: str | None = None, ground: str = "") -> int:
    if retention not in Retention.values:
        raise HoldingsError(_("Unknown retention."))
    values = {"retention": retention, "retention_years": years if retention == Retention.TEMPORARY else None,
              "updated_at": timezone.now()}
    if value_category:
        values["value_category"] = value_category
    with transaction.atomic():
        rows = list(Unit.objects.filter(pk__in=list(unit_ids)).values_list("id", "archive_id"))
        count = Unit.objects.filter(pk__in=[uid for uid, _a in rows]).update(**values)
        _unit_records(actor=actor, action="set_retention", units=rows,
                      changes={"retention": retention, "years": years, "value_category": value_category,
                               "ground": ground})
    return count


# ---------------------------------------------------------------- storage locations and creators
def storage_location_create(*, actor, archive: Archive, building: str, room: str = "", rack: str = "",
                            shelf: str = "") -> StorageLocation:
    """A shelf of an archive; the same building/room/rack/shelf twice is refused."""
    values = {"building": (building or "").strip(), "room": (room or "").strip(), "rack": (rack or "").strip(),
              "shelf": (shelf or "").strip()}
    if not values["building"]:
        raise HoldingsError(_("A storage location needs a building."))
    try:
        with transaction.atomic():
            return StorageLocation.objects.create(archive=archive, **values)
    except IntegrityError as exc:
        raise HoldingsError(_("This storage location already exists.")) from exc


def creator_get_or_create(*, actor, name: str, dates: str = "") -> Creator | None:
    """The authority record with this exact name, made if it does not exist yet (None for no name)."""
    name = " ".join((name or "").split())
    if not name:
        return None
    creator = Creator.objects.filter(name=name).order_by("id").first()
    if creator is None:
        creator = Creator.objects.create(name=name[:500], dates=(dates or "").strip()[:100])
    return creator


# ---------------------------------------------------------------- digital objects
def _delete_files(names: Iterable[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def sha256_of(fileobj) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


def digital_object_add(*, actor, unit: Unit, file: File, role: str = DigitalObjectRole.SCAN_PAGE,
                       page_order: int | None = None, original_name: str = "", expected_sha256: str = "",
                       puid: str = "", format: str = "", make_derivatives: bool = True) -> DigitalObject:
    """Stores a file of a unit with its sha256; image derivatives are made by a Celery task after commit
    (only for images Pillow can read: other files are kept as they are)."""
    from .derivatives import is_readable_image

    if role not in DigitalObjectRole.values:
        raise HoldingsError(_("Unknown file role."))
    sha, size = sha256_of(file)
    if expected_sha256 and expected_sha256.lower() != sha:
        raise HoldingsError(_("The checksum of %(name)s does not match.") % {"name": original_name or file.name})
    name = original_name or getattr(file, "name", "") or "file"
    fmt = format or mimetypes.guess_type(name)[0] or "application/octet-stream"
    derive = (make_derivatives and fmt.startswith("image/")
              and role in (DigitalObjectRole.SCAN_PAGE, DigitalObjectRole.MASTER) and is_readable_image(file))
    with transaction.atomic():
        if page_order is None:
            last = DigitalObject.objects.filter(unit=unit, role=role).order_by("-page_order").values_list(
                "page_order", flat=True).first()
            page_order = (last or 0) + 1
        obj = DigitalObject(unit=unit, role=role, original_name=name.rsplit("/", 1)[-1][:300], sha256=sha,
                            size=size, format=fmt, puid=puid, page_order=page_order)
        obj.file.save(name.rsplit("/", 1)[-1], file, save=False)
        stored_name = obj.file.name
        try:
            obj.save()
        except Exception:
            _delete_files([stored_name])
            raise
        if role in (DigitalObjectRole.SCAN_PAGE, DigitalObjectRole.MASTER):
            Unit.objects.filter(pk=unit.pk).update(digital_count=F("digital_count") + 1)
        _record(user=actor, action="add_file", unit=unit, changes={"file": obj.original_name, "sha256": sha})
        if derive:
            from .tasks import digital_object_make_derivatives_task

            transaction.on_commit(lambda: digital_object_make_derivatives_task.delay(obj.pk))
    return obj


def digital_objects_add(*, actor, unit: Unit, files: Sequence[File], role: str = DigitalObjectRole.SCAN_PAGE
                        ) -> list[DigitalObject]:
    """Stores several files of a unit as consecutive pages, all or nothing: when one fails, the files
    already written are deleted again and no record stays."""
    made: list[DigitalObject] = []
    try:
        with transaction.atomic():
            for file in files:
                made.append(digital_object_add(actor=actor, unit=unit, file=file, role=role,
                                               original_name=getattr(file, "name", "")))
    except Exception:
        _delete_files(obj.file.name for obj in made)
        raise
    return made


def digital_object_remove(*, actor, obj: DigitalObject) -> None:
    with transaction.atomic():
        names = [obj.file.name] + [d.file.name for d in obj.derivatives.all()]
        unit_id, role = obj.unit_id, obj.role
        archive_id = Unit.objects.filter(pk=unit_id).values_list("archive_id", flat=True).first()
        obj.delete()
        if role in (DigitalObjectRole.SCAN_PAGE, DigitalObjectRole.MASTER):
            Unit.objects.filter(pk=unit_id, digital_count__gt=0).update(digital_count=F("digital_count") - 1)
        ChangeRecord.objects.create(unit_id=unit_id, archive_id=archive_id, user=_actor(actor), action="remove_file",
                                    changes={"file": obj.original_name or names[0]})
        transaction.on_commit(lambda: _delete_files(names))


def digital_object_register(*, actor, unit: Unit, name: str, sha256: str, size: int,
                            role: str = DigitalObjectRole.MASTER, original_name: str = "", format: str = "",
                            puid: str = "", page_order: int | None = None,
                            derived_from: DigitalObject | None = None) -> DigitalObject:
    """Records a file that is already in the default storage (written by the ingest pipeline, or a
    derivative made by an external tool) as a digital object of a unit, without copying it.
    The caller has computed its sha256; the file is deleted with the object like any other."""
    if role not in DigitalObjectRole.values:
        raise HoldingsError(_("Unknown file role."))
    label = (original_name or name.rsplit("/", 1)[-1])[:300]
    fmt = format or mimetypes.guess_type(label)[0] or "application/octet-stream"
    with transaction.atomic():
        if page_order is None:
            last = DigitalObject.objects.filter(unit=unit, role=role).order_by("-page_order").values_list(
                "page_order", flat=True).first()
            page_order = (last or 0) + 1
        obj = DigitalObject(unit=unit, role=role, derived_from=derived_from, original_name=label, sha256=sha256,
                            size=size, format=fmt, puid=puid, page_order=page_order)
        obj.file.name = name
        obj.save()
        if role in (DigitalObjectRole.SCAN_PAGE, DigitalObjectRole.MASTER):
            Unit.objects.filter(pk=unit.pk).update(digital_count=F("digital_count") + 1)
        _record(user=actor, action="add_file", unit=unit, changes={"file": label, "sha256": sha256})
    return obj



@dataclass
class StoredFile:
    """A file already in the default storage, to be recorded as a digital object of a unit."""

    unit: Unit
    name: str
    sha256: str
    size: int
    original_name: str = ""
    format: str = ""
    puid: str = ""
    page_order: int = 1
    role: str = DigitalObjectRole.MASTER


def digital_objects_register(*, actor, files: Sequence[StoredFile]) -> list[DigitalObject]:
    """Records many already-stored files (an electronic transfer's payload) in one INSERT; each
    unit's page counter moves in one UPDATE per distinct count; one change record per file."""
    from collections import Counter

    if not files:
        return []
    objects = []
    for f in files:
        if f.role not in DigitalObjectRole.values:
            raise HoldingsError(_("Unknown file role."))
        label = (f.original_name or f.name.rsplit("/", 1)[-1])[:300]
        obj = DigitalObject(unit=f.unit, role=f.role, original_name=label, sha256=f.sha256, size=f.size,
                            format=f.format or mimetypes.guess_type(label)[0] or "application/octet-stream",
                            puid=f.puid, page_order=f.page_order)
        obj.file.name = f.name
        objects.append(obj)
    with transaction.atomic():
        created = DigitalObject.objects.bulk_create(objects, batch_size=1000)
        counted = Counter(o.unit_id for o in created if o.role in (DigitalObjectRole.SCAN_PAGE,
                                                                    DigitalObjectRole.MASTER))
        by_count: dict[int, list[int]] = {}
        for unit_id, n in counted.items():
            by_count.setdefault(n, []).append(unit_id)
        for n, unit_ids in by_count.items():
            Unit.objects.filter(pk__in=unit_ids).update(digital_count=F("digital_count") + n)
        user = _actor(actor)
        ChangeRecord.objects.bulk_create([
            ChangeRecord(unit_id=o.unit_id, archive_id=o.unit.archive_id, user=user, action="add_file",
                         changes={"file": o.original_name, "sha256": o.sha256}) for o in created], batch_size=1000)
    return created

# ---------------------------------------------------------------- bulk creation (imports, generated data)
def fonds_create_many(*, actor, archive: Archive, items: Sequence[dict]) -> list[Fonds]:
    """Creates many fonds of one archive in one INSERT (imports): each item holds `number`, `title`
    and optional fonds fields. The archive's counter moves once; one change record per fonds."""
    if not items:
        return []
    fonds_list = []
    for item in items:
        number, title = (item.get("number") or "").strip(), (item.get("title") or "").strip()
        if not number or not title:
            raise HoldingsError(_("A fonds needs a number and a title."))
        fonds = Fonds(archive=archive, number=number, sort_key=number_sort_key(number), title=title)
        _apply(fonds, FONDS_FIELDS, {k: v for k, v in item.items() if k not in ("number", "title")})
        fonds_list.append(fonds)
    try:
        with transaction.atomic():
            created = Fonds.objects.bulk_create(fonds_list, batch_size=1000)
            Archive.objects.filter(pk=archive.pk).update(fonds_count=F("fonds_count") + len(created))
            user = _actor(actor)
            ChangeRecord.objects.bulk_create([
                ChangeRecord(fonds=f, archive_id=archive.pk, user=user, action="create",
                             changes={"number": f.number, "title": f.title[:200]}) for f in created], batch_size=1000)
    except IntegrityError as exc:
        raise HoldingsError(_("Some of these fonds already exist in this archive.")) from exc
    return created


def inventories_create_many(*, actor, items: Sequence[dict]) -> list[Inventory]:
    """Creates many inventories in one INSERT (imports): each item holds `fonds`, `number`, `title`
    and optional inventory fields. The fonds' inventory counters are recounted in one UPDATE."""
    if not items:
        return []
    inventories = []
    for item in items:
        fonds = item["fonds"]
        number, title = (item.get("number") or "").strip(), (item.get("title") or "").strip()
        if not number or not title:
            raise HoldingsError(_("An inventory needs a number and a title."))
        inventory = Inventory(fonds=fonds, archive_id=fonds.archive_id, number=number,
                              sort_key=number_sort_key(number), title=title)
        _apply(inventory, INVENTORY_FIELDS, {k: v for k, v in item.items() if k not in ("fonds", "number", "title")})
        inventories.append(inventory)
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    try:
        with transaction.atomic():
            created = Inventory.objects.bulk_create(inventories, batch_size=1000)
            fonds_ids = {i.fonds_id for i in created}
            counts = (Inventory.objects.filter(fonds_id=OuterRef("pk")).order_by().values("fonds_id")
                      .annotate(n=Count("id")).values("n"))
            Fonds.objects.filter(pk__in=fonds_ids).update(inventory_count=Coalesce(Subquery(counts), 0))
            user = _actor(actor)
            ChangeRecord.objects.bulk_create([
                ChangeRecord(fonds_id=i.fonds_id, inventory=i, archive_id=i.archive_id, user=user, action="create",
                             changes={"number": i.number, "title": i.title[:200]}) for i in created], batch_size=1000)
    except IntegrityError as exc:
        raise HoldingsError(_("Some of these inventories already exist in their fonds.")) from exc
    return created
