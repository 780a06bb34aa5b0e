"""Holdings services used by the back office and the API: counters, history, bulk actions, files."""
import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from holdings import access, services
from holdings.choices import DigitalObjectRole
from holdings.models import (
    AccessLogEntry,
    ChangeRecord,
    DigitalObject,
    Fonds,
    Inventory,
    StorageLocation,
    Unit,
)
from holdings.services import HoldingsError, UnitData
from tests.factories import make_fonds, make_inventory, make_unit

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _counts(*objs):
    for obj in objs:
        obj.refresh_from_db()
    return [o.unit_count for o in objs]


def test_counters_right_after_create_move_and_remove(archive_a, alice, tree_a):
    fonds, inv1, units = tree_a
    inv2 = make_inventory(fonds, "2", actor=alice)
    other_fonds = make_fonds(archive_a, "2", actor=alice)
    inv3 = make_inventory(other_fonds, "1", actor=alice)
    assert _counts(inv1, inv2, fonds) == [3, 0, 3]

    services.unit_create(actor=alice, inventory=inv2, data=UnitData(number="9", title="Новое дело"))
    assert _counts(inv1, inv2, fonds) == [3, 1, 4]

    assert services.units_move(actor=alice, unit_ids=[units[0].pk, units[1].pk], to_inventory=inv3) == 2
    assert _counts(inv1, inv2, inv3, fonds, other_fonds) == [1, 1, 2, 2, 2]
    moved = Unit.objects.get(pk=units[0].pk)
    assert (moved.inventory_id, moved.fonds_id) == (inv3.pk, other_fonds.pk)

    services.unit_remove(actor=alice, unit=units[2], reason="описано ошибочно")
    assert _counts(inv1, fonds) == [0, 1]
    fonds.refresh_from_db()
    assert fonds.inventory_count == 2


def test_every_change_is_recorded_with_who_and_archive(archive_a, alice, tree_a):
    fonds, inventory, units = tree_a
    services.unit_update(actor=alice, unit=units[0], title="Дело 1 (уточнено)")
    services.fonds_update(actor=alice, fonds=fonds, title="Управление делами облисполкома")
    records = ChangeRecord.objects.filter(archive=archive_a)
    assert records.filter(unit=units[0], action="update", user=alice).get().changes["title"] == [
        "Дело 1", "Дело 1 (уточнено)"]
    assert records.filter(fonds=fonds, action="update").exists()
    assert not ChangeRecord.objects.filter(archive__isnull=True).exists()


def test_bulk_access_sets_default_restriction_and_needs_public_titles(archive_a, alice, tree_a):
    fonds, inventory, units = tree_a
    services.unit_update(actor=alice, unit=units[0], date_end=dt.date(2001, 3, 4), public_title="Личное дело")
    services.unit_update(actor=alice, unit=units[1], public_title="Личное дело")
    with pytest.raises(HoldingsError):  # unit 3 has no public title: nothing changes
        services.units_set_access(actor=alice, unit_ids=[u.pk for u in units], access_level="personal")
    assert set(Unit.objects.filter(inventory=inventory).values_list("effective_access", flat=True)) == {"open"}

    n = services.units_set_access(actor=alice, unit_ids=[units[0].pk, units[1].pk], access_level="personal")
    assert n == 2
    first, second = Unit.objects.get(pk=units[0].pk), Unit.objects.get(pk=units[1].pk)
    assert first.effective_access == "personal" and first.contains_personal_data
    assert first.restricted_until == dt.date(2076, 3, 4)
    assert second.restricted_until is None  # no end date, no default
    assert ChangeRecord.objects.filter(action="set_access", archive=archive_a).count() == 2


