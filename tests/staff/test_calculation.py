"""The allowance calculation on hand-checked cases. 200,000 tenge × 25% = 50,000 a full month."""
import datetime as dt
from decimal import Decimal

import pytest

from staff import selectors, services
from staff.calculation import allowance_amount, months_between
from staff.models import ArchiveRuralPeriod

from .factories import AllowanceRuleFactory, make_member

pytestmark = pytest.mark.django_db

D = Decimal


def lines_for(user, month, **kw):
    return selectors.allowance_lines(user=user, months=[month], **kw)


def explain(lines):
    return [(ln.start.day, ln.end.day, ln.base_salary, ln.days, ln.days_in_month, ln.rate, ln.percent, ln.amount)
            for ln in lines]


def test_full_month(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist, base_salary="200000")
    lines = lines_for(adam, march)
    assert explain(lines) == [(1, 31, D("200000.00"), 31, 31, D("1.000"), D("25.00"), D("50000.00"))]
    assert lines[0].rule == rule and lines[0].is_rural


def test_part_month_from_employment_start(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist, start=dt.date(2025, 3, 10))
    # 50,000 × 22 / 31 = 35,483.870967… → 35,483.87
    assert explain(lines_for(adam, march)) == [(10, 31, D("200000.00"), 22, 31, D("1.000"), D("25.00"),
                                                D("35483.87"))]


def test_part_month_to_employment_end(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist, end=dt.date(2025, 3, 10))
    # 50,000 × 10 / 31 = 16,129.032… → 16,129.03
    assert [ln.amount for ln in lines_for(adam, march)] == [D("16129.03")]
    assert lines_for(adam, dt.date(2025, 4, 1)) == []


def test_rate_half(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist, rate="0.5")
    assert explain(lines_for(adam, march)) == [(1, 31, D("200000.00"), 31, 31, D("0.500"), D("25.00"), D("25000.00"))]


def test_rate_half_part_month(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist, rate="0.5", start=dt.date(2025, 3, 21))
    # 25,000 × 11 / 31 = 8,870.967… → 8,870.97
    assert [ln.amount for ln in lines_for(adam, march)] == [D("8870.97")]


def test_salary_change_on_the_16th(adam, rural_archive, specialist, rule):
    member = make_member(archive=rural_archive, position=specialist, base_salary="200000")
    services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 4, 16), base_salary=D("260000"))
    lines = lines_for(adam, dt.date(2025, 4, 1))
    # April has 30 days: 50,000 × 15/30 = 25,000; 65,000 × 15/30 = 32,500.
    assert explain(lines) == [(1, 15, D("200000.00"), 15, 30, D("1.000"), D("25.00"), D("25000.00")),
                              (16, 30, D("260000.00"), 15, 30, D("1.000"), D("25.00"), D("32500.00"))]
    assert sum(ln.amount for ln in lines) == D("57500.00")


def test_archive_becomes_rural_mid_month(adam, city_archive, specialist, rule, march):
    make_member(archive=city_archive, position=specialist)
    assert lines_for(adam, march) == []
    services.archive_rural_status_set(actor=adam, archive=city_archive, is_rural=True, valid_from=dt.date(2025, 3, 16),
                                      basis="Decree 12")
    # 16 rural days of 31: 50,000 × 16 / 31 = 25,806.4516… → 25,806.45
    assert explain(lines_for(adam, march)) == [(16, 31, D("200000.00"), 16, 31, D("1.000"), D("25.00"),
                                                D("25806.45"))]
    # The months before keep their figures: the first reclassification recorded the status before it.
    assert lines_for(adam, dt.date(2025, 2, 1)) == []
    assert list(ArchiveRuralPeriod.objects.filter(archive=city_archive).values_list("valid_from", "is_rural")) == [
        (services.EARLIEST, False), (dt.date(2025, 3, 16), True)]


def test_archive_stops_being_rural(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist)
    services.archive_rural_status_set(actor=adam, archive=rural_archive, is_rural=False, valid_from=dt.date(2025, 3, 11))
    assert [(ln.days, ln.amount) for ln in lines_for(adam, march)] == [(10, D("16129.03"))]
    assert lines_for(adam, dt.date(2025, 4, 1)) == []
    assert [ln.amount for ln in lines_for(adam, dt.date(2025, 2, 1))] == [D("50000.00")]


def test_without_periods_the_archive_flag_applies(adam, rural_archive, city_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist)
    make_member(archive=city_archive, position=specialist)
    assert [ln.archive for ln in lines_for(adam, march)] == [rural_archive]


def test_period_rows_override_the_archive_flag(adam, city_archive, specialist, rule, march):
    ArchiveRuralPeriod.objects.create(archive=city_archive, valid_from=dt.date(2025, 3, 21), is_rural=True)
    make_member(archive=city_archive, position=specialist)
    # Before the only row, the archive's own flag (urban) applies: 11 rural days.
    assert [ln.days for ln in lines_for(adam, march)] == [11]


def test_non_specialist_in_rural_archive_gets_nothing(adam, rural_archive, driver, rule, march):
    make_member(archive=rural_archive, position=driver)
    assert lines_for(adam, march) == []


def test_position_change_mid_month(adam, rural_archive, specialist, driver, rule, march):
    member = make_member(archive=rural_archive, position=specialist)
    services.appointment_set(actor=adam, member=member, valid_from=dt.date(2025, 3, 11), position=driver,
                             rate=D("1"))
    assert [(ln.start.day, ln.end.day, ln.amount) for ln in lines_for(adam, march)] == [(1, 10, D("16129.03"))]
    member.refresh_from_db()
    assert member.position == driver


