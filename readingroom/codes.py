"""Reference codes of units with their sheets in the reader's language ("Ф. 1, Оп. 2, Д. 3, Л. 4-5",
from holdings.codes), and parsing of codes and sheet lists typed by people."""
from __future__ import annotations

import re

from django.utils.translation import gettext as _

from holdings.codes import local_code

MAX_SHEETS = 5000


def unit_code(unit, sheets: str = "") -> str:
    """Needs the unit's inventory and fonds loaded (Unit.objects.with_codes())."""
    return local_code(unit.inventory.fonds.number, unit.inventory.number, unit.number, sheets)


_CODE = re.compile(r"^\D*?(\d+[^\s,.;]*)\D+?(\d+[^\s,.;]*)\D+?(\d+[^\s,.;]*)(?:\D+?([\d\s,\-–]+))?\s*$")


def parse_code(text: str) -> tuple[str, str, str, str] | None:
    """"F. 1, Inv. 2, U. 3, sh. 4-5" (any language or punctuation) -> ("1", "2", "3", "4-5")."""
    match = _CODE.match(text.strip())
    if not match:
        return None
    fonds, inventory, unit, sheets = match.groups()
    return fonds, inventory, unit, normalize_sheets(sheets or "")


def normalize_sheets(text: str) -> str:
    return re.sub(r"\s+", "", (text or "").replace("–", "-")).strip(",")


def parse_sheets(text: str) -> list[int]:
    """"1-3, 7" -> [1, 2, 3, 7]; raises ValueError with a translated message for nonsense."""
    text = normalize_sheets(text)
    if not text:
        return []
    pages: set[int] = set()
    for part in text.split(","):
        if not part:
            continue
        if not re.fullmatch(r"\d+(-\d+)?", part):
            raise ValueError(_("Write sheets as numbers and ranges, for example 1-3, 7."))
        if "-" in part:
            first, last = (int(p) for p in part.split("-"))
            if first < 1 or last < first:
                raise ValueError(_("The sheet range %(range)s is not valid.") % {"range": part})
            if last - first > MAX_SHEETS:
                raise ValueError(_("Too many sheets in one request."))
            pages.update(range(first, last + 1))
        else:
            number = int(part)
            if number < 1:
                raise ValueError(_("Sheet numbers start at 1."))
            pages.add(number)
        if len(pages) > MAX_SHEETS:
            raise ValueError(_("Too many sheets in one request."))
    return sorted(pages)
