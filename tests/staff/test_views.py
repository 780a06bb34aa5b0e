"""Back-office pages: who may open them, what they do, and that no page runs a query per row."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holdings import access
from holdings.choices import StaffRole
from staff import services
from staff.models import AllowanceRule, ArchiveRuralPeriod, Position, StaffMember, TrainingRecord
from tests.factories import ArchiveFactory

from .factories import make_member, valid_iin
from .helpers import fresh

pytestmark = pytest.mark.django_db

D = Decimal

PAGES = ["staff:member_list", "staff:member_create", "staff:report", "staff:rights", "staff:archive_list",
         "staff:position_list", "staff:rule_list", "staff:scope_list"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_open_for_national_administrator(web_client, adam, name, rule):
    response = web_client(adam).get(reverse(name))
    assert response.status_code == 200
    assert b'class="office-layout"' in response.content


@pytest.mark.parametrize("name", PAGES)
def test_pages_refuse_non_administrators(web_client, alice, name):
    assert web_client(alice).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_pages_send_anonymous_users_to_login(web_client, name):
    response = web_client(None).get(reverse(name))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_staff_home_redirects_to_the_list(web_client, adam):
    assert web_client(adam).get("/office/staff/")["Location"] == reverse("staff:member_list")


def test_navigation_shows_staff_entries_to_administrators_only(web_client, adam, alice):
    assert reverse("staff:report").encode() in web_client(adam).get(reverse("staff:member_list")).content
    assert reverse("staff:report").encode() not in web_client(alice).get(reverse("accounts:profile")).content


# ---------------------------------------------------------------- staff members
def test_add_a_staff_member(web_client, adam, rural_archive, specialist, rule):
    response = web_client(adam).post(reverse("staff:member_create"), {
        "last_name": "Бекова", "first_name": "Жанар", "iin": valid_iin(), "archive": rural_archive.pk,
        "position": specialist.pk, "rate": "1", "employment_start": "2025-03-01", "base_salary": "200000"})
    member = StaffMember.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("staff:member_detail", args=[member.pk])
    assert member.created_by == adam and member.salaries.get().base_salary == D("200000")


def test_add_refuses_a_bad_iin_and_a_foreign_archive(web_client, nadia, city_archive, specialist):
    response = web_client(nadia).post(reverse("staff:member_create"), {
        "last_name": "Бекова", "first_name": "Жанар", "iin": "123456789012", "archive": city_archive.pk,
        "position": specialist.pk, "rate": "1", "employment_start": "2025-03-01", "base_salary": "200000"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "iin" in form.errors and "archive" in form.errors
    assert not StaffMember.objects.exists()


def test_link_a_user_account(web_client, adam, carol, rural_archive, specialist):
    member = make_member(archive=rural_archive, position=specialist)
    response = web_client(adam).post(reverse("staff:member_update", args=[member.pk]), {
        "last_name": member.last_name, "first_name": member.first_name, "iin": member.iin, "account": carol.email})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user == carol


def test_member_detail_explains_this_months_allowance(web_client, adam, rural_archive, specialist, rule):
    member = make_member(archive=rural_archive, position=specialist, base_salary="200000")
    response = web_client(adam).get(reverse("staff:member_detail", args=[member.pk]))
    assert response.status_code == 200
    assert [ln.amount for ln in response.context["lines"]] == [D("50000.00")]
    assert "× 25% × 1 ×".encode() in response.content


def test_member_detail_explains_any_month_and_the_report_links_to_it(web_client, adam, rural_archive, specialist,
                                                                     rule):
    """From a figure in the report to its inputs: the member's page shows the report's month."""
    member = make_member(archive=rural_archive, position=specialist, base_salary="200000", start=dt.date(2025, 1, 1))
    services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 3, 16), base_salary=D("250000"))
    client = web_client(adam)
    report = client.get(reverse("staff:report"), {"period": "month", "month": "2025-03"}).content.decode()
    link = reverse("staff:member_detail", args=[member.pk]) + "?month=2025-03"
    assert f'href="{link}"' in report

    response = client.get(link, HTTP_ACCEPT_LANGUAGE="ru")
    assert [(ln.start, ln.base_salary, ln.days, ln.amount) for ln in response.context["lines"]] == [
        (dt.date(2025, 3, 1), D("200000"), 15, D("24193.55")), (dt.date(2025, 3, 16), D("250000"), 16, D("32258.06"))]
    page = response.content.decode()
    assert "Надбавка за 03.2025" in page and 'value="2025-03"' in page
    assert "month=2025-03" in response.context["report_url"]
    # The year report links to the last month the member appears in.
    year = client.get(reverse("staff:report"), {"period": "year", "year": "2025"}).content.decode()
    assert reverse("staff:member_detail", args=[member.pk]) + "?month=2025-12" in year
    # A malformed month falls back to the current one.
    assert client.get(reverse("staff:member_detail", args=[member.pk]), {"month": "2025-13"}).status_code == 200


def test_member_detail_out_of_scope_is_404(web_client, nadia, city_archive, rural_archive, specialist):
    foreign = make_member(archive=city_archive, position=specialist)
    own = make_member(archive=rural_archive, position=specialist)
    client = web_client(nadia)
    assert client.get(reverse("staff:member_detail", args=[own.pk])).status_code == 200
    for name in ("staff:member_detail", "staff:member_update", "staff:salary_create", "staff:appointment_create",
                 "staff:training_create"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404


def test_member_list_is_scoped(web_client, nadia, city_archive, rural_archive, specialist):
    own = make_member(archive=rural_archive, position=specialist)
    make_member(archive=city_archive, position=specialist)
    assert list(web_client(nadia).get(reverse("staff:member_list")).context["members"]) == [own]


def test_member_list_filters(web_client, adam, rural_archive, city_archive, specialist):
    a = make_member(archive=rural_archive, position=specialist, last_name="Алиева")
    b = make_member(archive=city_archive, position=specialist, last_name="Бекова", end=dt.date(2024, 1, 1))
    client = web_client(adam)
    assert list(client.get(reverse("staff:member_list"), {"q": "алиев"}).context["members"]) == [a]
    assert list(client.get(reverse("staff:member_list"), {"status": "former"}).context["members"]) == [b]
    assert list(client.get(reverse("staff:member_list"), {"archive": rural_archive.pk, "status": "all"})
                .context["members"]) == [a]


def test_salary_and_appointment_pages(web_client, adam, rural_archive, specialist, driver, rule):
    member = make_member(archive=rural_archive, position=specialist)
    client = web_client(adam)
    response = client.post(reverse("staff:salary_create", args=[member.pk]),
                           {"valid_from": "2025-04-16", "base_salary": "260000", "basis": "Приказ 5"})
    assert response.status_code == 302
    response = client.post(reverse("staff:appointment_create", args=[member.pk]),
                           {"valid_from": "2025-05-01", "position": driver.pk, "rate": "0.5"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.position, member.rate) == (driver, D("0.5"))
    response = client.post(reverse("staff:salary_create", args=[member.pk]),
                           {"valid_from": "2019-01-01", "base_salary": "1"})
    assert response.status_code == 200 and "valid_from" in response.context["form"].errors


def test_training_with_certificate(web_client, adam, nadia, rural_archive, specialist):
    member = make_member(archive=rural_archive, position=specialist)
    upload = SimpleUploadedFile("cert.pdf", b"%PDF-1.4 certificate", content_type="application/pdf")
    response = web_client(adam).post(reverse("staff:training_create", args=[member.pk]), {
        "program": "Цифровой архив", "provider": "Академия", "start_date": "2025-03-03", "end_date": "2025-03-07",
        "hours": "40", "certificate_number": "A-17", "certificate_file": upload})
    assert response.status_code == 302
    training = TrainingRecord.objects.get()
    page = web_client(adam).get(reverse("staff:member_detail", args=[member.pk]))
    assert "Цифровой архив".encode() in page.content and page.context["training_hours"] == 40
    download = web_client(nadia).get(reverse("staff:training_certificate", args=[training.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 certificate"


# ---------------------------------------------------------------- report page
def test_report_page(web_client, adam, rural_archive, specialist, rule):
    make_member(archive=rural_archive, position=specialist, base_salary="200000")
    response = web_client(adam).get(reverse("staff:report"), {"period": "month", "month": "2025-03"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.total == D("50000.00")
    assert response.content.count(b'src="data:image/png;base64,') == 2
    assert b"format=xlsx" in response.content and b"lang=kk" in response.content


def test_report_page_defaults_to_the_current_month(web_client, adam, rural_archive, specialist, rule):
    make_member(archive=rural_archive, position=specialist, base_salary="200000")
    report = web_client(adam).get(reverse("staff:report")).context["report"]
    assert report.period.month and report.total == D("50000.00")


def test_report_page_year(web_client, adam, rural_archive, specialist, rule):
    make_member(archive=rural_archive, position=specialist, base_salary="200000", start=dt.date(2025, 7, 1))
    report = web_client(adam).get(reverse("staff:report"), {"period": "year", "year": "2025"}).context["report"]
    assert report.total == D("300000.00")


def test_report_page_refuses_a_foreign_archive(web_client, nadia, city_archive, rule):
    response = web_client(nadia).get(reverse("staff:report"), {"month": "2025-03", "archive": city_archive.pk})
    assert response.status_code == 200 and "report" not in response.context
    assert "archive" in response.context["form"].errors


# ---------------------------------------------------------------- roles, archives, rules, positions, scopes
def test_grant_and_revoke_a_role(web_client, adam, carol, rural_archive):
    client = web_client(adam)
    response = client.post(reverse("staff:rights"), {"account": "carol", "archive": rural_archive.pk,
                                                     "role": StaffRole.ARCHIVIST})
    assert response.status_code == 302
    assert access.staff_roles(carol) == {rural_archive.pk: {"manage_holdings"}}
    page = client.get(reverse("staff:rights"))
    assert [(r.user, r.archive, r.role) for r in page.context["rows"]] == [(carol, rural_archive, StaffRole.ARCHIVIST)]
    response = client.post(reverse("staff:right_revoke"), {"user": carol.pk, "archive": rural_archive.pk,
                                                           "role": StaffRole.ARCHIVIST})
    assert response.status_code == 302 and access.staff_roles(carol) == {}


def test_regional_administrator_cannot_grant_or_revoke_elsewhere(web_client, nadia, carol, adam, city_archive):
    services.staff_right_grant(actor=adam, user=carol, archive=city_archive, role=StaffRole.EXPERT)
    client = web_client(nadia)
    response = client.post(reverse("staff:rights"), {"account": "carol", "archive": city_archive.pk,
                                                     "role": StaffRole.ARCHIVIST})
    assert response.status_code == 200 and "archive" in response.context["form"].errors
    assert client.get(reverse("staff:rights")).context["rows"] == []
    response = client.post(reverse("staff:right_revoke"), {"user": carol.pk, "archive": city_archive.pk,
                                                           "role": StaffRole.EXPERT})
    assert response.status_code == 404
    assert access.staff_roles(carol) == {city_archive.pk: {"appraise"}}


def test_reclassify_an_archive(web_client, adam, nadia, city_archive, rural_archive):
    response = web_client(adam).post(reverse("staff:archive_rural", args=[city_archive.pk]),
                                     {"status": "rural", "valid_from": "2025-03-16", "basis": "Решение акимата"})
    assert response.status_code == 302
    assert ArchiveRuralPeriod.objects.filter(archive=city_archive).count() == 2
    assert web_client(nadia).get(reverse("staff:archive_rural", args=[city_archive.pk])).status_code == 404
    assert web_client(nadia).get(reverse("staff:archive_rural", args=[rural_archive.pk])).status_code == 200


def test_archive_list_shows_status_today(web_client, adam, rural_archive, city_archive, specialist):
    make_member(archive=rural_archive, position=specialist)
    archives = {a.code: a for a in web_client(adam).get(reverse("staff:archive_list")).context["archives"]}
    assert archives["R1"].rural_today and not archives["C1"].rural_today
    assert archives["R1"].staff_count == 1


def test_rules_page(web_client, adam, nadia):
    data = {"valid_from": "2026-01-01", "name_kk": "Үстемеақы", "name_ru": "Надбавка", "percent": "30",
            "specialists_only": "on", "rural_only": "on"}
    assert web_client(nadia).post(reverse("staff:rule_list"), data).status_code == 403
    assert web_client(adam).post(reverse("staff:rule_list"), data).status_code == 302
    assert AllowanceRule.objects.get().percent == D("30")


def test_positions_pages(web_client, adam, nadia, specialist):
    data = {"title_kk": "Реставратор", "title_ru": "Реставратор", "is_specialist": "on", "category": "core"}
    assert web_client(nadia).post(reverse("staff:position_list"), data).status_code == 403
    assert web_client(adam).post(reverse("staff:position_list"), data).status_code == 302
    assert web_client(nadia).get(reverse("staff:position_update", args=[specialist.pk])).status_code == 403
    response = web_client(adam).post(reverse("staff:position_update", args=[specialist.pk]),
                                     {"title_kk": "Мұрағатшы", "title_ru": "Архивист", "category": "core"})
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert not specialist.is_specialist and Position.objects.count() == 2


def test_scopes_page(web_client, adam, nadia, north):
    assert web_client(nadia).get(reverse("staff:scope_list")).status_code == 403
    response = web_client(adam).post(reverse("staff:scope_list"), {"account": "nadia", "region": ""})
    assert response.status_code == 302
    assert web_client(fresh(nadia)).get(reverse("staff:scope_list")).status_code == 200


# ---------------------------------------------------------------- no query per row
def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _more_staff(archives, position, n=10):
    for i in range(n):
        member = make_member(archive=archives[i % len(archives)], position=position)
        services.salary_set(actor=None, member=member, valid_from=dt.date(2025, 3, 16), base_salary=D("250000"))
        services.training_record_create(actor=None, member=member, program=f"P{i}", start_date=dt.date(2025, 3, 1),
                                        end_date=dt.date(2025, 3, 2), hours=8)


@pytest.mark.parametrize(("name", "params"), [
    ("staff:member_list", {}),
    ("staff:member_list", {"status": "all", "q": "Сотрудник"}),
    ("staff:report", {"period": "month", "month": "2025-03"}),
    ("staff:report", {"period": "year", "year": "2025"}),
    ("staff:archive_list", {}),
    ("staff:rights", {}),
])
def test_list_pages_run_a_fixed_number_of_queries(web_client, adam, carol, rural_archive, city_archive, specialist,
                                                  rule, name, params, django_assert_num_queries):
    _more_staff([rural_archive], specialist, n=1)
    services.staff_right_grant(actor=None, user=carol, archive=rural_archive, role=StaffRole.ARCHIVIST)
    url = reverse(name)
    few = _count(web_client(adam), url, params)
    more_archives = [rural_archive, city_archive] + [ArchiveFactory(region=rural_archive.region, is_rural=True)
                                                     for _i in range(3)]
    _more_staff(more_archives, specialist, n=12)
    for archive in more_archives:
        services.staff_right_grant(actor=None, user=carol, archive=archive, role=StaffRole.EXPERT)
    client = web_client(adam)
    with django_assert_num_queries(few):
        client.get(url, params)


def test_member_detail_runs_a_fixed_number_of_queries(web_client, adam, carol, rural_archive, specialist, rule,
                                                      django_assert_num_queries):
    member = make_member(archive=rural_archive, position=specialist, user=carol)
    client = web_client(adam)
    few = _count(client, reverse("staff:member_detail", args=[member.pk]))
    for i in range(6):
        services.salary_set(actor=adam, member=member, valid_from=dt.date(2021, 1 + i, 1), base_salary=D(100000 + i))
        services.appointment_set(actor=adam, member=member, valid_from=dt.date(2022, 1 + i, 1), position=specialist,
                                 rate=D("1"))
        services.training_record_create(actor=adam, member=member, program=f"P{i}", start_date=dt.date(2025, 3, 1),
                                        end_date=dt.date(2025, 3, 2), hours=8)
        services.staff_right_grant(actor=adam, user=carol, archive=rural_archive, role=list(StaffRole)[i % 3])
    with django_assert_num_queries(few):
        client.get(reverse("staff:member_detail", args=[member.pk]))


def test_unknown_or_huge_ids_are_404(web_client, adam):
    client = web_client(adam)
    for url in ("/office/staff/members/99999999999999999999/", "/office/staff/members/12345/",
                "/office/staff/archives/99999999999999999999/", "/office/staff/members/training/999/certificate/"):
        assert client.get(url).status_code == 404
