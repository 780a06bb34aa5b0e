"""Small template filters of the accessions pages."""
from django import template

register = template.Library()


@register.filter
def hms(seconds) -> str:
    """Seconds as H:MM:SS (a running time), empty for nothing."""
    try:
        total = int(round(float(seconds)))
    except (TypeError, ValueError):
        return ""
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
