"""Reference codes in the reader's language: `F. 12, Inv. 1, U. 5` is `Ф. 12, Оп. 1, Д. 5` in
Russian and `Қ. 12, Т. 1, І. 5` in Kazakh.

The models' `reference_code` stays the canonical English form that the API, the exports (CSV,
EAD3, OAI-PMH) and stored tombstones use; pages, e-mails and printed documents show these."""
import re

from django.utils.translation import gettext as _


def fonds_code(fonds: str) -> str:
    return _("F. %(fonds)s") % {"fonds": fonds}


def inventory_code(fonds: str, inventory: str) -> str:
    return _("F. %(fonds)s, Inv. %(inventory)s") % {"fonds": fonds, "inventory": inventory}


def local_code(fonds: str, inventory: str, unit: str, sheets: str = "") -> str:
    """The unit's code, with the sheets (`, sh. 2-4`) when given."""
    code = _("F. %(fonds)s, Inv. %(inventory)s, U. %(unit)s") % {"fonds": fonds, "inventory": inventory,
                                                                  "unit": unit}
    if sheets:
        code += _(", sh. %(sheets)s") % {"sheets": sheets}
    return code


_CANONICAL = re.compile(r"^F\. (?P<fonds>[^,]+)(?:, Inv\. (?P<inventory>[^,]+)(?:, U\. (?P<unit>[^,]+))?)?$")


def localize(canonical: str) -> str:
    """A canonical code kept as text (an act's line, an event) in the active language; any other
    text is returned as it is."""
    match = _CANONICAL.match(canonical or "")
    if match is None:
        return canonical
    if match["unit"] is not None:
        return local_code(match["fonds"], match["inventory"], match["unit"])
    if match["inventory"] is not None:
        return inventory_code(match["fonds"], match["inventory"])
    return fonds_code(match["fonds"])
