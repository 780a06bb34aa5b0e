"""GET /api/v1/search/: shape, cursor links, filters, errors and pinned query counts."""
import pytest
from django.db import connection
from django.urls import reverse

from tests.holdings.export_support import catalogue

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/"


@pytest.fixture
def data(archive_a, alice):
    return catalogue(archive_a, actor=alice)


def test_url_name():
    assert reverse("search") == URL


def test_shape_and_redaction(data, api_client):
    body = api_client(None).get(URL, {"q": "исполкома"}).json()
    assert set(body) >= {"next", "previous", "results", "count", "count_is_estimate"}
    assert body["count"] == 2 and body["count_is_estimate"] is False
    assert body["next"] is None and body["previous"] is None
    by_id = {r["id"]: r for r in body["results"]}
    personal = by_id[data["personal"].pk]
    assert personal["title"] == "Личное дело работника исполкома" and personal["redacted"] is True
    assert personal["access_level"] == "personal" and personal["reference_code"] == "F. 10, Inv. 1, U. 3"
    assert personal["restricted_until"] == "2075-01-01"
    opened = by_id[data["open"].pk]
    assert opened["redacted"] is False and opened["extent_sheets"] == 120 and opened["media"] == "paper"
    assert opened["date_start"] == "1950-01-01" and opened["date_end"] == "1950-12-31"


def test_fonds_hits_on_first_page(data, api_client):
    body = api_client(None).get(URL, {"q": "облисполкома"}).json()
    assert [f["reference_code"] for f in body["fonds"]] == ["F. 10"]


def test_cursor_links_walk_the_results(data, api_client):
    client = api_client(None)
    first = client.get(URL, {"q": "исполкома", "page_size": 1}).json()
    assert len(first["results"]) == 1 and first["next"] and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert second["results"][0]["id"] != first["results"][0]["id"]
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]


def test_staff_see_full_titles_others_not(data, api_client, alice, bob):
    assert api_client(alice).get(URL, {"q": "Жумабаевой"}).json()["results"][0]["title"] == (
        "Личное дело Жумабаевой Айгерим")
    assert api_client(bob).get(URL, {"q": "Жумабаевой"}).json()["results"] == []


def test_bad_input_is_a_clear_400(api_client):
    client = api_client(None)
    response = client.get(URL, {"q": "x", "after": "garbage!"})
    assert response.status_code == 400 and response.json()["detail"]
    assert client.get(URL, {"q": "x", "date_from": "yesterday"}).status_code == 400
    assert client.get(URL, {"q": "x", "page_size": 1000}).status_code == 400
    assert client.get(URL, {"q": "x", "media": "vinyl"}).status_code == 400
    for name in ("archive", "fonds"):  # ids beyond the database's range: bad input, not a server error
        assert client.get(URL, {"q": "x", name: "9" * 25}).status_code == 400


# The count costs one query on SQLite and two on PostgreSQL (the planner's estimate, then an exact
# probe when the estimate is not far above 1,000).
COUNT_QUERIES = 2 if connection.vendor == "postgresql" else 1


def test_query_counts(data, api_client, carol, django_assert_num_queries):
    # anonymous: unit ids, units, the count, fonds, inventories
    with django_assert_num_queries(4 + COUNT_QUERIES):
        assert api_client(None).get(URL, {"q": "исполкома"}).status_code == 200
    # a citizen also: staff rights, then grants (fonds, units)
    with django_assert_num_queries(7 + COUNT_QUERIES):
        assert api_client(carol).get(URL, {"q": "исполкома"}).status_code == 200
    # a later page: no fonds and inventories
    first = api_client(None).get(URL, {"q": "исполкома", "page_size": 1}).json()
    with django_assert_num_queries(2 + COUNT_QUERIES):
        assert api_client(None).get(first["next"]).status_code == 200
    # nothing found: no query for units
    with django_assert_num_queries(3 + COUNT_QUERIES):
        assert api_client(None).get(URL, {"q": "шифротелеграммы"}).json()["results"] == []


def test_query_count_does_not_grow_with_results(archive_a, api_client, django_assert_num_queries):
    from tests.factories import make_fonds, make_inventory, make_unit

    inventory = make_inventory(make_fonds(archive_a, "50", "Фонд"), "1", "Опись")
    for i in range(1, 31):
        make_unit(inventory, str(i), f"Ведомость {i}", access_level="personal" if i % 2 else "open",
                  public_title="Ведомость (без имён)")
    with django_assert_num_queries(4 + COUNT_QUERIES):
        body = api_client(None).get(URL, {"q": "ведомость", "page_size": 30}).json()
    assert len(body["results"]) == 30