def test_unit_restriction_default_follows_end_date_until_set_by_hand(archive_a, alice, tree_a):
    _f, inventory, _units = tree_a
    unit = make_unit(inventory, "20", "Личное дело Иванова", access_level="personal", public_title="Личное дело",
                     date_end=dt.date(1990, 1, 1), actor=alice)
    assert unit.restricted_until == dt.date(2065, 1, 1)
    unit = services.unit_update(actor=alice, unit=unit, date_end=dt.date(1995, 1, 1),
                                restricted_until=unit.restricted_until)
    assert unit.restricted_until == dt.date(2070, 1, 1)
    unit = services.unit_update(actor=alice, unit=unit, restricted_until=dt.date(2040, 1, 1))
    unit = services.unit_update(actor=alice, unit=unit, date_end=dt.date(1996, 1, 1))
    assert unit.restricted_until == dt.date(2040, 1, 1)
    unit = services.unit_update(actor=alice, unit=unit, restricted_until=None)
    assert unit.restricted_until == dt.date(2071, 1, 1)


def test_location_of_another_archive_is_refused(archive_a, archive_b, alice, tree_a):
    _f, _inv, units = tree_a
    shelf_b = services.storage_location_create(actor=None, archive=archive_b, building="B")
    with pytest.raises(HoldingsError):
        services.units_set_location(actor=alice, unit_ids=[units[0].pk], location=shelf_b)
    shelf_a = services.storage_location_create(actor=alice, archive=archive_a, building="Корпус 1", room="3")
    assert services.units_set_location(actor=alice, unit_ids=[u.pk for u in units], location=shelf_a) == 3
    assert Unit.objects.filter(storage_location=shelf_a).count() == 3
    with pytest.raises(HoldingsError):
        services.storage_location_create(actor=alice, archive=archive_a, building="Корпус 1", room="3")
    assert StorageLocation.objects.filter(archive=archive_a).count() == 1


def test_move_across_archives_is_refused(archive_a, tree_a, tree_b, alice):
    _f, _inv, units = tree_a
    _fb, inv_b, _ub = tree_b
    with pytest.raises(HoldingsError):
        services.units_move(actor=alice, unit_ids=[units[0].pk], to_inventory=inv_b)


def test_remove_only_empty_fonds_and_inventories(archive_a, alice, tree_a):
    fonds, inventory, units = tree_a
    with pytest.raises(HoldingsError):
        services.inventory_remove(actor=alice, inventory=inventory)
    with pytest.raises(HoldingsError):
        services.fonds_remove(actor=alice, fonds=fonds)
    empty = make_inventory(fonds, "5", actor=alice)
    services.inventory_remove(actor=alice, inventory=empty, reason="ошибка")
    fonds.refresh_from_db()
    assert fonds.inventory_count == 1 and not Inventory.objects.filter(pk=empty.pk).exists()
    assert ChangeRecord.objects.filter(fonds=fonds, action="remove").exists()
    lonely = make_fonds(archive_a, "99", actor=alice)
    archive_a.refresh_from_db()
    before = archive_a.fonds_count
    services.fonds_remove(actor=alice, fonds=lonely)
    archive_a.refresh_from_db()
    assert archive_a.fonds_count == before - 1 and not Fonds.objects.filter(pk=lonely.pk).exists()


def test_a_viewed_unit_cannot_be_removed(alice, carol, tree_a):
    _f, _inv, units = tree_a
    AccessLogEntry.objects.create(user=carol, action="view", unit=units[0])
    with pytest.raises(HoldingsError):
        services.unit_remove(actor=alice, unit=units[0], reason="x")
    assert Unit.objects.filter(pk=units[0].pk).exists()


def test_thumbnail_and_access_copy_are_made_after_upload(alice, tree_a, scan, django_capture_on_commit_callbacks):
    _f, _inv, units = tree_a
    with django_capture_on_commit_callbacks(execute=True):
        made = services.digital_objects_add(actor=alice, unit=units[0], files=[scan("p1.jpg"), scan("p2.jpg")])
    assert [o.page_order for o in made] == [1, 2]
    page = DigitalObject.objects.get(pk=made[0].pk)
    assert (page.width, page.height) == (600, 850)
    thumb = DigitalObject.objects.get(derived_from=page, role=DigitalObjectRole.THUMBNAIL)
    assert max(thumb.width, thumb.height) <= 320
    assert DigitalObject.objects.filter(derived_from=page, role=DigitalObjectRole.ACCESS).exists()
    assert default_storage.exists(thumb.file.name)
    units[0].refresh_from_db()
    assert units[0].digital_count == 2
    assert len(page.sha256) == 64 and page.size > 0


