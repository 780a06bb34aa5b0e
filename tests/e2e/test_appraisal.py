"""An appraisal round in the browser: an archivist drafts a case over an inventory and submits it,
two experts vote (the chair in Kazakh), the chair approves, the archivist prints the act as a PDF
and executes it; the units become tombstones and their files are deleted."""
import datetime as dt
import shutil
import subprocess
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.choices import Role
from appraisal import services
from appraisal.choices import ActStatus, CaseStatus
from appraisal.models import AppraisalCase
from archive_site.celery import app as celery_app
from holdings import access
from holdings import services as holdings_services
from holdings.choices import StaffRole, UnitStatus
from holdings.models import DigitalObject, PreservationEvent, Unit
from tests.factories import ArchiveFactory, RegionFactory, UserFactory, make_fonds, make_inventory, make_unit

from .conftest import SCREENSHOTS, TIMEOUT_MS, _safe, screenshot

PASSWORD = "Steppe-Archive-2024"
CSV = """article;document_type_ru;document_type_kk;retention;notes
17;Приказы по основной деятельности;Негізгі қызмет бойынша бұйрықтар;permanent;
45;Годовые планы работы;Жылдық жұмыс жоспарлары;10 ЭПК;
158;Переписка по административно-хозяйственным вопросам;Әкімшілік-шаруашылық мәселелер бойынша хат алмасу;5;
"""


@pytest.fixture
def eager():
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def round_data(db):
    region = RegionFactory(code="ALM", name_ru="Алматинская область", name_kk="Алматы облысы", name_en="Almaty")
    archive = ArchiveFactory(code="ALM-REG", region=region, name_ru="Государственный архив Алматинской области",
                             name_kk="Алматы облысының мемлекеттік архиві", name_en="State Archive of Almaty Region")
    asel = UserFactory(username="asel", password=PASSWORD, first_name="Әсел", last_name="Нұрланқызы",
                       preferred_language="ru", roles=[Role.ARCHIVIST])
    access.staff_grant(archive=archive, user=asel, role=StaffRole.ARCHIVIST, actor=None)
    chair = UserFactory(username="erlan", password=PASSWORD, first_name="Ерлан", last_name="Сарапшиев",
                        preferred_language="kk", roles=[Role.EXPERT])
    secretary = UserFactory(username="dina", password=PASSWORD, first_name="Дина", last_name="Омарова",
                            preferred_language="ru", roles=[Role.EXPERT])
    admin = UserFactory(username="aliya", roles=[Role.ADMINISTRATOR])
    services.retention_schedule_import(actor=admin, data=CSV, title_ru="Типовой перечень документов",
                                       title_kk="Құжаттардың үлгілік тізбесі", order_number="263",
                                       order_date=dt.date(2017, 9, 29))
    services.commission_create(actor=admin, name="ЭПК Государственного архива Алматинской области", kind="archive",
                               name_kk="Алматы облысы мемлекеттік архивінің сараптау-тексеру комиссиясы",
                               archive=archive, chair=chair, secretary=secretary, quorum_percent=50, quorum_min=2)
    fonds = make_fonds(archive, number="45", title="Алма-Атинский облисполком", actor=asel)
    inventory = make_inventory(fonds, number="3", title="Документы временного хранения за 1986–1992 годы", actor=asel)
    titles = ["Переписка по хозяйственным вопросам за 1986 год", "Переписка по хозяйственным вопросам за 1987 год",
              "Шаруашылық мәселелері бойынша хат алмасу, 1988 жыл", "Годовой план работы на 1990 год"]
    units = [make_unit(inventory, number=str(i), title=title, actor=asel, extent_sheets=40 + i,
                       date_start=dt.date(1985 + i, 1, 1), date_end=dt.date(1985 + i, 12, 31))
             for i, title in enumerate(titles, start=1)]
    services.inventory_article_set(actor=asel, inventory=inventory, article=services.article_by_number("158"))
    holdings_services.digital_object_add(actor=asel, unit=units[0], file=ContentFile(b"scan", name="p1.tif"),
                                         original_name="p1.tif", make_derivatives=False)
    return {"archive": archive, "inventory": inventory, "units": units}


def _page_for(browser, live_server, request, username: str, width: int = 1280):
    """A fresh browser context logged in as `username` (each person has their own browser)."""
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.screenshot_folder = SCREENSHOTS / _safe(request.node.name)
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def _fits(page) -> bool:
    """Nothing sticks out sideways: long Kazakh and Russian words wrap instead of widening the page, and
    every table shows all its columns without scrolling."""
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
                         " && Array.from(document.querySelectorAll('.table-wrap'))"
                         ".every(w => w.scrollWidth <= w.clientWidth)")


