"""The reading room in the browser: (a) a citizen searches, reads an open unit in the viewer, orders a
copy, the reading room fulfils it with a redaction and the citizen downloads it; (b) a salary
certificate from request to PDF and its public check; (c) the portal in Kazakh and Russian; (d) a
visit and an access request, from the citizen's form to the staff's answer, in Kazakh and Russian."""
import datetime as dt
import io

import pytest
from django.utils import timezone, translation
from PIL import Image

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole
from readingroom.choices import RequestStatus
from readingroom.models import Certificate, Delivery, RedactionRegion, Request
from tests.e2e.conftest import wait_until
from tests.factories import ArchiveFactory, UserFactory, make_fonds, make_inventory, make_unit
from tests.readingroom.factories import add_pages

PASSWORD = "Steppe-Archive-2024"


def _in(language: str, label) -> str:
    """The wording the page shows in a language."""
    with translation.override(language):
        return str(label)


def _ru(label) -> str:
    return _in("ru", label)


def _world():
    archive = ArchiveFactory(code="ALM", name_ru="Центральный государственный архив", name_kk="Орталық мемлекеттік мұрағат",
                             name_en="Central State Archive", address="Алматы, Жібек жолы 1")
    fonds = make_fonds(archive, number="12", title="Алматинский хлопчатобумажный комбинат")
    inventory = make_inventory(fonds, number="1", title="Приказы и личные дела")
    open_unit = make_unit(inventory, "5", "Приказы директора комбината за 1975 год", access_level="open",
                          extent_sheets=3, date_start=dt.date(1975, 1, 3), date_end=dt.date(1975, 12, 29))
    personal = make_unit(inventory, "6", "Личное дело Ахметова Болата", access_level="personal",
                         public_title="Личное дело работника прядильного цеха", extent_sheets=2,
                         date_end=dt.date(1985, 12, 31))
    add_pages(open_unit, 3)
    add_pages(personal, 2)
    citizen = UserFactory(username="saule", password=PASSWORD, first_name="Сауле", last_name="Гражданова",
                          preferred_language="ru", roles=[Role.RESEARCHER])
    staff = UserFactory(username="rinat", password=PASSWORD, first_name="Ринат", last_name="Читальный",
                        preferred_language="ru", roles=[Role.READING_ROOM])
    access.staff_grant(archive=archive, user=staff, role=StaffRole.READING_ROOM, actor=None)
    return archive, open_unit, personal, citizen, staff


def _logout(page, live_server):
    page.context.clear_cookies()
    page.goto(live_server.url + "/")


