"""EAD3 and CSV exports of a fonds: valid against the official EAD3 schema, streamed in batches,
with the access rule applied."""
import csv
import io

import pytest
from django.urls import reverse
from lxml import etree

from holdings import exporters
from holdings.models import AccessLogEntry
from tests.factories import make_inventory, make_unit
from tests.holdings.export_support import EAD, assert_valid, catalogue, streamed

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(archive_a, alice):
    return catalogue(archive_a, actor=alice)


def ead(client, fonds) -> etree._Element:
    response = client.get(f"/api/v1/fonds/{fonds.pk}/ead/")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("application/xml")
    doc = etree.fromstring(streamed(response))
    assert_valid(doc, "ead3.xsd")
    return doc


def titles(doc) -> dict[str, str]:
    return {c.findtext(f"{EAD}did/{EAD}unitid"): c.findtext(f"{EAD}did/{EAD}unittitle")
            for c in doc.iter(f"{EAD}c02")}


def test_url_names(data):
    assert reverse("fonds-ead", args=[data["fonds"].pk]) == f"/api/v1/fonds/{data['fonds'].pk}/ead/"
    assert reverse("fonds-units-csv", args=[data["fonds"].pk]) == f"/api/v1/fonds/{data['fonds'].pk}/units.csv"


def test_ead_for_a_visitor_is_valid_and_redacted(data, api_client):
    doc = ead(api_client(None), data["fonds"])
    seen = titles(doc)
    assert seen["F. 10, Inv. 1, U. 1"] == "Протоколы заседаний исполкома о строительстве"
    assert seen["F. 10, Inv. 1, U. 3"] == "Личное дело работника исполкома"
    assert seen["F. 10, Inv. 1, U. 4"] != "Сведения о спецпоселенцах района"
    assert "F. 10, Inv. 1, U. 5" not in seen  # closed
    assert "F. 10, Inv. 2, U. 1" not in seen  # closed inventory
    text = etree.tostring(doc, encoding="unicode")
    assert "Аннотация открытого дела" in text and "Секретная аннотация" not in text
    assert "режимно" not in text
    assert doc.findtext(f"{EAD}archdesc/{EAD}did/{EAD}unittitle") == "Фонд облисполкома"


def test_ead_for_staff_has_everything(data, api_client, alice):
    doc = ead(api_client(alice), data["fonds"])
    seen = titles(doc)
    assert seen["F. 10, Inv. 1, U. 3"] == "Личное дело Жумабаевой Айгерим"
    assert seen["F. 10, Inv. 1, U. 5"] == "Шифротелеграммы особого сектора"
    assert seen["F. 10, Inv. 2, U. 1"] == "Документы режимного отделения"
    assert "Секретная аннотация личного дела" in etree.tostring(doc, encoding="unicode")
    assert AccessLogEntry.objects.filter(user=alice, action="export", fonds=data["fonds"]).count() == 1


def test_closed_fonds_is_not_found_without_rights(data, api_client, carol, alice, bob):
    url = f"/api/v1/fonds/{data['closed_fonds'].pk}/ead/"
    assert api_client(None).get(url).status_code == 404
    assert api_client(carol).get(url).status_code == 404
    assert api_client(bob).get(url).status_code == 404
    assert api_client(None).get(f"/api/v1/fonds/{data['closed_fonds'].pk}/units.csv").status_code == 404
    doc = ead(api_client(alice), data["closed_fonds"])
    assert titles(doc) == {"F. 11, Inv. 1, U. 1": "Донесения особого отдела"}
    assert api_client(None).get("/api/v1/fonds/999999/ead/").status_code == 404


def test_ead_answers_xml_and_csv_accept_headers(data, api_client):
    client = api_client(None)
    assert client.get(f"/api/v1/fonds/{data['fonds'].pk}/ead/", HTTP_ACCEPT="application/xml").status_code == 200
    assert client.get(f"/api/v1/fonds/{data['fonds'].pk}/units.csv", HTTP_ACCEPT="text/csv").status_code == 200
    assert client.get("/api/v1/fonds/999999/ead/", HTTP_ACCEPT="application/xml").status_code == 404


