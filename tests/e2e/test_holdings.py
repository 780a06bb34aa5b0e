"""Browser journey of the holdings back office: an archivist logs in, creates a fonds, an inventory
and a unit, uploads scans and sees their thumbnails; the same pages in Russian and Kazakh."""
import pytest

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole
from holdings.demo import page_image
from holdings.models import DigitalObject, Fonds, Unit
from tests.e2e.conftest import login, screenshot, wait_until
from tests.factories import PASSWORD, ArchiveFactory, UserFactory


@pytest.fixture
def archivist(live_server):
    archive = ArchiveFactory(code="ALM-RAIYMBEK", name_ru="Райымбекский районный архив",
                             name_kk="Райымбек аудандық мұрағаты", name_en="Raiymbek District Archive",
                             kind="district", is_rural=True)
    user = UserFactory(username="asel", first_name="Асель", last_name="Архивова", roles=[Role.ARCHIVIST],
                       preferred_language="en")
    access.staff_grant(archive=archive, user=user, role=StaffRole.ARCHIVIST, actor=None)
    return user


def set_language(page, live_server, code: str) -> None:
    page.context.add_cookies([{"name": "archive_language", "value": code, "url": live_server.url}])


def test_archivist_describes_a_unit_and_uploads_a_scan(page, live_server, archivist, tmp_path):
    # The server's first request loads every app's URLs and templates: give it time once.
    page.goto(f"{live_server.url}/accounts/login/", timeout=90_000)
    login(page, live_server, "asel", PASSWORD)
    page.goto(f"{live_server.url}/office/holdings/")
    assert page.locator("h1").inner_text() == "Raiymbek District Archive"
    screenshot(page, "01-dashboard")

    # A fonds: first an empty form (clear errors), then the real one.
    page.click("text=New fonds")
    page.click("button[type=submit]:has-text('Save')")
    assert page.locator(".field-error").count() >= 2
    screenshot(page, "02-fonds-form-errors")
    page.fill("#id_number", "3")
    page.fill("#id_title", "Райымбекский районный отдел образования")
    page.fill("#id_creator_name", "Райымбекский районный отдел образования")
    page.fill("#id_date_start", "1972-01-01")
    page.fill("#id_date_end", "2010-12-31")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_url("**/office/holdings/fonds/*/")
    assert "F. 3" in page.locator("h1").inner_text()

    page.click("text=New inventory")
    page.fill("#id_number", "1")
    page.fill("#id_title", "Приказы и личные дела")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_url("**/office/holdings/inventories/*/")

    page.click("[data-testid=new-unit] >> nth=0")
    assert page.input_value("#id_number") == "1"
    page.fill("#id_title", "Приказы по отделу образования за 1998 год")
    page.fill("#id_date_start", "1998-01-05")
    page.fill("#id_date_end", "1998-12-30")
    page.fill("#id_extent_sheets", "140")
    page.fill("#id_annotation", "Приказы по основной деятельности, о назначении учителей.")
    screenshot(page, "03-unit-form")
    page.click("[data-testid=save]")
    page.wait_for_url("**/office/holdings/units/*/")
    assert page.locator("[data-testid=unit-title]").inner_text() == "Приказы по отделу образования за 1998 год"

    # Two scanned pages.
    files = []
    for n in (1, 2):
        path = tmp_path / f"scan-{n}.jpg"
        path.write_bytes(page_image(heading="Приказы по отделу образования за 1998 год",
                                    reference="F. 3, Inv. 1, U. 1", page=n, kazakh=False, seed=n))
        files.append(str(path))
    page.click("[data-testid=upload-link]")
    page.set_input_files("#id_files", files)
    page.click("[data-testid=upload]")
    page.wait_for_url("**/office/holdings/units/*/")
    thumbnails = page.locator("[data-testid=thumbnail]")
    assert thumbnails.count() == 2
    thumbnails.first.scroll_into_view_if_needed()
    wait_until(page, "() => [...document.querySelectorAll('[data-testid=thumbnail]')]"
               ".every(img => img.complete && img.naturalWidth > 0)")
    screenshot(page, "04-unit-with-thumbnails")

    unit = Unit.objects.get(number="1", inventory__fonds__number="3")
    assert unit.digital_count == 2 and unit.archive.is_rural
    assert DigitalObject.objects.filter(unit=unit, role="thumbnail").count() == 2
    assert Fonds.objects.get(number="3").unit_count == 1

    # The inventory page with its unit list and bulk actions.
    page.click(".breadcrumbs >> text=Inv. 1")
    assert page.locator("[data-testid=unit-table] tbody tr").count() == 1
    screenshot(page, "05-inventory")

    # The same pages in Russian and Kazakh.
    for code, word in (("ru", "Цифровые копии"), ("kk", "Цифрлық көшірмелер")):
        set_language(page, live_server, code)
        page.goto(f"{live_server.url}/office/holdings/units/{unit.pk}/")
        assert word in page.content()
        wait_until(page, "() => [...document.querySelectorAll('[data-testid=thumbnail]')]"
                   ".every(img => img.complete && img.naturalWidth > 0)")
        screenshot(page, f"06-unit-{code}")
        page.goto(f"{live_server.url}/office/holdings/inventories/{unit.inventory_id}/")
        screenshot(page, f"07-inventory-{code}")
        page.goto(f"{live_server.url}/office/holdings/inventories/{unit.inventory_id}/units/new/")
        page.click("[data-testid=save]")
        screenshot(page, f"08-unit-form-errors-{code}")
        page.goto(f"{live_server.url}/office/holdings/")
        screenshot(page, f"09-dashboard-{code}")
        page.goto(f"{live_server.url}/office/holdings/inventories/{unit.inventory_id}/move/")
        page.fill("#id_fonds_number", "99")
        page.click("[data-testid=move]")
        assert page.locator(".alert-error").count() == 1
        screenshot(page, f"10-inventory-move-error-{code}")
