"""Import of existing inventories from CSV and XLSX files (design, section 4).

A file describes units, one per row, in the columns of COLUMNS (English names, or the Russian and
Kazakh headings listed beside them). Every import is first checked (a dry run): each row is read
and validated, the fonds and inventories it names are looked up, and unit numbers are checked
against the file itself and the database. The report lists row numbers and reasons. The load is
all or nothing: one bad row and nothing is written. Fonds and inventories that do not exist yet
are created (through the services) from the titles in the file; units go through the bulk path
(holdings/bulkload.py: COPY and one INSERT ... SELECT on PostgreSQL).

Import jobs (ImportJob) run the check and the load in the background (Celery); the state machine
is in TRANSITIONS."""
from __future__ import annotations

import csv
import datetime as dt
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from . import services
from .bulkload import Target, UnitStaging, ensure_locations, location_key
from .choices import AccessLevel, Media, UnitAccessLevel
from .models import Archive, Fonds, Inventory, number_sort_key

MAX_ERRORS = 500  # kept in a report; the total is counted further
EXTENSIONS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column("fonds_number", True, gettext_lazy("Fonds number in the archive"),
           ("fonds", "фонд", "№ фонда", "номер фонда", "қор", "қор нөмірі")),
    Column("fonds_title", False, gettext_lazy("Fonds title; needed when the fonds does not exist yet"),
           ("название фонда", "наименование фонда", "қордың атауы", "қор атауы")),
    Column("inventory_number", True, gettext_lazy("Inventory number in the fonds"),
           ("inventory", "опись", "№ описи", "номер описи", "тізімдеме", "тізімдеме нөмірі")),
    Column("inventory_title", False, gettext_lazy("Inventory title; needed when the inventory does not exist yet"),
           ("название описи", "наименование описи", "тізімдеменің атауы", "тізімдеме атауы")),
    Column("unit_number", True, gettext_lazy("Unit number in the inventory (e.g. 45 or 45а)"),
           ("unit", "дело", "№ дела", "номер дела", "ед. хр.", "единица хранения", "іс", "іс нөмірі")),
    Column("title", True, gettext_lazy("Full title of the unit"),
           ("заголовок", "заголовок дела", "название", "атауы", "тақырыбы", "іс атауы")),
    Column("public_title", False, gettext_lazy("Title without personal data; required for personal data"),
           ("публичный заголовок", "открытый заголовок", "жария атауы")),
    Column("date_start", False, gettext_lazy("Start date: 1941-06-22, 22.06.1941 or 1941"),
           ("начальная дата", "дата начала", "бастапқы күні")),
    Column("date_end", False, gettext_lazy("End date, in the same forms"),
           ("конечная дата", "дата окончания", "соңғы күні")),
    Column("sheets", False, gettext_lazy("Number of sheets"),
           ("листов", "количество листов", "кол-во листов", "парақ саны")),
    Column("duration", False, gettext_lazy("Duration of a recording: seconds or hh:mm:ss"),
           ("длительность", "хронометраж", "ұзақтығы")),
    Column("media", False, gettext_lazy("paper, photo, audiovisual, sound, electronic or microfilm"),
           ("носитель", "тасымалдағыш")),
    Column("access_level", False, gettext_lazy("open, personal, restricted or closed; empty inherits"),
           ("доступ", "уровень доступа", "қолжетімділік", "қол жеткізу деңгейі")),
    Column("restricted_until", False, gettext_lazy("Date until which the restriction holds"),
           ("ограничен до", "доступ ограничен до", "дейін шектелген")),
    Column("personal_data", False, gettext_lazy("yes if the unit contains personal data"),
           ("contains_personal_data", "персональные данные", "содержит персональные данные", "дербес деректер")),
    Column("location", False, gettext_lazy("Storage location: building / room / rack / shelf"),
           ("место хранения", "сақтау орны")),
    Column("annotation", False, gettext_lazy("Annotation (free text)"), ("аннотация", "аңдатпа")),
]
# Columns the CSV export adds; the importer reads past them.
IGNORED = {"reference code", "redacted", "шифр"}