def test_citizen_orders_a_copy_and_staff_fulfils_it_with_a_redaction(page, live_server, screenshot, login):
    archive, open_unit, personal, citizen, staff = _world()
    login(page, live_server, "saule", PASSWORD)
    page.goto(live_server.url + "/")
    page.fill("#home-q", "приказы")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    assert "Приказы директора" in page.locator("[data-testid=results]").inner_text()
    screenshot(page, "1-search-ru")
    page.locator("[data-testid=results] a").first.click()
    page.wait_for_url(f"**/units/{open_unit.pk}/")
    assert page.locator("[data-testid=reference-code]").inner_text() == "Ф. 12, Оп. 1, Д. 5"
    screenshot(page, "2-unit-ru")
    page.locator("[data-testid=read-online]").click()
    page.wait_for_url(f"**/units/{open_unit.pk}/viewer/")
    image = page.locator("[data-image]")
    wait_until(page, "() => document.querySelector('[data-image]')?.naturalWidth > 0")
    page.locator("[data-action=zoom-in]").click()
    page.locator("[data-action=rotate-right]").click()
    assert "rotate(90deg)" in image.evaluate("el => el.style.transform")
    page.locator("[data-stage]").focus()
    page.keyboard.press("PageDown")
    wait_until(page, "() => document.querySelector('[data-image]')?.src.includes('/pages/2/image')")
    assert page.locator("[data-position]").inner_text() == "Страница 2 из 3"  # worded as the page is
    screenshot(page, "3-viewer-page-2")
    # Page 1 disabled "Previous"; once on page 2 it works again, by mouse and by key.
    page.locator("[data-action=prev]").click()
    wait_until(page, "() => document.querySelector('[data-image]')?.src.includes('/pages/1/image')")
    assert page.locator("[data-action=prev]").get_attribute("aria-disabled") == "true"
    page.keyboard.press("End")
    wait_until(page, "() => document.querySelector('[data-image]')?.src.includes('/pages/3/image')")
    assert page.locator("[data-action=next]").get_attribute("aria-disabled") == "true"
    page.goto(live_server.url + f"/units/{open_unit.pk}/")
    page.locator("[data-testid=order-copy]").click()
    page.fill("#id_sheets", "1-2")
    page.fill("#id_more_units", "Ф. 12, Оп. 1, Д. 6, Л. 1")
    screenshot(page, "4-copy-form")
    page.locator("[data-testid=submit-request]").click()
    req = Request.objects.get(requester=citizen)
    page.wait_for_url(f"**/requests/{req.pk}/")
    assert page.locator("[data-testid=request-status]").inner_text() == _ru(RequestStatus.SUBMITTED.label)
    _logout(page, live_server)

    # The reading room: take it, mark the personal data by drawing on the page, produce, mark ready.
    login(page, live_server, "rinat", PASSWORD)
    page.goto(live_server.url + "/office/readingroom/")
    assert req.number in page.locator("[data-testid=queue]").inner_text()
    screenshot(page, "5-queue")
    page.goto(live_server.url + f"/office/readingroom/requests/{req.pk}/")
    page.locator("[data-testid=take]").click()
    page.locator("[data-testid=produce]").click()
    assert "отметьте закрываемые области" in page.locator(".messages").inner_text()
    page.locator("[data-testid=mark-regions]").click()
    frame = page.locator("[data-testid=redaction-frame]")
    wait_until(page, "() => document.querySelector('[data-redaction-frame] img')?.naturalWidth > 0")
    box = frame.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.2, steps=5)
    page.mouse.up()
    assert float(page.input_value("#id_width")) > 40
    page.locator("[data-testid=save-region]").click()
    page.wait_for_selector("[data-region]")
    screenshot(page, "6-redaction")
    region = RedactionRegion.objects.get()
    assert 0.08 < region.x < 0.12 and 0.45 < region.width < 0.55
    page.locator("[data-testid=back-to-request]").click()
    page.locator("[data-testid=produce]").click()
    if req.fee:
        page.fill("#payment_reference", "Квитанция 77")
        page.locator("[data-testid=record-payment]").click()
    page.locator("[data-testid=complete]").click()
    screenshot(page, "7-request-ready-staff")
    req.refresh_from_db()
    assert req.status == "ready"
    _logout(page, live_server)

    # The citizen downloads the redacted copy.
    login(page, live_server, "saule", PASSWORD)
    page.goto(live_server.url + f"/requests/{req.pk}/")
    assert page.locator("[data-testid=request-status]").inner_text() == _ru(RequestStatus.READY.label)
    screenshot(page, "8-my-request-ready")
    redacted = Delivery.objects.get(request=req, unit=personal)
    with page.expect_download() as info:
        page.locator(f"a[href$='/files/{redacted.pk}/']").click()
    data = open(info.value.path(), "rb").read()
    img = Image.open(io.BytesIO(data)).convert("RGB")
    left, top = int(0.1 * 600) + 3, int(0.1 * 800) + 3
    assert max(high for _low, high in img.crop((left, top, left + 200, top + 60)).getextrema()) <= 8
    img.save(page.screenshot_folder / "9-downloaded-redacted-copy.png")


