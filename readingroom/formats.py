"""Dates as the reader of each language writes them: Russian and English keep Django's long formats
("6 декабря 2026 г.", "Dec. 6, 2026"), Kazakh gets day.month.year from archive_site/formats/kk."""
from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value: dt.date | dt.datetime | None) -> str:
    """"6 декабря 2026 г." / "Dec. 6, 2026" / "06.12.2026"."""
    if not value:
        return ""
    return formats.date_format(_local(value), "DATE_FORMAT")


def long_datetime(value: dt.datetime | None) -> str:
    if not value:
        return ""
    return formats.date_format(_local(value), "DATETIME_FORMAT")