MESSAGES = {
    "missing_column": gettext_lazy("The file has no column %(column)s."),
    "unknown_column": gettext_lazy("Column %(column)s is not known and was ignored."),
    "empty_file": gettext_lazy("The file has no rows to import."),
    "required": gettext_lazy("This value is required."),
    "too_long": gettext_lazy("The value is longer than %(max)s characters."),
    "bad_date": gettext_lazy("“%(value)s” is not a date (use 1941-06-22, 22.06.1941 or 1941)."),
    "bad_number": gettext_lazy("“%(value)s” is not a whole number."),
    "bad_duration": gettext_lazy("“%(value)s” is not a duration (seconds or hh:mm:ss)."),
    "bad_media": gettext_lazy("“%(value)s” is not a known media."),
    "bad_level": gettext_lazy("“%(value)s” is not a known access level."),
    "bad_bool": gettext_lazy("“%(value)s” is not yes or no."),
    "dates_order": gettext_lazy("The start date is after the end date."),
    "public_title": gettext_lazy("The unit contains personal data: give it a public title without names."),
    "duplicate": gettext_lazy("Unit %(number)s of inventory %(inventory)s, fonds %(fonds)s appears twice "
                              "(first in row %(first)s)."),
    "exists": gettext_lazy("Unit %(number)s already exists in inventory %(inventory)s of fonds %(fonds)s."),
    "fonds_title": gettext_lazy("Fonds %(fonds)s does not exist in this archive: give its title in fonds_title."),
    "inventory_title": gettext_lazy("Inventory %(inventory)s of fonds %(fonds)s does not exist: give its title "
                                    "in inventory_title."),
    "bad_location": gettext_lazy("The storage location needs at least a building."),
    "unreadable": gettext_lazy("The file cannot be read: %(reason)s"),
}


def message(entry: dict) -> str:
    """A report entry in the active language."""
    template = MESSAGES.get(entry.get("code", ""), None)
    if template is None:
        return entry.get("code", "")
    try:
        return str(template) % entry.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(template)


# ---------------------------------------------------------------- reading files
def _header_key(value) -> str:
    return re.sub(r"[\s_]+", " ", str(value or "").strip().lower())


_BY_HEADER = {}
for _col in COLUMNS:
    for _alias in (_col.name, *_col.aliases):
        _BY_HEADER[_header_key(_alias)] = _col.name


