"""Services: scope checks, validation, audit events, staff rights through holdings.access."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole
from staff import permissions, services
from staff.choices import StaffAction
from staff.models import AdministratorScope, AllowanceRule, StaffEvent
from tests.factories import UserFactory

from .factories import make_member, valid_iin
from .helpers import fresh

pytestmark = pytest.mark.django_db

D = Decimal


def test_hiring_records_first_appointment_salary_and_event(adam, rural_archive, specialist):
    member = make_member(archive=rural_archive, position=specialist, base_salary="250000", rate="0.75",
                         start=dt.date(2025, 2, 3), actor=adam)
    assert list(member.appointments.values_list("valid_from", "position_id", "rate")) == [
        (dt.date(2025, 2, 3), specialist.pk, D("0.750"))]
    assert list(member.salaries.values_list("valid_from", "base_salary")) == [(dt.date(2025, 2, 3), D("250000.00"))]
    event = StaffEvent.objects.get()
    assert (event.actor, event.action, event.staff_member, event.archive) == (
        adam, StaffAction.MEMBER_CREATE, member, rural_archive)
    assert member.created_by == adam


def test_invalid_iin_is_refused(adam, rural_archive, specialist):
    with pytest.raises(ValidationError) as exc:
        make_member(archive=rural_archive, position=specialist, iin="123456789012", actor=adam)
    assert "iin" in exc.value.message_dict


@pytest.mark.parametrize("rate", ["0", "1.6", "-0.5"])
def test_rate_out_of_range_is_refused(adam, rural_archive, specialist, rate):
    with pytest.raises(ValidationError):
        make_member(archive=rural_archive, position=specialist, rate=rate, actor=adam)


def test_regional_administrator_cannot_hire_in_another_region(nadia, city_archive, rural_archive, specialist):
    with pytest.raises(PermissionDenied):
        make_member(archive=city_archive, position=specialist, actor=nadia)
    assert make_member(archive=rural_archive, position=specialist, actor=nadia).archive == rural_archive


def test_non_administrator_cannot_write(alice, rural_archive, specialist):
    with pytest.raises(PermissionDenied):
        make_member(archive=rural_archive, position=specialist, actor=alice)


def test_dated_records_must_fall_within_employment(adam, rural_archive, specialist):
    member = make_member(archive=rural_archive, position=specialist, start=dt.date(2025, 3, 1),
                         end=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError):
        services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 2, 1), base_salary=D("1"))
    with pytest.raises(ValidationError):
        services.appointment_set(actor=adam, member=member, valid_from=dt.date(2025, 7, 1), position=specialist,
                                 rate=D("1"))


def test_salary_on_the_same_day_is_corrected_not_duplicated(adam, rural_archive, specialist):
    member = make_member(archive=rural_archive, position=specialist, base_salary="200000")
    services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 4, 16), base_salary=D("210000"))
    services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 4, 16), base_salary=D("220000"))
    assert member.salaries.count() == 2
    assert member.salaries.get(valid_from=dt.date(2025, 4, 16)).base_salary == D("220000")
    assert "← 210000" in StaffEvent.objects.filter(action=StaffAction.SALARY).first().detail


def test_ending_employment_before_later_records_is_refused(adam, rural_archive, specialist):
    member = make_member(archive=rural_archive, position=specialist)
    services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 4, 16), base_salary=D("210000"))
    with pytest.raises(ValidationError):
        services.staff_member_update(actor=adam, member=member, last_name=member.last_name,
                                     first_name=member.first_name, middle_name="", iin=member.iin,
                                     employment_end=dt.date(2025, 4, 1))


def test_rural_status_second_change_keeps_history(adam, city_archive):
    services.archive_rural_status_set(actor=adam, archive=city_archive, is_rural=True, valid_from=dt.date(2025, 3, 1))
    services.archive_rural_status_set(actor=adam, archive=city_archive, is_rural=False, valid_from=dt.date(2026, 1, 1))
    assert list(city_archive.rural_periods.order_by("valid_from").values_list("valid_from", "is_rural")) == [
        (services.EARLIEST, False), (dt.date(2025, 3, 1), True), (dt.date(2026, 1, 1), False)]


def test_reclassification_shows_in_the_archives_flag_from_its_day_on(adam, city_archive, rural_archive, client):
    """Archive.is_rural is what holdings' pages, API and filters show: it follows the status in force."""
    from holdings.models import Archive
    from staff.tasks import archive_rural_flags_sync_task

    today = timezone.localdate()
    services.archive_rural_status_set(actor=adam, archive=city_archive, is_rural=True,
                                      valid_from=today - dt.timedelta(days=3))
    assert city_archive.is_rural is True
    assert Archive.objects.get(pk=city_archive.pk).is_rural is True
    response = client.get("/api/v1/archives/", {"is_rural": "true"})
    assert city_archive.code in {a["code"] for a in response.json()["results"]}

    # A reclassification dated in the future changes nothing yet; the daily job applies it on its day.
    services.archive_rural_status_set(actor=adam, archive=rural_archive, is_rural=False,
                                      valid_from=today + dt.timedelta(days=10))
    assert Archive.objects.get(pk=rural_archive.pk).is_rural is True
    assert services.archive_rural_flags_sync(today=today + dt.timedelta(days=9)) == 0
    assert services.archive_rural_flags_sync(today=today + dt.timedelta(days=10)) == 1
    assert Archive.objects.get(pk=rural_archive.pk).is_rural is False
    assert services.archive_rural_flags_sync(today=today + dt.timedelta(days=10)) == 0  # idempotent
    # The daily task syncs to the real today, when that change is not in force yet: the flag goes back.
    assert archive_rural_flags_sync_task.delay().get() == 1
    assert Archive.objects.get(pk=rural_archive.pk).is_rural is True


