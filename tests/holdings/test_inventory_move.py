"""Moving an inventory, with its units, to another fonds of the same archive: in the back office,
through the API (PATCH `fonds`; a unit moves with PATCH `inventory`) and at the service level."""
import pytest
from django.urls import reverse
from django.utils import translation

from holdings import services
from holdings.models import ChangeRecord, Fonds, Inventory, Unit
from holdings.services import HoldingsError
from tests.factories import make_fonds, make_inventory, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_fonds(archive_a, alice, tree_a):
    fonds, inventory, units = tree_a  # fonds 1 (open) > inventory 1 > units 1..3
    make_unit(inventory, "4", "Личное дело", access_level="personal", actor=alice)
    other = make_fonds(archive_a, "2", "Фонд закрытый", access_level="restricted", actor=alice)
    make_inventory(other, "5", "Опись 5", actor=alice)
    return fonds, inventory, other


def counters(*objects):
    return [(type(o).objects.get(pk=o.pk).inventory_count if isinstance(o, Fonds) else None,
             type(o).objects.get(pk=o.pk).unit_count) for o in objects]


def test_service_moves_units_counters_levels_and_history(two_fonds, alice):
    fonds, inventory, other = two_fonds
    services.inventory_move(actor=alice, inventory=inventory, to_fonds=other)
    inventory.refresh_from_db()
    assert inventory.fonds_id == other.pk and inventory.number == "1"
    units = Unit.objects.filter(inventory=inventory)
    assert set(units.values_list("fonds_id", flat=True)) == {other.pk}
    # inheriting units take the new fonds' level; a unit with its own level keeps it
    assert dict(units.values_list("number", "effective_access")) == {
        "1": "restricted", "2": "restricted", "3": "restricted", "4": "personal"}
    assert counters(fonds, other, inventory) == [(0, 0), (2, 4), (None, 4)]
    moves = ChangeRecord.objects.filter(action="move")
    assert {(r.fonds_id, r.inventory_id) for r in moves} == {(other.pk, inventory.pk), (fonds.pk, None)}
    assert all(r.changes == {"reference": ["F. 1, Inv. 1", "F. 2, Inv. 1"], "unit_count": 4} and r.user == alice
               for r in moves)


def test_service_refuses_another_archive_and_a_taken_number(two_fonds, alice, tree_b):
    fonds, inventory, other = two_fonds
    fonds_b, _inventory_b, _units = tree_b
    with translation.override("en"), pytest.raises(HoldingsError, match="same archive"):
        services.inventory_move(actor=alice, inventory=inventory, to_fonds=fonds_b)
    make_inventory(other, "1", "Опись 1 фонда 2", actor=alice)
    with translation.override("en"), pytest.raises(HoldingsError, match="already has an inventory numbered 1"):
        services.inventory_move(actor=alice, inventory=inventory, to_fonds=other)
    assert Inventory.objects.get(pk=inventory.pk).fonds_id == fonds.pk
    assert counters(fonds, other) == [(1, 4), (2, 0)]


def test_back_office_move(office_client, alice, two_fonds):
    fonds, inventory, other = two_fonds
    page = reverse("holdings:inventory_move", args=[inventory.pk])
    c = office_client(alice)
    assert 'data-testid="move-inventory"' in c.get(reverse("holdings:inventory_detail", args=[inventory.pk])).content.decode()
    assert c.get(page).status_code == 200
    response = c.post(page, {"fonds_number": "99"})
    assert response.status_code == 400 and "There is no fonds 99 in this archive." in response.content.decode()
    response = c.post(page, {"fonds_number": "2"})
    assert response["Location"] == reverse("holdings:inventory_detail", args=[inventory.pk])
    detail = c.get(response["Location"]).content.decode()
    assert "The inventory was moved: it is now F. 2, Inv. 1." in detail
    assert Inventory.objects.get(pk=inventory.pk).fonds_id == other.pk
    history = c.get(reverse("holdings:fonds_detail", args=[fonds.pk])).content.decode()
    assert "F. 2, Inv. 1" in history  # the fonds it left says where it went


def test_back_office_move_in_russian_and_kazakh(web_client, alice, two_fonds):
    _fonds, inventory, _other = two_fonds
    page = reverse("holdings:inventory_move", args=[inventory.pk])
    for language, words in (("ru", ["Переместить опись", "Фонда 99 в этом архиве нет."]),
                            ("kk", ["Тізімдемені ауыстыру", "Бұл мұрағатта 99 қоры жоқ."])):
        c = web_client(alice)
        c.cookies["archive_language"] = language
        body = c.get(page).content.decode() + c.post(page, {"fonds_number": "99"}).content.decode()
        for word in words:
            assert word in body, (language, word)


def test_only_the_archives_archivists_move(office_client, bob, rita, two_fonds):
    _fonds, inventory, _other = two_fonds
    page = reverse("holdings:inventory_move", args=[inventory.pk])
    assert office_client(bob).post(page, {"fonds_number": "2"}).status_code == 404
    assert office_client(rita).post(page, {"fonds_number": "2"}).status_code == 403
    assert office_client(rita).get(page).status_code == 403


def test_api_moves_inventories_and_units(api_client, alice, bob, two_fonds, tree_b):
    fonds, inventory, other = two_fonds
    fonds_b, inventory_b, _units_b = tree_b
    client = api_client(alice)
    path = f"/api/v1/inventories/{inventory.pk}/"
    # a fonds the caller does not describe is refused
    assert client.patch(path, {"fonds": fonds_b.pk}, format="json").status_code == 400
    assert api_client(bob).patch(path, {"fonds": fonds_b.pk}, format="json").status_code == 404
    response = client.patch(path, {"fonds": other.pk, "title": "Опись 1 (перенесена)"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["fonds"], body["reference_code"], body["title"]) == (other.pk, "F. 2, Inv. 1", "Опись 1 (перенесена)")
    unit = Unit.objects.get(inventory=inventory, number="1")
    target = Inventory.objects.get(fonds=other, number="5")
    response = client.patch(f"/api/v1/units/{unit.pk}/", {"inventory": target.pk}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["inventory"], response.json()["reference_code"]) == (target.pk, "F. 2, Inv. 5, U. 1")
    assert client.patch(f"/api/v1/units/{unit.pk}/", {"inventory": inventory_b.pk}, format="json").status_code == 400
    # all or nothing: a refused move leaves the rest of the change undone too
    make_inventory(fonds, "1", "Новая опись 1", actor=alice)
    response = client.patch(path, {"fonds": fonds.pk, "title": "не сохранится"}, format="json",
                            HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "already has an inventory numbered 1" in response.json()["detail"]
    assert Inventory.objects.get(pk=inventory.pk).title == "Опись 1 (перенесена)"