def read_table(path: str | Path, name: str | None = None) -> Iterator[list]:
    """The rows of a CSV (UTF-8, comma or semicolon) or XLSX file (first sheet), header first."""
    name = (name or str(path)).lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()
        return
    with open(path, encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        if first.startswith("\ufeff"):
            handle.read(1)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        yield from csv.reader(handle, delimiter=delimiter)


# ---------------------------------------------------------------- value parsing
_LEVELS: dict[str, str] = {}
_MEDIA: dict[str, str] = {}
_TRUE = {"yes", "y", "true", "1", "x", "+", "да", "д", "иә", "ия"}
_FALSE = {"", "no", "n", "false", "0", "-", "нет", "н", "жоқ"}


def _choice_maps() -> None:
    if _LEVELS:
        return
    for lang in ("en", "ru", "kk"):
        with translation.override(lang):
            for value, label in UnitAccessLevel.choices:
                _LEVELS[str(label).lower()] = value
                _LEVELS[value] = value
            for value, label in Media.choices:
                _MEDIA[str(label).lower()] = value
                _MEDIA[value] = value
    _LEVELS[""] = UnitAccessLevel.INHERIT
    # Words archivists write in inventories, whatever the interface translations say.
    for words, value in ((("наследуется", "мұрагерлік"), UnitAccessLevel.INHERIT),
                         (("открытый", "открыто", "открыт", "ашық"), UnitAccessLevel.OPEN),
                         (("персональные данные", "персональный", "дербес деректер", "дербес"),
                          UnitAccessLevel.PERSONAL),
                         (("ограниченный", "ограничен", "ограничено", "шектеулі", "шектелген"),
                          UnitAccessLevel.RESTRICTED),
                         (("закрытый", "закрыто", "закрыт", "жабық"), UnitAccessLevel.CLOSED)):
        for word in words:
            _LEVELS[word] = value
    for words, value in ((("бумага", "бумажный", "қағаз"), Media.PAPER),
                         (("фото", "фотодокумент", "фотосурет"), Media.PHOTO),
                         (("кино", "видео", "кинодокумент", "аудиовизуальный", "аудиовизуалды"), Media.AUDIOVISUAL),
                         (("звук", "фонодокумент", "звукозапись", "дыбыс", "дыбыс жазбасы"), Media.SOUND),
                         (("электронный", "электрондық"), Media.ELECTRONIC),
                         (("микрофильм", "микрофиша"), Media.MICROFILM)):
        for word in words:
            _MEDIA[word] = value


def text(value) -> str:
    """A cell as trimmed text (numbers without a trailing .0, dates in ISO form)."""
    if value.__class__ is str:
        value = value.strip()
        # The CSV export protects cells from spreadsheet formulas with a leading quote; take it off.
        if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
            return value[1:]
        return value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return text(str(value))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_date(value, *, end: bool = False) -> dt.date | None:
    """A date, or None when empty; a bare year means its first (or, for an end, its last) day.
    Raises ValueError for anything else."""
    if value.__class__ is str:
        value = value.strip()
        if len(value) == 10 and value[4] == "-":  # the usual ISO form, parsed in C
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if 1000 <= day.year <= 2200:
                    return day
                raise ValueError(value)
    elif isinstance(value, dt.datetime):
        return value.date()
    elif isinstance(value, dt.date):
        return value
    value = text(value)
    if not value:
        return None
    if m := _ISO.match(value):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _DOTTED.match(value):
        y, mo, d = int(m[3]), int(m[2]), int(m[1])
    elif m := _YEAR.match(value):
        y, mo, d = int(m[1]), (12 if end else 1), (31 if end else 1)
    else:
        raise ValueError(value)
    if not 1000 <= y <= 2200:
        raise ValueError(value)
    return dt.date(y, mo, d)


def parse_int(value) -> int | None:
    value = text(value)
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(value)
    number = int(value)
    if number > 2_000_000_000:
        raise ValueError(value)
    return number


def parse_duration(value) -> int | None:
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds())
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    value = text(value)
    if not value:
        return None
    if value.isdigit():
        return int(value)
    parts = value.split(":")
    if 2 <= len(parts) <= 3 and all(p.isdigit() for p in parts):
        seconds = 0
        for p in parts:
            seconds = seconds * 60 + int(p)
        return seconds
    raise ValueError(value)


# ---------------------------------------------------------------- the report
@dataclass
class ImportReport:
    """What a check or load found and did; JSON-serializable with to_json()."""

    rows: int = 0
    units: int = 0
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    warnings: list[dict] = field(default_factory=list)
    fonds_new: list[str] = field(default_factory=list)
    inventories_new: list[str] = field(default_factory=list)
    loaded: bool = False
    units_created: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def error(self, row: int | None, where: str, code: str, **params) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "column": where, "code": code,
                                "params": {k: str(v)[:200] for k, v in params.items()}})

    def to_json(self) -> dict:
        return {"rows": self.rows, "units": self.units, "errors": self.errors, "error_count": self.error_count,
                "warnings": self.warnings, "fonds_new": self.fonds_new[:200], "fonds_new_count": len(self.fonds_new),
                "inventories_new": self.inventories_new[:200], "inventories_new_count": len(self.inventories_new),
                "loaded": self.loaded, "units_created": self.units_created}


def _unreadable_errors() -> tuple[type[Exception], ...]:
    from zipfile import BadZipFile

    from openpyxl.utils.exceptions import InvalidFileException

    return (OSError, UnicodeDecodeError, csv.Error, BadZipFile, InvalidFileException, EOFError)


