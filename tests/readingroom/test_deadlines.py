"""Due dates: terms per request kind counted with the holiday calendar."""
import datetime as dt

import pytest
from django.utils import timezone

from readingroom import deadlines, holidays_kz, services
from readingroom.choices import DayCount, HolidayKind, RequestKind
from readingroom.models import Holiday, RequestTerm
from readingroom.services import RequestError

pytestmark = pytest.mark.django_db

D = dt.date


def test_default_certificate_term_is_15_calendar_days():
    assert deadlines.term_for(RequestKind.CERTIFICATE) == deadlines.Term(15, DayCount.CALENDAR)
    # Monday 2 March 2026 + 15 days = Tuesday 17 March: a working day, nothing moves.
    assert deadlines.due_date(D(2026, 3, 2), deadlines.term_for(RequestKind.CERTIFICATE)) == D(2026, 3, 17)


def test_calendar_term_ending_on_holidays_moves_to_next_working_day():
    Holiday.objects.create(date=D(2026, 3, 23), name_ru="Наурыз")
    Holiday.objects.create(date=D(2026, 3, 24), name_ru="Перенесённый выходной")
    term = deadlines.Term(15, DayCount.CALENDAR)
    # 6 March + 15 = Saturday 21 March; Sunday 22, Monday 23 and Tuesday 24 are days off.
    assert deadlines.due_date(D(2026, 3, 6), term) == D(2026, 3, 25)
    # Without the calendar the same term would end on Monday 23 March.
    Holiday.objects.all().delete()
    assert deadlines.due_date(D(2026, 3, 6), term) == D(2026, 3, 23)


def test_working_day_term_skips_weekends_and_holidays():
    term = deadlines.Term(5, DayCount.WORKING)
    # From Thursday 30 April 2026: 1 May (Fri) is a holiday; 4, 5, 6, 8, 11 May are the five working days
    # (7 May and 9 May are holidays, 9-10 a weekend).
    for day in (D(2026, 5, 1), D(2026, 5, 7)):
        Holiday.objects.create(date=day, name_ru="праздник")
    assert deadlines.due_date(D(2026, 4, 30), term) == D(2026, 5, 11)


def test_a_transferred_working_saturday_counts():
    Holiday.objects.create(date=D(2026, 1, 3), kind=HolidayKind.WORKING_DAY, name_ru="рабочая суббота")
    assert deadlines.due_date(D(2026, 1, 2), deadlines.Term(1, DayCount.WORKING)) == D(2026, 1, 3)
    assert deadlines.is_working_day(D(2026, 1, 3))
    assert not deadlines.is_working_day(D(2026, 1, 4))


def test_configured_term_replaces_the_default():
    RequestTerm.objects.create(kind=RequestKind.COPY, days=10, count=DayCount.WORKING)
    assert deadlines.term_for(RequestKind.COPY) == deadlines.Term(10, DayCount.WORKING)


def test_kazakhstan_holidays_with_transfers():
    days = {h.date: h for h in holidays_kz.public_holidays(2026)}
    assert {D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 7), D(2026, 3, 8), D(2026, 3, 21), D(2026, 3, 22),
            D(2026, 3, 23), D(2026, 5, 1), D(2026, 5, 7), D(2026, 5, 9), D(2026, 5, 27), D(2026, 7, 6),
            D(2026, 8, 30), D(2026, 10, 25), D(2026, 12, 16)} <= set(days)
    # 8 March 2026 is a Sunday, 21-22 March a weekend, 9 May a Saturday, 30 August and 25 October Sundays:
    # the next working days are off. Orthodox Christmas and Kurban ait are never transferred.
    assert {D(2026, 3, 9), D(2026, 3, 24), D(2026, 3, 25), D(2026, 5, 11), D(2026, 8, 31),
            D(2026, 10, 26)} <= set(days)
    assert days[D(2026, 3, 21)].name_kk == "Наурыз мейрамы"


def test_loading_a_year_is_idempotent_and_for_administrators_only(adam, carol):
    added = services.holidays_load_year(actor=adam, year=2026)
    assert added == len(holidays_kz.public_holidays(2026))
    assert services.holidays_load_year(actor=adam, year=2026) == 0
    with pytest.raises(RequestError):
        services.holidays_load_year(actor=carol, year=2027)


def test_holiday_rules(adam):
    with pytest.raises(RequestError, match="Saturday or Sunday"):
        services.holiday_add(actor=adam, date=D(2026, 6, 3), kind=HolidayKind.WORKING_DAY, name_ru="x")
    services.holiday_add(actor=adam, date=D(2026, 6, 3), name_ru="День")
    with pytest.raises(RequestError, match="already"):
        services.holiday_add(actor=adam, date=D(2026, 6, 3), name_ru="Ещё раз")


def test_request_due_date_uses_the_calendar(carol, archive_a):
    today = timezone.localdate()
    Holiday.objects.create(date=today + dt.timedelta(days=15), name_ru="праздник")
    req = services.certificate_request_create(actor=carol, archive=archive_a, certificate_kind="work_record",
                                              certificate_language="ru", person_name="Карина Оспанова",
                                              organization="Завод")
    assert req.due_date == deadlines.due_date(today, deadlines.Term(15, DayCount.CALENDAR))
    assert req.due_date > today + dt.timedelta(days=15)
