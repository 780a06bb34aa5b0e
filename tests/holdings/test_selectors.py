"""Back-office reads: keyset pages, the current archive, history lines, files of a unit."""
import pytest
from django.test import RequestFactory
from django.utils import translation

from holdings import access, selectors, services
from holdings.choices import StaffRole
from holdings.context_processors import backoffice
from holdings.models import ChangeRecord, Unit
from holdings.permissions import can_edit_archive, can_use_office, can_view_archive

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw,parsed", [
    ("45000.17", (45000, 17)), ("0.1", (0, 1)), ("-5.3", (-5, 3)), (None, None), ("", None), ("abc", None),
    ("1.x", None), ("1", None), ("9" * 30 + ".1", None), ("1." + "9" * 30, None), ("1.2.3", None),
])
def test_parse_cursor(raw, parsed):
    assert selectors.parse_cursor(raw) == parsed


def test_keyset_pages_forward_and_back(alice, tree_a):
    _fonds, inventory, _units = tree_a
    services.units_create(actor=alice, inventory=inventory, rows=[
        services.UnitData(number=str(n), title=f"Дело {n}") for n in range(4, 26)])  # 25 units in all
    qs = Unit.objects.filter(inventory=inventory)
    first = selectors.keyset_page(qs, size=10)
    assert [u.number for u in first.rows] == [str(n) for n in range(1, 11)]
    assert first.previous_before is None and first.first
    second = selectors.keyset_page(qs, after=first.next_after, size=10)
    assert [u.number for u in second.rows] == [str(n) for n in range(11, 21)]
    third = selectors.keyset_page(qs, after=second.next_after, size=10)
    assert [u.number for u in third.rows] == [str(n) for n in range(21, 26)] and third.next_after is None
    back = selectors.keyset_page(qs, before=third.previous_before, size=10)
    assert [u.number for u in back.rows] == [u.number for u in second.rows]
    start = selectors.keyset_page(qs, before=back.previous_before, size=10)
    assert [u.number for u in start.rows] == [u.number for u in first.rows] and start.previous_before is None
    assert selectors.keyset_page(qs, after="garbage", size=10).rows == first.rows


def test_current_archive_follows_the_session(rf_session, alice, archive_a, archive_b):
    access.staff_grant(archive=archive_b, user=alice, role=StaffRole.EXPERT, actor=None)
    request = rf_session(alice)
    assert selectors.current_archive(request) == archive_a
    assert selectors.choose_archive(request, archive_b.pk) == archive_b
    fresh = rf_session(alice, session=request.session)
    assert selectors.current_archive(fresh) == archive_b
    assert selectors.choose_archive(fresh, 999999) is None


def test_context_processor_is_lazy_and_empty_for_visitors(rf_session, alice, carol, archive_a,
                                                          django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = rf_session(AnonymousUser())
    assert backoffice(request) == {"staff_archives": [], "current_archive": None}
    request = rf_session(alice)
    with django_assert_num_queries(0):
        context = backoffice(request)
    assert list(context["staff_archives"]) == [archive_a]
    assert context["current_archive"].pk == archive_a.pk
    assert not backoffice(rf_session(carol))["current_archive"]


def test_permissions(alice, rita, carol, archive_a, archive_b):
    assert can_use_office(alice) and can_use_office(rita) and not can_use_office(carol)
    assert can_view_archive(rita, archive_a.pk) and not can_edit_archive(rita, archive_a.pk)
    assert can_edit_archive(alice, archive_a.pk) and not can_view_archive(alice, archive_b.pk)
    assert not can_use_office(None)


def test_history_lines_are_readable(alice, tree_a):
    _fonds, _inventory, units = tree_a
    services.unit_update(actor=alice, unit=units[0], media="photo", access_level="closed")
    services.units_set_access(actor=alice, unit_ids=[units[0].pk], access_level="open")
    with translation.override("en"):
        lines = selectors.history(unit=units[0])
    assert lines[0].action == "Access level set" and lines[0].user == alice
    edit = next(line for line in lines if line.action == "Edited")
    assert ("media", "Paper", "Photo") in edit.items
    assert ("access level", "Inherit", "Closed") in edit.items
    assert ChangeRecord.objects.filter(unit=units[0]).count() == 3


def test_unit_files_pair_pages_with_their_thumbnails(alice, tree_a, scan, django_capture_on_commit_callbacks):
    _fonds, _inventory, units = tree_a
    with django_capture_on_commit_callbacks(execute=True):
        services.digital_objects_add(actor=alice, unit=units[0], files=[scan("a.jpg"), scan("b.jpg")])
    files = selectors.unit_files(units[0])
    assert [p.page_order for p in files.pages] == [1, 2]
    assert all(p.thumbnail and p.thumbnail.role == "thumbnail" and p.access_copy for p in files.pages)
    assert files.others == []


def test_next_unit_number(alice, tree_a):
    _fonds, inventory, _units = tree_a
    assert selectors.next_unit_number(inventory) == "4"
    services.unit_create(actor=alice, inventory=inventory, data=services.UnitData(number="12а", title="x"))
    assert selectors.next_unit_number(inventory) == "13"


@pytest.fixture
def rf_session():
    """Factory: a GET request with a session for a user."""
    from django.contrib.sessions.backends.db import SessionStore

    def make(user, session=None):
        request = RequestFactory().get("/office/holdings/")
        request.user = user
        request.session = session if session is not None else SessionStore()
        return request

    return make


def test_archive_history_names_each_record(alice, archive_a, tree_a):
    fonds, inventory, units = tree_a
    with translation.override("en"):
        lines = selectors.history(archive=archive_a, limit=20)
    by_target = {line.target: line for line in lines}
    assert by_target["F. 1, Inv. 1, U. 2"].url == f"/office/holdings/units/{units[1].pk}/"
    assert ("inventory number", None, "1") in by_target["F. 1, Inv. 1"].items
    assert ("fonds number", None, "1") in by_target["F. 1"].items
