"""Dates as the reader of each language writes them. Django has no Kazakh formats, so its defaults
("Жел. 6, 2026", "12/06/2026 8:14 Т.Қ.") would give Kazakh readers the American order, where a due
date of 01/05/2027 reads as the first of May: Kazakh gets day.month.year, Russian and English keep
Django's long formats."""
from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import get_language

NUMERIC_DATE = "d.m.Y"
NUMERIC_DATETIME = "d.m.Y H:i"


def _numeric_language() -> bool:
    return (get_language() or "")[:2] == "kk"


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value: dt.date | dt.datetime | None) -> str:
    """"6 декабря 2026 г." / "Dec. 6, 2026" / "06.12.2026"."""
    if not value:
        return ""
    value = _local(value)
    return formats.date_format(value, NUMERIC_DATE if _numeric_language() else "DATE_FORMAT")


def long_datetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    value = _local(value)
    return formats.date_format(value, NUMERIC_DATETIME if _numeric_language() else "DATETIME_FORMAT")
