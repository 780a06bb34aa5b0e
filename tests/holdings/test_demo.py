"""holdings.demo.seed: archives (one rural), every access level, scanned pages, staff rights;
a second run adds nothing."""
import io

import pytest
from PIL import Image

from accounts import demo as accounts_demo
from holdings import access, demo
from holdings.choices import StaffRole
from holdings.models import Archive, ChangeRecord, DigitalObject, Fonds, Unit
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_seed_is_complete_and_idempotent(django_capture_on_commit_callbacks):
    out = io.StringIO()
    accounts_demo.seed(stdout=out)
    Archive.objects.create(code="DEMO-RURAL-1", name_ru="Сельский архив", name_kk="Ауыл мұрағаты", kind="district",
                           is_rural=True, region=RegionFactory())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=out)
    archives = {a.code: a for a in Archive.objects.all()}
    assert {"PRES", "CSA", "ALM-REG", "ALM-RAIYMBEK", "DEMO-RURAL-1"} <= set(archives)
    assert archives["ALM-RAIYMBEK"].is_rural and archives["PRES"].kind == "presidential"
    assert archives["DEMO-RURAL-1"].name_ru == "Сельский архив"
    assert not Fonds.objects.filter(archive=archives["DEMO-RURAL-1"]).exists()
    assert set(Unit.objects.values_list("effective_access", flat=True)) == {"open", "personal", "restricted",
                                                                             "closed"}
    personal = Unit.objects.filter(effective_access="personal")
    assert all(u.public_title and u.restricted_until for u in personal)
    assert any(any(ch in u.title for ch in "әғқңөұүі") for u in Unit.objects.all())  # Kazakh titles too
    pages = DigitalObject.objects.filter(role="scan_page")
    assert pages.count() >= 10
    assert DigitalObject.objects.filter(role="thumbnail").count() == pages.count()
    with pages.first().file.open("rb") as fh:
        assert Image.open(fh).size == (1200, 1700)
    from accounts.models import User

    users = {u.username: u for u in User.objects.all()}
    roles = access.staff_roles(users["archivist"])
    assert all(StaffRole.ARCHIVIST in roles[archives[c].pk] for c in ("PRES", "CSA", "ALM-REG", "ALM-RAIYMBEK"))
    assert StaffRole.READING_ROOM in access.staff_roles(users["reading"])[archives["CSA"].pk]
    assert StaffRole.EXPERT in access.staff_roles(users["expert"])[archives["CSA"].pk]
    assert access.staff_roles(users["citizen"]) == {}

    counts = (Unit.objects.count(), DigitalObject.objects.count(), ChangeRecord.objects.count(),
              access.AccessLogEntry.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(stdout=out)
    assert (Unit.objects.count(), DigitalObject.objects.count(), ChangeRecord.objects.count(),
            access.AccessLogEntry.objects.count()) == counts


def test_citizen_sees_no_private_demo_text(django_capture_on_commit_callbacks):
    accounts_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    from accounts.models import User

    citizen = User.objects.get(username="citizen")
    seen = Unit.objects.visible_to(citizen)
    titles = {access.unit_view(u, citizen).title for u in seen}
    assert not any("Секретова" in t or "Ахметова" in t or "Омарова" in t for t in titles)
    assert not seen.filter(effective_access="closed").exists()
