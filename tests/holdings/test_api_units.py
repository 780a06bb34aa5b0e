"""GET/POST/PATCH/DELETE /api/v1/units/: redaction, filters, cursors, writes through the services."""
import datetime as dt

import pytest
from django.urls import reverse

from holdings import access, services
from holdings.models import AccessLogEntry, Inventory, Unit
from tests.factories import UserFactory, make_inventory, make_unit

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/units/"
PUBLIC_KEYS = {"id", "reference_code", "title", "redacted", "access_level", "restricted_until", "date_start",
               "date_end", "media", "extent_sheets", "duration_seconds", "archive", "fonds", "inventory", "status",
               "digital_count"}
STAFF_KEYS = {"public_title", "own_access_level", "contains_personal_data", "storage_location"}


@pytest.fixture
def levels(tree_a, alice):
    """One unit at each level in archive A's inventory, plus one whose restriction has lapsed."""
    _fonds, inventory, units = tree_a
    return {
        "open": units[0],
        "personal": make_unit(inventory, "11", "Личное дело Секретова Марата", access_level="personal",
                              public_title="Личное дело сотрудника", date_end=dt.date(1999, 1, 1), actor=alice),
        "restricted": make_unit(inventory, "12", "Переписка о мобилизации", access_level="restricted",
                                restricted_until=dt.date(2060, 1, 1), actor=alice),
        "closed": make_unit(inventory, "13", "Материалы служебной проверки", access_level="closed", actor=alice),
        "lapsed": make_unit(inventory, "14", "Личное дело Жанабаева Т.", access_level="personal",
                            public_title="Личное дело", date_end=dt.date(1930, 1, 1), actor=alice),
    }


def by_id(response):
    assert response.status_code == 200, response.content
    return {row["id"]: row for row in response.json()["results"]}


def test_units_are_redacted_for_visitors(api_client, carol, levels):
    for user in (None, carol):
        rows = by_id(api_client(user).get(UNITS))
        assert levels["closed"].pk not in rows
        open_, personal = rows[levels["open"].pk], rows[levels["personal"].pk]
        restricted, lapsed = rows[levels["restricted"].pk], rows[levels["lapsed"].pk]
        assert (open_["title"], open_["redacted"], open_["access_level"]) == ("Дело 1", False, "open")
        assert (personal["title"], personal["redacted"], personal["access_level"]) == (
            "Личное дело сотрудника", True, "personal")
        assert personal["restricted_until"] == "2074-01-01"
        assert restricted["redacted"] and "мобилизац" not in restricted["title"]
        assert (lapsed["title"], lapsed["redacted"], lapsed["access_level"]) == (
            "Личное дело Жанабаева Т.", False, "open")
        assert all(set(row) == PUBLIC_KEYS for row in rows.values())
        assert personal["reference_code"] == "F. 1, Inv. 1, U. 11"


def test_staff_see_everything_with_their_own_fields(api_client, alice, bob, levels):
    rows = by_id(api_client(alice).get(UNITS))
    closed = rows[levels["closed"].pk]
    assert (closed["title"], closed["redacted"], closed["access_level"]) == ("Материалы служебной проверки", False,
                                                                            "closed")
    assert set(closed) == PUBLIC_KEYS | STAFF_KEYS
    assert rows[levels["personal"].pk]["public_title"] == "Личное дело сотрудника"
    assert rows[levels["open"].pk]["own_access_level"] == "inherit"
    # Bob (archive B) is a visitor here:
    rows = by_id(api_client(bob).get(UNITS))
    assert levels["closed"].pk not in rows and rows[levels["personal"].pk]["redacted"]
    assert "public_title" not in rows[levels["personal"].pk]


def test_a_grant_opens_the_record_and_its_expiry_closes_it(api_client, alice, carol, levels):
    unit = levels["restricted"]
    access.grant_access(user=carol, actor=alice, unit=unit, expires_at=None, ground="heir")
    row = api_client(carol).get(f"{UNITS}{unit.pk}/").json()
    assert (row["title"], row["redacted"]) == ("Переписка о мобилизации", False)
    access.revoke_access(user=carol, actor=alice, unit=unit)
    row = api_client(type(carol).objects.get(pk=carol.pk)).get(f"{UNITS}{unit.pk}/").json()
    assert row["redacted"]


def test_detail_of_hidden_units_is_404_and_views_are_logged(api_client, alice, bob, carol, levels):
    closed, personal = levels["closed"], levels["personal"]
    for user in (None, carol, bob):
        assert api_client(user).get(f"{UNITS}{closed.pk}/").status_code == 404
    assert api_client(alice).get(f"{UNITS}{closed.pk}/").status_code == 200
    api_client(carol).get(f"{UNITS}{personal.pk}/")
    api_client(carol).get(f"{UNITS}{levels['open'].pk}/")
    assert AccessLogEntry.objects.filter(unit=personal, user=carol, action="view").count() == 1
    assert AccessLogEntry.objects.filter(unit=closed, user=alice, action="view").count() == 1
    assert not AccessLogEntry.objects.filter(unit=levels["open"]).exists()


