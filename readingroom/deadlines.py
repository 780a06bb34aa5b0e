"""Due dates: a term per request kind, counted with the holiday calendar the administrator keeps.

Calendar-day terms end on the day the term runs out; when that day is a day off, the term ends on
the next working day. Working-day terms count only working days. Saturdays and Sundays are days
off unless the calendar declares one a working day (a transfer); a Holiday row on a weekday is a
day off."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .choices import DayCount, HolidayKind, RequestKind
from .models import Holiday, RequestTerm


@dataclass(frozen=True)
class Term:
    """A term in days and how it is counted."""

    days: int
    count: str


DEFAULT_TERMS = {
    RequestKind.CERTIFICATE: Term(15, DayCount.CALENDAR),
    RequestKind.COPY: Term(15, DayCount.CALENDAR),
    RequestKind.ACCESS: Term(30, DayCount.CALENDAR),
    RequestKind.VISIT: Term(0, DayCount.CALENDAR),
}

# A term never needs more than a year of calendar; one query loads it.
_HORIZON_DAYS = 400


def term_for(kind: str) -> Term:
    row = RequestTerm.objects.filter(kind=kind).values_list("days", "count").first()
    if row:
        return Term(days=row[0], count=row[1])
    return DEFAULT_TERMS[RequestKind(kind)]


class WorkCalendar:
    """Days off and working days between two dates, read in one query."""

    def __init__(self, start: dt.date, end: dt.date):
        rows = Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind")
        self.days_off = {d for d, kind in rows if kind == HolidayKind.HOLIDAY}
        self.working = {d for d, kind in rows if kind == HolidayKind.WORKING_DAY}

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        day = start
        while days > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day


def due_date(start: dt.date, term: Term) -> dt.date:
    """The last day of a term that starts on `start` (the day of submission is not counted)."""
    calendar = WorkCalendar(start, start + dt.timedelta(days=_HORIZON_DAYS + term.days * 2))
    if term.count == DayCount.WORKING:
        return calendar.add_working_days(start, term.days)
    return calendar.next_working_day(start + dt.timedelta(days=term.days))


def is_working_day(day: dt.date) -> bool:
    return WorkCalendar(day, day).is_working_day(day)
