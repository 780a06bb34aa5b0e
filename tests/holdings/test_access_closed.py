"""Closed records are for the archive's staff only (design, section 5): no date opens them, no
researcher grant reaches them, and closing a record whose personal-data restriction has lapsed
hides it at once. Checked from the outside: the units API, search, exports, OAI-PMH and files."""
import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from holdings import access, services
from holdings.models import DigitalObject, Unit
from tests.factories import make_fonds, make_inventory, make_unit
from tests.holdings.test_leaks import body_of, client_for

pytestmark = pytest.mark.django_db

SECRET = "zzclosedlapsedmark"
GRANTED_SECRET = "zzclosedgrantedmark"


def fresh(user):
    """The user as a new request loads it (rights are cached on the user object)."""
    return type(user).objects.get(pk=user.pk) if user is not None else None


def channels(client, unit: Unit) -> dict[str, str]:
    """Every way a visitor reads units: the unit, the list, search, EAD3, CSV, OAI-PMH."""
    from holdings.exporters.oai import unit_identifier

    fonds = unit.fonds_id
    return {
        "unit": body_of(client.get(f"/api/v1/units/{unit.pk}/")),
        "list": body_of(client.get("/api/v1/units/", {"fonds": fonds})),
        "search": body_of(client.get("/api/v1/search/", {"q": SECRET[:-1]})),
        "ead": body_of(client.get(f"/api/v1/fonds/{fonds}/ead/")),
        "csv": body_of(client.get(f"/api/v1/fonds/{fonds}/units.csv")),
        "oai": body_of(client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})),
        "oai-record": body_of(client.get("/oai/", {"verb": "GetRecord", "metadataPrefix": "ead3",
                                                   "identifier": unit_identifier(unit.pk)})),
    }


@pytest.fixture
def inventory(archive_a, alice):
    fonds = make_fonds(archive_a, "1", "Фонд управления", actor=alice)
    make_unit(make_inventory(fonds, "9", "Опись", actor=alice), "1", "Открытое дело", actor=alice)
    return make_inventory(fonds, "1", "Опись дел", actor=alice)


def test_a_personal_data_date_that_has_passed_does_not_open_a_closed_unit(inventory, alice, carol):
    # 75 years after 1940 have passed: the date would open it as personal, never as closed
    unit = make_unit(inventory, "1", f"Донесения {SECRET}", access_level="closed", contains_personal_data=True,
                     date_end=dt.date(1940, 1, 1), actor=alice)
    assert unit.restricted_until == dt.date(2015, 1, 1)
    assert (access.effective_level(unit), access.has_full_access(carol, unit)) == ("closed", False)
    assert client_for(None).get(f"/api/v1/units/{unit.pk}/").status_code == 404
    # made personal, the law's 75 years apply and the unit is open
    services.unit_update(actor=alice, unit=unit, access_level="personal")
    assert SECRET in body_of(client_for(None).get(f"/api/v1/units/{unit.pk}/"))


def test_a_lapsed_date_never_opens_a_closed_unit(inventory, alice, carol, bob):
    unit = make_unit(inventory, "1", f"Донесения {SECRET}", access_level="closed",
                     restricted_until=dt.date(2001, 1, 1), actor=alice)
    assert access.effective_level(unit) == "closed"
    for user in (None, carol, bob):
        seen = channels(client_for(user), unit)
        assert [name for name, body in seen.items() if SECRET in body] == []
        assert client_for(user).get(f"/api/v1/units/{unit.pk}/").status_code == 404
        search = client_for(user).get("/api/v1/search/", {"q": SECRET[:-1]}).json()
        assert (search["count"], search["results"]) == (0, [])  # not even counted
    assert Unit.objects.filter(pk=unit.pk).filter(access.level_in_force_q("closed")).exists()
    assert not Unit.objects.filter(pk=unit.pk).filter(access.level_in_force_q("open")).exists()
    # staff still see it whole
    assert SECRET in channels(client_for(alice), unit)["ead"]


@pytest.mark.postgres
def test_a_closed_units_title_stays_out_of_the_public_vector(inventory, alice):
    unit = make_unit(inventory, "1", f"Донесения {SECRET}", access_level="closed",
                     restricted_until=dt.date(2001, 1, 1), actor=alice)
    lapsed = make_unit(inventory, "2", "Сведения zzrestrictedlapsedmark", access_level="restricted",
                       restricted_until=dt.date(2001, 1, 1), actor=alice)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, search_public::text FROM holdings_unit WHERE id IN (%s, %s)", [unit.pk, lapsed.pk])
        public = dict(cursor.fetchall())
    assert SECRET not in public[unit.pk] and public[unit.pk] == ""
    assert "zzrestrictedlapsedmark" in public[lapsed.pk]  # a lapsed restricted unit is open


