"""An archivist registers a state-funded film, sees its deposit obligation, records the deposit with
the film's file and sees the units it became; the pages in Russian and in Kazakh."""
import shutil
import subprocess
import urllib.request

import pytest

from accounts.choices import Role
from archive_site.celery import app as celery_app
from holdings import access
from holdings.choices import StaffRole
from tests.accessions.factories import make_source
from tests.factories import ArchiveFactory, RegionFactory, UserFactory

PASSWORD = "Steppe-Archive-2024"


@pytest.fixture
def eager():
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def switch_language(page, code: str) -> None:
    with page.expect_navigation():
        page.select_option("[data-testid=language-select]", code)


def film_file(tmp_path):
    """A real 2-second clip when ffmpeg is installed (so metadata and derivatives are made), else bytes."""
    path = tmp_path / "tomiris-trailer.mp4"
    if shutil.which("ffmpeg"):
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=2:size=320x180:rate=25",
                        "-f", "lavfi", "-i", "sine=duration=2", "-shortest", "-c:v", "libx264", "-pix_fmt",
                        "yuv420p", "-c:a", "aac", str(path)], check=True)
    else:
        path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\0" * 4096)
    return path


def test_archivist_registers_state_film_and_records_its_deposit(page, live_server, screenshot, login, settings,
                                                                eager, tmp_path):
    region = RegionFactory(code="ALA", name_ru="г. Алматы", name_kk="Алматы қаласы", name_en="Almaty")
    archive = ArchiveFactory(code="CGAKFDZ", kind="specialized", region=region,
                             name_ru="ЦГА кинофотодокументов и звукозаписей",
                             name_kk="Кинофотоқұжаттар мен дыбыс жазбаларының ОМА", name_en="Film and Sound Archive")
    settings.AV_DEPOSIT_ARCHIVE_CODE = archive.code
    asel = UserFactory(username="asel", password=PASSWORD, first_name="Әсел", last_name="Нұрланқызы",
                       preferred_language="ru", roles=[Role.ARCHIVIST])
    access.staff_grant(archive=archive, user=asel, role=StaffRole.ARCHIVIST, actor=None)
    producer = make_source(archive, name="АО «Казахфильм» имени Шакена Айманова", kind="producer",
                           contact_person="Нұрлан Әбенов", contact_email="deposit@kazakhfilm.kz")

    # The first request imports every app's pages; on a busy machine that outlasts a page timeout.
    urllib.request.urlopen(live_server.url + "/accounts/login/", timeout=180).read()
    login(page, live_server, "asel", PASSWORD)
    page.goto(live_server.url + "/office/accessions/works/")
    assert page.locator("h1").inner_text() == "Реестр аудиовизуальных произведений"
    page.locator("[data-testid=register-work]").click()
    page.fill("#id_title", "Томирис")
    page.select_option("#id_producer", str(producer.pk))
    page.select_option("#id_kind", "film")
    page.select_option("#id_funding", "state")
    page.fill("#id_production_date", "2019-05-01")
    page.fill("#id_release_date", "2019-09-26")
    page.fill("#id_running_time_minutes", "155")
    page.fill("#id_carriers", "DCP на жёстком диске; 35-мм копия, 6 частей")
    page.fill("#id_formats", "DCP, ProRes 422 HQ")
    screenshot(page, "1-register-film-ru")
    page.locator("[data-testid=work-form] button[type=submit]").click()
    page.wait_for_url("**/office/accessions/works/*/")

    # The obligation exists at once: due 90 days after release, owed to the film archive.
    assert page.locator("[data-testid=work-title]").inner_text() == "Томирис"
    obligation = page.locator("[data-testid=obligation]")
    assert "Обязанность сдать обязательный экземпляр" in obligation.inner_text()
    assert page.locator("[data-testid=due-date]").inner_text().startswith("25.12.2019")
    assert "Просрочено" in obligation.inner_text() or "Ожидается" in obligation.inner_text()
    screenshot(page, "2-obligation-ru")

    page.locator("[data-testid=record-deposit]").click()
    page.set_input_files("#id_files", str(film_file(tmp_path)))
    page.fill("#id_fonds_number", "1")
    page.fill("#id_fonds_title", "АО «Казахфильм» имени Шакена Айманова")
    page.fill("#id_inventory_number", "2019")
    page.fill("#id_inventory_title", "Художественные фильмы 2019 года")
    screenshot(page, "3-deposit-form-ru")
    page.locator("[data-testid=deposit-form] button[type=submit]").click()
    page.wait_for_url("**/office/accessions/works/*/")

    assert "Сдача оформлена актом №" in page.locator(".alert-success").inner_text()
    assert "Сдан" in page.locator("[data-testid=obligation]").inner_text()
    units = page.locator("[data-testid=work-units]")
    assert "Ф. 1, Оп. 2019, Д. 1" in units.inner_text()
    assert "Томирис" in units.inner_text()
    if shutil.which("ffprobe"):
        assert "h264" in page.locator("[data-testid=media-table]").inner_text()
    screenshot(page, "4-deposited-ru")

    # The unit opens in holdings.
    units.locator("a").first.click()
    page.wait_for_url("**/office/holdings/units/*/")
    assert "Томирис" in page.locator("[data-testid=unit-title]").inner_text()
    screenshot(page, "5-unit-ru")

    # The same in Kazakh, and the dashboard counts the received copy.
    page.go_back()
    switch_language(page, "kk")
    assert "Міндетті дананы тапсыру міндеті" in page.locator("[data-testid=obligation]").inner_text()
    assert "Тапсырылды" in page.locator("[data-testid=obligation]").inner_text()
    screenshot(page, "6-deposited-kk")
    page.goto(live_server.url + "/office/accessions/obligations/")
    assert page.locator("h1").inner_text() == "Аудиовизуалды туындылардың міндетті даналары"
    assert page.locator("[data-testid=total-deposited]").inner_text() == "1"
    screenshot(page, "7-dashboard-kk")
    page.goto(live_server.url + "/office/accessions/acts/")
    assert page.locator("[data-testid=accessions-table]").count() == 1
    screenshot(page, "8-acts-kk")
    page.locator("[data-testid=accessions-table] tbody a").first.click()
    page.wait_for_url("**/office/accessions/acts/*/")
    # Table cells keep words whole in Kazakh: a narrow column must not split "Тасығыш" into "Тасығы|ш",
    # as "overflow-wrap: anywhere" (right for checksums inside cards) would.
    header = page.locator("[data-testid=units-table] thead th").nth(3)
    assert header.inner_text() == "Тасығыш"
    assert header.evaluate("th => getComputedStyle(th).overflowWrap") == "break-word"
    screenshot(page, "9-act-kk")


