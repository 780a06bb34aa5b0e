"""OAI-PMH 2.0 at /oai/: every verb valid against OAI-PMH.xsd (records against oai_dc.xsd and
ead3.xsd), error codes, resumption tokens, datestamps and sets; only what a visitor may see."""
import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone
from lxml import etree

from holdings.exporters import oai
from holdings.models import Unit
from tests.factories import make_fonds, make_inventory, make_unit
from tests.holdings.export_support import DC, EAD, OAI, assert_valid, catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(archive_a, alice):
    return catalogue(archive_a, actor=alice)


def harvest(client, **params) -> etree._Element:
    response = client.get("/oai/", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    doc = etree.fromstring(response.content)
    assert_valid(doc, "OAI-PMH.xsd")
    for dc in doc.iter(f"{DC}dc"):
        assert_valid(etree.ElementTree(dc), "oai_dc.xsd")
    for ead in doc.iter(f"{EAD}ead"):
        assert_valid(etree.ElementTree(ead), "ead3.xsd")
    return doc


def error_code(doc) -> str | None:
    error = doc.find(f"{OAI}error")
    return error.get("code") if error is not None else None


def identifiers(doc) -> list[str]:
    return [h.findtext(f"{OAI}identifier") for h in doc.iter(f"{OAI}header")]


def ident(unit) -> str:
    return oai.unit_identifier(unit.pk)


def test_identify(data, client):
    doc = harvest(client, verb="Identify")
    identify = doc.find(f"{OAI}Identify")
    assert identify.findtext(f"{OAI}protocolVersion") == "2.0"
    assert identify.findtext(f"{OAI}baseURL") == "http://testserver/oai/"
    assert identify.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    assert doc.find(f"{OAI}request").get("verb") == "Identify"


def test_list_metadata_formats(data, client):
    doc = harvest(client, verb="ListMetadataFormats")
    assert [m.text for m in doc.iter(f"{OAI}metadataPrefix")] == ["oai_dc", "ead3"]
    doc = harvest(client, verb="ListMetadataFormats", identifier=ident(data["open"]))
    assert len(list(doc.iter(f"{OAI}metadataFormat"))) == 2
    assert error_code(harvest(client, verb="ListMetadataFormats", identifier=ident(data["closed"]))) == \
        "idDoesNotExist"


def test_list_sets_hides_closed_fonds(data, client, archive_b):
    doc = harvest(client, verb="ListSets")
    specs = [s.text for s in doc.iter(f"{OAI}setSpec")]
    assert specs[:2] == ["archive", "fonds"]
    assert "archive:A" in specs and "archive:B" in specs
    assert f"fonds:{data['fonds'].pk}" in specs and f"fonds:{data['closed_fonds'].pk}" not in specs
    assert "особого" not in etree.tostring(doc, encoding="unicode")


def test_list_records_only_what_a_visitor_sees(data, client, alice):
    client.force_login(alice)  # staff or not, OAI-PMH shows what an anonymous visitor may see
    doc = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
    ids = identifiers(doc)
    assert ident(data["open"]) in ids and ident(data["personal"]) in ids and ident(data["restricted"]) in ids
    for hidden in ("closed", "in_closed_inventory", "in_closed_fonds"):
        assert ident(data[hidden]) not in ids
    text = etree.tostring(doc, encoding="unicode")
    assert "Жумабаев" not in text and "Шифротелеграммы" not in text and "спецпоселенцах" not in text
    assert "Секретная аннотация" not in text and "Аннотация открытого дела" in text
    assert "Личное дело работника исполкома" in text
    assert doc.find(f"{OAI}ListRecords/{OAI}resumptionToken") is None  # one page


def test_list_records_ead3_and_identifiers(data, client):
    doc = harvest(client, verb="ListRecords", metadataPrefix="ead3")
    assert len(list(doc.iter(f"{EAD}ead"))) == len(identifiers(doc)) == 5
    doc = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert len(identifiers(doc)) == 5 and doc.find(f".//{OAI}metadata") is None


def test_get_record(data, client):
    doc = harvest(client, verb="GetRecord", identifier=ident(data["personal"]), metadataPrefix="oai_dc")
    assert doc.findtext(f".//{DC}dc/{{http://purl.org/dc/elements/1.1/}}title") == "Личное дело работника исполкома"
    header = doc.find(f".//{OAI}header")
    assert [s.text for s in header.iter(f"{OAI}setSpec")] == ["archive:A", f"fonds:{data['fonds'].pk}"]
    doc = harvest(client, verb="GetRecord", identifier=ident(data["open"]), metadataPrefix="ead3")
    assert doc.find(f".//{EAD}ead") is not None
    assert error_code(harvest(client, verb="GetRecord", identifier=ident(data["closed"]),
                              metadataPrefix="oai_dc")) == "idDoesNotExist"
    assert error_code(harvest(client, verb="GetRecord", identifier="oai:elsewhere:unit:1",
                              metadataPrefix="oai_dc")) == "idDoesNotExist"
    assert error_code(harvest(client, verb="GetRecord", identifier=ident(data["open"]),
                              metadataPrefix="marc")) == "cannotDisseminateFormat"


@pytest.mark.parametrize("params, code", [
    ({}, "badVerb"),
    ({"verb": "Explain"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "Identify", "extra": "1"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "ead3"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-13-45"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01", "until": "2021-01-01T00:00:00Z"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01", "until": "2020-01-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "bad set"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc"}, "cannotDisseminateFormat"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "archive:NOPE"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "archive:id-" + "9" * 25}, "noRecordsMatch"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "fonds:" + "9" * 25}, "noRecordsMatch"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2100-01-01"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
    ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
])
def test_errors(data, client, params, code):
    doc = harvest(client, **params)
    assert error_code(doc) == code
    request = doc.find(f"{OAI}request")
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # no echo of a bad request


def test_post_requests_are_answered(data, client):
    response = client.post("/oai/", {"verb": "Identify"})
    assert response.status_code == 200 and b"<Identify>" in response.content


def test_resumption_tokens_walk_every_record_once(archive_a, client, monkeypatch):
    fonds = make_fonds(archive_a, "30", "Фонд")
    inventory = make_inventory(fonds, "1", "Опись")
    units = [make_unit(inventory, str(i), f"Дело {i}", access_level="closed" if i % 5 == 0 else "open")
             for i in range(1, 24)]
    monkeypatch.setattr(oai, "RECORDS_PER_PAGE", 5)
    seen, cursors, token = [], [], None
    while True:
        params = {"verb": "ListRecords"}
        params.update({"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"})
        doc = harvest(client, **params)
        seen += identifiers(doc)
        element = doc.find(f"{OAI}ListRecords/{OAI}resumptionToken")
        cursors.append(int(element.get("cursor")))
        token = element.text
        if not token:
            break
        assert element.get("expirationDate")
    visible = [ident(u) for u in units if u.effective_access != "closed"]
    assert seen == visible and len(seen) == 19
    assert cursors == [0, 5, 10, 15]
    # a token is for its verb only, and cannot be altered
    first = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = first.find(f"{OAI}ListRecords/{OAI}resumptionToken").text
    assert error_code(harvest(client, verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"
    assert error_code(harvest(client, verb="ListRecords", resumptionToken=token[:-3] + "abc")) == "badResumptionToken"


def test_expired_token(data, client):
    payload = {"v": "ListRecords", "e": int((timezone.now() - dt.timedelta(minutes=1)).timestamp()), "p": "oai_dc",
               "s": None, "f": None, "u": None, "l": 0, "c": 0}
    token = signing.dumps(payload, salt=oai.TOKEN_SALT, compress=True)
    assert error_code(harvest(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"


def test_from_until_and_sets(data, client, archive_b):
    old = timezone.now() - dt.timedelta(days=10)
    Unit.objects.filter(pk=data["open"].pk).update(updated_at=old)
    day = old.astimezone(dt.UTC).date().isoformat()
    doc = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until=day)
    assert identifiers(doc) == [ident(data["open"])]
    doc = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": day, "until": day})
    assert identifiers(doc) == [ident(data["open"])]
    later = (old + dt.timedelta(days=1)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ident(data["open"]) not in identifiers(harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc",
                                                          **{"from": later}))
    doc = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=f"fonds:{data['fonds'].pk}")
    assert len(identifiers(doc)) == 5
    assert error_code(harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc",
                              set=f"fonds:{data['closed_fonds'].pk}")) == "noRecordsMatch"
    assert len(identifiers(harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="archive:A"))) == 5
    assert error_code(harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="archive:B")) == \
        "noRecordsMatch"
    assert len(identifiers(harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="archive"))) == 5


def test_list_sets_pages(archive_a, client, monkeypatch):
    for i in range(1, 6):
        make_fonds(archive_a, str(100 + i), f"Фонд {i}")
    monkeypatch.setattr(oai, "SETS_PER_PAGE", 2)
    specs, token = [], None
    while True:
        doc = harvest(client, **({"verb": "ListSets", "resumptionToken": token} if token else {"verb": "ListSets"}))
        specs += [s.text for s in doc.iter(f"{OAI}setSpec")]
        element = doc.find(f"{OAI}ListSets/{OAI}resumptionToken")
        token = element.text if element is not None else None
        if not token:
            break
    assert specs[:3] == ["archive", "fonds", "archive:A"]
    assert len([s for s in specs if s.startswith("fonds:")]) == 5 and len(specs) == len(set(specs))


def test_lapsed_restriction_is_open_and_refresh_moves_the_datestamp(archive_a, client):
    from holdings.tasks import search_vectors_refresh_opened_task

    fonds = make_fonds(archive_a, "40", "Фонд")
    unit = make_unit(make_inventory(fonds, "1", "Опись"), "1", "Личное дело Старова", access_level="personal",
                     public_title="Личное дело", restricted_until=timezone.localdate() - dt.timedelta(days=1))
    doc = harvest(client, verb="GetRecord", identifier=ident(unit), metadataPrefix="oai_dc")
    assert "Личное дело Старова" in etree.tostring(doc, encoding="unicode")
    before = Unit.objects.get(pk=unit.pk).updated_at
    search_vectors_refresh_opened_task()
    from django.db import connection

    if connection.vendor == "postgresql":
        assert Unit.objects.get(pk=unit.pk).updated_at > before


OAI_QUERIES = [
    ({"verb": "Identify"}, 1),  # the earliest datestamp
    ({"verb": "ListMetadataFormats"}, 0),
    ({"verb": "ListSets"}, 2),  # archives, visible fonds
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc"}, 2),  # units (with codes and annotations), visible fonds
    ({"verb": "ListRecords", "metadataPrefix": "ead3"}, 2),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, 2),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "archive:A"}, 3),  # + the archive of the set
    ({"verb": "ListIdentifiers", "metadataPrefix": "ead3", "set": "fonds"}, 2),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "unit": "open"}, 2),  # the unit, its fonds
]


