"""Fixtures of the reading-room tests: one archive with an open, a personal, a restricted and a
closed unit (the first three digitized), a second citizen, and reading-room staff of archive B."""
import datetime as dt

import pytest

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole
from tests.factories import UserFactory, make_fonds, make_inventory, make_unit

from .factories import add_pages, with_codes


@pytest.fixture(autouse=True)
def _english():
    """Service messages are matched in English; pages choose their language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.READINGROOM_VISITS_PER_DAY = 2
    settings.DELIVERY_LINK_DAYS = 14
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def dave(db):
    """Another citizen."""
    return UserFactory(username="dave", roles=[Role.RESEARCHER], preferred_language="kk")


@pytest.fixture
def rob(archive_b):
    """Reading-room staff of archive B."""
    user = UserFactory(username="rob", roles=[Role.READING_ROOM])
    access.staff_grant(archive=archive_b, user=user, role=StaffRole.READING_ROOM, actor=None)
    return user


@pytest.fixture
def tree(archive_a):
    """Fonds 1 / inventory 1 of archive A: units 1 open (3 pages), 2 personal (2 pages),
    3 restricted (1 page), 4 closed, 5 electronic open."""
    fonds = make_fonds(archive_a, number="1", title="Хлопчатобумажный комбинат")
    inventory = make_inventory(fonds, number="1", title="Приказы")
    open_unit = make_unit(inventory, "1", "Приказы по комбинату 1975", access_level="open", extent_sheets=3,
                          date_start=dt.date(1975, 1, 1), date_end=dt.date(1975, 12, 31))
    personal = make_unit(inventory, "2", "Личное дело Секретова Тимура", access_level="personal",
                         public_title="Личное дело работника", extent_sheets=2,
                         date_start=dt.date(1950, 1, 1), date_end=dt.date(1985, 12, 31))
    restricted = make_unit(inventory, "3", "Секретный доклад Тайнова", access_level="restricted", extent_sheets=1)
    closed = make_unit(inventory, "4", "Закрытое дело Скрытова", access_level="closed")
    electronic = make_unit(inventory, "5", "Электронный приказ", access_level="open", media="electronic")
    add_pages(open_unit, 3)
    add_pages(personal, 2)
    add_pages(restricted, 1)
    units = {name: with_codes(u) for name, u in (("open", open_unit), ("personal", personal),
                                                  ("restricted", restricted), ("closed", closed),
                                                  ("electronic", electronic))}
    return type("Tree", (), {"fonds": fonds, "inventory": inventory, **units})