def test_archivist_sees_a_refused_transfer_with_the_bad_file_named(page, live_server, screenshot, login, eager,
                                                                   tmp_path):
    from rest_framework.test import APIClient

    from tests.accessions.factories import PDF, build_bag, make_agency

    archive = ArchiveFactory(code="ALM-REG", kind="regional", name_ru="Государственный архив Алматинской области",
                             name_kk="Алматы облысының мемлекеттік мұрағаты", name_en="State Archive of Almaty Region")
    asel = UserFactory(username="asel", password=PASSWORD, first_name="Әсел", last_name="Нұрланқызы",
                       preferred_language="kk", roles=[Role.ARCHIVIST])
    access.staff_grant(archive=archive, user=asel, role=StaffRole.ARCHIVIST, actor=None)
    source = make_source(archive, name="ГУ «Аппарат акима Алматинской области»", language="kk")
    _account, token = make_agency(source, username="edo")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    def tamper(bag_dir):
        path = bag_dir / "data" / "order-15.pdf"
        path.write_bytes(path.read_bytes().replace(b"Catalog", b"Katalog"))

    for key, bag in (("good", build_bag(tmp_path / "good", {"order-15.pdf": PDF})),
                     ("bad", build_bag(tmp_path / "bad", {"order-15.pdf": PDF}, tamper=tamper))):
        with open(bag, "rb") as fh:
            assert client.post("/api/v1/transfers/", {"package": fh}, format="multipart",
                               HTTP_IDEMPOTENCY_KEY=key).status_code == 202

    urllib.request.urlopen(live_server.url + "/accounts/login/", timeout=180).read()
    login(page, live_server, "asel", PASSWORD)
    page.goto(live_server.url + "/office/accessions/transfers/")
    table = page.locator("[data-testid=transfers-table]")
    assert "data/order-15.pdf" in table.inner_text()
    screenshot(page, "1-transfers-kk")
    page.locator("[data-testid=transfers-table] a").first.click()  # the newest: the refused one
    assert "data/order-15.pdf" in page.locator("[data-testid=transfer-error]").inner_text()
    assert page.locator("[data-testid=retry]").count() == 1
    screenshot(page, "2-refused-kk")
    # The sender wrote in Kazakh; an archivist reading in Russian gets the error and events in Russian.
    switch_language(page, "ru")
    assert "Не совпадает контрольная сумма data/order-15.pdf" in page.locator("[data-testid=transfer-error]").inner_text()
    assert "Пакет безопасно распакован." in page.locator("[data-testid=transfer-events]").inner_text()
    screenshot(page, "2-refused-ru")
    switch_language(page, "kk")
    page.goto(live_server.url + "/office/accessions/transfers/")
    page.locator("[data-testid=transfers-table] tbody tr").nth(1).locator("a").first.click()
    assert page.locator("[data-testid=transfer-files]").count() == 1
    screenshot(page, "3-accessioned-kk")