def test_appraisal_round_in_the_browser(browser, live_server, request, round_data, eager, tmp_path):
    archive, inventory, units = round_data["archive"], round_data["inventory"], round_data["units"]
    # The first request imports every app's pages; on a busy machine that outlasts a page timeout.
    urllib.request.urlopen(live_server.url + "/accounts/login/", timeout=180).read()

    # The archivist drafts a case over inventory 3 of fonds 45.
    archivist = _page_for(browser, live_server, request, "asel")
    archivist.goto(live_server.url + "/office/appraisal/")
    archivist.click("[data-testid=new-case]")
    archivist.select_option("#id_archive", str(archive.pk))
    archivist.select_option("#id_commission", index=1)
    archivist.fill("#id_title", "Экспертиза ценности документов облисполкома за 1986–1990 годы")
    archivist.check("input[name=scope][value=inventory]")
    archivist.fill("#id_fonds_number", "45")
    archivist.fill("#id_inventory_number", "3")
    screenshot(archivist, "01-new-case-ru")
    archivist.click("[data-testid=create-case]")
    archivist.wait_for_selector("[data-testid=proposals]")
    case = AppraisalCase.objects.get()
    assert case.unit_count == 4 and case.destroy_count == 4  # art. 158: five years, long past
    # The annual plan is not correspondence: keep it for ten years under art. 45.
    archivist.check("tr[data-unit='4'] input[name=units]")
    archivist.select_option("#id_outcome", "temporary")
    archivist.fill("#id_article", "45")
    archivist.click("[data-testid=apply-proposals]")
    archivist.wait_for_selector(".alert-success")
    assert _fits(archivist)
    screenshot(archivist, "02-draft-case-ru")
    archivist.click("[data-testid=submit-case]")
    archivist.wait_for_selector(".alert-success")
    assert "Направлена в комиссию" in archivist.inner_text("[data-testid=case-status]")
    screenshot(archivist, "03-submitted-ru")

    # The chair (Kazakh) finds the case in the list, opens the review and votes; the secretary votes;
    # the chair approves.
    chair = _page_for(browser, live_server, request, "erlan", width=1024)  # a laptop screen
    chair.goto(f"{live_server.url}/office/appraisal/cases/")
    chair.wait_for_selector("[data-testid=case-table]")
    assert "Алматы облысы мемлекеттік архивінің сараптау-тексеру комиссиясы" in chair.inner_text(
        "[data-testid=case-table]")
    assert _fits(chair)
    screenshot(chair, "04a-case-list-kk")
    chair.click(f"[data-testid=case-table] a[href$='/cases/{case.pk}/']")
    chair.wait_for_selector("[data-testid=case-status]")
    chair.click("[data-testid=start-review]")
    chair.wait_for_selector("[data-testid=vote-form]")
    chair.check("input[name=decision][value=approve]")
    chair.fill("#id_comment", "Келісемін")
    chair.click("[data-testid=cast-vote]")
    chair.wait_for_selector(".alert-success")
    assert "Қаралуда" in chair.inner_text("[data-testid=case-status]")
    screenshot(chair, "04-chair-voted-kk")

    secretary = _page_for(browser, live_server, request, "dina")
    secretary.goto(f"{live_server.url}/office/appraisal/cases/{case.pk}/")
    secretary.check("input[name=decision][value=approve]")
    secretary.fill("#id_comment", "Согласна, сроки хранения истекли")
    secretary.click("[data-testid=cast-vote]")
    secretary.wait_for_selector(".alert-success")
    assert _fits(secretary)
    screenshot(secretary, "05-secretary-voted-ru")

    chair.goto(f"{live_server.url}/office/appraisal/cases/{case.pk}/")
    assert "кворум" in chair.inner_text("[data-testid=tally]")
    chair.fill("#approve-comment", "Бекітілсін")
    chair.click("[data-testid=approve-case]")
    chair.wait_for_selector("[data-testid=act-link]")
    assert "Бекітілді" in chair.inner_text("[data-testid=case-status]")
    assert _fits(chair)
    screenshot(chair, "06-approved-kk")
    chair.click("[data-testid=act-link]")
    chair.wait_for_selector("[data-testid=act-items]")
    assert "5 жыл" in chair.inner_text("[data-testid=act-items]") and _fits(chair)
    screenshot(chair, "06b-act-kk")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.act.item_count == 3

    # The archivist prints the act (Kazakh and Russian PDFs) and executes it.
    archivist.goto(f"{live_server.url}/office/appraisal/cases/{case.pk}/")
    archivist.click("[data-testid=act-link]")
    archivist.wait_for_selector("[data-testid=act-items]")
    assert _fits(archivist)
    screenshot(archivist, "07-act-ru")
    for language in ("kk", "ru"):
        with archivist.expect_download() as download_info:
            archivist.click(f"[data-testid=pdf-{language}]")
        pdf_path = tmp_path / f"act-{language}.pdf"
        download_info.value.save_as(str(pdf_path))
        assert pdf_path.read_bytes().startswith(b"%PDF")
        if shutil.which("pdftoppm"):  # a picture of the printed act to look at
            folder = SCREENSHOTS / _safe(request.node.name)
            subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf_path),
                            str(folder / f"08-act-pdf-{language}")], check=True)
    files = list(DigitalObject.objects.filter(unit=units[0]).values_list("file", flat=True))
    assert files and default_storage.exists(files[0])
    archivist.click("[data-testid=execute-act]")
    archivist.wait_for_selector(".alert-success")
    assert "Исполнен" in archivist.inner_text("[data-testid=act-status]")
    screenshot(archivist, "09-executed-ru")

    case.refresh_from_db()
    assert case.status == CaseStatus.EXECUTED and case.act.status == ActStatus.EXECUTED
    statuses = dict(Unit.objects.filter(inventory=inventory).values_list("number", "status"))
    assert statuses == {"1": UnitStatus.DESTROYED, "2": UnitStatus.DESTROYED, "3": UnitStatus.DESTROYED,
                        "4": UnitStatus.EXTANT}
    assert not default_storage.exists(files[0])
    assert PreservationEvent.objects.filter(event_type="deletion", unit=units[0]).count() == 2  # file and unit
    for page in (archivist, chair, secretary):
        page.context.close()
