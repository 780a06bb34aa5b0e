"""The tag file `archive-metadata.json` at the bag root: which fonds and inventory the units go to,
and each unit with its files (format documented in docs/transfer-format.md)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from holdings.choices import Media, UnitAccessLevel

from ..i18n import gettext as _
from .errors import PackageError

FILENAME = "archive-metadata.json"
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class UnitSpec:
    """One unit to create, with the payload files that become its digital objects."""

    number: str
    title: str
    files: list[str]
    public_title: str = ""
    date_start: str | None = None
    date_end: str | None = None
    access_level: str = UnitAccessLevel.INHERIT
    media: str = Media.ELECTRONIC
    extent_sheets: int | None = None
    duration_seconds: int | None = None
    contains_personal_data: bool = False
    restricted_until: str | None = None
    annotation: str = ""

    def date(self, name: str) -> dt.date | None:
        value = getattr(self, name)
        return dt.date.fromisoformat(value) if value else None


@dataclass
class PackageMetadata:
    """The parsed tag file."""

    fonds: str
    inventory: str
    units: list[UnitSpec]
    fonds_title: str = ""
    inventory_title: str = ""
    reference: str = ""
    description: str = ""
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> PackageMetadata:
        units = [UnitSpec(**u) for u in data.get("units", [])]
        return cls(**{**data, "units": units})


def _text(value, where: str, name: str, *, required: bool = False, max_length: int = 0) -> str:
    if value is None:
        value = ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise PackageError(_("%(where)s: “%(name)s” must be text.") % {"where": where, "name": name}, FILENAME)
    value = value.strip()
    if required and not value:
        raise PackageError(_("%(where)s: “%(name)s” is required.") % {"where": where, "name": name}, FILENAME)
    if max_length and len(value) > max_length:
        raise PackageError(_("%(where)s: “%(name)s” is longer than %(n)s characters.")
                           % {"where": where, "name": name, "n": max_length}, FILENAME)
    return value


def _date(value, where: str, name: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise PackageError(_("%(where)s: “%(name)s” must be a date written YYYY-MM-DD.")
                           % {"where": where, "name": name}, FILENAME) from exc


def _int(value, where: str, name: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PackageError(_("%(where)s: “%(name)s” must be a whole number.") % {"where": where, "name": name},
                           FILENAME)
    return value


def _unit(raw, index: int, payload: set[str], claimed: dict[str, str]) -> UnitSpec:
    where = _("unit %(n)s") % {"n": index + 1}
    if not isinstance(raw, dict):
        raise PackageError(_("%(where)s must be an object.") % {"where": where}, FILENAME)
    number = _text(raw.get("number"), where, "number", required=True, max_length=20)
    where = _("unit %(n)s (number %(number)s)") % {"n": index + 1, "number": number}
    title = _text(raw.get("title"), where, "title", required=True, max_length=10000)
    level = _text(raw.get("access_level") or UnitAccessLevel.INHERIT, where, "access_level")
    if level not in UnitAccessLevel.values:
        raise PackageError(_("%(where)s: access_level must be one of %(values)s.")
                           % {"where": where, "values": ", ".join(UnitAccessLevel.values)}, FILENAME)
    media = _text(raw.get("media") or Media.ELECTRONIC, where, "media")
    if media not in Media.values:
        raise PackageError(_("%(where)s: media must be one of %(values)s.")
                           % {"where": where, "values": ", ".join(Media.values)}, FILENAME)
    public_title = _text(raw.get("public_title"), where, "public_title", max_length=10000)
    personal = bool(raw.get("contains_personal_data")) or level == UnitAccessLevel.PERSONAL
    if personal and not public_title:
        raise PackageError(_("%(where)s contains personal data: give it a public_title without names.")
                           % {"where": where}, FILENAME)
    start, end = _date(raw.get("date_start"), where, "date_start"), _date(raw.get("date_end"), where, "date_end")
    if start and end and start > end:
        raise PackageError(_("%(where)s: date_start is after date_end.") % {"where": where}, FILENAME)
    files = raw.get("files")
    if not isinstance(files, list) or not files:
        raise PackageError(_("%(where)s: “files” must list at least one file in data/.") % {"where": where}, FILENAME)
    clean_files = []
    for name in files:
        if not isinstance(name, str) or name not in payload:
            raise PackageError(_("%(where)s names %(file)s, which is not in the bag's payload.")
                               % {"where": where, "file": name}, str(name))
        if name in claimed:
            raise PackageError(_("%(file)s is listed under two units (%(a)s and %(b)s).")
                               % {"file": name, "a": claimed[name], "b": number}, name)
        claimed[name] = number
        clean_files.append(name)
    return UnitSpec(
        number=number, title=title, files=clean_files, public_title=public_title, date_start=start, date_end=end,
        access_level=level, media=media, extent_sheets=_int(raw.get("extent_sheets"), where, "extent_sheets"),
        duration_seconds=_int(raw.get("duration_seconds"), where, "duration_seconds"),
        contains_personal_data=personal, restricted_until=_date(raw.get("restricted_until"), where, "restricted_until"),
        annotation=_text(raw.get("annotation"), where, "annotation", max_length=20000),
    )


def parse(root: Path, payload: list[str]) -> PackageMetadata:
    """Reads and checks the tag file against the bag's payload: every payload file belongs to
    exactly one unit, unit numbers are unique, values have the documented types."""
    path = root / FILENAME
    if not path.is_file():
        raise PackageError(_("The bag has no %(file)s at its root.") % {"file": FILENAME}, FILENAME)
    if path.stat().st_size > MAX_BYTES:
        raise PackageError(_("%(file)s is larger than 20 MB.") % {"file": FILENAME}, FILENAME)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(_("%(file)s is not valid UTF-8 JSON: %(error)s") % {"file": FILENAME, "error": exc},
                           FILENAME) from exc
    if not isinstance(data, dict):
        raise PackageError(_("%(file)s must hold a JSON object.") % {"file": FILENAME}, FILENAME)
    where = FILENAME
    units_raw = data.get("units")
    if not isinstance(units_raw, list) or not units_raw:
        raise PackageError(_("%(file)s: “units” must list at least one unit.") % {"file": FILENAME}, FILENAME)
    payload_set = set(payload)
    claimed: dict[str, str] = {}
    units = [_unit(raw, i, payload_set, claimed) for i, raw in enumerate(units_raw)]
    numbers = [u.number for u in units]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise PackageError(_("Unit numbers appear twice in %(file)s: %(numbers)s")
                           % {"file": FILENAME, "numbers": ", ".join(duplicates)}, FILENAME)
    unclaimed = sorted(payload_set - set(claimed))
    if unclaimed:
        raise PackageError(_("%(path)s is in the payload but no unit lists it in %(file)s.")
                           % {"path": unclaimed[0], "file": FILENAME}, unclaimed[0])
    known = {"fonds", "inventory", "units", "fonds_title", "inventory_title", "reference", "description"}
    return PackageMetadata(
        fonds=_text(data.get("fonds"), where, "fonds", required=True, max_length=20),
        inventory=_text(data.get("inventory"), where, "inventory", required=True, max_length=20),
        units=units,
        fonds_title=_text(data.get("fonds_title"), where, "fonds_title", max_length=1000),
        inventory_title=_text(data.get("inventory_title"), where, "inventory_title", max_length=1000),
        reference=_text(data.get("reference"), where, "reference", max_length=200),
        description=_text(data.get("description"), where, "description", max_length=20000),
        extra={k: v for k, v in data.items() if k not in known and isinstance(v, str | int | float | bool)},
    )
