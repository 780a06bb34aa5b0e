"""Exact query counts of every back-office list and detail page, and proof that they do not grow
with the number of rows (no query in a loop, no COUNT over units).

Each count includes the shell of a logged-in back-office page: the session, the user, the user's
staff archives (for the archive switcher) and their rights (cached per request). Other apps'
navigation entries are left out here (each app pins its own), so these numbers are the holdings'."""
import pytest
from django.urls import reverse

from archive_site import nav
from holdings import services
from holdings.models import AccessLogEntry
from tests.factories import make_fonds, make_inventory, make_unit

pytestmark = pytest.mark.django_db

SHELL = 2 + 1 + 1  # session, user, staff archive ids, the switcher's archives


@pytest.fixture(autouse=True)
def only_holdings_navigation(monkeypatch):
    monkeypatch.setattr(nav, "_ITEMS", [item for item in nav._ITEMS if item.url_name == "holdings:dashboard"])


def url(name, *args):
    return reverse(f"holdings:{name}", args=args)


def grow(archive, fonds, inventory, unit, alice, scan, capture):
    """Many more rows everywhere the pages look."""
    for n in range(60):
        make_fonds(archive, str(100 + n), f"Фонд {n}", actor=alice)
    for n in range(60):
        make_inventory(fonds, str(10 + n), f"Опись {n}", actor=alice)
    services.units_create(actor=alice, inventory=inventory, rows=[
        services.UnitData(number=str(100 + n), title=f"Дело {n}") for n in range(150)])
    for n in range(30):
        services.unit_update(actor=alice, unit=unit, title=f"Дело 1, редакция {n}")
        services.inventory_update(actor=alice, inventory=inventory, title=f"Опись 1, редакция {n}")
        services.fonds_update(actor=alice, fonds=fonds, title=f"Фонд 1, редакция {n}")
    for n in range(3):
        services.storage_location_create(actor=alice, archive=archive, building="Корпус", shelf=str(n))
    with capture(execute=True):
        services.digital_objects_add(actor=alice, unit=unit, files=[scan(f"p{n}.jpg", 60, 80) for n in range(4)])
    for _n in range(60):
        AccessLogEntry.objects.create(user=alice, action="view", unit=unit, archive=archive)


PAGES = [
    # name, the object it is about, queries of the page itself
    ("dashboard", None, 3),  # archive summary (SUM over its fonds), recent changes, editing right
    ("fonds_list", None, 2),  # the page of fonds, editing right
    ("fonds_detail", "fonds", 4),  # fonds, its inventories page, its history, editing right
    ("fonds_edit", "fonds", 2),  # fonds, editing right
    ("inventory_detail", "inventory", 5),  # inventory, units page, editing right, history, shelves (bulk form)
    ("inventory_edit", "inventory", 2),
    ("inventory_move", "inventory", 2),  # inventory, editing right
    ("unit_create", "inventory", 4),  # inventory, editing right, next number, shelves
    ("unit_detail", "unit", 4),  # unit, files, history, editing right
    ("unit_edit", "unit", 3),  # unit, editing right, shelves
    ("unit_access_log", "unit", 2),  # unit, log page
    ("locations", None, 2),  # shelves, editing right
]


@pytest.mark.parametrize("name,arg,own", PAGES)
def test_page_queries_are_pinned_and_do_not_grow(name, arg, own, office_client, alice, archive_a, tree_a, scan,
                                                 django_assert_num_queries, django_capture_on_commit_callbacks):
    fonds, inventory, units = tree_a
    target = {"fonds": fonds, "inventory": inventory, "unit": units[0]}.get(arg)
    page = url(name, target.pk) if target else url(name)
    client = office_client(alice)
    client.get(page)  # warm-up: translations, templates
    with django_assert_num_queries(SHELL + own):
        assert client.get(page).status_code == 200
    grow(archive_a, fonds, inventory, units[0], alice, scan, django_capture_on_commit_callbacks)
    with django_assert_num_queries(SHELL + own):
        assert client.get(page).status_code == 200


