"""The core access rule: visibility, redaction, grants and their expiry, staff rights."""
import datetime as dt

import pytest
from django.utils import timezone

from holdings import access, services
from holdings.models import AccessLogEntry, Unit
from tests.factories import make_inventory, make_tree, make_unit

pytestmark = pytest.mark.django_db


def _levels(inventory):
    make_unit(inventory, "10", "Open title", access_level="open")
    make_unit(inventory, "11", "Личное дело Секретова", access_level="personal", public_title="Личное дело",
              date_end=dt.date(2000, 1, 1))
    make_unit(inventory, "12", "Restricted secret", access_level="restricted")
    make_unit(inventory, "13", "Closed secret", access_level="closed")


def test_visitor_sees_all_but_closed_with_redaction(archive_a, carol):
    fonds, inventory, _ = make_tree(archive_a, units=0)
    _levels(inventory)
    for user in (None, carol):
        units = {u.number: u for u in Unit.objects.filter(inventory=inventory).visible_to(user)}
        assert set(units) == {"10", "11", "12"}
        assert access.unit_view(units["10"], user).title == "Open title"
        personal = access.unit_view(units["11"], user)
        assert personal.redacted and personal.title == "Личное дело"
        assert "Секретов" not in personal.title
        assert access.unit_view(units["12"], user).redacted


def test_personal_defaults_to_75_years_and_opens_at_query_time(archive_a, carol):
    fonds, inventory, _ = make_tree(archive_a, units=0)
    unit = make_unit(inventory, "1", "Личное дело Иванова", access_level="personal", public_title="Личное дело",
                     date_end=dt.date(1940, 5, 1))
    assert unit.restricted_until == dt.date(2015, 5, 1)
    seen = Unit.objects.filter(pk=unit.pk).visible_to(carol).get()
    assert access.unit_view(seen, carol).title == "Личное дело Иванова"


def test_staff_of_archive_sees_everything_there_only(archive_a, archive_b, alice, bob):
    _f, inventory, _ = make_tree(archive_a, units=0)
    _levels(inventory)
    assert Unit.objects.filter(inventory=inventory).visible_to(alice).count() == 4
    assert all(u.full_access for u in Unit.objects.filter(inventory=inventory).visible_to(alice))
    assert Unit.objects.filter(inventory=inventory).visible_to(bob).count() == 3


def test_grant_opens_then_expiry_and_revoke_close(archive_a, carol, alice):
    fonds, inventory, _ = make_tree(archive_a, units=0)
    unit = make_unit(inventory, "1", "Restricted secret", access_level="restricted")
    access.grant_access(user=carol, actor=alice, unit=unit, expires_at=timezone.now() + dt.timedelta(days=1),
                        ground="heir")
    assert Unit.objects.filter(pk=unit.pk).visible_to(carol).get().full_access
    access.grant_access(user=carol, actor=alice, unit=unit, expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert not Unit.objects.filter(pk=unit.pk).visible_to(carol).get().full_access
    access.grant_access(user=carol, actor=alice, fonds=fonds)
    assert Unit.objects.filter(pk=unit.pk).visible_to(carol).get().full_access
    access.revoke_access(user=carol, actor=alice, fonds=fonds)
    assert not Unit.objects.filter(pk=unit.pk).visible_to(carol).get().full_access
    assert AccessLogEntry.objects.filter(subject_user=carol).count() == 4


def test_inherited_level_follows_fonds_change(archive_a, alice):
    fonds, inventory, units = make_tree(archive_a, units=3)
    services.fonds_update(actor=alice, fonds=fonds, access_level="closed")
    assert set(Unit.objects.filter(inventory=inventory).values_list("effective_access", flat=True)) == {"closed"}
    services.inventory_update(actor=alice, inventory=inventory, access_level="open")
    assert set(Unit.objects.filter(inventory=inventory).values_list("effective_access", flat=True)) == {"open"}


def test_counters_follow_create_and_move(archive_a, alice):
    fonds, inv1, units = make_tree(archive_a, units=3)
    inv2 = make_inventory(fonds, number="2")
    services.units_move(actor=alice, unit_ids=[units[0].pk], to_inventory=inv2)
    inv1.refresh_from_db()
    inv2.refresh_from_db()
    fonds.refresh_from_db()
    assert (inv1.unit_count, inv2.unit_count, fonds.unit_count, fonds.inventory_count) == (2, 1, 3, 2)


def test_access_log_is_append_only(archive_a, carol):
    entry = AccessLogEntry.objects.create(user=carol, action="view")
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
