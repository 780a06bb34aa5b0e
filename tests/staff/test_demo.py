"""seed_demo's staff part: idempotent, and the current month's report shows real numbers."""
import io

import pytest

from accounts.models import User
from holdings.models import Archive
from staff import demo
from staff.models import AdministratorScope, StaffMember, TrainingRecord
from staff.reports import Period, build_report
from tests.factories import ArchiveFactory

pytestmark = pytest.mark.django_db


def test_seed_creates_its_archives_when_there_are_none_and_is_idempotent(adam):
    out = io.StringIO()
    demo.seed(stdout=out)
    assert set(Archive.objects.values_list("code", flat=True)) == {"DEMO-RURAL-1", "DEMO-CITY-1"}
    assert "DEMO-RURAL-1" in out.getvalue() and "admin_region" in out.getvalue()
    counts = (StaffMember.objects.count(), TrainingRecord.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (StaffMember.objects.count(), TrainingRecord.objects.count()) == counts == (7, 3)
    report = build_report(user=adam, period=Period.current_month())
    assert report.total > 0 and report.staff_count == 3
    assert {a.archive.code for a in report.by_archive if a.amount} == {"DEMO-RURAL-1"}
    regional = User.objects.get(username="admin_region")
    assert AdministratorScope.objects.get(user=regional).region.code == "DEMO-R1"


def test_seed_uses_the_archives_holdings_created(adam):
    rural = [ArchiveFactory(code=f"RUR-{i}", is_rural=True) for i in range(4)]
    city = ArchiveFactory(code="CITY-0", is_rural=False)
    demo.seed(stdout=io.StringIO())
    assert not Archive.objects.filter(code__startswith="DEMO-").exists()
    assert set(StaffMember.objects.values_list("archive__code", flat=True)) == {
        *(a.code for a in rural[:3]), city.code}
    assert build_report(user=adam, period=Period.current_month()).staff_count == 9