def test_ead_walks_units_in_batches_with_constant_queries(archive_a, api_client, monkeypatch,
                                                         django_assert_num_queries):
    from tests.factories import make_fonds

    fonds = make_fonds(archive_a, "20", "Фонд")
    inventory = make_inventory(fonds, "1", "Опись")
    for i in range(1, 8):
        make_unit(inventory, str(i), f"Дело {i} <с разметкой> & \x07управляющим символом")
    make_inventory(fonds, "2", "Пустая опись")
    monkeypatch.setattr(exporters, "BATCH", 3)
    # fonds, inventories, then 3 batches of units (3 + 3 + 1) for the first inventory and 1 for the empty one
    with django_assert_num_queries(6):
        doc = ead(api_client(None), fonds)
    assert [c.findtext(f"{EAD}did/{EAD}unitid") for c in doc.iter(f"{EAD}c02")] == [
        f"F. 20, Inv. 1, U. {i}" for i in range(1, 8)]
    assert titles(doc)["F. 20, Inv. 1, U. 1"] == "Дело 1 <с разметкой> & управляющим символом"
    assert len(list(doc.iter(f"{EAD}c01"))) == 1  # an inventory with nothing to show is left out


def test_csv_for_visitor_and_staff(data, api_client, alice):
    def rows(client):
        response = client.get(f"/api/v1/fonds/{data['fonds'].pk}/units.csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        body = streamed(response).decode("utf-8-sig")
        return {r["reference_code"]: r for r in csv.DictReader(io.StringIO(body))}

    visitor = rows(api_client(None))
    assert "F. 10, Inv. 1, U. 5" not in visitor and "F. 10, Inv. 2, U. 1" not in visitor
    personal = visitor["F. 10, Inv. 1, U. 3"]
    assert personal["title"] == "Личное дело работника исполкома" and personal["redacted"] == "yes"
    assert personal["annotation"] == "" and personal["public_title"] == "" and personal["access_level"] == "personal"
    assert "Жумабаев" not in "".join(",".join(r.values()) for r in visitor.values())
    staff = rows(api_client(alice))
    assert staff["F. 10, Inv. 1, U. 3"]["title"] == "Личное дело Жумабаевой Айгерим"
    assert staff["F. 10, Inv. 1, U. 3"]["annotation"] == "Секретная аннотация личного дела"
    assert staff["F. 10, Inv. 1, U. 5"]["redacted"] == "no"


def test_csv_cells_cannot_run_as_formulas(archive_a, api_client):
    from tests.factories import make_fonds

    fonds = make_fonds(archive_a, "21", "Фонд")
    make_unit(make_inventory(fonds, "1", "Опись"), "1", "=HYPERLINK(\"http://x\")")
    body = streamed(api_client(None).get(f"/api/v1/fonds/{fonds.pk}/units.csv")).decode("utf-8-sig")
    assert "'=HYPERLINK" in body


@pytest.mark.parametrize("fmt", ["ead/", "units.csv"])
@pytest.mark.parametrize("who, expected", [
    ("visitor", 3),  # the fonds, its inventories, one batch of units per inventory it sees (one)
    # staff archives, the fonds, live grants (fonds, units), the export's access-log row, the inventories,
    # one batch per inventory (the closed one too)
    ("archivist", 1 + 1 + 2 + 1 + 1 + 2),
])
def test_export_queries_are_pinned_and_do_not_grow(data, api_client, alice, who, expected, fmt,
                                                  django_assert_num_queries):
    def export():
        user = type(alice).objects.get(pk=alice.pk) if who == "archivist" else None  # rights not yet cached
        with django_assert_num_queries(expected):
            response = api_client(user).get(f"/api/v1/fonds/{data['fonds'].pk}/{fmt}")
            assert response.status_code == 200
            streamed(response)

    export()
    for i in range(40):
        make_unit(data["inventory"], str(100 + i), f"Дело {i}", actor=alice, annotation=f"Аннотация {i}",
                  access_level=("open", "personal", "restricted", "closed")[i % 4])
    export()
