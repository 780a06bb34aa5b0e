"""The back-office navigation: each app registers its entries in its AppConfig.ready()."""
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    """One link in the back-office navigation, shown to users for whom `allowed(user)` is true."""

    url_name: str
    label: str
    allowed: Callable
    order: int = 100


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)


def items_for(user, current_path: str) -> list[dict]:
    visible = []
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if not user.is_authenticated or not item.allowed(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        visible.append({"url": url, "label": item.label, "active": current_path.startswith(url)})
    return visible
