"""Small template helpers of the holdings back office."""
from django import template
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

from .. import access, codes
from ..choices import AccessLevel, UnitAccessLevel

register = template.Library()

_BADGE = {AccessLevel.OPEN: "badge-ok", AccessLevel.PERSONAL: "badge-warn", AccessLevel.RESTRICTED: "badge-warn",
          AccessLevel.CLOSED: "badge-error"}
_LABELS = dict(UnitAccessLevel.choices)
# Short words for badges in tables; the full label is the badge's tooltip.
_SHORT = {
    UnitAccessLevel.INHERIT: pgettext_lazy("access badge", "Inherit"),
    UnitAccessLevel.OPEN: pgettext_lazy("access badge", "Open"),
    UnitAccessLevel.PERSONAL: pgettext_lazy("access badge", "Personal data"),
    UnitAccessLevel.RESTRICTED: pgettext_lazy("access badge", "Restricted"),
    UnitAccessLevel.CLOSED: pgettext_lazy("access badge", "Closed"),
}


@register.filter
def local_code(canonical: str) -> str:
    """A reference code kept as canonical text (`F. 1, Inv. 2, U. 3`) in the active language."""
    return codes.localize(canonical)


@register.simple_tag
def level_badge(level: str) -> str:
    """A coloured badge for an access level (or "inherit")."""
    return format_html('<span class="badge {}" title="{}">{}</span>', _BADGE.get(level, ""),
                       _LABELS.get(level, level), _SHORT.get(level, level))


@register.simple_tag
def unit_level(unit) -> str:
    """The level in force today (a lapsed restriction reads as open), as a badge."""
    return level_badge(access.effective_level(unit))


@register.filter
def duration(seconds) -> str:
    """Seconds as h:mm:ss."""
    if seconds in (None, ""):
        return ""
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@register.simple_tag
def date_range(start, end) -> str:
    """"05.01.1998 – 30.12.1998", a single date when both are the same, "—" when there are none."""
    if not start and not end:
        return "—"
    first = start.strftime("%d.%m.%Y") if start else "…"
    last = end.strftime("%d.%m.%Y") if end else "…"
    return first if start == end else f"{first} – {last}"