def test_salary_certificate_from_request_to_verification(page, live_server, screenshot, login):
    archive, open_unit, _personal, citizen, staff = _world()
    login(page, live_server, "saule", PASSWORD)
    page.goto(live_server.url + "/requests/new/certificate/")
    page.select_option("#id_archive", str(archive.pk))
    page.select_option("#id_certificate_kind", "salary")
    page.select_option("#id_certificate_language", "kk")
    page.fill("#id_organization", "Алматинский хлопчатобумажный комбинат")
    page.fill("#id_position", "ткачиха")
    page.fill("#id_year_from", "1984")
    page.fill("#id_year_to", "1989")
    page.fill("#id_message", "Для назначения пенсии")
    screenshot(page, "1-certificate-form")
    page.locator("[data-testid=submit-request]").click()
    req = Request.objects.get(requester=citizen)
    page.wait_for_url(f"**/requests/{req.pk}/")
    _logout(page, live_server)

    login(page, live_server, "rinat", PASSWORD)
    page.goto(live_server.url + f"/office/readingroom/requests/{req.pk}/")
    page.locator("[data-testid=take]").click()
    assert "Алматинский хлопчатобумажный комбинат" in page.input_value("#certificate_body")
    body = page.input_value("#certificate_body") + "\n1984 ж. — 180 сом; 1985 ж. — 185 сом."
    page.fill("#certificate_body", body)
    page.fill("#certificate_grounds", "Ф. 12, Оп. 1, Д. 5, Л. 2-3")
    screenshot(page, "2-certificate-staff")
    page.locator("[data-testid=issue-certificate]").click()
    page.locator("[data-testid=complete]").click()
    cert = Certificate.objects.get(request=req)
    _logout(page, live_server)

    login(page, live_server, "saule", PASSWORD)
    page.goto(live_server.url + f"/requests/{req.pk}/")
    screenshot(page, "3-my-request-certificate")
    with page.expect_download() as info:
        page.locator("[data-testid=download]").first.click()
    pdf = open(info.value.path(), "rb").read()
    assert pdf.startswith(b"%PDF")
    page.goto(live_server.url + "/")
    page.fill("#home-code", cert.verification_code.replace("-", "").lower())
    page.locator("#home-code").press("Enter")
    page.wait_for_url(f"**/verify/{cert.verification_code}")
    result = page.locator("[data-testid=verify-result]").inner_text()
    assert cert.number in result and "180 сом" not in page.content()
    screenshot(page, "4-verified")


