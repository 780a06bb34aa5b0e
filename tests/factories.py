"""factory_boy factories shared by the whole suite. Holdings factories go through the services,
so counters, effective access and search vectors are right as in production."""
import datetime as dt

import factory
from django.contrib.auth.models import Group

from accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.kz")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    preferred_language = "ru"
    email_confirmed = True
    is_active = True

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(*Group.objects.filter(name__in=[str(r) for r in extracted]))


def date(year: int, month: int = 1, day: int = 1) -> dt.date:
    return dt.date(year, month, day)


# ---------------------------------------------------------------- holdings
from holdings import services as holdings_services  # noqa: E402
from holdings.models import Archive, Fonds, Inventory, Region, Unit  # noqa: E402


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:02d}")
    name_kk = factory.Sequence(lambda n: f"Облыс {n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class ArchiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Archive
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"A{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Мұрағат {n}")
    name_ru = factory.Sequence(lambda n: f"Архив {n}")
    name_en = factory.Sequence(lambda n: f"Archive {n}")
    kind = "regional"
    region = factory.SubFactory(RegionFactory)
    is_rural = False


def make_fonds(archive: Archive, number: str = "1", title: str = "Fonds", actor=None, **data) -> Fonds:
    return holdings_services.fonds_create(actor=actor, archive=archive, number=number, title=title, **data)


def make_inventory(fonds: Fonds, number: str = "1", title: str = "Inventory", actor=None, **data) -> Inventory:
    return holdings_services.inventory_create(actor=actor, fonds=fonds, number=number, title=title, **data)


def make_unit(inventory: Inventory, number: str = "1", title: str = "Unit", actor=None, **data) -> Unit:
    if data.get("access_level") == "personal" or data.get("contains_personal_data"):
        data.setdefault("public_title", "Personal file")
    return holdings_services.unit_create(actor=actor, inventory=inventory,
                                         data=holdings_services.UnitData(number=number, title=title, **data))


def make_tree(archive: Archive | None = None, units: int = 3, **unit_data) -> tuple[Fonds, Inventory, list[Unit]]:
    """A fonds with one inventory and `units` units in a new or given archive."""
    archive = archive or ArchiveFactory()
    fonds = make_fonds(archive, number=str(Fonds.objects.filter(archive=archive).count() + 1))
    inventory = make_inventory(fonds)
    return fonds, inventory, [make_unit(inventory, number=str(i + 1), title=f"Unit {i + 1}", **unit_data)
                              for i in range(units)]
