"""Factories of the staff app. Staff members are hired through the service, so each has its first
appointment and salary record as in production."""
import datetime as dt
import itertools
from decimal import Decimal

import factory

from accounts.validators import control_digit
from staff import services
from staff.choices import PositionCategory
from staff.models import AllowanceRule, Position, StaffMember

_iin_counter = itertools.count(1)


def valid_iin(seed: int | None = None) -> str:
    """A 12-digit IIN with a correct check digit (born 1985-05-15, varying serial)."""
    n = next(_iin_counter) if seed is None else seed
    while True:
        first = f"850515{3 + n % 2}{n % 10000:04d}"
        check = control_digit(first)
        if check is not None:
            return first + str(check)
        n += 1


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("title_ru",)

    title_ru = factory.Sequence(lambda n: f"Архивист {n}")
    title_kk = factory.Sequence(lambda n: f"Мұрағатшы {n}")
    is_specialist = True
    category = PositionCategory.CORE


class AllowanceRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllowanceRule
        django_get_or_create = ("valid_from",)

    valid_from = dt.date(2020, 1, 1)
    name_ru = "Надбавка специалистам сельских архивов"
    name_kk = "Ауылдық мұрағаттардың мамандарына үстемеақы"
    percent = Decimal("25.00")
    specialists_only = True
    rural_only = True
    basis = "Закон об архивах, ст. 1"


def make_member(*, archive, position=None, base_salary="200000.00", start=dt.date(2020, 1, 1), end=None,
                rate="1", last_name=None, first_name="Айгуль", user=None, actor=None, iin=None) -> StaffMember:
    return services.staff_member_create(
        actor=actor, last_name=last_name or f"Сотрудник{next(_iin_counter)}", first_name=first_name,
        middle_name="", iin=iin or valid_iin(), archive=archive, position=position or PositionFactory(),
        rate=Decimal(rate), employment_start=start, employment_end=end, base_salary=Decimal(base_salary),
        user=user)
