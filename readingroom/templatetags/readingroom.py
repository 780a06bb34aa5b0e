"""Small template helpers of the portal: counts ("about 28 000"), status badges, reference codes."""
from django import template
from django.utils.translation import gettext as _

from .. import formats
from ..codes import unit_code

register = template.Library()

BADGES = {"submitted": "badge", "in_progress": "badge badge-warn", "ready": "badge badge-ok",
          "refused": "badge badge-error"}


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


@register.simple_tag
def count_text(count) -> str:
    """An exact count, or "about N" for a large set."""
    if count is None:
        return ""
    if getattr(count, "about", False):
        return _("about %(n)s") % {"n": _grouped(count.value)}
    return _grouped(getattr(count, "value", count))


@register.filter
def grouped(n) -> str:
    try:
        return _grouped(int(n))
    except (TypeError, ValueError):
        return ""


@register.filter
def status_badge(status: str) -> str:
    return BADGES.get(status, "badge")


@register.filter
def code(unit, sheets: str = "") -> str:
    return unit_code(unit, sheets or "")


@register.filter
def long_date(value) -> str:
    """A date in the reader's language: "6 декабря 2026 г.", "06.12.2026" in Kazakh."""
    return formats.long_date(value)


@register.filter
def long_datetime(value) -> str:
    return formats.long_datetime(value)
