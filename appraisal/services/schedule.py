"""The retention schedule: versions approved by an order, CSV import, and the articles that apply
to units and inventories."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holdings.models import Inventory, Unit, number_sort_key

from ..choices import RetentionKind
from ..models import InventoryArticle, RetentionSchedule, ScheduleArticle, UnitArticle
from .common import AppraisalError

CSV_COLUMNS = ["article", "document_type_ru", "document_type_kk", "retention", "notes"]
REQUIRED_COLUMNS = {"article", "retention"}
MAX_ROWS = 20000
MAX_BYTES = 5 * 1024 * 1024
PERMANENT_WORDS = {"permanent", "постоянно", "тұрақты", "пост."}
YEAR_WORDS = {"year", "years", "г", "г.", "год", "года", "лет", "л.", "жыл"}
EPK_WORDS = {"epk", "эпк", "стк"}


@dataclass
class ParsedArticle:
    """One article read from a CSV row."""

    row: int
    number: str
    document_type_ru: str
    document_type_kk: str
    retention_kind: str
    retention_years: int | None
    notes: str


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ImportReport:
    """What an import found: the articles, the errors with their row numbers, and the schedule made."""

    articles: list[ParsedArticle] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    schedule: RetentionSchedule | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_retention(value: str) -> tuple[str, int | None]:
    """"permanent" / "постоянно" / "тұрақты" -> permanent; "5", "5 лет" -> 5 years;
    "10 ЭПК", "10 лет ЭПК", "10 EPK", "10 СТК" -> 10 years with expert review. Raises ValueError."""
    text = (value or "").strip().lower().replace("(", " ").replace(")", " ").replace(",", " ")
    if text in PERMANENT_WORDS:
        return RetentionKind.PERMANENT, None
    tokens = text.split()
    epk = any(t in EPK_WORDS for t in tokens)
    rest = [t for t in tokens if t not in EPK_WORDS and t not in YEAR_WORDS]
    if len(rest) != 1 or not rest[0].isdigit() or not 0 < int(rest[0]) < 1000:
        raise ValueError(value)
    return (RetentionKind.YEARS_EPK if epk else RetentionKind.YEARS), int(rest[0])


def _read_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if len(data) > MAX_BYTES:
        raise AppraisalError(_("The file is larger than 5 MB."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AppraisalError(_("The file is not UTF-8 text. Save the CSV as UTF-8 and try again.")) from exc


def parse_schedule_csv(data: bytes | str) -> ImportReport:
    """Reads the CSV (comma or semicolon separated, UTF-8, header row first) and checks every row.
    Row numbers in errors are the line numbers a spreadsheet shows (the header is row 1)."""
    report = ImportReport()
    text = _read_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        report.errors.append(RowError(1, _("The file is empty.")))
        return report
    missing = REQUIRED_COLUMNS - set(header)
    if missing or not ({"document_type_ru", "document_type_kk"} & set(header)):
        report.errors.append(RowError(1, _("The header must name the columns %(columns)s.")
                                      % {"columns": ", ".join(CSV_COLUMNS)}))
        return report
    unknown = [h for h in header if h and h not in CSV_COLUMNS]
    if unknown:
        report.errors.append(RowError(1, _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}))
        return report
    seen: dict[str, int] = {}
    for line_no, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if line_no > MAX_ROWS + 1:
            report.errors.append(RowError(line_no, _("Too many rows: at most %(n)d articles per file.")
                                          % {"n": MAX_ROWS}))
            break
        if len(raw) > len(header):
            report.errors.append(RowError(line_no, _("The row has more cells than the header.")))
            continue
        row = {name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(header)}
        number = row.get("article", "")
        doc_ru, doc_kk = row.get("document_type_ru", ""), row.get("document_type_kk", "")
        if not number:
            report.errors.append(RowError(line_no, _("The article number is empty.")))
            continue
        if len(number) > 20:
            report.errors.append(RowError(line_no, _("The article number is longer than 20 characters.")))
            continue
        if not doc_ru and not doc_kk:
            report.errors.append(RowError(line_no, _("The document type is empty.")))
            continue
        try:
            kind, years = parse_retention(row.get("retention", ""))
        except ValueError:
            report.errors.append(RowError(line_no, _("Retention «%(value)s» is not understood: write "
                                                     "«permanent», a number of years, or years with «EPK».")
                                          % {"value": row.get("retention", "")}))
            continue
        if number in seen:
            report.errors.append(RowError(line_no, _("Article %(number)s already appears in row %(row)d.")
                                          % {"number": number, "row": seen[number]}))
            continue
        seen[number] = line_no
        report.articles.append(ParsedArticle(line_no, number, doc_ru or doc_kk, doc_kk or doc_ru, kind, years,
                                             row.get("notes", "")))
    if not report.articles and not report.errors:
        report.errors.append(RowError(2, _("The file has no articles.")))
    return report


def retention_schedule_import(*, actor, data: bytes | str, title_ru: str, title_kk: str, order_number: str,
                              order_date: dt.date, issued_by: str = "", make_current: bool = True,
                              dry_run: bool = False) -> ImportReport:
    """Creates a new schedule version with its articles from a CSV file, all or nothing.
    With dry_run (or any error) nothing is written; the report lists the errors by row."""
    order_number = (order_number or "").strip()
    if not order_number or not order_date or not (title_ru or "").strip():
        raise AppraisalError(_("A schedule needs a title and the number and date of the order approving it."))
    report = parse_schedule_csv(data)
    report.dry_run = dry_run
    if RetentionSchedule.objects.filter(order_number=order_number, order_date=order_date).exists():
        report.errors.insert(0, RowError(0, _("A schedule approved by order № %(number)s of %(date)s is already "
                                               "loaded.") % {"number": order_number, "date": f"{order_date:%d.%m.%Y}"}))
    if dry_run or report.errors:
        return report
    try:
        with transaction.atomic():
            if make_current:
                RetentionSchedule.objects.filter(is_current=True).update(is_current=False)
            schedule = RetentionSchedule.objects.create(
                title_ru=title_ru.strip(), title_kk=(title_kk or title_ru).strip(), order_number=order_number,
                order_date=order_date, issued_by=issued_by.strip(), is_current=make_current,
                article_count=len(report.articles), created_by=actor)
            ScheduleArticle.objects.bulk_create([
                ScheduleArticle(schedule=schedule, number=a.number, sort_key=number_sort_key(a.number),
                                document_type_ru=a.document_type_ru, document_type_kk=a.document_type_kk,
                                retention_kind=a.retention_kind, retention_years=a.retention_years, notes=a.notes)
                for a in report.articles], batch_size=1000)
    except IntegrityError as exc:
        raise AppraisalError(_("The schedule could not be saved: it clashes with one already loaded.")) from exc
    report.schedule = schedule
    return report


def retention_schedule_make_current(*, actor, schedule: RetentionSchedule) -> RetentionSchedule:
    with transaction.atomic():
        RetentionSchedule.objects.filter(is_current=True).exclude(pk=schedule.pk).update(is_current=False)
        RetentionSchedule.objects.filter(pk=schedule.pk).update(is_current=True)
    schedule.is_current = True
    return schedule


def current_schedule() -> RetentionSchedule | None:
    return RetentionSchedule.objects.filter(is_current=True).first()


def article_by_number(number: str, schedule: RetentionSchedule | None = None) -> ScheduleArticle:
    """The article with this number in the given (default: current) schedule, or AppraisalError."""
    schedule = schedule or current_schedule()
    number = (number or "").strip()
    article = ScheduleArticle.objects.filter(schedule=schedule, number=number).first() if schedule else None
    if article is None:
        raise AppraisalError(_("There is no article %(number)s in the current retention schedule.")
                             % {"number": number})
    return article


def unit_articles_set(*, actor, unit_ids: Sequence[int], article: ScheduleArticle | None) -> int:
    """Sets (or with None clears) the article that applies to each of the units; set-based."""
    unit_ids = list(unit_ids)
    with transaction.atomic():
        UnitArticle.objects.filter(unit_id__in=unit_ids).delete()
        if article is None:
            return len(unit_ids)
        now = timezone.now()
        UnitArticle.objects.bulk_create([UnitArticle(unit_id=uid, article=article, set_by=actor, set_at=now)
                                         for uid in unit_ids], batch_size=1000)
    return len(unit_ids)


def inventory_article_set(*, actor, inventory: Inventory, article: ScheduleArticle | None) -> None:
    with transaction.atomic():
        if article is None:
            InventoryArticle.objects.filter(inventory=inventory).delete()
        else:
            InventoryArticle.objects.update_or_create(
                inventory=inventory, defaults={"article": article, "set_by": actor, "set_at": timezone.now()})


def units_by_numbers(*, inventory: Inventory, numbers: str) -> list[int]:
    """Unit ids from "1, 2, 5-9" within an inventory; AppraisalError naming numbers not found."""
    wanted: list[str] = []
    for part in re.split(r"[,;\s]+", numbers or ""):
        if not part:
            continue
        if re.fullmatch(r"\d+-\d+", part):
            start, end = (int(x) for x in part.split("-"))
            if end < start or end - start > 10000:
                raise AppraisalError(_("The range %(range)s is not valid.") % {"range": part})
            wanted.extend(str(n) for n in range(start, end + 1))
        else:
            wanted.append(part)
    if not wanted:
        raise AppraisalError(_("Give the numbers of the units."))
    found = dict(Unit.objects.filter(inventory=inventory, number__in=wanted).values_list("number", "id"))
    missing = [n for n in wanted if n not in found]
    if missing:
        raise AppraisalError(_("No such units in this inventory: %(numbers)s")
                             % {"numbers": ", ".join(missing[:10]) + ("…" if len(missing) > 10 else "")})
    return [found[n] for n in dict.fromkeys(wanted)]

