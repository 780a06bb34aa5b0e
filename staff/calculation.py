"""The allowance calculation: pure functions over already-fetched rows (no database access here).

For each staff member and month, the days of employment are split at every change (position or
rate, base salary, the archive's rural status, the allowance rule, the start or end of
employment). Each piece where a rule applies becomes one line:

    amount = base salary × percent / 100 × rate × days / days in month,

computed in Decimal and rounded half-up to the tiyn (0.01 tenge). Totals are sums of the rounded
lines, so every total equals the sum of the lines it shows."""
from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, NamedTuple, TypeVar

from holdings.models import Archive

from .models import AllowanceRule, Appointment, ArchiveRuralPeriod, Position, SalaryRecord, StaffMember

TIYN = Decimal("0.01")
HUNDRED = Decimal(100)
T = TypeVar("T")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def days_in_month(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from `first`'s month to `last`'s month, inclusive."""
    out, cur = [], month_start(first)
    while cur <= last:
        out.append(cur)
        cur = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def allowance_amount(*, base_salary: Decimal, percent: Decimal, rate: Decimal, days: int,
                     days_in_month: int) -> Decimal:
    """One line's amount, rounded half-up to the tiyn; one division so nothing is rounded twice."""
    exact = (base_salary * percent * rate * days) / (HUNDRED * days_in_month)
    return exact.quantize(TIYN, rounding=ROUND_HALF_UP)


class Timeline(Generic[T]):
    """Values valid from a date until the next one; `at(day)` gives the value in force (or None)."""

    def __init__(self, items: Iterable[tuple[dt.date, T]]):
        pairs = sorted(items, key=lambda p: p[0])
        self.dates = [d for d, _v in pairs]
        self.values = [v for _d, v in pairs]

    def at(self, day: dt.date) -> T | None:
        i = bisect_right(self.dates, day)
        return self.values[i - 1] if i else None

    def changes_within(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Dates after `first` up to `last` on which a new value starts."""
        lo, hi = bisect_right(self.dates, first), bisect_right(self.dates, last)
        return self.dates[lo:hi]


@dataclass(frozen=True)
class Line:
    """One piece of one staff member's month with a constant base, rate, status and rule."""

    staff_member: StaffMember
    archive: Archive
    position: Position
    rule: AllowanceRule
    month: dt.date
    start: dt.date
    end: dt.date
    base_salary: Decimal
    days: int
    days_in_month: int
    rate: Decimal
    percent: Decimal
    is_rural: bool
    amount: Decimal

    @property
    def month_label(self) -> str:
        return f"{self.month:%Y-%m}"


class AppointmentRow(NamedTuple):
    """From `valid_from` on, the member holds `position` at `rate` (an Appointment, or its columns)."""

    staff_member_id: int
    valid_from: dt.date
    position: Position
    rate: Decimal


class SalaryRow(NamedTuple):
    """From `valid_from` on, the member's base salary (a SalaryRecord, or its columns)."""

    staff_member_id: int
    valid_from: dt.date
    base_salary: Decimal


class RuralRow(NamedTuple):
    """From `valid_from` on, the archive is (or is not) rural (an ArchiveRuralPeriod, or its columns)."""

    archive_id: int
    valid_from: dt.date
    is_rural: bool


@dataclass
class Inputs:
    """Everything the calculation reads, fetched in a fixed number of queries (see selectors).
    Model instances work as rows too: they have the same attributes."""

    members: Sequence[StaffMember]
    appointments: Sequence[AppointmentRow | Appointment]
    salaries: Sequence[SalaryRow | SalaryRecord]
    rural_periods: Sequence[RuralRow | ArchiveRuralPeriod]
    rules: Sequence[AllowanceRule]


def rules_in_force(rules: Sequence[AllowanceRule], first: dt.date, last: dt.date) -> list[AllowanceRule]:
    """The rules that apply on some day of [first, last] (rules sorted by date)."""
    before = [r for r in rules if r.valid_from <= first]
    return before[-1:] + [r for r in rules if first < r.valid_from <= last]


def may_be_rural(is_rural_flag: bool, periods: Sequence[RuralRow | ArchiveRuralPeriod], first: dt.date,
                 last: dt.date) -> bool:
    """Whether the archive is rural on some day of [first, last]."""
    timeline = Timeline((p.valid_from, p.is_rural) for p in periods)
    at_first = timeline.at(first)
    if (is_rural_flag if at_first is None else at_first) is True:
        return True
    return any(timeline.at(day) for day in timeline.changes_within(first, last))


def calculate(inputs: Inputs, months: Sequence[dt.date]) -> list[Line]:
    """Allowance lines of every member for the given months, ordered by month, archive, member."""
    appointments: dict[int, list[tuple[dt.date, AppointmentRow | Appointment]]] = {}
    for a in inputs.appointments:
        appointments.setdefault(a.staff_member_id, []).append((a.valid_from, a))
    salaries: dict[int, list[tuple[dt.date, SalaryRow | SalaryRecord]]] = {}
    for s in inputs.salaries:
        salaries.setdefault(s.staff_member_id, []).append((s.valid_from, s))
    rural: dict[int, list[tuple[dt.date, bool]]] = {}
    for p in inputs.rural_periods:
        rural.setdefault(p.archive_id, []).append((p.valid_from, p.is_rural))
    rules = Timeline((r.valid_from, r) for r in inputs.rules)
    rural_lines = {archive_id: Timeline(items) for archive_id, items in rural.items()}
    empty: Timeline = Timeline([])

    members = sorted(inputs.members, key=lambda m: (m.archive.code, m.last_name, m.first_name, m.pk))
    timelines = [(m, Timeline(appointments.get(m.pk, [])), Timeline(salaries.get(m.pk, [])),
                  rural_lines.get(m.archive_id, empty)) for m in members]
    lines: list[Line] = []
    for month in months:
        bounds = (month, month_end(month), days_in_month(month))
        for member, member_appointments, member_salaries, archive_rural in timelines:
            lines.extend(_member_month(member, bounds, member_appointments, member_salaries, archive_rural, rules))
    return lines


def _member_month(member: StaffMember, bounds: tuple[dt.date, dt.date, int], appointments: Timeline[AppointmentRow],
                  salaries: Timeline[SalaryRow], rural: Timeline[bool],
                  rules: Timeline[AllowanceRule]) -> list[Line]:
    month, month_last, n_days = bounds
    first = max(month, member.employment_start)
    last = min(month_last, member.employment_end or month_last)
    if first > last:
        return []
    cuts = sorted({first, *appointments.changes_within(first, last), *salaries.changes_within(first, last),
                   *rural.changes_within(first, last), *rules.changes_within(first, last)})
    pieces: list[tuple[tuple, dt.date, dt.date]] = []
    for i, start in enumerate(cuts):
        end = cuts[i + 1] - dt.timedelta(days=1) if i + 1 < len(cuts) else last
        appointment, salary, rule = appointments.at(start), salaries.at(start), rules.at(start)
        is_rural = rural.at(start)
        if is_rural is None:
            is_rural = member.archive.is_rural
        if appointment is None or salary is None or rule is None:
            continue
        if not rule.applies_to(is_specialist=appointment.position.is_specialist, is_rural=is_rural):
            continue
        key = (appointment.position, appointment.rate, salary.base_salary, rule, is_rural)
        # Adjacent pieces that differ in nothing that matters (a repeated salary, say) make one line.
        if pieces and pieces[-1][0] == key and pieces[-1][2] + dt.timedelta(days=1) == start:
            pieces[-1] = (key, pieces[-1][1], end)
        else:
            pieces.append((key, start, end))
    out = []
    for (position, rate, base, rule, is_rural), start, end in pieces:
        days = (end - start).days + 1
        out.append(Line(
            staff_member=member, archive=member.archive, position=position, rule=rule, month=month,
            start=start, end=end, base_salary=base, days=days, days_in_month=n_days, rate=rate,
            percent=rule.percent, is_rural=is_rural,
            amount=allowance_amount(base_salary=base, percent=rule.percent, rate=rate, days=days,
                                    days_in_month=n_days)))
    return out
