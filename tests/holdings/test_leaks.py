"""No private text leaks. Unique marker words are planted in every private field (full titles of
personal, restricted and closed units, titles of a closed fonds and a closed inventory, annotations,
internal notes); then every page of the site, every API endpoint (lists, details, search), every
export (CSV, EAD3) and every OAI-PMH verb is requested as an anonymous visitor and as a citizen
without grants, and no marker may appear in any answer. After a grant the citizen sees them;
after the grant is revoked, or expires, no longer."""
import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from holdings import access, services
from holdings.models import DigitalObject, UnitDescription
from tests.factories import make_fonds, make_inventory, make_unit

pytestmark = pytest.mark.django_db

# Private markers (must never be shown without rights) and the words a visitor may see.
PRIVATE = {
    "personal": "zzpersonalmark",
    "restricted": "zzrestrictedmark",
    "closed": "zzclosedmark",
    "closed_lapsed": "zzclosedlapseddatemark",
    "closed_inventory": "zzclosedinventorymark",
    "in_closed_inventory": "zzinclosedinventorymark",
    "closed_fonds": "zzclosedfondsmark",
    "closed_fonds_description": "zzclosedfondsdescmark",
    "in_closed_fonds_inventory": "zzinventoryinclosedfondsmark",
    "in_closed_fonds": "zzinclosedfondsmark",
    "annotation_personal": "zzannotationpersonalmark",
    "annotation_restricted": "zzannotationrestrictedmark",
    "annotation_closed": "zzannotationclosedmark",
    "notes": "zzinternalnotesmark",
    "scan_personal": "zzscanpersonalmark",
    "scan_restricted": "zzscanrestrictedmark",
}
INT_PARAM = re.compile(r"<int:(\w+)>")
STR_PARAM = re.compile(r"<(?:str|slug):(\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
SKIP_PREFIXES = ("admin/", "i18n/", "static/", "media/", "api/schema", "api/docs", "accounts/logout")


@pytest.fixture
def planted(archive_a, alice, scan, django_capture_on_commit_callbacks):
    fonds = make_fonds(archive_a, "1", "Фонд исполкома", actor=alice)
    inventory = make_inventory(fonds, "1", "Опись дел", actor=alice)
    units = {
        "open": make_unit(inventory, "1", "Протоколы заседаний", actor=alice, annotation="Открытая аннотация"),
        "personal": make_unit(inventory, "2", f"Личное дело {PRIVATE['personal']}", actor=alice,
                              access_level="personal", public_title="Личное дело работника",
                              date_end=dt.date(2001, 1, 1), annotation=PRIVATE["annotation_personal"]),
        "restricted": make_unit(inventory, "3", f"Сведения {PRIVATE['restricted']}", actor=alice,
                                access_level="restricted", annotation=PRIVATE["annotation_restricted"]),
        "closed": make_unit(inventory, "4", f"Донесения {PRIVATE['closed']}", actor=alice, access_level="closed",
                            annotation=PRIVATE["annotation_closed"]),
        # a date in the past opens personal and restricted units, never a closed one
        "closed_lapsed": make_unit(inventory, "5", f"Донесения {PRIVATE['closed_lapsed']}", actor=alice,
                                   access_level="closed", restricted_until=dt.date(2001, 1, 1),
                                   contains_personal_data=True, date_end=dt.date(1930, 1, 1)),
    }
    closed_inventory = make_inventory(fonds, "2", f"Опись {PRIVATE['closed_inventory']}", actor=alice,
                                      access_level="closed")
    units["in_closed_inventory"] = make_unit(closed_inventory, "1", f"Дело {PRIVATE['in_closed_inventory']}",
                                             actor=alice)
    closed_fonds = make_fonds(archive_a, "2", f"Фонд {PRIVATE['closed_fonds']}", actor=alice, access_level="closed",
                              description=PRIVATE["closed_fonds_description"])
    closed_fonds_inventory = make_inventory(closed_fonds, "1", f"Опись {PRIVATE['in_closed_fonds_inventory']}",
                                            actor=alice)
    units["in_closed_fonds"] = make_unit(closed_fonds_inventory, "1", f"Дело {PRIVATE['in_closed_fonds']}",
                                         actor=alice)
    UnitDescription.objects.filter(unit=units["open"]).update(notes=PRIVATE["notes"])
    # scans (with their thumbnails and access copies) whose file names are private too
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("personal", "restricted"):
            services.digital_objects_add(actor=alice, unit=units[key], files=[scan(f"{PRIVATE['scan_' + key]}.jpg")])
        services.digital_objects_add(actor=alice, unit=units["open"], files=[scan("open-page.jpg")])
    files = {f"file_{obj.pk}": obj for obj in DigitalObject.objects.all()}
    return {**files,"fonds": fonds, "inventory": inventory, "closed_inventory": closed_inventory,
            "closed_fonds": closed_fonds, "closed_fonds_inventory": closed_fonds_inventory, **units}


def routes(resolver=None, prefix: str = "") -> list[str]:
    """Every URL route of the site (as 'a/<int:pk>/b/'), nested includes flattened."""
    resolver = resolver or get_resolver()
    out = []
    for pattern in resolver.url_patterns:
        # Regex patterns (DRF routers) become routes: ^units/(?P<pk>[^/.]+)/$ -> units/<int:pk>/
        part = REGEX_GROUP.sub(r"<int:\1>", str(pattern.pattern).replace("^", "").replace("$", ""))
        route = prefix + part
        if "\\" in route or "(" in route:
            continue  # format suffixes and other regex forms
        if isinstance(pattern, URLResolver):
            out.extend(routes(pattern, route))
        elif isinstance(pattern, URLPattern):
            out.append(route)
    return out


def urls_to_visit(planted: dict) -> list[str]:
    ids = sorted({obj.pk for obj in planted.values()} | {999999})
    # Search with all but the last letter: a search page may echo the query, but a found record
    # would show the whole marker (prefix matching on PostgreSQL, substring on SQLite).
    markers = [m[:-1] for m in PRIVATE.values()]
    urls = set()
    for route in routes():
        if route.startswith(SKIP_PREFIXES):
            continue
        route = STR_PARAM.sub(lambda m: {"kind": "unit"}.get(m[1], "x"), route)
        if INT_PARAM.search(route):
            for pk in ids:
                urls.add("/" + INT_PARAM.sub(str(pk), route))
            if "<str" not in route and "history" in route:
                for kind in ("fonds", "inventory", "unit"):
                    for pk in ids:
                        urls.add("/" + INT_PARAM.sub(str(pk), route.replace("unit/", f"{kind}/", 1)))
        else:
            urls.add("/" + route)
            if "search" in route or route in ("", "archives/"):
                for marker in markers:
                    urls.add(f"/{route}?q={marker}")
    # Lists and filters of the catalogue API, the exports, and every OAI-PMH verb.
    for name in ("units", "fonds", "inventories", "digital-objects"):
        for flt in ("", "?access_level=closed", f"?fonds={planted['closed_fonds'].pk}",
                    f"?inventory={planted['closed_inventory'].pk}", f"?fonds={planted['fonds'].pk}"):
            urls.add(f"/api/v1/{name}/{flt}")
    for key in ("personal", "restricted", "closed", "open"):
        urls.add(f"/api/v1/digital-objects/?unit={planted[key].pk}")
    for fonds in (planted["fonds"], planted["closed_fonds"]):
        urls.add(f"/api/v1/fonds/{fonds.pk}/ead/")
        urls.add(f"/api/v1/fonds/{fonds.pk}/units.csv")
    for marker in markers:
        urls.add(f"/api/v1/search/?q={marker}")
    from holdings.exporters.oai import unit_identifier

    for verb in ("Identify", "ListMetadataFormats", "ListSets"):
        urls.add(f"/oai/?verb={verb}")
    for prefix in ("oai_dc", "ead3"):
        urls.add(f"/oai/?verb=ListRecords&metadataPrefix={prefix}")
        urls.add(f"/oai/?verb=ListIdentifiers&metadataPrefix={prefix}")
        for key in ("fonds", "closed_fonds"):
            urls.add(f"/oai/?verb=ListRecords&metadataPrefix={prefix}&set=fonds:{planted[key].pk}")
        for pk in ids:
            urls.add(f"/oai/?verb=GetRecord&metadataPrefix={prefix}&identifier={unit_identifier(pk)}")
    return sorted(urls)


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace").lower()


def leaks(client: Client, urls: list[str], answered: list | None = None) -> list[tuple[str, str]]:
    found = []
    for url in urls:
        response = client.get(url)
        text = body_of(response)
        if answered is not None and response.status_code == 200:
            answered.append(url)
        found.extend((url, marker) for marker in PRIVATE.values() if marker in text)
    return found


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_nothing_private_reaches_a_visitor_or_a_citizen(planted, carol, bob):
    urls = urls_to_visit(planted)
    assert len(urls) > 100
    for user in (None, carol, bob):  # bob: an archivist of another archive
        answered = []
        assert leaks(client_for(user), urls, answered) == []
        # the pages that show records did answer (the check is not vacuous)
        for must in (f"/api/v1/units/{planted['personal'].pk}/", f"/api/v1/fonds/{planted['fonds'].pk}/ead/",
                     "/oai/?verb=ListRecords&metadataPrefix=oai_dc", f"/api/v1/fonds/{planted['fonds'].pk}/"):
            assert must in answered
        assert len(answered) > 40


def test_the_markers_are_visible_to_staff(planted, alice):
    """The check above is meaningful: the same requests show the markers to the archive's staff."""
    client = client_for(alice)
    ead = body_of(client.get(f"/api/v1/fonds/{planted['fonds'].pk}/ead/"))
    for key in ("personal", "restricted", "closed", "closed_lapsed", "closed_inventory", "annotation_closed"):
        assert PRIVATE[key] in ead
    assert PRIVATE["closed_fonds"] in body_of(client.get(f"/api/v1/fonds/{planted['closed_fonds'].pk}/"))
    search = client.get("/api/v1/search/", {"q": PRIVATE["personal"]}).json()
    assert [r["id"] for r in search["results"]] == [planted["personal"].pk]
    files = body_of(client.get("/api/v1/digital-objects/", {"page_size": 100}))
    assert PRIVATE["scan_personal"] in files and PRIVATE["scan_restricted"] in files
    # internal notes are never exported, not even to staff
    assert PRIVATE["notes"] not in ead


def grant_view(client, planted) -> dict[str, bool]:
    """What a citizen sees of the planted private words, per channel."""
    ead = body_of(client.get(f"/api/v1/fonds/{planted['fonds'].pk}/ead/"))
    unit = body_of(client.get(f"/api/v1/units/{planted['personal'].pk}/"))
    search = client.get("/api/v1/search/", {"q": PRIVATE["personal"]}).json()["results"]
    csv_body = body_of(client.get(f"/api/v1/fonds/{planted['fonds'].pk}/units.csv"))
    return {"ead": PRIVATE["personal"] in ead and PRIVATE["annotation_restricted"] in ead,
            "unit": PRIVATE["personal"] in unit,
            "search": bool(search),
            "csv": PRIVATE["personal"] in csv_body}


def test_grant_shows_then_revocation_and_expiry_hide(planted, carol, alice):
    client = client_for(carol)
    assert grant_view(client, planted) == {"ead": False, "unit": False, "search": False, "csv": False}
    access.grant_access(user=carol, actor=alice, fonds=planted["fonds"], ground="research permit",
                        expires_at=timezone.now() + dt.timedelta(days=30))
    assert grant_view(client_for(carol), planted) == {"ead": True, "unit": True, "search": True, "csv": True}
    # closed records of the granted fonds stay the archive's staff's: no grant opens them
    closed = ("closed", "closed_lapsed", "annotation_closed", "closed_inventory", "in_closed_inventory")
    urls = [u for u in urls_to_visit(planted) if u.startswith("/api/")]
    assert {marker for _url, marker in leaks(client_for(carol), urls)} & {PRIVATE[k] for k in closed} == set()
    access.revoke_access(user=carol, actor=alice, fonds=planted["fonds"], reason="permit ended")
    carol.refresh_from_db()
    assert grant_view(client_for(carol), planted) == {"ead": False, "unit": False, "search": False, "csv": False}
    access.grant_access(user=carol, actor=alice, fonds=planted["fonds"], ground="research permit",
                        expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert grant_view(client_for(carol), planted) == {"ead": False, "unit": False, "search": False, "csv": False}
    # a grant of one unit opens that unit only
    access.grant_access(user=carol, actor=alice, unit=planted["personal"], ground="heir")
    seen = grant_view(client_for(carol), planted)
    assert seen["unit"] and seen["search"] and not seen["ead"]
    files = body_of(client_for(carol).get("/api/v1/digital-objects/", {"page_size": 100}))
    assert PRIVATE["scan_personal"] in files and PRIVATE["scan_restricted"] not in files
    urls = [u for u in urls_to_visit(planted) if "ead" in u or "oai" in u or "csv" in u]
    assert all(marker != PRIVATE["restricted"] for _url, marker in leaks(client_for(carol), urls))


def test_oai_shows_nothing_private_even_to_staff(planted, alice):
    client = client_for(alice)
    urls = [u for u in urls_to_visit(planted) if u.startswith("/oai/")]
    assert leaks(client, urls) == []


@pytest.mark.postgres
def test_public_vectors_hold_no_private_word(planted):
    with connection.cursor() as cursor:
        cursor.execute("SELECT string_agg(search_public::text, ' ') FROM holdings_unit")
        public = cursor.fetchone()[0]
        cursor.execute("SELECT string_agg(search_full::text, ' ') FROM holdings_unit")
        full = cursor.fetchone()[0]
    for key in ("personal", "restricted", "closed", "closed_lapsed"):
        assert PRIVATE[key] not in public
        assert PRIVATE[key] in full
    assert "работник" in public