def test_history_pages_do_not_grow(office_client, alice, tree_a, django_assert_num_queries):
    fonds, inventory, units = tree_a
    client = office_client(alice)
    pages = [url("history", "fonds", fonds.pk), url("history", "inventory", inventory.pk),
             url("history", "unit", units[0].pk)]
    for page in pages:
        client.get(page)
        with django_assert_num_queries(SHELL + 2):  # the record, its changes
            client.get(page)
    for n in range(70):
        services.unit_update(actor=alice, unit=units[0], title=f"Дело 1, редакция {n}")
        services.inventory_update(actor=alice, inventory=inventory, title=f"Опись, редакция {n}")
        services.fonds_update(actor=alice, fonds=fonds, title=f"Фонд, редакция {n}")
    for page in pages:
        with django_assert_num_queries(SHELL + 2):
            response = client.get(page)
        assert response.context["next_url"]  # a second page exists


def test_a_closed_unit_page_adds_its_access_log_row(office_client, alice, tree_a, django_assert_num_queries):
    _fonds, inventory, _units = tree_a
    closed = make_unit(inventory, "77", "Материалы проверки", access_level="closed", actor=alice)
    client = office_client(alice)
    client.get(url("unit_detail", closed.pk))
    with django_assert_num_queries(SHELL + 4 + 1):
        client.get(url("unit_detail", closed.pk))


def test_deep_unit_page_costs_what_the_first_does(office_client, alice, tree_a, django_assert_num_queries):
    _fonds, inventory, _units = tree_a
    services.units_create(actor=alice, inventory=inventory, rows=[
        services.UnitData(number=str(10 + n), title=f"Дело {n}") for n in range(450)])
    client = office_client(alice)
    first = client.get(url("inventory_detail", inventory.pk))
    cursor = first.context["page"].next_after
    for _page in range(3):
        with django_assert_num_queries(SHELL + 5):
            response = client.get(url("inventory_detail", inventory.pk) + f"?after={cursor}")
        cursor = response.context["page"].next_after
    assert [u.number for u in response.context["page"].rows][:2] == ["307", "308"]


def test_superuser_pages_are_pinned_too(office_client, tree_a, django_assert_num_queries):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    _fonds, inventory, _units = tree_a
    client = office_client(root)
    client.get(url("inventory_detail", inventory.pk))
    # Superusers skip the rights lookups: session, user, all archives (switcher), inventory, units,
    # history, shelves.
    with django_assert_num_queries(7):
        client.get(url("inventory_detail", inventory.pk))


def test_import_pages_and_api_are_pinned(office_client, api_client, alice, archive_a, django_assert_num_queries,
                                         django_capture_on_commit_callbacks):
    """The import list (page and API) and a job's page and answer cost the same with more jobs."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from holdings import import_jobs

    def upload():
        return SimpleUploadedFile("inventory.csv", b"fonds_number,inventory_number,unit_number,title\n",
                                  content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_create(actor=alice, archive=archive_a, upload=upload())
    client = office_client(alice)
    pages = [
        # the archivist's archives, whether there is one (the right to the page), the jobs, the form's
        # choices (read twice by Django's select: for its options and for its `required` attribute)
        (url("import_list"), SHELL + 5),
        # the archivist's archives, whether there is one, the job with its archive and uploader (the
        # progress is in the cache)
        (url("import_detail", job.pk), SHELL + 3),
    ]
    api = [("/api/v1/imports/", 2), (f"/api/v1/imports/{job.pk}/", 2)]  # rights; the jobs (or the job)

    def check():
        for page, expected in pages:
            client.get(page)
            with django_assert_num_queries(expected):
                assert client.get(page).status_code == 200, page
        for path, expected in api:
            fresh = type(alice).objects.get(pk=alice.pk)
            with django_assert_num_queries(expected):
                assert api_client(fresh).get(path).status_code == 200, path

    check()
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(5):
            import_jobs.import_job_create(actor=alice, archive=archive_a, upload=upload())
    check()