UNREADABLE = _unreadable_errors()


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a load that found errors."""


# ---------------------------------------------------------------- validation
class _Reader:
    """Validates rows one by one into the bulk path's normalized tuples and remembers what the
    relational checks need (fonds, inventories, locations, numbers seen)."""

    def __init__(self, report: ImportReport):
        _choice_maps()
        self.report = report
        self.fonds: dict[str, tuple[str, int]] = {}  # number -> (title, first row)
        self.inventories: dict[tuple[str, str], tuple[str, int]] = {}
        self.numbers: dict[tuple[str, str], dict[str, int]] = {}
        self.inheriting_without_public: dict[tuple[str, str], array] = {}
        self.locations: set[str] = set()
        self.index: dict[str, int] = {}
        self.width = 0

    def header(self, row: list) -> bool:
        self.width = len(row)
        for i, cell in enumerate(row):
            key = _header_key(cell)
            if not key:
                continue
            name = _BY_HEADER.get(key)
            if name is None:
                if key not in IGNORED:
                    self.report.warnings.append({"row": 1, "column": str(cell)[:100], "code": "unknown_column",
                                                 "params": {"column": str(cell)[:100]}})
            elif name not in self.index:
                self.index[name] = i
        for col in COLUMNS:
            if col.required and col.name not in self.index:
                self.report.error(1, col.name, "missing_column", column=col.name)
        return self.report.ok

    def rows(self, table: Iterator[list], on_row: Callable[[int], None] | None = None) -> Iterator[tuple]:
        # Each column's position in the row; a missing column points at a None added at the end.
        width = max(self.width, max(self.index.values(), default=-1) + 1)
        self.positions = [self.index.get(c.name, width) for c in COLUMNS]
        pad = [None] * (width + 1)
        row_no = 1
        for raw in table:
            row_no += 1
            if not raw or all(v is None or (v.__class__ is str and not v.strip()) for v in raw):
                continue
            self.report.rows += 1
            if on_row is not None and self.report.rows % 20000 == 0:
                on_row(self.report.rows)
            if len(raw) <= width:
                raw = list(raw) + pad[:width + 1 - len(raw)]
            elif raw.__class__ is not list or len(raw) == width:
                raw = list(raw)
            if len(raw) == width:
                raw.append(None)
            row = self.row(row_no, raw)
            if row is not None:
                yield row

    def row(self, row_no: int, raw: list) -> tuple | None:
        (p_fonds, p_fonds_title, p_inv, p_inv_title, p_number, p_title, p_public, p_start, p_end, p_sheets,
         p_duration, p_media, p_level, p_until, p_personal, p_location, p_annotation) = self.positions
        report = self.report
        errors_before = report.error_count
        fonds_no, inv_no, number = text(raw[p_fonds]), text(raw[p_inv]), text(raw[p_number])
        title, public_title = text(raw[p_title]), text(raw[p_public])
        for column, value, limit in (("fonds_number", fonds_no, 20), ("inventory_number", inv_no, 20),
                                     ("unit_number", number, 20), ("title", title, 5000)):
            if not value:
                report.error(row_no, column, "required")
            elif len(value) > limit:
                report.error(row_no, column, "too_long", max=limit)
        dates = []
        for column, position in (("date_start", p_start), ("date_end", p_end), ("restricted_until", p_until)):
            try:
                dates.append(parse_date(raw[position], end=position == p_end))
            except ValueError:
                dates.append(None)
                report.error(row_no, column, "bad_date", value=text(raw[position]))
        date_start, date_end, restricted_until = dates
        if date_start and date_end and date_start > date_end:
            report.error(row_no, "date_end", "dates_order")
        try:
            sheets = parse_int(raw[p_sheets])
        except ValueError:
            sheets = None
            report.error(row_no, "sheets", "bad_number", value=text(raw[p_sheets]))
        try:
            duration = parse_duration(raw[p_duration])
        except ValueError:
            duration = None
            report.error(row_no, "duration", "bad_duration", value=text(raw[p_duration]))
        media_text = text(raw[p_media]).lower()
        media = _MEDIA.get(media_text) if media_text else Media.PAPER
        if media is None:
            report.error(row_no, "media", "bad_media", value=text(raw[p_media]))
        level = _LEVELS.get(text(raw[p_level]).lower())
        if level is None:
            report.error(row_no, "access_level", "bad_level", value=text(raw[p_level]))
        flag = text(raw[p_personal]).lower()
        if flag in _TRUE:
            personal = True
        elif flag in _FALSE:
            personal = False
        else:
            personal = False
            report.error(row_no, "personal_data", "bad_bool", value=text(raw[p_personal]))
        if (personal or level == AccessLevel.PERSONAL) and not public_title:
            report.error(row_no, "public_title", "public_title")
        location = ""
        if raw_location := text(raw[p_location]):
            parts = [p.strip() for p in raw_location.split("/")]
            if not parts[0] or len(parts) > 4 or any(len(p) > 50 for p in parts[1:]) or len(parts[0]) > 100:
                report.error(row_no, "location", "bad_location")
            else:
                location = location_key(parts)
        annotation = text(raw[p_annotation])
        if not (fonds_no and inv_no and number):
            return None
        inv_key = (fonds_no, inv_no)
        fonds_title, inv_title = text(raw[p_fonds_title])[:1000], text(raw[p_inv_title])[:1000]
        known = self.fonds.get(fonds_no)
        if known is None or (not known[0] and fonds_title):
            self.fonds[fonds_no] = (fonds_title, known[1] if known else row_no)
        known = self.inventories.get(inv_key)
        if known is None or (not known[0] and inv_title):
            self.inventories[inv_key] = (inv_title, known[1] if known else row_no)
        seen = self.numbers.setdefault(inv_key, {})
        if number in seen:
            report.error(row_no, "unit_number", "duplicate", number=number, inventory=inv_no, fonds=fonds_no,
                         first=seen[number])
        else:
            seen[number] = row_no
        if report.error_count != errors_before:
            return None
        if level == UnitAccessLevel.INHERIT and not personal and not public_title:
            # Fine unless the inventory or fonds turns out to be personal: checked after the file is read.
            self.inheriting_without_public.setdefault(inv_key, array("l")).append(row_no)
        if location:
            self.locations.add(location)
        sort_key = int(number) * 1000 if number.isascii() and number.isdigit() and len(number) <= 12 \
            else number_sort_key(number)
        return (row_no, fonds_no, inv_no, number, sort_key, title, public_title, date_start, date_end, sheets,
                duration, media, level, restricted_until, personal, location, annotation)


# ---------------------------------------------------------------- check and load
@dataclass
class _Structure:
    fonds: dict[str, Fonds]
    inventories: dict[tuple[str, str], Inventory]
    new_fonds: list[str]
    new_inventories: list[tuple[str, str]]


def _resolve(archive: Archive, reader: _Reader, report: ImportReport) -> _Structure:
    """Finds the fonds and inventories the file names; reports the new ones that lack a title."""
    numbers = list(reader.fonds)
    fonds = {}
    for i in range(0, len(numbers), 500):
        for f in Fonds.objects.filter(archive=archive, number__in=numbers[i:i + 500]):
            fonds[f.number] = f
    inventories = {}
    by_fonds: dict[str, list[str]] = {}
    for fonds_no, inv_no in reader.inventories:
        if fonds_no in fonds:
            by_fonds.setdefault(fonds_no, []).append(inv_no)
    fonds_ids = {fonds[n].pk: n for n in by_fonds}
    wanted = {(fonds_no, inv_no) for fonds_no, invs in by_fonds.items() for inv_no in invs}
    ids = list(fonds_ids)
    for i in range(0, len(ids), 500):
        for inv in Inventory.objects.filter(fonds_id__in=ids[i:i + 500]):
            key = (fonds_ids[inv.fonds_id], inv.number)
            if key in wanted:
                inv.fonds = fonds[key[0]]
                inventories[key] = inv
    new_fonds = [n for n in numbers if n not in fonds]
    for n in new_fonds:
        title, first_row = reader.fonds[n]
        if not title:
            report.error(first_row, "fonds_title", "fonds_title", fonds=n)
    new_inventories = [k for k in reader.inventories if k not in inventories]
    for key in new_inventories:
        title, first_row = reader.inventories[key]
        if not title:
            report.error(first_row, "inventory_title", "inventory_title", fonds=key[0], inventory=key[1])
    for key, rows in reader.inheriting_without_public.items():
        inv = inventories.get(key)
        if inv is not None:
            level = inv.access_level if inv.access_level != UnitAccessLevel.INHERIT else inv.fonds.access_level
        else:
            level = fonds[key[0]].access_level if key[0] in fonds else AccessLevel.OPEN
        if level == AccessLevel.PERSONAL:
            for row_no in rows:
                report.error(row_no, "public_title", "public_title")
    report.fonds_new = new_fonds
    report.inventories_new = [f"{f}/{i}" for f, i in new_inventories]
    return _Structure(fonds, inventories, new_fonds, new_inventories)


def _targets(inventories: dict[tuple[str, str], Inventory]) -> dict[tuple[str, str], Target]:
    return {key: Target(inventory_id=inv.pk, fonds_id=inv.fonds_id, archive_id=inv.archive_id,
                        inventory_level=inv.access_level, fonds_level=inv.fonds.access_level)
            for key, inv in inventories.items()}


def import_file(*, actor, archive: Archive, path: str | Path, name: str | None = None, dry_run: bool = False,
                progress: Callable[[str, int], None] | None = None,
                on_loaded: Callable[[ImportReport], None] | None = None) -> ImportReport:
    """Checks (dry_run) or loads a file of units into `archive`, all or nothing. The caller has
    checked that `actor` may manage the archive's holdings. `on_loaded` runs inside the load's
    transaction once the units are written (an import job marks itself done there)."""
    report = ImportReport()
    name = name or Path(path).name
    try:
        with transaction.atomic():
            _check_and_load(actor=actor, archive=archive, path=path, name=name, dry_run=dry_run, report=report,
                            progress=progress, on_loaded=on_loaded)
    except _Rollback:
        pass
    except UNREADABLE as exc:
        # An unreadable file (wrong encoding, not a spreadsheet, broken archive) is a report, not a crash.
        report.error(None, "", "unreadable", reason=str(exc)[:200] or exc.__class__.__name__)
    return report


def _check_and_load(*, actor, archive, path, name, dry_run, report, progress, on_loaded) -> None:
    def tick(phase: str) -> Callable[[int], None]:
        return (lambda n: progress(phase, n)) if progress else None

    reader = _Reader(report)
    table = read_table(path, name)
    header = next(table, None)
    if header is None or not reader.header(header):
        if header is None:
            report.error(None, "", "empty_file")
        raise _Rollback
    with UnitStaging(for_load=not dry_run) as staging:
        for row in reader.rows(table, on_row=tick("reading")):
            if report.ok:
                staging.write(row)
        if report.rows == 0:
            report.error(None, "", "empty_file")
        report.units = report.rows
        staging.close()
        if not report.ok:
            raise _Rollback
        structure = _resolve(archive, reader, report)
        conflicts, total = staging.conflicts(_targets(structure.inventories))
        for row_no, fonds_no, inv_no, number in conflicts:
            report.error(row_no, "unit_number", "exists", number=number, inventory=inv_no, fonds=fonds_no)
        report.error_count += max(0, total - len(conflicts))
        if not report.ok or dry_run:
            raise _Rollback
        if progress:
            progress("writing", report.rows)
        created_fonds = services.fonds_create_many(actor=actor, archive=archive, items=[
            {"number": n, "title": reader.fonds[n][0]} for n in structure.new_fonds])
        structure.fonds.update({f.number: f for f in created_fonds})
        created_inventories = services.inventories_create_many(actor=actor, items=[
            {"fonds": structure.fonds[f], "number": i, "title": reader.inventories[(f, i)][0]}
            for f, i in structure.new_inventories])
        fonds_by_id = {f.pk: f for f in structure.fonds.values()}
        for inv in created_inventories:
            inv.fonds = fonds_by_id[inv.fonds_id]
            structure.inventories[(inv.fonds.number, inv.number)] = inv
        locations = ensure_locations(actor=actor, archive=archive, keys=reader.locations)
        try:
            with transaction.atomic():
                report.units_created = staging.insert(actor=actor, targets=_targets(structure.inventories),
                                                      locations=locations, source=name)
        except (IntegrityError, services.HoldingsError) as exc:
            # Another import took a number between the check and the load: report it, write nothing.
            report.error(None, "unit_number", "unreadable", reason=str(exc)[:200])
            raise _Rollback from exc
        report.loaded = True
        if on_loaded is not None:
            on_loaded(report)  # in the same transaction as the units