def test_access_level_filter_uses_the_level_in_force(api_client, alice, levels):
    client = api_client(alice)
    ids = lambda level: set(by_id(client.get(UNITS, {"access_level": level})))  # noqa: E731
    assert levels["lapsed"].pk in ids("open") and levels["open"].pk in ids("open")
    assert ids("personal") == {levels["personal"].pk}
    assert ids("restricted") == {levels["restricted"].pk}
    assert ids("closed") == {levels["closed"].pk}
    assert api_client(None).get(UNITS, {"access_level": "closed"}).json()["results"] == []


def test_filters(api_client, archive_a, alice, tree_a, tree_b):
    fonds, inventory, units = tree_a
    fonds_b, inventory_b, _units_b = tree_b
    photo = make_unit(inventory, "20", "Фотоальбом", media="photo", date_start=dt.date(1960, 1, 1),
                      date_end=dt.date(1965, 12, 31), actor=alice)
    old = make_unit(inventory, "21", "Ведомости", date_start=dt.date(1930, 1, 1), date_end=dt.date(1931, 1, 1),
                    actor=alice)
    client = api_client(None)
    assert set(by_id(client.get(UNITS, {"archive": archive_a.pk}))) == {u.pk for u in units} | {photo.pk, old.pk}
    assert len(by_id(client.get(UNITS, {"fonds": fonds_b.pk}))) == 2
    assert len(by_id(client.get(UNITS, {"inventory": inventory_b.pk}))) == 2
    assert set(by_id(client.get(UNITS, {"media": "photo"}))) == {photo.pk}
    assert set(by_id(client.get(UNITS, {"date_from": "1950-01-01"}))) == {photo.pk}
    assert set(by_id(client.get(UNITS, {"date_to": "1950-01-01"}))) == {old.pk}
    assert set(by_id(client.get(UNITS, {"date_from": "1961-01-01", "date_to": "1961-12-31"}))) == {photo.pk}


@pytest.mark.parametrize("params", [
    {"access_level": "secret"}, {"media": "vinyl"}, {"fonds": "abc"}, {"fonds": "1.5"}, {"inventory": "1e400"},
    {"date_from": "2020-13-45"}, {"date_to": "yesterday"}, {"cursor": "!!!"}, {"cursor": "eyJrIjoxfQ"},
    {"cursor": "a" * 1000},
])
def test_bad_filters_and_cursors_are_400(api_client, tree_a, params):
    response = api_client(None).get(UNITS, params)
    assert response.status_code == 400, response.content


def test_huge_ids_are_not_found_not_errors(api_client, alice, tree_a):
    huge = "9" * 30
    client = api_client(alice)
    assert client.get(f"{UNITS}{huge}/").status_code == 404
    assert client.get(UNITS, {"fonds": huge}).json()["results"] == []
    assert client.patch(f"{UNITS}{huge}/", {"title": "x"}).status_code == 404
    assert client.post(UNITS, {"inventory": huge, "number": "1", "title": "x"}).status_code == 400
    assert client.get(f"{UNITS}-1/").status_code == 404


def test_cursor_pages_follow_the_inventory_order(api_client, alice, tree_a):
    _fonds, inventory, units = tree_a
    services.units_create(actor=alice, inventory=inventory, rows=[
        services.UnitData(number=n, title=f"Дело {n}") for n in ("10", "4", "4а", "2б")])
    client = api_client(None)
    seen, url = [], f"{UNITS}?inventory={inventory.pk}&page_size=3"
    while url:
        body = client.get(url).json()
        seen += [row["reference_code"].rsplit("U. ", 1)[1] for row in body["results"]]
        last, url = body, body["next"]
    assert seen == ["1", "2", "2б", "3", "4", "4а", "10"]
    back = client.get(last["previous"]).json()
    assert [row["reference_code"].rsplit("U. ", 1)[1] for row in back["results"]] == ["3", "4", "4а"]
    assert client.get(back["previous"]).json()["previous"] is None
    assert len(client.get(UNITS, {"page_size": 100000}).json()["results"]) == 7


