"""Reports: totals by archive, region, month and staff member all equal the sum of the lines."""
import datetime as dt
from decimal import Decimal

import pytest

from staff import services
from staff.reports import Period, build_report
from tests.factories import ArchiveFactory

from .factories import make_member

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def country(north, south, rural_archive, city_archive, specialist, driver, rule, adam):
    """Two rural archives in the North, one in the South, one city archive; staff in each."""
    rural_2 = ArchiveFactory(code="R2", region=north, is_rural=True)
    rural_south = ArchiveFactory(code="R3", region=south, is_rural=True)
    make_member(archive=rural_archive, position=specialist, base_salary="200000")                  # 50,000.00
    make_member(archive=rural_archive, position=specialist, base_salary="180000", rate="0.5")      # 22,500.00
    make_member(archive=rural_archive, position=driver, base_salary="150000")                      # nothing
    make_member(archive=rural_2, position=specialist, base_salary="210000", start=dt.date(2025, 3, 17))  # 25,403.23
    make_member(archive=rural_south, position=specialist, base_salary="199999.99")                 # 50,000.00
    make_member(archive=city_archive, position=specialist, base_salary="300000")                   # nothing
    member = make_member(archive=rural_south, position=specialist, base_salary="100000")
    services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 3, 16), base_salary=D("120000"))
    # 25,000 × 15/31 = 12,096.77 and 30,000 × 16/31 = 15,483.87
    services.training_record_create(actor=adam, member=member, program="Digitization", start_date=dt.date(2025, 3, 3),
                                    end_date=dt.date(2025, 3, 7), hours=40)
    services.training_record_create(actor=adam, member=member, program="Old", start_date=dt.date(2024, 3, 3),
                                    end_date=dt.date(2024, 3, 7), hours=20)
    return {"rural_2": rural_2, "rural_south": rural_south}


def test_month_report_totals_equal_the_sum_of_lines(adam, country, rural_archive, north, south):
    report = build_report(user=adam, period=Period(2025, 3))
    assert len(report.lines) == 6
    assert report.total == sum(ln.amount for ln in report.lines) == D("175483.87")
    assert report.total == D("50000.00") + D("22500.00") + D("25403.23") + D("50000.00") + D("12096.77") + D("15483.87")
    assert sum(a.amount for a in report.by_archive) == report.total
    assert sum(r.amount for r in report.by_region) == report.total
    assert sum(e.amount for e in report.entitled) == report.total
    assert sum(m.amount for m in report.by_month) == report.total
    by_archive = {a.archive.code: (a.staff_count, a.amount) for a in report.by_archive}
    assert by_archive == {"R1": (2, D("72500.00")), "R2": (1, D("25403.23")), "R3": (2, D("77580.64"))}
    by_region = {r.region.code: (r.archive_count, r.staff_count, r.amount) for r in report.by_region}
    assert by_region == {"NORTH": (2, 3, D("97903.23")), "SOUTH": (1, 2, D("77580.64"))}
    assert report.staff_count == 5
    # Training completed in the month counts; the one of last year does not.
    assert (report.trainings, report.training_hours) == (1, 40)
    assert [(r.region.code, r.trainings) for r in report.by_region] == [("NORTH", 0), ("SOUTH", 1)]


def test_year_report_has_every_month(adam, country):
    report = build_report(user=adam, period=Period(2025))
    assert [m.label for m in report.by_month] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert report.total == sum(ln.amount for ln in report.lines) == sum(m.amount for m in report.by_month)
    assert sum(a.amount for a in report.by_archive) == report.total
    march = next(m for m in report.by_month if m.label == "2025-03")
    assert march.amount == D("175483.87")
    assert (report.trainings, report.training_hours) == (1, 40)


def test_month_report_trend_covers_the_year_so_far(adam, country):
    report = build_report(user=adam, period=Period(2025, 3))
    assert [m.label for m in report.trend] == ["2025-01", "2025-02", "2025-03"]
    assert [m.label for m in report.by_month] == ["2025-03"]


def test_report_for_one_archive_and_one_region(adam, country, rural_archive, north):
    by_archive = build_report(user=adam, period=Period(2025, 3), archive=rural_archive)
    assert by_archive.total == D("72500.00") and by_archive.scope_label == rural_archive.name
    by_region = build_report(user=adam, period=Period(2025, 3), region=north)
    assert by_region.total == D("97903.23")


def test_regional_administrator_sees_only_their_region(nadia, country):
    report = build_report(user=nadia, period=Period(2025, 3))
    assert {a.archive.region.code for a in report.by_archive} == {"NORTH"}
    assert report.total == D("97903.23")
    assert report.trainings == 0


def test_future_months_are_marked_as_forecast(adam, country):
    next_year = dt.date.today().year + 1
    report = build_report(user=adam, period=Period(next_year))
    assert report.has_forecast and all(m.forecast for m in report.by_month)


@pytest.mark.parametrize(("value", "ok"), [("2025-03", True), ("2025-13", False), ("2025-3", False), ("", False),
                                           ("abcd-ef", False)])
def test_period_parsing(value, ok):
    if ok:
        assert Period.parse_month(value) == Period(2025, 3)
    else:
        with pytest.raises(ValueError):
            Period.parse_month(value)