@pytest.mark.parametrize("params, expected", OAI_QUERIES, ids=lambda v: "-".join(v.values()) if isinstance(v, dict) else "")
def test_query_counts_are_pinned_and_do_not_grow(data, client, alice, params, expected, django_assert_num_queries):
    params = dict(params)
    if "unit" in params:
        params["identifier"] = ident(data[params.pop("unit")])
    with django_assert_num_queries(expected):
        harvest(client, **params)
    for i in range(40):
        make_unit(data["inventory"], str(100 + i), f"Дело {i}", actor=alice,
                  access_level=("open", "personal", "restricted", "closed")[i % 4])
    make_fonds(data["fonds"].archive, "90", "Ещё фонд", actor=alice)
    with django_assert_num_queries(expected):
        harvest(client, **params)


def test_a_unit_opened_in_a_closed_fonds_names_no_hidden_set(data, client, alice):
    inventory = data["in_closed_fonds"].inventory
    opened = make_unit(inventory, "2", "Рассекреченное дело", access_level="open", actor=alice)
    for verb in ("ListIdentifiers", "ListRecords"):
        doc = harvest(client, verb=verb, metadataPrefix="oai_dc")
        header = next(h for h in doc.iter(f"{OAI}header") if h.findtext(f"{OAI}identifier") == ident(opened))
        assert [s.text for s in header.iter(f"{OAI}setSpec")] == ["archive:A"]
    doc = harvest(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=ident(opened))
    assert "особого отдела" not in etree.tostring(doc, encoding="unicode")  # nor the closed fonds' title
