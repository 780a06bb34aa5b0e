"""The allowance report of a month or a year: lines, totals by archive, by region and by month, the
entitled staff, and training counts. Every total is a sum of the rounded lines below it."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from holdings.models import Archive, Region

from . import selectors
from .calculation import Line, month_end, months_between
from .choices import PeriodKind

ZERO = Decimal("0.00")
_MONTH_RE = re.compile(r"^([0-9]{4})-([0-9]{2})$")


@dataclass(frozen=True)
class Period:
    """A month (`month` set) or a calendar year."""

    year: int
    month: int | None = None

    @classmethod
    def parse_month(cls, value: str) -> Period:
        """`YYYY-MM`; raises ValueError otherwise."""
        m = _MONTH_RE.match((value or "").strip())
        if not m or not 1 <= int(m.group(2)) <= 12 or not 1900 < int(m.group(1)) < 2200:
            raise ValueError(value)
        return cls(year=int(m.group(1)), month=int(m.group(2)))

    @classmethod
    def current_month(cls) -> Period:
        today = timezone.localdate()
        return cls(year=today.year, month=today.month)

    @property
    def kind(self) -> PeriodKind:
        return PeriodKind.MONTH if self.month else PeriodKind.YEAR

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month or 1, 1)

    @property
    def last(self) -> dt.date:
        return month_end(dt.date(self.year, self.month or 12, 1))

    @property
    def months(self) -> list[dt.date]:
        return months_between(self.first, self.last)

    @property
    def trend_months(self) -> list[dt.date]:
        """The months of the month-by-month chart: the year up to the month (or the whole year)."""
        return months_between(dt.date(self.year, 1, 1), self.last)

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    @property
    def query(self) -> dict[str, str]:
        return {"period": "month", "month": self.label} if self.month else {"period": "year", "year": str(self.year)}


@dataclass
class ArchiveTotal:
    """One archive's figures in the report."""

    archive: Archive
    staff_ids: set[int] = field(default_factory=set)
    lines: int = 0
    amount: Decimal = ZERO
    trainings: int = 0
    training_hours: int = 0

    @property
    def staff_count(self) -> int:
        return len(self.staff_ids)


@dataclass
class RegionTotal:
    """One region's figures in the report."""

    region: Region
    archive_ids: set[int] = field(default_factory=set)
    staff_ids: set[int] = field(default_factory=set)
    amount: Decimal = ZERO
    trainings: int = 0
    training_hours: int = 0

    @property
    def staff_count(self) -> int:
        return len(self.staff_ids)

    @property
    def archive_count(self) -> int:
        return len(self.archive_ids)


@dataclass
class MonthTotal:
    """One month's total; months after the current one are a forecast from today's data."""

    month: dt.date
    amount: Decimal = ZERO
    staff_ids: set[int] = field(default_factory=set)
    forecast: bool = False

    @property
    def staff_count(self) -> int:
        return len(self.staff_ids)

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass
class EntitledStaff:
    """One entitled staff member with the lines that make up their amount."""

    lines: list[Line]
    amount: Decimal = ZERO

    @property
    def member(self):
        return self.lines[0].staff_member

    @property
    def archive(self) -> Archive:
        return self.lines[0].archive


@dataclass
class Report:
    """Everything the page, the downloads and the API show for one period and scope."""

    period: Period
    archive: Archive | None
    region: Region | None
    lines: list[Line]
    by_archive: list[ArchiveTotal]
    by_region: list[RegionTotal]
    trend: list[MonthTotal]
    entitled: list[EntitledStaff]
    total: Decimal
    trainings: int
    training_hours: int

    @property
    def staff_count(self) -> int:
        return len(self.entitled)

    @property
    def by_month(self) -> list[MonthTotal]:
        return [m for m in self.trend if self.period.first <= m.month <= self.period.last]

    @property
    def has_forecast(self) -> bool:
        return any(m.forecast for m in self.by_month)

    @property
    def scope_label(self) -> str:
        if self.archive is not None:
            return self.archive.name
        if self.region is not None:
            return self.region.name
        return _("Whole country")


def build_report(*, user, period: Period, archive: Archive | None = None, region: Region | None = None) -> Report:
    """Computes the report for the administrator's scope, narrowed to an archive or a region."""
    all_lines = selectors.allowance_lines(user=user, months=period.trend_months, archive=archive, region=region)
    lines = [ln for ln in all_lines if period.first <= ln.month <= period.last]
    this_month = timezone.localdate().replace(day=1)

    trend = {m: MonthTotal(month=m, forecast=m > this_month) for m in period.trend_months}
    for ln in all_lines:
        t = trend[ln.month]
        t.amount += ln.amount
        t.staff_ids.add(ln.staff_member.pk)

    by_archive: dict[int, ArchiveTotal] = {}
    entitled: dict[int, EntitledStaff] = {}
    for ln in lines:
        a = by_archive.setdefault(ln.archive.pk, ArchiveTotal(archive=ln.archive))
        a.staff_ids.add(ln.staff_member.pk)
        a.lines += 1
        a.amount += ln.amount
        e = entitled.setdefault(ln.staff_member.pk, EntitledStaff(lines=[]))
        e.lines.append(ln)
        e.amount += ln.amount

    trained = selectors.training_totals(user=user, first=period.first, last=period.last, archive=archive,
                                       region=region)
    for a in trained:
        total = by_archive.setdefault(a.pk, ArchiveTotal(archive=a))
        total.trainings, total.training_hours = a.trainings, a.training_hours or 0

    by_region: dict[int, RegionTotal] = {}
    for a in by_archive.values():
        r = by_region.setdefault(a.archive.region_id, RegionTotal(region=a.archive.region))
        if a.lines:
            r.archive_ids.add(a.archive.pk)
        r.staff_ids |= a.staff_ids
        r.amount += a.amount
        r.trainings += a.trainings
        r.training_hours += a.training_hours

    return Report(
        period=period, archive=archive, region=region, lines=lines,
        by_archive=sorted(by_archive.values(), key=lambda a: (a.archive.region.code, a.archive.code)),
        by_region=sorted(by_region.values(), key=lambda r: r.region.code),
        trend=list(trend.values()),
        entitled=sorted(entitled.values(), key=lambda e: (e.archive.code, e.member.last_name, e.member.first_name,
                                                          e.member.pk)),
        total=sum((ln.amount for ln in lines), ZERO),
        trainings=sum(a.trainings for a in trained),
        training_hours=sum(a.training_hours or 0 for a in trained),
    )
