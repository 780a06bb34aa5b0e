"""Number formats of the staff pages. Django has no Kazakh format module, and Kazakh, like Russian,
writes 60 000,00; these filters use that for both and Django's own format for other languages."""
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()

_SPACE_COMMA = {"kk", "ru"}


def _space_comma() -> bool:
    return (get_language() or "")[:2] in _SPACE_COMMA


@register.filter
def money(value) -> str:
    """60 000,00 (kk, ru) or 60,000.00 (en): two decimals, thousands grouped."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    if _space_comma():
        return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return formats.number_format(value, 2, force_grouping=True)


@register.filter
def share(value) -> str:
    """A rate or percent without trailing zeros: 0,5 (kk, ru) or 0.5 (en)."""
    if value in (None, ""):
        return ""
    text = format(Decimal(value).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if _space_comma() else text
