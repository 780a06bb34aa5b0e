"""The Django admin serves the holdings' reference data to superusers only."""
import pytest

from holdings.models import Archive, StorageLocation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/admin/holdings/archive/", "/admin/holdings/region/", "/admin/holdings/storagelocation/",
         "/admin/holdings/creator/"]


def test_superuser_manages_reference_data(web_client, archive_a):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = web_client(root)
    for page in PAGES + [f"/admin/holdings/archive/{archive_a.pk}/change/"]:
        assert client.get(page).status_code == 200, page
    response = client.post("/admin/holdings/archive/add/", {
        "code": "NEW", "name_kk": "Жаңа мұрағат", "name_ru": "Новый архив", "kind": "city",
        "region": archive_a.region_id, "locations-TOTAL_FORMS": "1", "locations-INITIAL_FORMS": "0",
        "locations-0-building": "Корпус 1", "locations-0-room": "2"})
    assert response.status_code == 302
    assert StorageLocation.objects.filter(archive__code="NEW", building="Корпус 1").exists()


def test_staff_accounts_do_not_reach_it(web_client, alice, archive_a):
    alice.is_staff = True
    alice.save()
    client = web_client(alice)
    for page in PAGES:
        assert client.get(page).status_code in (302, 403), page
    assert client.post("/admin/holdings/archive/add/", {"code": "X"}).status_code in (302, 403)
    assert not Archive.objects.filter(code="X").exists()
