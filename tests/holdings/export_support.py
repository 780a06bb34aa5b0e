"""Shared data and schema helpers of the search, import, export, OAI-PMH and leak tests."""
import datetime as dt
from functools import cache
from pathlib import Path

from django.conf import settings
from lxml import etree

from tests.factories import make_fonds, make_inventory, make_unit

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "schemas"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}"
EAD = "{http://ead3.archivists.org/schema/}"


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def assert_valid(doc, name: str) -> None:
    xsd = schema(name)
    if not xsd.validate(doc):
        raise AssertionError(f"not valid against {name}: {xsd.error_log}")


def streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def catalogue(archive, actor=None, prefix: str = "") -> dict:
    """A fonds with one unit of each access level (titles with unique words), a closed inventory,
    and a closed fonds. Returns the objects by name."""
    fonds = make_fonds(archive, f"{prefix}10", f"{prefix}Фонд облисполкома", actor=actor)
    inventory = make_inventory(fonds, "1", "Опись дел постоянного хранения", actor=actor)
    units = {
        "open": make_unit(inventory, "1", "Протоколы заседаний исполкома о строительстве", actor=actor,
                          access_level="open", date_start=dt.date(1950, 1, 1), date_end=dt.date(1950, 12, 31),
                          extent_sheets=120, annotation="Аннотация открытого дела"),
        "kazakh": make_unit(inventory, "2", "Мәслихат сессиясының хаттамалары", actor=actor, media="paper"),
        "personal": make_unit(inventory, "3", "Личное дело Жумабаевой Айгерим", actor=actor,
                              access_level="personal", public_title="Личное дело работника исполкома",
                              date_end=dt.date(2000, 1, 1), annotation="Секретная аннотация личного дела"),
        "restricted": make_unit(inventory, "4", "Сведения о спецпоселенцах района", actor=actor,
                                access_level="restricted", restricted_until=dt.date(2090, 1, 1)),
        "closed": make_unit(inventory, "5", "Шифротелеграммы особого сектора", actor=actor, access_level="closed"),
        "photo": make_unit(inventory, "6", "Фотографии строительства ГЭС", actor=actor, media="photo",
                           access_level="open", date_start=dt.date(1970, 1, 1), date_end=dt.date(1970, 1, 1)),
    }
    closed_inventory = make_inventory(fonds, "2", "Опись режимно-секретных дел", actor=actor, access_level="closed")
    units["in_closed_inventory"] = make_unit(closed_inventory, "1", "Документы режимного отделения", actor=actor)
    closed_fonds = make_fonds(archive, f"{prefix}11", "Фонд особого отдела", actor=actor, access_level="closed")
    closed_fonds_inventory = make_inventory(closed_fonds, "1", "Опись особого отдела", actor=actor)
    units["in_closed_fonds"] = make_unit(closed_fonds_inventory, "1", "Донесения особого отдела", actor=actor)
    return {"fonds": fonds, "inventory": inventory, "closed_inventory": closed_inventory,
            "closed_fonds": closed_fonds, **units}