def test_rules_and_positions_need_a_national_administrator(nadia, adam):
    with pytest.raises(PermissionDenied):
        services.allowance_rule_set(actor=nadia, valid_from=dt.date(2025, 1, 1), name_kk="a", name_ru="a",
                                    percent=D("30"))
    with pytest.raises(PermissionDenied):
        services.position_create(actor=nadia, title_kk="a", title_ru="a", is_specialist=True, category="core")
    rule = services.allowance_rule_set(actor=adam, valid_from=dt.date(2025, 1, 1), name_kk="a", name_ru="a",
                                       percent=D("30"))
    assert rule.created_by == adam and AllowanceRule.objects.count() == 1


def test_scope_set(adam, north):
    admin = UserFactory(username="reg", roles=[Role.ADMINISTRATOR])
    services.administrator_scope_set(actor=adam, user=admin, region=north)
    assert permissions.admin_scope(fresh(admin)).region_id == north.pk
    assert list(permissions.archives_for(fresh(admin))) == []
    services.administrator_scope_set(actor=adam, user=admin, region=None)
    assert permissions.admin_scope(fresh(admin)).national
    assert AdministratorScope.objects.get(user=admin).set_by == adam


def test_scope_only_for_administrators(adam, carol, north):
    with pytest.raises(ValidationError):
        services.administrator_scope_set(actor=adam, user=carol, region=north)


def test_scope_rules():
    assert permissions.admin_scope(None) is None


def test_grant_and_revoke_through_holdings_access(adam, carol, rural_archive):
    services.staff_right_grant(actor=adam, user=carol, archive=rural_archive, role=StaffRole.ARCHIVIST)
    assert access.staff_roles(carol) == {rural_archive.pk: {"manage_holdings"}}
    assert fresh(carol).has_role(Role.ARCHIVIST)
    services.staff_right_revoke(actor=adam, user=carol, archive=rural_archive, role=StaffRole.ARCHIVIST)
    assert access.staff_roles(carol) == {}
    assert not fresh(carol).has_role(Role.ARCHIVIST)
    assert list(StaffEvent.objects.order_by("id").values_list("action", flat=True)) == [
        StaffAction.RIGHT_GRANT, StaffAction.RIGHT_REVOKE]


def test_revoke_keeps_the_group_while_another_archive_has_the_role(adam, carol, rural_archive, city_archive):
    for archive in (rural_archive, city_archive):
        services.staff_right_grant(actor=adam, user=carol, archive=archive, role=StaffRole.EXPERT)
    services.staff_right_revoke(actor=adam, user=carol, archive=rural_archive, role=StaffRole.EXPERT)
    assert fresh(carol).has_role(Role.EXPERT)


def test_regional_administrator_cannot_grant_in_another_region(nadia, carol, city_archive):
    with pytest.raises(PermissionDenied):
        services.staff_right_grant(actor=nadia, user=carol, archive=city_archive, role=StaffRole.ARCHIVIST)
    assert access.staff_roles(carol) == {}


def test_ended_employment_revokes_the_linked_users_roles(adam, carol, rural_archive, specialist):
    today = timezone.localdate()
    member = make_member(archive=rural_archive, position=specialist, start=today - dt.timedelta(days=100),
                         user=carol)
    services.staff_right_grant(actor=adam, user=carol, archive=rural_archive, role=StaffRole.READING_ROOM)
    services.staff_member_update(actor=adam, member=member, last_name=member.last_name, first_name=member.first_name,
                                 middle_name="", iin=member.iin, employment_end=today + dt.timedelta(days=3),
                                 user=carol)
    assert access.staff_roles(carol) == {rural_archive.pk: {"handle_requests"}}  # still employed
    assert services.staff_rights_revoke_ended(today=today + dt.timedelta(days=4)) == 1
    assert access.staff_roles(carol) == {}
    assert services.staff_rights_revoke_ended(today=today + dt.timedelta(days=5)) == 0  # idempotent


def test_task_calls_the_service(adam, carol, rural_archive, specialist):
    from staff.tasks import staff_rights_revoke_ended_task

    today = timezone.localdate()
    make_member(archive=rural_archive, position=specialist, start=today - dt.timedelta(days=100),
                end=today - dt.timedelta(days=1), user=carol, iin=valid_iin())
    services.staff_right_grant(actor=adam, user=carol, archive=rural_archive, role=StaffRole.ARCHIVIST)
    assert staff_rights_revoke_ended_task.delay().get() == 1
    assert access.staff_roles(carol) == {}


def test_training_record(adam, rural_archive, specialist):
    member = make_member(archive=rural_archive, position=specialist)
    with pytest.raises(ValidationError):
        services.training_record_create(actor=adam, member=member, program="X", start_date=dt.date(2025, 3, 5),
                                        end_date=dt.date(2025, 3, 1), hours=8)
    record = services.training_record_create(actor=adam, member=member, program="Archival science",
                                             start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 3, 5), hours=40,
                                             certificate_number="N-1")
    assert record.created_by == adam and list(member.trainings.all()) == [record]


def test_events_are_append_only(adam, rural_archive, specialist):
    make_member(archive=rural_archive, position=specialist, actor=adam)
    event = StaffEvent.objects.get()
    with pytest.raises(ValueError):
        event.save()