def test_becoming_a_specialist_mid_month(adam, rural_archive, specialist, driver, rule, march):
    member = make_member(archive=rural_archive, position=driver)
    services.appointment_set(actor=adam, member=member, valid_from=dt.date(2025, 3, 22), position=specialist,
                             rate=D("1"))
    # 10 days: 50,000 × 10/31 = 16,129.03
    assert [(ln.start.day, ln.amount) for ln in lines_for(adam, march)] == [(22, D("16129.03"))]
    assert lines_for(adam, dt.date(2025, 2, 1)) == []


def test_rate_change_mid_month(adam, rural_archive, specialist, rule, march):
    member = make_member(archive=rural_archive, position=specialist, rate="1")
    services.appointment_set(actor=adam, member=member, valid_from=dt.date(2025, 3, 16), position=specialist,
                             rate=D("0.5"))
    # 50,000 × 15/31 = 24,193.548… → 24,193.55; 25,000 × 16/31 = 12,903.225… → 12,903.23
    assert [(ln.rate, ln.amount) for ln in lines_for(adam, march)] == [(D("1.000"), D("24193.55")),
                                                                      (D("0.500"), D("12903.23"))]


def test_rule_change(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist)
    AllowanceRuleFactory(valid_from=dt.date(2025, 3, 20), percent=D("30"), name_ru="Надбавка 30%")
    lines = lines_for(adam, march)
    # 19 days at 25%: 50,000 × 19/31 = 30,645.16; 12 days at 30%: 60,000 × 12/31 = 23,225.806… → 23,225.81
    assert [(ln.percent, ln.days, ln.amount) for ln in lines] == [(D("25.00"), 19, D("30645.16")),
                                                                  (D("30.00"), 12, D("23225.81"))]
    assert lines[1].rule.name_ru == "Надбавка 30%"


def test_rule_without_rural_condition_pays_city_specialists(adam, city_archive, specialist, driver, rule, march):
    make_member(archive=city_archive, position=specialist)
    make_member(archive=city_archive, position=driver)
    AllowanceRuleFactory(valid_from=dt.date(2025, 3, 1), percent=D("10"), rural_only=False)
    assert [ln.amount for ln in lines_for(adam, march)] == [D("20000.00")]


def test_rule_with_zero_percent_ends_the_allowance(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist)
    AllowanceRuleFactory(valid_from=dt.date(2025, 3, 11), percent=D("0"))
    assert [ln.days for ln in lines_for(adam, march)] == [10]


def test_no_rule_no_allowance(adam, rural_archive, specialist, march):
    make_member(archive=rural_archive, position=specialist)
    assert lines_for(adam, march) == []


def test_repeated_salary_does_not_split_the_line(adam, rural_archive, specialist, rule, march):
    member = make_member(archive=rural_archive, position=specialist, base_salary="200000")
    services.salary_set(actor=adam, member=member, valid_from=dt.date(2025, 3, 10), base_salary=D("200000"))
    assert explain(lines_for(adam, march)) == [(1, 31, D("200000.00"), 31, 31, D("1.000"), D("25.00"), D("50000.00"))]


def test_leap_february(adam, rural_archive, specialist, rule):
    make_member(archive=rural_archive, position=specialist, start=dt.date(2024, 2, 15))
    # 15 days of 29: 50,000 × 15 / 29 = 25,862.068… → 25,862.07
    assert [(ln.days, ln.days_in_month, ln.amount) for ln in lines_for(adam, dt.date(2024, 2, 1))] == [
        (15, 29, D("25862.07"))]


def test_not_yet_employed(adam, rural_archive, specialist, rule, march):
    make_member(archive=rural_archive, position=specialist, start=dt.date(2025, 4, 1))
    assert lines_for(adam, march) == []


def test_several_months_at_once(adam, rural_archive, specialist, rule):
    make_member(archive=rural_archive, position=specialist, start=dt.date(2025, 1, 17))
    months = months_between(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    # January: 50,000 × 15/31 = 24,193.548… → 24,193.55
    assert [(ln.month_label, ln.amount) for ln in selectors.allowance_lines(user=adam, months=months)] == [
        ("2025-01", D("24193.55")), ("2025-02", D("50000.00")), ("2025-03", D("50000.00"))]


# ---------------------------------------------------------------- rounding
@pytest.mark.parametrize(("base", "rate", "days", "n_days", "expected"), [
    ("100.10", "1", 31, 31, "25.03"),       # 25.025: half-up, where banker's rounding would give 25.02
    ("1000.02", "1", 30, 30, "250.01"),     # 250.005
    ("100.02", "1", 30, 30, "25.01"),       # 25.005
    ("99.98", "1", 30, 30, "25.00"),        # 24.995
    ("200000", "0.333", 31, 31, "16650.00"),
    ("123456.78", "0.75", 7, 31, "5227.00"),  # 30,864.195 × 0.75 × 7 / 31 = 5,227.000766…
])
def test_rounding_half_up_to_the_tiyn(base, rate, days, n_days, expected):
    got = allowance_amount(base_salary=D(base), percent=D("25"), rate=D(rate), days=days, days_in_month=n_days)
    assert got == D(expected)
    assert got.as_tuple().exponent == -2


def test_line_amounts_are_rounded_before_summing(adam, rural_archive, specialist, rule, march):
    for _i in range(3):
        make_member(archive=rural_archive, position=specialist, base_salary="100.10")
    lines = lines_for(adam, march)
    # Three lines of 25.025 → 25.03 each; the total is their sum, 75.09, not round(75.075) = 75.08.
    assert [ln.amount for ln in lines] == [D("25.03")] * 3
    assert sum(ln.amount for ln in lines) == D("75.09")
