"""Personas and places of the staff tests.

- adam (shared): national administrator       - nadia: administrator of the North region only
- alice (shared): archivist, not an administrator
- north: region with the rural archive R1      - south: region with the city archive C1"""
import datetime as dt

import pytest

from accounts.choices import Role
from staff.models import AdministratorScope
from tests.factories import ArchiveFactory, RegionFactory, UserFactory

from .factories import AllowanceRuleFactory, PositionFactory


@pytest.fixture
def north(db):
    return RegionFactory(code="NORTH", name_ru="Северная область", name_kk="Солтүстік облысы", name_en="North")


@pytest.fixture
def south(db):
    return RegionFactory(code="SOUTH", name_ru="Южная область", name_kk="Оңтүстік облысы", name_en="South")


@pytest.fixture
def rural_archive(north):
    return ArchiveFactory(code="R1", region=north, is_rural=True, kind="district", name_ru="Сельский архив",
                          name_kk="Ауылдық мұрағат", name_en="Rural archive")


@pytest.fixture
def city_archive(south):
    return ArchiveFactory(code="C1", region=south, is_rural=False, kind="city", name_ru="Городской архив",
                          name_kk="Қалалық мұрағат", name_en="City archive")


@pytest.fixture
def nadia(north):
    user = UserFactory(username="nadia", roles=[Role.ADMINISTRATOR])
    AdministratorScope.objects.create(user=user, region=north)
    return user


@pytest.fixture
def rule(db):
    return AllowanceRuleFactory()


@pytest.fixture
def specialist(db):
    return PositionFactory(title_ru="Ведущий архивист", title_kk="Жетекші мұрағатшы", is_specialist=True)


@pytest.fixture
def driver(db):
    return PositionFactory(title_ru="Водитель", title_kk="Жүргізуші", is_specialist=False, category="support")


@pytest.fixture
def march():
    return dt.date(2025, 3, 1)
