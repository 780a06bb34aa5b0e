"""/api/v1/digital-objects/: masters never reach non-staff; access copies only with full access."""
import datetime as dt

import pytest

from holdings import access, services
from holdings.models import AccessLogEntry, DigitalObject
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

FILES = "/api/v1/digital-objects/"


@pytest.fixture
def scanned(alice, tree_a, scan, django_capture_on_commit_callbacks):
    """An open unit and a restricted one, each with one scanned page and its derivatives."""
    _fonds, inventory, units = tree_a
    restricted = make_unit(inventory, "12", "Переписка о мобилизации", access_level="restricted",
                           restricted_until=dt.date(2070, 1, 1), actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.digital_objects_add(actor=alice, unit=units[0], files=[scan("open.jpg")])
        services.digital_objects_add(actor=alice, unit=restricted, files=[scan("secret.jpg")])
    return units[0], restricted


def files_of(response):
    assert response.status_code == 200, response.content
    return {(row["unit"], row["role"]): row for row in response.json()["results"]}


def test_visitors_get_access_copies_of_open_units_only(api_client, bob, carol, scanned):
    open_unit, restricted = scanned
    for user in (None, carol, bob):
        seen = files_of(api_client(user).get(FILES))
        assert set(seen) == {(open_unit.pk, "access"), (open_unit.pk, "thumbnail")}


def test_staff_get_every_file(api_client, alice, scanned):
    open_unit, restricted = scanned
    seen = files_of(api_client(alice).get(FILES))
    assert len(seen) == 6 and (restricted.pk, "scan_page") in seen
    assert set(files_of(api_client(alice).get(FILES, {"unit": restricted.pk, "role": "scan_page"}))) == {
        (restricted.pk, "scan_page")}


def test_masters_are_never_served_to_non_staff(api_client, alice, bob, carol, scanned):
    open_unit, restricted = scanned
    master = DigitalObject.objects.get(unit=open_unit, role="scan_page")
    for user in (None, carol, bob):
        assert api_client(user).get(f"{FILES}{master.pk}/").status_code == 404
        assert api_client(user).get(f"{FILES}{master.pk}/download/").status_code == 404
    # Not even with a grant on the unit: a researcher gets access copies, never the master.
    access.grant_access(user=carol, actor=alice, unit=open_unit)
    assert api_client(type(carol).objects.get(pk=carol.pk)).get(f"{FILES}{master.pk}/download/").status_code == 404
    response = api_client(alice).get(f"{FILES}{master.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_access_copy_of_a_restricted_unit(api_client, alice, carol, scanned):
    _open_unit, restricted = scanned
    copy = DigitalObject.objects.get(unit=restricted, role="access")
    assert api_client(None).get(f"{FILES}{copy.pk}/download/").status_code == 404
    assert api_client(carol).get(f"{FILES}{copy.pk}/download/").status_code == 404
    access.grant_access(user=carol, actor=alice, unit=restricted, ground="решение архива")
    carol = type(carol).objects.get(pk=carol.pk)
    response = api_client(carol).get(f"{FILES}{copy.pk}/download/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(unit=restricted, user=carol, action="download").count() == 1
    inline = api_client(carol).get(f"{FILES}{copy.pk}/download/", {"inline": "1"})
    assert inline["Content-Type"] == "image/jpeg" and "attachment" not in inline.get("Content-Disposition", "")


def test_downloads_of_open_units_are_not_logged(api_client, scanned):
    open_unit, _restricted = scanned
    copy = DigitalObject.objects.get(unit=open_unit, role="access")
    assert api_client(None).get(f"{FILES}{copy.pk}/download/").status_code == 200
    assert not AccessLogEntry.objects.filter(unit=open_unit).exists()


def test_upload_through_the_api(api_client, alice, bob, carol, tree_a, scan, django_capture_on_commit_callbacks):
    _fonds, _inventory, units = tree_a
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(alice).post(FILES, {"unit": units[1].pk, "file": scan("a.jpg")}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["role"] == "scan_page" and body["page_order"] == 1 and len(body["sha256"]) == 64
    assert DigitalObject.objects.filter(derived_from_id=body["id"], role="thumbnail").exists()
    assert api_client(bob).post(FILES, {"unit": units[1].pk, "file": scan("b.jpg")},
                                format="multipart").status_code == 400
    assert api_client(carol).post(FILES, {"unit": units[1].pk, "file": scan("c.jpg")},
                                  format="multipart").status_code == 403
    response = api_client(alice).post(FILES, {"unit": units[1].pk, "file": scan("d.jpg"), "sha256": "0" * 64},
                                      format="multipart")
    assert response.status_code == 400
    assert api_client(bob).delete(f"{FILES}{body['id']}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client(alice).delete(f"{FILES}{body['id']}/").status_code == 204
    assert not DigitalObject.objects.filter(unit=units[1]).exists()
