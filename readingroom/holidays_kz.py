"""The public holidays of Kazakhstan (Law "On holidays in the Republic of Kazakhstan", Labour Code
art. 85): the fixed dates, the first day of Kurban ait for the years it is known here, and the
transfer rule: when a secular holiday falls on a Saturday or Sunday, the next working day is a day
off. Religious holidays (Orthodox Christmas, Kurban ait) are not transferred. Government decrees that
move further days are entered by the administrator in the calendar page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicHoliday:
    """One day off with its names."""

    date: dt.date
    name_kk: str
    name_ru: str
    name_en: str


FIXED = [
    ((1, 1), "Жаңа жыл", "Новый год", "New Year", True),
    ((1, 2), "Жаңа жыл", "Новый год", "New Year", True),
    ((1, 7), "Православиелік Рождество", "Православное Рождество", "Orthodox Christmas", False),
    ((3, 8), "Халықаралық әйелдер күні", "Международный женский день", "International Women's Day", True),
    ((3, 21), "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    ((3, 22), "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    ((3, 23), "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    ((5, 1), "Қазақстан халқының бірлігі мерекесі", "Праздник единства народа Казахстана",
     "Kazakhstan People's Unity Day", True),
    ((5, 7), "Отан қорғаушы күні", "День защитника Отечества", "Defender of the Fatherland Day", True),
    ((5, 9), "Жеңіс күні", "День Победы", "Victory Day", True),
    ((7, 6), "Астана күні", "День Столицы", "Capital Day", True),
    ((8, 30), "Конституция күні", "День Конституции", "Constitution Day", True),
    ((10, 25), "Республика күні", "День Республики", "Republic Day", True),
    ((12, 16), "Тәуелсіздік күні", "День Независимости", "Independence Day", True),
]

# First day of Kurban ait, as announced for each year (a lunar date).
KURBAN_AIT = {2024: dt.date(2024, 6, 16), 2025: dt.date(2025, 6, 6), 2026: dt.date(2026, 5, 27)}

TRANSFER_NAMES = ("Ауыстырылған демалыс күні", "Перенесённый выходной день", "Transferred day off")


def public_holidays(year: int) -> list[PublicHoliday]:
    """Days off of one year, with transfers of secular holidays that fall on a weekend."""
    days: dict[dt.date, PublicHoliday] = {}
    transferable: list[dt.date] = []
    for (month, day), kk, ru, en, secular in FIXED:
        date = dt.date(year, month, day)
        days[date] = PublicHoliday(date, kk, ru, en)
        if secular and date.weekday() >= 5:
            transferable.append(date)
    if year in KURBAN_AIT:
        date = KURBAN_AIT[year]
        days.setdefault(date, PublicHoliday(date, "Құрбан айт", "Курбан айт", "Kurban Ait"))
    for date in sorted(transferable):
        moved = date + dt.timedelta(days=1)
        while moved.weekday() >= 5 or moved in days:
            moved += dt.timedelta(days=1)
        days[moved] = PublicHoliday(moved, *TRANSFER_NAMES)
    return sorted(days.values(), key=lambda h: h.date)
