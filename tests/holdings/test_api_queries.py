"""Exact query counts of every catalogue endpoint (list and detail), for a visitor, a citizen and
an archivist, and proof that they do not grow with the number of rows."""
import pytest

from holdings import services
from tests.factories import make_fonds, make_inventory, make_unit

pytestmark = pytest.mark.django_db

# A visitor costs nothing but the query itself. A logged-in user's rights are read once per
# request: staff archives (1) and live grants on fonds and units (2). Fonds and inventories need
# only the staff archives: a closed one is for staff, grant or not.
RIGHTS = 3
STAFF_RIGHTS = 1


@pytest.fixture
def catalogue(alice, archive_a, tree_a, scan, django_capture_on_commit_callbacks):
    fonds, inventory, units = tree_a
    make_unit(inventory, "8", "Личное дело", access_level="personal", public_title="Личное дело", actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.digital_objects_add(actor=alice, unit=units[0], files=[scan("p.jpg", 60, 80)])
    return fonds, inventory, units


def fresh_client(api_client, user):
    """A client for a freshly loaded user, as each real request has (rights are cached on the user)."""
    return api_client(type(user).objects.get(pk=user.pk) if user is not None else None)


def grow(alice, archive, fonds, inventory, unit, scan, capture):
    services.units_create(actor=alice, inventory=inventory, rows=[
        services.UnitData(number=str(100 + n), title=f"Дело {n}", access_level="personal" if n % 3 else "inherit",
                          public_title="Личное дело") for n in range(80)])
    for n in range(30):
        make_inventory(make_fonds(archive, str(200 + n), actor=alice), "1", actor=alice)
    with capture(execute=True):
        services.digital_objects_add(actor=alice, unit=unit, files=[scan(f"q{n}.jpg", 60, 80) for n in range(5)])


def endpoints(fonds, inventory, unit, archive):
    return {
        "archives": ("/api/v1/archives/", 1),
        "archive": (f"/api/v1/archives/{archive.pk}/", 1),
        "fonds": ("/api/v1/fonds/", 1),
        "fonds-detail": (f"/api/v1/fonds/{fonds.pk}/", 1),
        "inventories": (f"/api/v1/inventories/?fonds={fonds.pk}", 1),
        "inventory": (f"/api/v1/inventories/{inventory.pk}/", 1),
        "units": ("/api/v1/units/", 1),
        "units-of-inventory": (f"/api/v1/units/?inventory={inventory.pk}", 1),
        "unit": (f"/api/v1/units/{unit.pk}/", 1),
        "files": ("/api/v1/digital-objects/", 1),
        "files-of-unit": (f"/api/v1/digital-objects/?unit={unit.pk}", 1),
    }


@pytest.mark.parametrize("who", ["visitor", "citizen", "archivist"])
@pytest.mark.parametrize("endpoint", ["archives", "archive", "fonds", "fonds-detail", "inventories", "inventory",
                                      "units", "units-of-inventory", "unit", "files", "files-of-unit"])
def test_endpoint_queries(endpoint, who, api_client, alice, carol, archive_a, catalogue, scan,
                          django_assert_num_queries, django_capture_on_commit_callbacks):
    fonds, inventory, units = catalogue
    user = {"visitor": None, "citizen": carol, "archivist": alice}[who]
    path, own = endpoints(fonds, inventory, units[0], archive_a)[endpoint]
    if user is None or endpoint.startswith("archive"):
        rights = 0
    elif endpoint.startswith(("fonds", "inventor")):
        rights = STAFF_RIGHTS
    else:
        rights = RIGHTS
    expected = own + rights
    client = fresh_client(api_client, user)
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == 200
    grow(alice, archive_a, fonds, inventory, units[0], scan, django_capture_on_commit_callbacks)
    client = fresh_client(api_client, user)
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200


def test_a_view_of_a_personal_unit_adds_its_log_row(api_client, carol, catalogue, django_assert_num_queries):
    _fonds, inventory, _units = catalogue
    personal = inventory.units.get(number="8")
    with django_assert_num_queries(RIGHTS + 1 + 1):
        assert api_client(carol).get(f"/api/v1/units/{personal.pk}/").json()["redacted"]


def test_download_queries(api_client, carol, catalogue, django_assert_num_queries):
    _fonds, _inventory, units = catalogue
    copy = units[0].digital_objects.get(role="access")
    with django_assert_num_queries(RIGHTS + 2):  # the file (access-filtered), its unit (for the log rule)
        response = api_client(carol).get(f"/api/v1/digital-objects/{copy.pk}/download/")
    assert response.status_code == 200
