"""/api/v1/archives/, /api/v1/fonds/, /api/v1/inventories/: visibility, filters, staff writes."""
import pytest
from django.urls import reverse

from holdings.models import ChangeRecord, Fonds, Inventory
from tests.factories import make_fonds, make_inventory

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_url_names():
    assert reverse("archive-list") == "/api/v1/archives/"
    assert reverse("fonds-list") == "/api/v1/fonds/"
    assert reverse("inventory-list") == "/api/v1/inventories/"
    assert reverse("digitalobject-list") == "/api/v1/digital-objects/"


def test_archives_are_public_and_filterable(api_client, archive_a, archive_b):
    archive_b.is_rural = True
    archive_b.save()
    body = api_client(None).get("/api/v1/archives/").json()
    assert {row["code"] for row in body["results"]} == {"A", "B"}
    row = next(r for r in body["results"] if r["code"] == "A")
    assert row["name_kk"] == "А мұрағаты" and row["region"] == archive_a.region.code
    assert ids(api_client(None).get("/api/v1/archives/", {"is_rural": "true"})) == [archive_b.pk]
    assert api_client(None).post("/api/v1/archives/", {"code": "X"}).status_code in (401, 403, 405)


def test_closed_fonds_and_their_inventories_exist_only_for_staff(api_client, alice, bob, carol, archive_a, tree_a):
    open_fonds, open_inventory, _units = tree_a
    closed = make_fonds(archive_a, "2", "Особый фонд", access_level="closed", actor=alice)
    closed_inventory = make_inventory(closed, "1", actor=alice)
    for user in (None, carol, bob):
        assert ids(api_client(user).get("/api/v1/fonds/")) == [open_fonds.pk]
        assert ids(api_client(user).get("/api/v1/inventories/")) == [open_inventory.pk]
        assert api_client(user).get(f"/api/v1/fonds/{closed.pk}/").status_code == 404
        assert api_client(user).get(f"/api/v1/inventories/{closed_inventory.pk}/").status_code == 404
    assert set(ids(api_client(alice).get("/api/v1/fonds/"))) == {open_fonds.pk, closed.pk}
    body = api_client(alice).get(f"/api/v1/inventories/{closed_inventory.pk}/").json()
    assert (body["access_level"], body["effective_access_level"]) == ("inherit", "closed")


def test_filters_and_order_inside_a_parent(api_client, alice, archive_a, archive_b, tree_a, tree_b):
    fonds, inventory, _units = tree_a
    for number in ("10", "2", "1а"):
        make_fonds(archive_a, number, f"Фонд {number}", actor=alice)
    for number in ("3", "2"):
        make_inventory(fonds, number, actor=alice)
    body = api_client(None).get("/api/v1/fonds/", {"archive": archive_a.pk, "page_size": 3}).json()
    assert [row["number"] for row in body["results"]] == ["1", "1а", "2"]
    assert [row["number"] for row in api_client(None).get(body["next"]).json()["results"]] == ["10"]
    numbers = [row["number"] for row in api_client(None).get("/api/v1/inventories/", {"fonds": fonds.pk}).json()[
        "results"]]
    assert numbers == ["1", "2", "3"]
    assert api_client(None).get("/api/v1/fonds/", {"archive": "x"}).status_code == 400


def test_archivist_describes_fonds_and_inventories(api_client, alice, archive_a):
    client = api_client(alice)
    response = client.post("/api/v1/fonds/", {"archive": archive_a.pk, "number": "33", "title": "Отдел ЗАГС",
                                              "creator_name": "Отдел ЗАГС", "kind": "institution"}, format="json")
    assert response.status_code == 201, response.content
    fonds = response.json()
    assert (fonds["reference_code"], fonds["creator"]) == ("F. 33", "Отдел ЗАГС")
    response = client.post("/api/v1/inventories/", {"fonds": fonds["id"], "number": "1", "title": "Записи актов"},
                           format="json")
    assert response.status_code == 201
    inventory = response.json()
    assert Fonds.objects.get(pk=fonds["id"]).inventory_count == 1
    response = client.patch(f"/api/v1/fonds/{fonds['id']}/", {"access_level": "personal"}, format="json")
    assert response.json()["access_level"] == "personal"
    response = client.patch(f"/api/v1/inventories/{inventory['id']}/", {"title": "Записи актов о рождении"},
                            format="json")
    assert response.json()["title"] == "Записи актов о рождении"
    assert client.delete(f"/api/v1/fonds/{fonds['id']}/").status_code == 400  # not empty
    assert client.delete(f"/api/v1/inventories/{inventory['id']}/").status_code == 204
    assert client.delete(f"/api/v1/fonds/{fonds['id']}/").status_code == 204
    assert not Fonds.objects.filter(pk=fonds["id"]).exists()


def test_writes_outside_ones_archives(api_client, alice, bob, carol, archive_a, archive_b, tree_a, tree_b):
    fonds, inventory, _units = tree_a
    fonds_b, inventory_b, _units_b = tree_b
    assert api_client(alice).post("/api/v1/fonds/", {"archive": archive_b.pk, "number": "5", "title": "x"},
                                  format="json").status_code == 400
    assert api_client(alice).post("/api/v1/inventories/", {"fonds": fonds_b.pk, "number": "5", "title": "x"},
                                  format="json").status_code == 400
    assert api_client(alice).patch(f"/api/v1/fonds/{fonds_b.pk}/", {"title": "x"},
                                   format="json").status_code == 404
    assert api_client(alice).delete(f"/api/v1/inventories/{inventory_b.pk}/").status_code == 404
    assert api_client(carol).post("/api/v1/fonds/", {"archive": archive_a.pk, "number": "5", "title": "x"},
                                  format="json").status_code == 403
    assert api_client(None).patch(f"/api/v1/fonds/{fonds.pk}/", {"title": "x"},
                                  format="json").status_code in (401, 403)
    assert Fonds.objects.get(pk=fonds_b.pk).title == "Қор Б" and Fonds.objects.get(pk=fonds.pk).title != "x"
    assert Inventory.objects.filter(pk=inventory_b.pk).exists()


def test_duplicate_numbers_and_bad_dates(api_client, alice, archive_a, tree_a):
    client = api_client(alice)
    response = client.post("/api/v1/fonds/", {"archive": archive_a.pk, "number": "1", "title": "Повтор"},
                           format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "already exists" in response.json()["detail"]
    response = client.post("/api/v1/fonds/", {"archive": archive_a.pk, "number": "1", "title": "Повтор"},
                           format="json", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.json()["detail"] == "Бұл мұрағатта 1 қоры бұрыннан бар."
    response = client.post("/api/v1/fonds/", {"archive": archive_a.pk, "number": "8", "title": "Даты",
                                              "date_start": "2000-01-01", "date_end": "1990-01-01"}, format="json")
    assert response.status_code == 400 and "date_end" in response.json()


def test_fonds_update_through_the_service_records_history(api_client, alice, tree_a):
    fonds, _inventory, _units = tree_a
    api_client(alice).patch(f"/api/v1/fonds/{fonds.pk}/", {"title": "Новое название"}, format="json")
    assert ChangeRecord.objects.filter(fonds=fonds, action="update", user=alice).exists()
