"""`generate_holdings`: synthetic holdings through the bulk path, deterministic for a seed, with the
access-level shares of a national archive."""
import pytest
from django.core.management import call_command

from holdings.models import Archive, Fonds, Inventory, Unit
from holdings.synthetic import Generator

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(Unit.objects.order_by("archive__code", "fonds__number", "inventory__number", "sort_key").values_list(
        "archive__code", "fonds__number", "inventory__number", "number", "title", "public_title", "effective_access",
        "media", "date_start", "restricted_until"))


def test_command_generates_counts_and_prints_the_rate(capsys):
    call_command("generate_holdings", "--units", "1200", "--seed", "3", "--archives", "25", "--batch", "500")
    out = capsys.readouterr().out
    assert "Generated 1,200 units" in out and "units/s" in out
    assert Unit.objects.count() == 1200
    assert Archive.objects.filter(code__startswith="G-").count() == 25
    assert Archive.objects.filter(code__startswith="G-D", is_rural=True).count() == 25 - 24
    # stored counters agree with the rows
    for fonds in Fonds.objects.all():
        assert fonds.unit_count == Unit.objects.filter(fonds=fonds).count()
        assert fonds.inventory_count == Inventory.objects.filter(fonds=fonds).count()
    for inventory in Inventory.objects.all():
        assert inventory.unit_count == Unit.objects.filter(inventory=inventory).count()


def test_same_seed_same_holdings():
    Generator(seed=7, archives=10).run(units=600, batch=250)
    first = snapshot()
    Unit.objects.all().delete()
    Inventory.objects.all().delete()
    Fonds.objects.all().delete()
    Generator(seed=7, archives=10).run(units=600, batch=250)
    assert snapshot() == first
    Unit.objects.all().delete()
    Inventory.objects.all().delete()
    Fonds.objects.all().delete()
    Generator(seed=8, archives=10).run(units=600, batch=250)
    assert snapshot() != first


def test_shares_of_access_levels_and_languages():
    Generator(seed=1, archives=20).run(units=3000, batch=3000)
    total = Unit.objects.count()
    own = dict.fromkeys(["personal", "restricted", "closed"], 0)
    for level in own:
        own[level] = Unit.objects.filter(access_level=level).count() / total
    assert 0.07 < own["personal"] < 0.13
    assert 0.01 < own["restricted"] < 0.05 and 0.005 < own["closed"] < 0.04
    personal = Unit.objects.filter(access_level="personal")
    assert not personal.filter(public_title="").exists()  # every personal file has a public title
    assert all(p.restricted_until for p in personal[:50])  # end date + 75 years
    kazakh = Unit.objects.filter(title__regex=r"[әғқңөұүһі]").count() / total
    assert 0.2 < kazakh < 0.5
    assert Unit.objects.filter(title__startswith="Личное дело: ").exists()


def test_big_inventory_option():
    Generator(seed=1, archives=5).run(units=900, batch=400, big_inventory=500)
    biggest = Inventory.objects.order_by("-unit_count").first()
    assert biggest.unit_count == 500 and Unit.objects.count() == 900


def test_bad_arguments():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("generate_holdings", "--units", "0")
