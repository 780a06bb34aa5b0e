"""CSV export of a fonds' units, in the columns the importer reads (so a staff export loads again).

Rows go out as they are read, batch by batch (constant memory). The access rule applies: units
the user may not know of are absent; without full access the title is the redacted one and the
public title, annotation and storage location stay empty."""
from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils import timezone

from .. import access
from ..models import Fonds
from . import annotation_of, unit_batches, visible_inventories

HEADER = ["reference_code", "fonds_number", "fonds_title", "inventory_number", "inventory_title",
          "unit_number", "title", "public_title", "date_start", "date_end", "sheets", "duration", "media",
          "access_level", "restricted_until", "personal_data", "location", "annotation", "redacted"]


class _Line:
    """A file-like object whose write() hands the line back (csv.writer into a generator)."""

    def write(self, value: str) -> str:
        return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + - @ gets a quote in front
    (the importer takes it off again)."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _date(value) -> str:
    return value.isoformat() if value else ""


def fonds_units_csv(fonds: Fonds, user) -> Iterator[str]:
    writer = csv.writer(_Line())
    today = timezone.localdate()
    staff = access.is_archive_staff(user, fonds.archive_id) or bool(
        user is not None and user.is_authenticated and user.is_superuser)
    yield "\ufeff" + writer.writerow(HEADER)  # the byte-order mark makes spreadsheet programs read UTF-8
    for inventory in visible_inventories(fonds, user):
        for units in unit_batches(inventory, user, with_location=staff):
            lines = []
            for unit in units:
                view = access.unit_view(unit, user, today)
                full = view.full_access
                lines.append(writer.writerow([
                    unit.reference_code, cell(fonds.number), cell(fonds.title), cell(inventory.number),
                    cell(inventory.title), cell(unit.number), cell(view.title),
                    cell(unit.public_title) if full else "", _date(unit.date_start),
                    _date(unit.date_end), unit.extent_sheets or "", unit.duration_seconds or "", unit.media,
                    unit.access_level if full else view.level, _date(unit.restricted_until),
                    "yes" if unit.contains_personal_data else "no",
                    cell(unit.location) if staff else "",
                    cell(annotation_of(unit, full)), "no" if full else "yes",
                ]))
            yield "".join(lines)
