"""Browser journey of the inventory import: an archivist uploads a file with errors and sees them
by row, then uploads the sample file, sees the check report, loads it and finds the new fonds;
the pages in Russian and Kazakh."""
from pathlib import Path

import pytest
from django.conf import settings

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole
from holdings.models import Fonds, Unit
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, ArchiveFactory, UserFactory

SAMPLE = Path(settings.BASE_DIR) / "docs" / "samples" / "inventory_import.csv"


@pytest.fixture
def archivist(live_server):
    archive = ArchiveFactory(code="ALM-REG", name_ru="Государственный архив Алматинской области",
                             name_kk="Алматы облысының мемлекеттік мұрағаты", name_en="State Archive of Almaty Region")
    user = UserFactory(username="dana", first_name="Дана", last_name="Импортова", roles=[Role.ARCHIVIST],
                       preferred_language="ru")
    access.staff_grant(archive=archive, user=user, role=StaffRole.ARCHIVIST, actor=None)
    return user


def wait_for_job(page) -> None:
    """The job page refreshes itself while the check or the load runs (at once here: no Redis)."""
    for _ in range(20):
        if page.locator("[data-testid=import-progress]").count() == 0:
            return
        page.wait_for_timeout(1000)
        page.reload()
    raise AssertionError("the import job did not finish")


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_archivist_checks_and_loads_an_inventory(page, live_server, archivist, tmp_path, language):
    archivist.preferred_language = language
    archivist.save(update_fields=["preferred_language"])
    page.goto(f"{live_server.url}/accounts/login/", timeout=90_000)
    login(page, live_server, "dana", PASSWORD)
    page.goto(f"{live_server.url}/office/holdings/import/")
    assert page.locator("[data-testid=import-form]").count() == 1
    screenshot(page, f"01-upload-{language}")

    bad = tmp_path / "bad.csv"
    bad.write_text("fonds_number,fonds_title,inventory_number,inventory_title,unit_number,title,date_start\n"
                   "5,Облисполком,1,Опись 1,1,Приказы,1941-02-30\n5,,1,,1,Повтор,\n", encoding="utf-8")
    page.set_input_files("#id_file", str(bad))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_url("**/office/holdings/import/*/")
    wait_for_job(page)
    errors = page.locator("[data-testid=import-errors] tbody tr")
    assert errors.count() == 2
    assert "1941-02-30" in errors.nth(0).inner_text()
    assert page.locator("[data-testid=import-confirm]").count() == 0
    screenshot(page, f"02-errors-{language}")

    page.goto(f"{live_server.url}/office/holdings/import/")
    page.set_input_files("#id_file", str(SAMPLE))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_url("**/office/holdings/import/*/")
    wait_for_job(page)
    assert page.locator("[data-testid=import-confirm]").count() == 1
    screenshot(page, f"03-checked-{language}")
    assert not Unit.objects.exists()

    page.click("[data-testid=import-confirm]")
    wait_for_job(page)
    assert page.locator("[data-testid=import-done]").count() == 1
    screenshot(page, f"04-done-{language}")
    assert Unit.objects.count() == 10 and Fonds.objects.filter(number__in=["701", "702"]).count() == 2

    page.goto(f"{live_server.url}/office/holdings/import/")
    assert page.locator("[data-testid=import-jobs] tbody tr").count() == 2
    screenshot(page, f"05-list-{language}")