def test_the_portal_in_kazakh_and_russian(page, live_server, screenshot):
    _archive, open_unit, personal, _citizen, _staff = _world()
    page.goto(live_server.url + "/")
    for code, home_title, unit_word, status in (
            ("kk", "Барлығына ашық ұлттық мұрағат", "Қ. 12, Т. 1, І. 6", "Дербес деректері бар"),
            ("ru", "Национальный архив, открытый для всех", "Ф. 12, Оп. 1, Д. 6", "Содержит персональные данные")):
        with page.expect_navigation():
            page.select_option("[data-testid=language-select]", code)
        page.goto(live_server.url + "/")
        assert page.locator("h1").inner_text() == home_title
        screenshot(page, f"1-home-{code}")
        page.goto(live_server.url + f"/units/{personal.pk}/")
        assert page.locator("[data-testid=reference-code]").inner_text() == unit_word
        assert status in page.locator("[data-testid=access-status]").inner_text()
        assert "Ахметова" not in page.content()
        screenshot(page, f"2-personal-unit-{code}")
        page.goto(live_server.url + "/search/?q=приказы")
        assert page.locator("[data-testid=results] li").count() == 1
        screenshot(page, f"3-search-{code}")
        page.goto(live_server.url + f"/units/{open_unit.pk}/viewer/")
        screenshot(page, f"4-viewer-{code}")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_visit_and_access_requests(page, live_server, screenshot, login, language):
    """(d) The two other kinds, in Kazakh and in Russian: a heir asks access to a personal file (with
    the document), books a visit; the reading room (working in Russian) checks the identity, grants
    access until a date and prepares the visit; the citizen reads the answer in their language and
    opens the personal file in the viewer."""
    from django.utils import formats

    from readingroom import deadlines

    _archive, open_unit, personal, citizen, _staff = _world()
    citizen.preferred_language = language
    citizen.save(update_fields=["preferred_language"])
    personal_code = {"kk": "Қ. 12, Т. 1, І. 6", "ru": "Ф. 12, Оп. 1, Д. 6"}[language]
    login(page, live_server, "saule", PASSWORD)
    page.goto(live_server.url + f"/units/{personal.pk}/")
    assert page.locator("html").get_attribute("lang") == language
    page.locator("[data-testid=request-access]").click()
    page.check("input[name=ground][value=heir]")
    page.set_input_files("#id_attachments", files=[{"name": "murager-kualigi.pdf", "mimeType": "application/pdf",
                                                    "buffer": b"%PDF-1.4\n%%EOF\n"}])
    screenshot(page, f"1-access-form-{language}")
    page.locator("[data-testid=submit-request]").click()
    access_req = Request.objects.get(requester=citizen, kind="access")
    page.wait_for_url(f"**/requests/{access_req.pk}/")
    assert page.locator("[data-testid=request-status]").inner_text() == _in(language, RequestStatus.SUBMITTED.label)

    day = timezone.localdate() + dt.timedelta(days=2)
    while not deadlines.is_working_day(day):
        day += dt.timedelta(days=1)
    page.goto(live_server.url + f"/units/{open_unit.pk}/")
    page.locator("[data-testid=book-visit]").click()
    page.fill("#id_visit_date", day.isoformat())
    page.fill("#id_more_units", personal_code)  # the personal file is not open to her yet
    page.locator("[data-testid=submit-request]").click()
    assert personal_code in page.locator(".alert-error, .error").first.inner_text()
    page.fill("#id_more_units", "")
    page.locator("[data-testid=submit-request]").click()
    visit = Request.objects.get(requester=citizen, kind="visit")
    page.wait_for_url(f"**/requests/{visit.pk}/")
    screenshot(page, f"2-visit-booked-{language}")
    _logout(page, live_server)

    login(page, live_server, "rinat", PASSWORD)
    page.goto(live_server.url + f"/office/readingroom/requests/{access_req.pk}/")
    assert "murager-kualigi.pdf" in page.content()
    page.locator("[data-testid=take]").click()
    page.fill("#identity_document", "Жеке куәлік № 045678912")
    page.locator("[data-testid=verify-identity]").click()
    until = timezone.localdate() + dt.timedelta(days=30)
    page.fill("#grant_until", until.isoformat())
    screenshot(page, "3-access-staff-ru")
    page.locator("[data-testid=grant]").click()
    page.goto(live_server.url + f"/office/readingroom/requests/{visit.pk}/")
    page.locator("[data-testid=take]").click()
    page.fill("#complete_note", "Іс оқу залында сізді күтеді.")
    page.locator("[data-testid=complete]").click()
    assert Request.objects.get(pk=visit.pk).status == "ready"
    _logout(page, live_server)

    login(page, live_server, "saule", PASSWORD)
    page.goto(live_server.url + "/requests/")
    rows = page.locator("[data-testid=my-requests]").inner_text()
    assert rows.count(_in(language, RequestStatus.READY.label)) == 2 and day.strftime("%d.%m.%Y") in rows
    screenshot(page, f"4-my-requests-{language}")
    page.goto(live_server.url + f"/requests/{access_req.pk}/")
    history = page.locator("[data-testid=history]").inner_text()
    with translation.override("ru"):
        ru_until = formats.date_format(until, "DATE_FORMAT")
    # Worded in the citizen's language, though the staff work in Russian.
    assert {"kk": f"{until:%d.%m.%Y} дейін рұқсат", "ru": f"Доступ до {ru_until}"}[language] in history
    screenshot(page, f"5-access-granted-{language}")
    page.goto(live_server.url + f"/units/{personal.pk}/")
    assert "Ахметова Болата" in page.locator("[data-testid=unit-title]").inner_text()
    page.locator("[data-testid=read-online]").click()
    wait_until(page, "() => document.querySelector('[data-image]')?.naturalWidth > 0")
    screenshot(page, f"6-personal-file-viewer-{language}")
