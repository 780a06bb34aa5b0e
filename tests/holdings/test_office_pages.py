"""The holdings back office over HTTP: who gets in, forms, bulk actions, files, history."""
import datetime as dt

import pytest
from django.urls import reverse

from holdings import access, services
from holdings.choices import StaffRole
from holdings.models import AccessLogEntry, ChangeRecord, DigitalObject, Fonds, Inventory, Unit
from tests.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"holdings:{name}", args=args)


def object_pages(fonds, inventory, unit):
    return [url("fonds_detail", fonds.pk), url("fonds_edit", fonds.pk), url("inventory_create", fonds.pk),
            url("inventory_detail", inventory.pk), url("inventory_edit", inventory.pk), url("inventory_move", inventory.pk),
            url("unit_create", inventory.pk), url("unit_detail", unit.pk), url("unit_edit", unit.pk),
            url("unit_move", unit.pk), url("unit_remove", unit.pk), url("unit_upload", unit.pk),
            url("unit_access_log", unit.pk), url("history", "fonds", fonds.pk),
            url("history", "inventory", inventory.pk), url("history", "unit", unit.pk)]


# ---------------------------------------------------------------- who gets in
def test_anonymous_is_sent_to_login(client, tree_a):
    response = client.get(url("dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_citizen_cannot_use_the_back_office(office_client, carol, tree_a):
    fonds, inventory, units = tree_a
    c = office_client(carol)
    for page in [url("dashboard"), url("fonds_list"), url("fonds_create"), *object_pages(fonds, inventory, units[0])]:
        assert c.get(page).status_code == 403, page
    assert c.post(url("fonds_create"), {"number": "5", "title": "x"}).status_code == 403
    assert c.post(url("unit_edit", units[0].pk), {"number": "1", "title": "взлом"}).status_code == 403
    assert Unit.objects.get(pk=units[0].pk).title == "Дело 1"


def test_another_archives_objects_answer_404(office_client, bob, tree_a, tree_b):
    fonds, inventory, units = tree_a
    c = office_client(bob)
    for page in object_pages(fonds, inventory, units[0]):
        assert c.get(page).status_code == 404, page
    posts = [(url("fonds_edit", fonds.pk), {"number": "1", "title": "x"}),
             (url("unit_edit", units[0].pk), {"number": "1", "title": "x", "media": "paper",
                                                "access_level": "inherit", "status": "extant",
                                                "value_category": "ordinary"}),
             (url("units_bulk", inventory.pk), {"action": "set_access", "unit": [units[0].pk],
                                                 "access_level": "closed"}),
             (url("fonds_remove", fonds.pk), {}), (url("inventory_remove", inventory.pk), {}),
             (url("inventory_move", inventory.pk), {"fonds_number": "7"})]
    for page, data in posts:
        assert c.post(page, data).status_code == 404, page
    assert Unit.objects.get(pk=units[0].pk).effective_access == "open"
    assert Fonds.objects.get(pk=fonds.pk).title == "Управление делами"


def test_reading_room_staff_see_but_do_not_edit(office_client, rita, tree_a):
    fonds, inventory, units = tree_a
    c = office_client(rita)
    assert c.get(url("inventory_detail", inventory.pk)).status_code == 200
    assert b"data-testid=\"bulk-actions\"" not in c.get(url("inventory_detail", inventory.pk)).content
    assert c.get(url("unit_edit", units[0].pk)).status_code == 403
    assert c.post(url("units_bulk", inventory.pk), {"action": "set_access", "unit": [units[0].pk],
                                                     "access_level": "closed"}).status_code == 403
    assert Unit.objects.get(pk=units[0].pk).effective_access == "open"


def test_switching_archive_only_among_ones_own(office_client, alice, archive_a, archive_b, tree_a, tree_b):
    access.staff_grant(archive=archive_b, user=alice, role=StaffRole.READING_ROOM, actor=None)
    c = office_client(alice)
    assert archive_a.name in c.get(url("dashboard")).content.decode()
    response = c.post(url("switch_archive"), {"archive": archive_b.pk, "next": url("fonds_list")})
    assert response.status_code == 302 and response["Location"] == url("fonds_list")
    page = c.get(url("fonds_list")).content.decode()
    assert "Қор Б" in page and "Управление делами" not in page
    # An archive that is not hers, a bad id, an outside address:
    stranger = archive_b.__class__.objects.create(code="Z", name_ru="Чужой", name_kk="Бөтен", kind="city",
                                                  region=archive_a.region)
    assert c.post(url("switch_archive"), {"archive": stranger.pk}).status_code == 404
    assert c.post(url("switch_archive"), {"archive": "x"}).status_code == 404
    assert c.post(url("switch_archive"), {"archive": archive_a.pk, "next": "https://evil.example/"})[
        "Location"] == url("dashboard")
    assert c.get(url("switch_archive")).status_code == 405


def test_switcher_lists_staff_archives(office_client, alice, archive_b, tree_a):
    access.staff_grant(archive=archive_b, user=alice, role=StaffRole.EXPERT, actor=None)
    page = office_client(alice).get(url("dashboard")).content.decode()
    assert 'id="archive-switch"' in page and "Archive B" in page


# ---------------------------------------------------------------- describing holdings
def test_archivist_creates_fonds_inventory_and_unit(office_client, alice, archive_a):
    c = office_client(alice)
    response = c.post(url("fonds_create"), {"number": "12", "title": "Отдел культуры", "creator_name": "Отдел культуры",
                                            "kind": "institution", "value_category": "ordinary",
                                            "access_level": "open", "date_start": "1950-01-01",
                                            "date_end": "1990-12-31"})
    fonds = Fonds.objects.get(archive=archive_a, number="12")
    assert response.status_code == 302 and response["Location"] == url("fonds_detail", fonds.pk)
    assert fonds.creator.name == "Отдел культуры"
    response = c.post(url("inventory_create", fonds.pk), {"number": "1", "title": "Дела постоянного хранения",
                                                          "approval_status": "draft", "access_level": "inherit"})
    inventory = Inventory.objects.get(fonds=fonds)
    assert response["Location"] == url("inventory_detail", inventory.pk)
    assert c.get(url("unit_create", inventory.pk)).context["form"].initial["number"] == "1"
    response = c.post(url("unit_create", inventory.pk), {
        "number": "1", "title": "Личное дело Сейткалиева Б.", "public_title": "Личное дело",
        "date_start": "1960-01-01", "date_end": "1970-06-30", "extent_sheets": "34", "media": "paper",
        "access_level": "personal", "value_category": "ordinary", "annotation": "Анкета, автобиография"})
    unit = Unit.objects.get(inventory=inventory)
    assert response["Location"] == url("unit_detail", unit.pk)
    assert unit.restricted_until == dt.date(2045, 6, 30)  # blank: 75 years after the end date
    assert unit.description.annotation == "Анкета, автобиография"
    inventory.refresh_from_db()
    fonds.refresh_from_db()
    assert inventory.unit_count == 1 and fonds.unit_count == 1 and fonds.inventory_count == 1
    page = c.get(url("unit_detail", unit.pk)).content.decode()
    assert "Личное дело Сейткалиева Б." in page and "30.06.2045" in page
    response = c.post(url("unit_create", inventory.pk), {"number": "2", "title": "Дело 2", "media": "paper",
                                                         "access_level": "inherit", "value_category": "ordinary",
                                                         "add_another": "1"})
    assert response["Location"] == url("unit_create", inventory.pk)


def test_forms_show_clear_errors(office_client, alice, tree_a):
    fonds, inventory, units = tree_a
    c = office_client(alice)
    response = c.post(url("fonds_create"), {"number": "1", "title": "Дубликат", "kind": "institution",
                                            "value_category": "ordinary", "access_level": "open"})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    response = c.post(url("unit_create", inventory.pk), {"number": "7", "title": "Личное дело", "media": "paper",
                                                         "access_level": "personal", "value_category": "ordinary",
                                                         "date_start": "2000-01-01", "date_end": "1999-01-01"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "public_title" in errors and "date_end" in errors
    response = c.post(url("unit_create", inventory.pk), {"number": "1", "title": "Повтор", "media": "paper",
                                                         "access_level": "inherit", "value_category": "ordinary"})
    assert response.status_code == 400 and "already used in this inventory: 1" in response.content.decode()
    # numbers beyond the column's range (PostgreSQL's 32-bit integer) are a field error, not a server error
    for name in ("extent_sheets", "duration_seconds"):
        response = c.post(url("unit_create", inventory.pk), {"number": "8", "title": "Дело", "media": "paper",
                                                             "access_level": "inherit", "value_category": "ordinary",
                                                             name: "99999999999"})
        assert response.status_code == 400 and "less than or equal to 2147483647" in response.content.decode()
    assert Unit.objects.filter(inventory=inventory).count() == 3


def test_russian_error_messages(web_client, alice, tree_a):
    c = web_client(alice)
    c.cookies["archive_language"] = "ru"
    response = c.post(url("fonds_create"), {"number": "1", "title": "Дубликат", "kind": "institution",
                                            "value_category": "ordinary", "access_level": "open"})
    assert "уже есть" in response.content.decode()


def test_editing_a_unit_records_history(office_client, alice, tree_a):
    _fonds, _inventory, units = tree_a
    c = office_client(alice)
    response = c.post(url("unit_edit", units[0].pk), {
        "number": "1", "title": "Дело 1: приказы", "media": "photo", "access_level": "restricted",
        "restricted_until": "2040-01-01", "status": "extant", "value_category": "unique", "annotation": "Фото"})
    assert response.status_code == 302
    unit = Unit.objects.get(pk=units[0].pk)
    assert (unit.title, unit.media, unit.effective_access) == ("Дело 1: приказы", "photo", "restricted")
    record = ChangeRecord.objects.filter(unit=unit, action="update").get()
    assert record.user == alice and record.changes["title"] == ["Дело 1", "Дело 1: приказы"]
    page = c.get(url("unit_detail", unit.pk)).content.decode()
    assert 'data-testid="history"' in page and "Test" in page and "Дело 1: приказы" in page
    full = c.get(url("history", "unit", unit.pk)).content.decode()
    assert "Дело 1: приказы" in full


def test_history_on_fonds_and_inventory_pages(office_client, alice, tree_a):
    fonds, inventory, _units = tree_a
    c = office_client(alice)
    c.post(url("fonds_edit", fonds.pk), {"number": "1", "title": "Управление делами (новое)", "kind": "institution",
                                         "value_category": "ordinary", "access_level": "open"})
    c.post(url("inventory_edit", inventory.pk), {"number": "1", "title": "Опись 1 (уточнено)",
                                                 "approval_status": "approved", "access_level": "inherit"})
    assert "Управление делами (новое)" in c.get(url("fonds_detail", fonds.pk)).content.decode()
    assert "Опись 1 (уточнено)" in c.get(url("inventory_detail", inventory.pk)).content.decode()
    assert "Управление делами (новое)" in c.get(url("history", "fonds", fonds.pk)).content.decode()


def test_move_a_unit_by_numbers(office_client, alice, tree_a):
    fonds, inventory, units = tree_a
    target = services.inventory_create(actor=alice, fonds=fonds, number="2", title="Опись 2")
    c = office_client(alice)
    response = c.post(url("unit_move", units[0].pk), {"fonds_number": "1", "inventory_number": "9"})
    assert response.status_code == 400 and "There is no inventory 9" in response.content.decode()
    response = c.post(url("unit_move", units[0].pk), {"fonds_number": "1", "inventory_number": "2"})
    assert response.status_code == 302
    assert Unit.objects.get(pk=units[0].pk).inventory_id == target.pk
    target.refresh_from_db()
    assert target.unit_count == 1


def test_remove_unit_and_empty_records(office_client, alice, tree_a):
    fonds, inventory, units = tree_a
    c = office_client(alice)
    assert c.post(url("unit_remove", units[0].pk), {"reason": ""}).status_code == 400
    response = c.post(url("unit_remove", units[0].pk), {"reason": "описано дважды"})
    assert response["Location"] == url("inventory_detail", inventory.pk)
    assert not Unit.objects.filter(pk=units[0].pk).exists()
    response = c.post(url("inventory_remove", inventory.pk))
    assert response["Location"] == url("inventory_detail", inventory.pk)  # not empty: refused with a message
    assert Inventory.objects.filter(pk=inventory.pk).exists()


# ---------------------------------------------------------------- bulk actions
def test_bulk_set_access_move_and_location(office_client, alice, archive_a, tree_a):
    fonds, inventory, units = tree_a
    target = services.inventory_create(actor=alice, fonds=fonds, number="2", title="Опись 2")
    shelf = services.storage_location_create(actor=alice, archive=archive_a, building="Корпус 1", shelf="4")
    ids = [units[0].pk, units[1].pk]
    c = office_client(alice)
    back = url("inventory_detail", inventory.pk)

    response = c.post(url("units_bulk", inventory.pk), {"action": "set_access", "unit": ids,
                                                         "access_level": "restricted",
                                                         "restricted_until": "2050-01-01"})
    assert response["Location"] == back
    assert list(Unit.objects.filter(pk__in=ids).values_list("effective_access", flat=True)) == ["restricted"] * 2
    assert Unit.objects.get(pk=units[2].pk).effective_access == "open"

    c.post(url("units_bulk", inventory.pk), {"action": "set_location", "unit": ids, "location": shelf.pk})
    assert Unit.objects.filter(storage_location=shelf).count() == 2

    response = c.post(url("units_bulk", inventory.pk), {"action": "move", "unit": ids, "fonds_number": "1",
                                                         "inventory_number": "2", "after": "2000.2"})
    assert response["Location"] == back + "?after=2000.2"
    assert Unit.objects.filter(inventory=target).count() == 2
    inventory.refresh_from_db()
    target.refresh_from_db()
    assert (inventory.unit_count, target.unit_count) == (1, 2)
    assert ChangeRecord.objects.filter(action="move", user=alice).count() == 2


def test_bulk_ignores_units_of_other_inventories_and_reports_errors(office_client, alice, tree_a, tree_b):
    fonds, inventory, units = tree_a
    _fb, _ib, units_b = tree_b
    c = office_client(alice)
    response = c.post(url("units_bulk", inventory.pk), {"action": "set_access", "unit": [units_b[0].pk],
                                                         "access_level": "closed"}, follow=True)
    assert Unit.objects.get(pk=units_b[0].pk).effective_access == "open"
    response = c.post(url("units_bulk", inventory.pk), {"action": "set_access", "access_level": "closed"},
                      follow=True)
    assert "Select at least one unit" in response.content.decode()
    response = c.post(url("units_bulk", inventory.pk), {"action": "set_access", "unit": [units[0].pk],
                                                         "access_level": "personal"}, follow=True)
    assert "no public title" in response.content.decode()
    response = c.post(url("units_bulk", inventory.pk), {"action": "move", "unit": [units[0].pk],
                                                         "fonds_number": "7", "inventory_number": "1"}, follow=True)
    assert "There is no inventory" in response.content.decode()  # fonds 7 is archive B's
    response = c.post(url("units_bulk", inventory.pk), {"action": "set_access", "unit": ["x"],
                                                         "access_level": "closed"}, follow=True)
    assert response.status_code == 200
    assert Unit.objects.get(pk=units[0].pk).inventory_id == inventory.pk


# ---------------------------------------------------------------- files
def test_upload_shows_thumbnails_and_staff_download(office_client, alice, bob, carol, tree_a, scan,
                                                    django_capture_on_commit_callbacks):
    _fonds, _inventory, units = tree_a
    unit = units[0]
    c = office_client(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(url("unit_upload", unit.pk), {"files": [scan("p1.jpg"), scan("p2.jpg")],
                                                        "role": "scan_page"})
    assert response["Location"] == url("unit_detail", unit.pk)
    page = c.get(url("unit_detail", unit.pk)).content.decode()
    assert page.count('data-testid="thumbnail"') == 2
    master = DigitalObject.objects.get(unit=unit, role="scan_page", page_order=1)
    thumb = DigitalObject.objects.get(derived_from=master, role="thumbnail")
    assert url("digital_object_file", thumb.pk) + "?inline=1" in page

    inline = c.get(url("digital_object_file", thumb.pk) + "?inline=1")
    assert inline.status_code == 200 and inline["Content-Type"] == "image/jpeg"
    assert "attachment" not in inline.get("Content-Disposition", "")
    download = c.get(url("digital_object_file", master.pk))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content)[:2] == b"\xff\xd8"
    assert "sandbox" in download["Content-Security-Policy"]

    assert office_client(bob).get(url("digital_object_file", master.pk)).status_code == 404
    assert office_client(carol).get(url("digital_object_file", thumb.pk)).status_code == 403
    assert office_client(None).get(url("digital_object_file", master.pk)).status_code == 302


def test_upload_rejects_a_broken_image(office_client, alice, tree_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _fonds, _inventory, units = tree_a
    response = office_client(alice).post(url("unit_upload", units[0].pk), {
        "files": [SimpleUploadedFile("scan.jpg", b"not an image", content_type="image/jpeg")], "role": "scan_page"})
    assert response.status_code == 400 and "not a readable image" in response.content.decode()
    assert not DigitalObject.objects.exists()
    response = office_client(alice).post(url("unit_upload", units[0].pk), {"role": "scan_page"})
    assert response.status_code == 400


def test_removing_a_file(office_client, alice, tree_a, scan, django_capture_on_commit_callbacks):
    _fonds, _inventory, units = tree_a
    with django_capture_on_commit_callbacks(execute=True):
        [page] = services.digital_objects_add(actor=alice, unit=units[0], files=[scan()])
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client(alice).post(url("digital_object_remove", page.pk))
    assert response["Location"] == url("unit_detail", units[0].pk)
    assert not DigitalObject.objects.exists()


# ---------------------------------------------------------------- access log
def test_staff_views_of_closed_units_are_logged_and_listed(office_client, alice, carol, tree_a):
    _fonds, inventory, _units = tree_a
    closed = make_unit(inventory, "50", "Материалы служебной проверки", access_level="closed", actor=alice)
    access.grant_access(user=carol, actor=alice, unit=closed, ground="решение комиссии")
    c = office_client(alice)
    c.get(url("unit_detail", closed.pk))
    assert AccessLogEntry.objects.filter(unit=closed, user=alice, action="view").count() == 1
    page = c.get(url("unit_access_log", closed.pk)).content.decode()
    assert "решение комиссии" in page and 'data-testid="access-log"' in page


def test_navigation_entry_for_staff_only(office_client, alice, carol, adam):
    staff_page = office_client(alice).get(reverse("accounts:profile")).content.decode()
    assert url("dashboard") in staff_page
    assert url("dashboard") not in office_client(carol).get(reverse("accounts:profile")).content.decode()


def test_superuser_reaches_every_archive(office_client, archive_a, tree_a, tree_b):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    fonds_b, _inv, _units = tree_b
    c = office_client(admin)
    assert c.get(url("fonds_detail", fonds_b.pk)).status_code == 200
    assert c.get(url("fonds_edit", fonds_b.pk)).status_code == 200
