"""Acts of acceptance: draft -> received -> processed | rejected (transitions in workflows.py)."""
from __future__ import annotations

import csv
import datetime as dt
import io

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings import services as holdings
from holdings.choices import Media, UnitAccessLevel
from holdings.models import Archive, Unit

from ..choices import AccessionKind, AccessionStatus
from ..models import Accession, AccessionItem, AccessionUnit, Source
from ..workflows import AccessionError, check
from .common import accession_create_numbered, actor_or_none, audit, target_tree

ACCESSION_FIELDS = ["date", "kind", "description", "extent_units", "extent_note", "condition_notes"]
ITEM_FIELDS = ["number", "title", "public_title", "date_start", "date_end", "media", "extent_sheets",
               "duration_seconds", "access_level"]


def _locked(accession: Accession) -> Accession:
    return Accession.objects.select_for_update().get(pk=accession.pk)


def accession_create(*, actor, archive: Archive, source: Source, kind: str, date: dt.date | None = None,
                     **data) -> Accession:
    if source.archive_id != archive.pk:
        raise AccessionError(_("The source is registered with another archive."))
    if kind not in AccessionKind.values:
        raise AccessionError(_("Unknown kind of accession."))
    fields = {k: v for k, v in data.items() if k in ACCESSION_FIELDS}
    with transaction.atomic():
        accession = accession_create_numbered(archive=archive, source=source, kind=kind,
                                              date=date or timezone.localdate(), created_by=actor_or_none(actor),
                                              **fields)
        audit(user=actor, target="accession", target_id=accession.pk, action="create", number=accession.number)
    return accession


def accession_update(*, actor, accession: Accession, **data) -> Accession:
    """Edits the act while it is a draft or received (a processed or rejected act is final)."""
    with transaction.atomic():
        accession = _locked(accession)
        if accession.status not in (AccessionStatus.DRAFT, AccessionStatus.RECEIVED):
            raise AccessionError(_("A processed or rejected act cannot be changed."))
        changes = {}
        for name in ACCESSION_FIELDS:
            if name in data and getattr(accession, name) != data[name]:
                changes[name] = [str(getattr(accession, name)), str(data[name])]
                setattr(accession, name, data[name])
        if changes:
            accession.save()
            audit(user=actor, target="accession", target_id=accession.pk, action="update", changes=changes)
    return accession


def _clean_item(data: dict) -> dict:
    item = {k: v for k, v in data.items() if k in ITEM_FIELDS}
    item["number"] = (item.get("number") or "").strip()
    item["title"] = (item.get("title") or "").strip()
    if not item["number"] or not item["title"]:
        raise AccessionError(_("A listed unit needs a number and a title."))
    if item.get("date_start") and item.get("date_end") and item["date_start"] > item["date_end"]:
        raise AccessionError(_("Unit %(number)s: the start date is after the end date.") % {"number": item["number"]})
    if item.get("media", Media.PAPER) not in Media.values:
        raise AccessionError(_("Unit %(number)s: unknown media.") % {"number": item["number"]})
    if item.get("access_level", UnitAccessLevel.INHERIT) not in UnitAccessLevel.values:
        raise AccessionError(_("Unit %(number)s: unknown access level.") % {"number": item["number"]})
    return item


def accession_items_add(*, actor, accession: Accession, items: list[dict]) -> list[AccessionItem]:
    """Lists units on the act (all or nothing)."""
    cleaned = [_clean_item(i) for i in items]
    with transaction.atomic():
        accession = _locked(accession)
        if accession.status not in (AccessionStatus.DRAFT, AccessionStatus.RECEIVED):
            raise AccessionError(_("Units can only be listed on a draft or received act."))
        numbers = [i["number"] for i in cleaned]
        if len(set(numbers)) != len(numbers):
            raise AccessionError(_("The same unit number appears twice."))
        taken = list(accession.items.filter(number__in=numbers).values_list("number", flat=True)[:5])
        if taken:
            raise AccessionError(_("Already listed on this act: %(numbers)s") % {"numbers": ", ".join(taken)})
        start = (accession.items.aggregate(m=Max("position"))["m"] or 0) + 1
        made = AccessionItem.objects.bulk_create([AccessionItem(accession=accession, position=start + n, **i)
                                                  for n, i in enumerate(cleaned)])
        audit(user=actor, target="accession", target_id=accession.pk, action="items_add", numbers=numbers[:50],
              count=len(numbers))
    return made


CSV_COLUMNS = ["number", "title", "date_start", "date_end", "extent_sheets", "media", "access_level",
               "public_title"]