def test_archivist_creates_edits_and_removes_units(api_client, alice, tree_a):
    _fonds, inventory, _units = tree_a
    client = api_client(alice)
    response = client.post(UNITS, {"inventory": inventory.pk, "number": "40", "title": "Личное дело Ким О.",
                                   "public_title": "Личное дело", "access_level": "personal",
                                   "date_start": "1970-01-01", "date_end": "1980-05-05", "extent_sheets": 12,
                                   "annotation": "Анкета"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference_code"] == "F. 1, Inv. 1, U. 40" and body["restricted_until"] == "2055-05-05"
    assert body["redacted"] is False and body["own_access_level"] == "personal"
    inventory.refresh_from_db()
    assert inventory.unit_count == 4
    unit_id = body["id"]
    response = client.patch(f"{UNITS}{unit_id}/", {"title": "Личное дело Ким О. В.", "media": "photo"},
                            format="json")
    assert response.status_code == 200 and response.json()["title"] == "Личное дело Ким О. В."
    assert Unit.objects.get(pk=unit_id).description.annotation == "Анкета"
    assert client.delete(f"{UNITS}{unit_id}/").status_code == 204
    inventory.refresh_from_db()
    assert inventory.unit_count == 3


def test_service_rules_answer_400_with_a_message(api_client, alice, archive_b, tree_a):
    _fonds, inventory, _units = tree_a
    client = api_client(alice)
    response = client.post(UNITS, {"inventory": inventory.pk, "number": "1", "title": "Повтор"}, format="json")
    assert response.status_code == 400 and "detail" in response.json()
    response = client.post(UNITS, {"inventory": inventory.pk, "number": "2", "title": "Личное",
                                   "access_level": "personal"}, format="json")
    assert response.status_code == 400
    shelf_b = services.storage_location_create(actor=None, archive=archive_b, building="B")
    response = client.post(UNITS, {"inventory": inventory.pk, "number": "50", "title": "x",
                                   "storage_location": shelf_b.pk}, format="json")
    assert response.status_code == 400
    response = client.post(UNITS, {"inventory": inventory.pk, "number": "51", "title": "x",
                                   "extent_sheets": 2**40}, format="json")
    assert response.status_code == 400


def test_others_cannot_write(api_client, alice, bob, carol, rita, tree_a, tree_b):
    _fonds, inventory, units = tree_a
    _fb, inventory_b, units_b = tree_b
    new = {"inventory": inventory.pk, "number": "60", "title": "Чужое"}
    assert api_client(None).post(UNITS, new, format="json").status_code in (401, 403)
    assert api_client(carol).post(UNITS, new, format="json").status_code == 403
    assert api_client(rita).post(UNITS, new, format="json").status_code == 403
    assert api_client(bob).post(UNITS, new, format="json").status_code == 400  # not an inventory of his
    assert api_client(bob).patch(f"{UNITS}{units[0].pk}/", {"title": "x"}, format="json").status_code == 404
    assert api_client(bob).delete(f"{UNITS}{units[0].pk}/").status_code == 404
    assert api_client(carol).patch(f"{UNITS}{units[0].pk}/", {"title": "x"}, format="json").status_code == 403
    assert api_client(alice).patch(f"{UNITS}{units_b[0].pk}/", {"title": "x"}, format="json").status_code == 404
    assert api_client(alice).put(f"{UNITS}{units[0].pk}/", {"title": "x"}, format="json").status_code == 405
    assert Unit.objects.get(pk=units[0].pk).title == "Дело 1" and Unit.objects.get(pk=units_b[0].pk).title == "Іс 1"
    assert not Unit.objects.filter(number="60").exists()
    assert Inventory.objects.get(pk=inventory_b.pk).unit_count == 2


def test_url_names(tree_a):
    assert reverse("unit-list") == UNITS
    assert reverse("unit-detail", args=[5]) == f"{UNITS}5/"


def test_moving_keeps_the_api_answer_right(api_client, alice, tree_a):
    fonds, inventory, units = tree_a
    target = make_inventory(fonds, "2", actor=alice)
    services.units_move(actor=alice, unit_ids=[units[0].pk], to_inventory=target)
    row = api_client(None).get(f"{UNITS}{units[0].pk}/").json()
    assert (row["inventory"], row["reference_code"]) == (target.pk, "F. 1, Inv. 2, U. 1")


@pytest.mark.parametrize("language, words", [
    ("ru", {"dates": "Дата окончания раньше даты начала.", "shelf": "другому архиву",
            "write": "только его архивисты", "missing": "Не найдено."}),
    ("kk", {"dates": "Аяқталу күні басталу күнінен", "shelf": "басқа мұрағатқа",
            "write": "мұрағатшылары өзгерте алады", "missing": "Табылмады."}),
])
def test_errors_are_in_the_callers_language(api_client, alice, rita, archive_b, tree_a, language, words):
    _fonds, inventory, units = tree_a
    shelf_b = services.storage_location_create(actor=None, archive=archive_b, building="B")
    head = {"HTTP_ACCEPT_LANGUAGE": language}
    dates = api_client(alice).post(UNITS, {"inventory": inventory.pk, "number": "70", "title": "x",
                                           "date_start": "2000-01-01", "date_end": "1999-01-01"}, format="json", **head)
    root = UserFactory(username="root", is_superuser=True)  # describes every archive: may name B's shelf
    shelf = api_client(root).patch(f"{UNITS}{units[0].pk}/", {"storage_location": shelf_b.pk}, format="json", **head)
    write = api_client(rita).patch(f"{UNITS}{units[0].pk}/", {"title": "x"}, format="json", **head)
    missing = api_client(alice).get(f"{UNITS}999999/", **head)
    assert (dates.status_code, shelf.status_code, write.status_code, missing.status_code) == (400, 400, 403, 404)
    assert words["dates"] in dates.json()["date_end"][0]
    assert words["shelf"] in shelf.json()["storage_location"][0]
    assert words["write"] in write.json()["detail"]
    assert missing.json() == {"detail": words["missing"]}  # no model name, no English