class BrokenFile(ContentFile):
    """A file whose reading fails half-way through an upload (a dropped connection)."""

    def read(self, *args):
        raise OSError("connection reset")


def test_upload_is_all_or_nothing(alice, tree_a, scan, settings):
    _f, _inv, units = tree_a
    with pytest.raises(OSError):
        services.digital_objects_add(actor=alice, unit=units[0],
                                     files=[scan("p1.jpg"), BrokenFile(b"x", name="p2.jpg")])
    assert not DigitalObject.objects.exists()
    left = [name for _dir, _subdirs, names in os.walk(settings.MEDIA_ROOT) for name in names]
    assert left == []  # the first page was stored, then deleted again
    units[0].refresh_from_db()
    assert units[0].digital_count == 0


def test_an_unreadable_image_is_kept_without_derivatives(alice, tree_a, django_capture_on_commit_callbacks):
    _f, _inv, units = tree_a
    with django_capture_on_commit_callbacks(execute=True):
        obj = services.digital_object_add(actor=alice, unit=units[0], file=ContentFile(b"not a jpeg", name="x.jpg"))
    assert obj.format == "image/jpeg"
    assert not DigitalObject.objects.filter(derived_from=obj).exists()


def test_checksum_mismatch_is_refused(alice, tree_a):
    _f, _inv, units = tree_a
    with pytest.raises(HoldingsError):
        services.digital_object_add(actor=alice, unit=units[0], file=ContentFile(jpeg_bytes(), name="a.jpg"),
                                    expected_sha256="0" * 64)
    assert not DigitalObject.objects.exists()


def test_digital_objects_visible_to(archive_a, alice, bob, carol, tree_a, django_capture_on_commit_callbacks):
    _f, inventory, units = tree_a
    restricted = make_unit(inventory, "30", "Секретная переписка", access_level="restricted", actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.digital_object_add(actor=alice, unit=units[0], file=ContentFile(jpeg_bytes(), name="a.jpg"))
        services.digital_object_add(actor=alice, unit=restricted, file=ContentFile(jpeg_bytes(), name="b.jpg"))
    every = DigitalObject.objects.all()
    assert access.digital_objects_visible_to(every, alice).count() == 6
    for user in (None, carol, bob):
        seen = access.digital_objects_visible_to(every, user)
        assert set(seen.values_list("role", flat=True)) == {"access", "thumbnail"}
        assert set(seen.values_list("unit_id", flat=True)) == {units[0].pk}
    access.grant_access(user=carol, actor=alice, unit=restricted)
    carol = type(carol).objects.get(pk=carol.pk)
    assert access.digital_objects_visible_to(every, carol).filter(unit=restricted).count() == 2


def test_level_in_force_counts_a_lapsed_restriction_as_open(alice, tree_a):
    _f, inventory, _units = tree_a
    lapsed = make_unit(inventory, "40", "Личное дело 1930-х", access_level="personal", public_title="Личное дело",
                       date_end=dt.date(1940, 1, 1), actor=alice)
    live = make_unit(inventory, "41", "Личное дело 2000-х", access_level="personal", public_title="Личное дело",
                     date_end=dt.date(2000, 1, 1), actor=alice)
    units = Unit.objects.filter(inventory=inventory)
    assert lapsed in units.filter(access.level_in_force_q("open"))
    assert list(units.filter(access.level_in_force_q("personal"))) == [live]


def test_creator_is_found_by_name(alice):
    first = services.creator_get_or_create(actor=alice, name="  Наркомпрос   КАССР ")
    assert first.name == "Наркомпрос КАССР"
    assert services.creator_get_or_create(actor=alice, name="Наркомпрос КАССР") == first
    assert services.creator_get_or_create(actor=alice, name=" ") is None


def test_a_far_future_end_date_keeps_personal_data_closed(alice, tree_a):
    _f, inventory, _units = tree_a
    unit = make_unit(inventory, "50", "Личное дело", access_level="personal", public_title="Личное дело",
                     date_end=dt.date(9990, 1, 1), actor=alice)  # a typo for 1990: no crash, still closed
    assert unit.restricted_until == dt.date.max
    assert access.effective_level(unit) == "personal"
