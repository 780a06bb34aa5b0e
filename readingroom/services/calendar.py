"""The holiday calendar and request terms (kept by administrators) and archives' price lists."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from holdings.models import Archive

from .. import holidays_kz
from ..choices import DayCount, FeeService, HolidayKind, RequestKind
from ..models import Holiday, PriceListItem, RequestTerm
from ..permissions import may_keep_calendar, may_keep_price_list
from .common import RequestError


def _ensure_admin(actor) -> None:
    if not may_keep_calendar(actor):
        raise RequestError(_("Only administrators keep the holiday calendar."))


def holiday_add(*, actor, date: dt.date, kind: str = HolidayKind.HOLIDAY, name_kk: str = "", name_ru: str = "",
                name_en: str = "") -> Holiday:
    _ensure_admin(actor)
    if kind not in HolidayKind.values:
        raise RequestError(_("Unknown kind of day."))
    if kind == HolidayKind.WORKING_DAY and date.weekday() < 5:
        raise RequestError(_("Only a Saturday or Sunday can be declared a working day."))
    if not (name_kk or name_ru or name_en).strip():
        raise RequestError(_("Give the day a name."))
    try:
        with transaction.atomic():
            return Holiday.objects.create(date=date, kind=kind, name_kk=name_kk.strip(), name_ru=name_ru.strip(),
                                          name_en=name_en.strip())
    except IntegrityError as exc:
        raise RequestError(_("%(date)s is already in the calendar.") % {"date": date.strftime("%d.%m.%Y")}) from exc


def holiday_remove(*, actor, holiday: Holiday) -> None:
    _ensure_admin(actor)
    holiday.delete()


def holidays_load_year(*, actor, year: int) -> int:
    """Adds the public holidays of Kazakhstan for a year; days already in the calendar are kept."""
    _ensure_admin(actor)
    if not 2000 <= year <= 2100:
        raise RequestError(_("Choose a year between 2000 and 2100."))
    days = holidays_kz.public_holidays(year)
    with transaction.atomic():
        taken = set(Holiday.objects.filter(date__year=year).values_list("date", flat=True))
        new = [Holiday(date=h.date, kind=HolidayKind.HOLIDAY, name_kk=h.name_kk, name_ru=h.name_ru,
                       name_en=h.name_en) for h in days if h.date not in taken]
        Holiday.objects.bulk_create(new)
    return len(new)


def request_term_set(*, actor, kind: str, days: int, count: str) -> RequestTerm:
    _ensure_admin(actor)
    if kind not in RequestKind.values or count not in DayCount.values:
        raise RequestError(_("Unknown request kind or way of counting."))
    if not 0 <= days <= 365:
        raise RequestError(_("A term is between 0 and 365 days."))
    term, _created = RequestTerm.objects.update_or_create(kind=kind, defaults={"days": days, "count": count})
    return term


def price_item_set(*, actor, archive: Archive, service: str, price: Decimal, active: bool = True) -> PriceListItem:
    if not may_keep_price_list(actor, archive.pk):
        raise RequestError(_("You do not keep the price list of this archive."))
    if service not in FeeService.values:
        raise RequestError(_("Unknown service."))
    if price < 0:
        raise RequestError(_("A price cannot be negative."))
    item, _created = PriceListItem.objects.update_or_create(archive=archive, service=service,
                                                            defaults={"price": price, "active": active})
    return item