def parse_items_csv(content: bytes) -> list[dict]:
    """Rows of a CSV inventory (UTF-8, comma or semicolon): number, title, date_start, date_end,
    extent_sheets, media, access_level, public_title; the header row is required."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AccessionError(_("The file is not UTF-8 text.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or not {"number", "title"} <= {f.strip() for f in reader.fieldnames}:
        raise AccessionError(_("The first row must name the columns; number and title are required."))
    rows = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if (k or "").strip() in CSV_COLUMNS}
        if not any(row.values()):
            continue
        try:
            for key in ("date_start", "date_end"):
                row[key] = dt.date.fromisoformat(row[key]) if row.get(key) else None
            row["extent_sheets"] = int(row["extent_sheets"]) if row.get("extent_sheets") else None
        except ValueError as exc:
            raise AccessionError(_("Line %(line)s: dates are YYYY-MM-DD and sheets a whole number.")
                                 % {"line": line}) from exc
        row["media"] = row.get("media") or Media.PAPER
        row["access_level"] = row.get("access_level") or UnitAccessLevel.INHERIT
        rows.append(row)
    if not rows:
        raise AccessionError(_("The file lists no units."))
    return rows


def accession_item_remove(*, actor, item: AccessionItem) -> None:
    with transaction.atomic():
        accession = _locked(item.accession)
        if accession.status not in (AccessionStatus.DRAFT, AccessionStatus.RECEIVED):
            raise AccessionError(_("Units can only be removed from a draft or received act."))
        audit(user=actor, target="accession", target_id=accession.pk, action="item_remove", number=item.number)
        item.delete()


def accession_receive(*, actor, accession: Accession) -> Accession:
    """The records arrived and the act is signed: draft -> received."""
    with transaction.atomic():
        accession = _locked(accession)
        check("accession", accession.status, AccessionStatus.RECEIVED)
        accession.status = AccessionStatus.RECEIVED
        accession.received_at = timezone.now()
        accession.received_by = actor_or_none(actor)
        accession.save(update_fields=["status", "received_at", "received_by"])
        audit(user=actor, target="accession", target_id=accession.pk, action="receive")
    return accession


def accession_reject(*, actor, accession: Accession, reason: str) -> Accession:
    reason = (reason or "").strip()
    if not reason:
        raise AccessionError(_("Give the reason for the rejection."))
    with transaction.atomic():
        accession = _locked(accession)
        check("accession", accession.status, AccessionStatus.REJECTED)
        accession.status = AccessionStatus.REJECTED
        accession.rejected_at = timezone.now()
        accession.rejected_by = actor_or_none(actor)
        accession.rejection_reason = reason
        accession.save(update_fields=["status", "rejected_at", "rejected_by", "rejection_reason"])
        audit(user=actor, target="accession", target_id=accession.pk, action="reject", reason=reason)
    return accession


def link_units(accession: Accession, units: list[Unit]) -> None:
    AccessionUnit.objects.bulk_create([AccessionUnit(accession=accession, unit=u) for u in units])


def accession_process(*, actor, accession: Accession, fonds_number: str, inventory_number: str,
                      fonds_title: str = "", inventory_title: str = "") -> list[Unit]:
    """received -> processed: the listed units become holdings units in the named fonds and inventory
    (made when they do not exist), linked back to the act. All or nothing."""
    try:
        with transaction.atomic():
            accession = _locked(accession)
            check("accession", accession.status, AccessionStatus.PROCESSED)
            items = list(accession.items.all())
            if not items:
                raise AccessionError(_("List the received units on the act before processing it."))
            archive = Archive.objects.get(pk=accession.archive_id)
            fonds, inventory = target_tree(actor=actor, archive=archive, fonds_number=fonds_number,
                                           fonds_title=fonds_title, inventory_number=inventory_number,
                                           inventory_title=inventory_title)
            rows = [holdings.UnitData(number=i.number, title=i.title, public_title=i.public_title,
                                      date_start=i.date_start, date_end=i.date_end, media=i.media,
                                      extent_sheets=i.extent_sheets, duration_seconds=i.duration_seconds,
                                      access_level=i.access_level) for i in items]
            units = holdings.units_create(actor=actor, inventory=inventory, rows=rows, action="accession")
            link_units(accession, units)
            accession.status = AccessionStatus.PROCESSED
            accession.processed_at = timezone.now()
            accession.processed_by = actor_or_none(actor)
            accession.fonds = fonds
            accession.inventory = inventory
            accession.unit_count = len(units)
            accession.save(update_fields=["status", "processed_at", "processed_by", "fonds", "inventory",
                                          "unit_count"])
            audit(user=actor, target="accession", target_id=accession.pk, action="process", fonds=fonds.number,
                  inventory=inventory.number, units=len(units))
    except holdings.HoldingsError as exc:
        raise AccessionError(str(exc)) from exc
    return units