def test_bulk_closing_a_lapsed_personal_unit_hides_it(inventory, alice, carol, office_client):
    unit = make_unit(inventory, "1", f"Личное дело {SECRET}", access_level="personal", public_title="Личное дело",
                     date_end=dt.date(1930, 1, 1), actor=alice)
    assert SECRET in body_of(client_for(None).get(f"/api/v1/units/{unit.pk}/"))  # 75 years have passed
    response = office_client(alice).post(reverse("holdings:units_bulk", args=[inventory.pk]),
                                         {"action": "set_access", "access_level": "closed", "unit": [unit.pk]})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.effective_access, unit.restricted_until) == ("closed", dt.date(2005, 1, 1))
    for user in (None, fresh(carol)):
        assert client_for(user).get(f"/api/v1/units/{unit.pk}/").status_code == 404
        assert SECRET not in body_of(client_for(user).get("/api/v1/search/", {"q": SECRET[:-1]}))
    # the staff page shows it closed, with no opening date
    page = office_client(alice).get(reverse("holdings:unit_detail", args=[unit.pk])).content.decode()
    assert "Restricted until" not in page


def test_grants_never_open_closed_records(archive_a, inventory, alice, carol, scan,
                                         django_capture_on_commit_callbacks):
    fonds = inventory.fonds
    closed = make_unit(inventory, "1", f"Донесения {GRANTED_SECRET}", access_level="closed", actor=alice)
    restricted = make_unit(inventory, "2", "Переписка zzrestrictedgrantmark", access_level="restricted", actor=alice)
    closed_inventory = make_inventory(fonds, "2", "Опись zzclosedinventorygrantmark", access_level="closed",
                                      actor=alice)
    make_unit(closed_inventory, "1", "Дело zzinclosedinventorygrantmark", actor=alice)
    closed_fonds = make_fonds(archive_a, "2", "Фонд zzclosedfondsgrantmark", access_level="closed", actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.digital_objects_add(actor=alice, unit=closed, files=[scan()])
    access.grant_access(user=carol, actor=alice, fonds=fonds, ground="research permit",
                        expires_at=timezone.now() + dt.timedelta(days=30))
    access.grant_access(user=carol, actor=alice, unit=closed, ground="by mistake")
    access.grant_access(user=carol, actor=alice, fonds=closed_fonds, ground="by mistake")
    client = client_for(fresh(carol))
    # the grant opens the restricted unit of the fonds ...
    assert "zzrestrictedgrantmark" in body_of(client.get(f"/api/v1/units/{restricted.pk}/"))
    # ... and nothing closed, on any channel
    assert client.get(f"/api/v1/units/{closed.pk}/").status_code == 404
    ead = body_of(client.get(f"/api/v1/fonds/{fonds.pk}/ead/"))
    csv_body = body_of(client.get(f"/api/v1/fonds/{fonds.pk}/units.csv"))
    assert "zzrestrictedgrantmark" in ead and "zzrestrictedgrantmark" in csv_body
    for marker in (GRANTED_SECRET, "zzclosedinventorygrantmark", "zzinclosedinventorygrantmark"):
        assert marker not in ead and marker not in csv_body
    assert client.get(f"/api/v1/inventories/{closed_inventory.pk}/").status_code == 404
    assert client.get(f"/api/v1/fonds/{closed_fonds.pk}/").status_code == 404
    assert client.get(f"/api/v1/fonds/{closed_fonds.pk}/ead/").status_code == 404
    search = client.get("/api/v1/search/", {"q": GRANTED_SECRET[:-1]}).json()
    assert (search["count"], search["results"]) == (0, [])
    assert client.get("/api/v1/digital-objects/", {"unit": closed.pk}).json()["results"] == []
    for obj in DigitalObject.objects.filter(unit=closed):
        assert client.get(f"/api/v1/digital-objects/{obj.pk}/download/").status_code == 404
    assert not access.has_full_access(fresh(carol), closed)
    # the archive's staff see all of it
    assert GRANTED_SECRET in body_of(client_for(alice).get(f"/api/v1/fonds/{fonds.pk}/ead/"))
