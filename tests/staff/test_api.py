"""The staff API: /api/v1/allowances/, staff members and positions; administrators only, by scope."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from staff import services
from staff.models import StaffMember
from tests.factories import ArchiveFactory

from .factories import make_member, valid_iin
from .helpers import fresh

pytestmark = pytest.mark.django_db

D = Decimal
URL = "/api/v1/allowances/"


@pytest.fixture
def staffed(adam, rural_archive, city_archive, specialist, rule):
    a = make_member(archive=rural_archive, position=specialist, base_salary="200000", rate="0.5")
    services.salary_set(actor=adam, member=a, valid_from=dt.date(2025, 3, 16), base_salary=D("240000"))
    services.archive_rural_status_set(actor=adam, archive=city_archive, is_rural=True, valid_from=dt.date(2025, 3, 1))
    b = make_member(archive=city_archive, position=specialist, base_salary="123456.78")
    return a, b


def test_url_name():
    assert reverse("allowances") == URL


def test_allowances_contract(api_client, adam, staffed, rural_archive):
    a, b = staffed
    response = api_client(adam).get(URL, {"month": "2025-03"})
    assert response.status_code == 200
    data = response.json()
    assert data["month"] == "2025-03" and data["archive"] is None and data["region"] is None
    assert data["count"] == 3
    first = data["lines"][1]  # lines come by archive code: C1, then R1
    # 200,000 × 25% × 0.5 × 15/31 = 12,096.77; then 240,000: 30,000 × 16/31 = 15,483.87
    assert {k: first[k] for k in ("staff_member", "archive", "base_salary", "days", "days_in_month", "rate",
                                  "percent", "amount", "period_start", "period_end", "month")} == {
        "staff_member": a.pk, "archive": rural_archive.pk, "base_salary": "200000.00", "days": 15,
        "days_in_month": 31, "rate": "0.500", "percent": "25.00", "amount": "12096.77", "period_start": "2025-03-01",
        "period_end": "2025-03-15", "month": "2025-03"}
    assert first["rule"] and first["rule_name"] and first["is_rural"] is True and first["is_specialist"] is True
    assert [ln["amount"] for ln in data["lines"]] == ["30864.20", "12096.77", "15483.87"]
    assert data["total"] == "58444.84"
    assert all(isinstance(ln["amount"], str) for ln in data["lines"])


def test_allowances_by_archive_and_region_by_id_or_code(api_client, adam, staffed, rural_archive, south):
    client = api_client(adam)
    by_code = client.get(URL, {"month": "2025-03", "archive": "R1"}).json()
    by_id = client.get(URL, {"month": "2025-03", "archive": rural_archive.pk}).json()
    assert by_code == by_id and by_code["total"] == "27580.64" and by_code["archive"] == "R1"
    assert client.get(URL, {"month": "2025-03", "region": "SOUTH"}).json()["total"] == "30864.20"
    assert client.get(URL, {"month": "2025-03", "region": south.pk}).json()["region"] == "SOUTH"


def test_allowances_empty_month(api_client, adam, staffed):
    data = api_client(adam).get(URL, {"month": "2019-03"}).json()
    assert data["lines"] == [] and data["total"] == "0.00" and data["count"] == 0


@pytest.mark.parametrize("month", ["", "2025-13", "march", "2025-3"])
def test_allowances_month_is_required(api_client, adam, month):
    response = api_client(adam).get(URL, {"month": month} if month else {})
    assert response.status_code == 400
    assert "month" in response.json()


def test_unknown_archive_is_404(api_client, adam, staffed):
    assert api_client(adam).get(URL, {"month": "2025-03", "archive": "NOPE"}).status_code == 404


@pytest.mark.parametrize("who", ["alice", "carol", "erlan"])
def test_non_administrators_get_403(api_client, request, who, staffed):
    user = request.getfixturevalue(who)
    assert api_client(user).get(URL, {"month": "2025-03"}).status_code == 403
    assert api_client(user).get("/api/v1/staff-members/").status_code == 403


def test_anonymous_is_refused(api_client, staffed):
    assert api_client(None).get(URL, {"month": "2025-03"}).status_code in (401, 403)
    assert api_client(None).get("/api/v1/staff-members/").status_code in (401, 403)


def test_regional_administrator_cannot_see_another_region(api_client, nadia, staffed, city_archive, south):
    client = api_client(nadia)
    assert client.get(URL, {"month": "2025-03", "archive": city_archive.pk}).status_code == 404
    assert client.get(URL, {"month": "2025-03", "archive": "C1"}).status_code == 404
    assert client.get(URL, {"month": "2025-03", "region": "SOUTH"}).status_code == 404
    assert client.get(URL, {"month": "2025-03", "region": south.pk}).status_code == 404
    own = client.get(URL, {"month": "2025-03"}).json()
    assert {ln["archive"] for ln in own["lines"]} == {staffed[0].archive_id}
    assert own["total"] == "27580.64"


def test_allowances_query_count(api_client, adam, staffed, rural_archive, specialist, django_assert_num_queries):
    for _i in range(10):
        make_member(archive=rural_archive, position=specialist)
    client = api_client(fresh(adam))
    # groups, scope; rules, archives, rural periods, staff, positions, appointments, salaries
    with django_assert_num_queries(9):
        assert client.get(URL, {"month": "2025-03"}).json()["count"] == 13
    client = api_client(fresh(adam))
    # + the archive looked up by code
    with django_assert_num_queries(10):
        client.get(URL, {"month": "2025-03", "archive": "R1"})


# ---------------------------------------------------------------- staff members
def test_staff_member_list_is_scoped(api_client, adam, nadia, staffed):
    a, b = staffed
    everyone = api_client(adam).get("/api/v1/staff-members/").json()["results"]
    assert {m["id"] for m in everyone} == {a.pk, b.pk}
    north_only = api_client(nadia).get("/api/v1/staff-members/").json()["results"]
    assert [m["id"] for m in north_only] == [a.pk]
    assert north_only[0]["archive"]["code"] == "R1" and north_only[0]["position"]["is_specialist"] is True


def test_staff_member_detail_out_of_scope_is_404(api_client, nadia, staffed):
    a, b = staffed
    assert api_client(nadia).get(f"/api/v1/staff-members/{a.pk}/").status_code == 200
    assert api_client(nadia).get(f"/api/v1/staff-members/{b.pk}/").status_code == 404


def test_staff_member_list_filters(api_client, adam, staffed):
    a, b = staffed
    client = api_client(adam)
    assert [m["id"] for m in client.get("/api/v1/staff-members/", {"archive": "C1"}).json()["results"]] == [b.pk]
    assert [m["id"] for m in client.get("/api/v1/staff-members/", {"q": a.iin}).json()["results"]] == [a.pk]


def test_staff_member_list_query_count(api_client, adam, staffed, rural_archive, specialist,
                                       django_assert_num_queries):
    for _i in range(10):
        make_member(archive=rural_archive, position=specialist)
    client = api_client(fresh(adam))
    with django_assert_num_queries(3):  # groups, scope, page
        response = client.get("/api/v1/staff-members/")
    assert len(response.json()["results"]) == 12


def test_staff_member_detail_query_count(api_client, adam, staffed, django_assert_num_queries):
    client = api_client(fresh(adam))
    with django_assert_num_queries(3):  # groups, scope, member
        assert client.get(f"/api/v1/staff-members/{staffed[0].pk}/").status_code == 200


def _payload(archive, position, **extra):
    return {"last_name": "Тұрсынова", "first_name": "Мәдина", "iin": valid_iin(), "archive": archive.pk,
            "position": position.pk, "rate": "0.75", "employment_start": "2025-03-10", "base_salary": "210000.00",
            **extra}


def test_staff_member_create(api_client, nadia, rural_archive, specialist, rule):
    response = api_client(nadia).post("/api/v1/staff-members/", _payload(rural_archive, specialist), format="json")
    assert response.status_code == 201, response.json()
    member = StaffMember.objects.get(pk=response.json()["id"])
    assert member.created_by == nadia and member.salaries.get().base_salary == D("210000.00")
    assert response.json()["rate"] == "0.750"
    lines = api_client(nadia).get(URL, {"month": "2025-03"}).json()["lines"]
    # 52,500 × 0.75 × 22/31 = 27,943.548… → 27,943.55
    assert [ln["amount"] for ln in lines] == ["27943.55"]


def test_staff_member_create_in_another_region_is_refused(api_client, nadia, city_archive, specialist):
    response = api_client(nadia).post("/api/v1/staff-members/", _payload(city_archive, specialist), format="json")
    assert response.status_code == 400 and "archive" in response.json()
    assert not StaffMember.objects.exists()


def test_staff_member_create_validates_iin(api_client, adam, rural_archive, specialist):
    response = api_client(adam).post("/api/v1/staff-members/",
                                     _payload(rural_archive, specialist, iin="123456789012"), format="json")
    assert response.status_code == 400 and "iin" in response.json()


def test_non_administrator_cannot_create(api_client, alice, rural_archive, specialist):
    response = api_client(alice).post("/api/v1/staff-members/", _payload(rural_archive, specialist), format="json")
    assert response.status_code == 403


def test_positions_list(api_client, adam, specialist, driver, django_assert_num_queries):
    client = api_client(fresh(adam))
    with django_assert_num_queries(2):  # groups, page
        data = client.get("/api/v1/positions/").json()
    assert {p["title"] for p in data["results"]} == {"Ведущий архивист", "Водитель"}


def test_superuser_is_national(api_client, staffed):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    assert api_client(root).get(URL, {"month": "2025-03"}).json()["count"] == 3


def test_rural_archive_added_later_in_scope(api_client, nadia, north, specialist, rule):
    late = ArchiveFactory(code="R9", region=north, is_rural=True)
    make_member(archive=late, position=specialist)
    assert api_client(nadia).get(URL, {"month": "2025-03", "archive": "R9"}).json()["total"] == "50000.00"


def test_line_data_matches_the_documented_serializer(adam, staffed):
    from staff import selectors
    from staff.api.serializers import AllowanceLineSerializer, line_data

    lines = selectors.allowance_lines(user=adam, months=[dt.date(2025, 3, 1)])
    assert lines
    for ln in lines:
        assert line_data(ln) == dict(AllowanceLineSerializer(ln).data)


@pytest.mark.parametrize("value", ["99999999999999999999", "１２", "R1'; --", ""])
def test_odd_place_values_do_not_break_the_endpoint(api_client, adam, staffed, value):
    response = api_client(adam).get(URL, {"month": "2025-03", "archive": value})
    assert response.status_code == (200 if value == "" else 404)


@pytest.mark.parametrize("field", ["archive", "position"])
def test_create_with_an_impossible_id_is_400(api_client, adam, rural_archive, specialist, field):
    payload = {**_payload(rural_archive, specialist), field: 99999999999999999999}
    response = api_client(adam).post("/api/v1/staff-members/", payload, format="json")
    assert response.status_code == 400 and field in response.json()
