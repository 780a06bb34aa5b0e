"""Requests over HTTP and the API: forms, "My requests", the staff queue and its actions; one citizen
never sees another's requests, files or attachments (404), download links expire."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from readingroom import services
from readingroom.models import Delivery, Request
from readingroom.services import ItemData

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _ready_copy(carol, rita, tree):
    req = services.copy_request_create(actor=carol, items=[ItemData(tree.open, "1")], copy_kind="electronic")
    services.request_take(actor=rita, request=req)
    (delivery,) = services.copy_request_produce(actor=rita, request=req)
    services.request_complete(actor=rita, request=req)
    return req, delivery


def test_copy_order_form_from_a_unit_page_with_more_codes(web_client, tree, carol):
    c = web_client(carol)
    url = reverse("readingroom:request_form", args=["copy"]) + f"?unit={tree.open.pk}"
    assert "Ф. 1, Оп. 1, Д. 1" in c.get(url).content.decode()  # carol reads Russian
    response = c.post(url, {"unit": tree.open.pk, "sheets": "1-2", "copy_kind": "electronic",
                            "delivery": "download", "more_units": "Ф. 1, Оп. 1, Д. 2, Л. 1\n"})
    req = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("readingroom:my_request", args=[req.pk])
    assert [(i.unit_id, i.sheets) for i in req.items.all()] == [(tree.open.pk, "1-2"), (tree.personal.pk, "1")]
    bad = c.post(url, {"unit": tree.open.pk, "copy_kind": "electronic", "delivery": "download",
                       "more_units": "F. 9, Inv. 9, U. 9"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Не найдены в каталоге: F. 9, Inv. 9, U. 9" in bad.content.decode()
    assert c.get(reverse("readingroom:request_form", args=["copy"]) + f"?unit={tree.closed.pk}").status_code == 404


def test_certificate_form_with_attachment_and_errors(web_client, archive_a, carol):
    c = web_client(carol)
    url = reverse("readingroom:request_form", args=["certificate"])
    data = {"archive": archive_a.pk, "certificate_kind": "salary", "certificate_language": "kk",
            "person_name": "Кэрол", "organization": "", "delivery": "download"}
    html = c.post(url, data, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Укажите организацию, где работал человек." in html
    data["organization"] = "Комбинат"
    data["attachments"] = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    assert c.post(url, data).status_code == 302
    assert Request.objects.get().attachments.count() == 2


def test_one_citizen_never_sees_anothers_requests_files_or_attachments(web_client, api_client, tree, carol, dave,
                                                                      rita, rob):
    req, delivery = _ready_copy(carol, rita, tree)
    att_req = services.access_request_create(actor=carol, items=[ItemData(tree.personal)], ground="consent",
                                             attachments=[SimpleUploadedFile("c.pdf", PDF)])
    attachment = att_req.attachments.get()
    urls = [reverse("readingroom:my_request", args=[req.pk]),
            reverse("readingroom:download", args=[req.pk, delivery.pk]),
            reverse("readingroom:attachment", args=[att_req.pk, attachment.pk]),
            reverse("readingroom:office_request", args=[req.pk])]
    owner = web_client(carol)
    assert [owner.get(u).status_code for u in urls[:3]] == [200, 200, 200]
    for outsider in (dave, rob):
        c = web_client(outsider)
        assert c.get(urls[0]).status_code == 404
        assert c.get(urls[1]).status_code == 404
        assert c.get(urls[2]).status_code == 404
    assert web_client(dave).get(urls[3]).status_code == 403  # not staff anywhere
    assert web_client(rob).get(urls[3]).status_code == 404   # staff of another archive
    assert web_client(rita).get(urls[1]).status_code == 200  # the archive's staff may
    assert api_client(dave).get(reverse("request-detail", args=[req.pk])).status_code == 404
    listing = api_client(dave).get(reverse("request-list")).json()
    assert listing["results"] == []
    assert [r["id"] for r in api_client(carol).get(reverse("request-list")).json()["results"]] == [att_req.pk, req.pk]
    assert web_client(None).get(urls[1]).status_code == 302  # to the login page


def test_download_links_expire(web_client, tree, carol, rita, dave):
    req, delivery = _ready_copy(carol, rita, tree)
    Delivery.objects.filter(pk=delivery.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    url = reverse("readingroom:download", args=[req.pk, delivery.pk])
    response = web_client(carol).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410 and "Срок действия ссылки истёк" in response.content.decode()
    assert web_client(dave).get(url).status_code == 404
    assert "ссылка истекла" in web_client(carol).get(reverse("readingroom:my_request", args=[req.pk]),
                                                   HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_staff_queue_filters_and_actions(web_client, tree, carol, rita, archive_a):
    old = services.certificate_request_create(actor=carol, archive=archive_a, certificate_kind="awards",
                                              certificate_language="ru", person_name="К")
    Request.objects.filter(pk=old.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    copy = services.copy_request_create(actor=carol, items=[ItemData(tree.open)], copy_kind="electronic")
    c = web_client(rita)
    queue = reverse("readingroom:queue")
    html = c.get(queue).content.decode()
    assert old.number in html and copy.number in html
    html = c.get(queue + "?overdue=on").content.decode()
    assert old.number in html and copy.number not in html
    html = c.get(queue + "?kind=copy").content.decode()
    assert copy.number in html and old.number not in html
    assert c.post(reverse("readingroom:office_take", args=[copy.pk])).status_code == 302
    c.post(reverse("readingroom:office_produce", args=[copy.pk]))
    c.post(reverse("readingroom:office_note", args=[copy.pk]), {"note": "позвонить"})
    c.post(reverse("readingroom:office_complete", args=[copy.pk]), {"note": "Готово"})
    copy.refresh_from_db()
    assert copy.status == "ready" and copy.deliveries.count() == 3
    # A transition that is not allowed comes back as a message, nothing changes.
    response = c.post(reverse("readingroom:office_refuse", args=[copy.pk]), {"reason": "x"}, follow=True,
                      HTTP_ACCEPT_LANGUAGE="en")
    assert "уже нельзя отказать" in response.content.decode()
    assert c.get(reverse("readingroom:office_take", args=[copy.pk])).status_code == 405


def test_certificate_from_the_queue_and_public_verification(web_client, tree, carol, rita, archive_a):
    req = services.certificate_request_create(actor=carol, archive=archive_a, certificate_kind="salary",
                                              certificate_language="ru", person_name="Кэрол Смирнова",
                                              organization="Комбинат", year_from=1980, year_to=1981,
                                              position="ткачиха")
    c = web_client(rita)
    c.post(reverse("readingroom:office_take", args=[req.pk]))
    page = c.get(reverse("readingroom:office_request", args=[req.pk])).content.decode()
    assert "Кэрол Смирнова" in page and "1980–1981" in page  # the template is filled in
    c.post(reverse("readingroom:office_certificate", args=[req.pk]),
           {"language": "ru", "title": "Архивная справка", "body": "Зарплата 1980 г.: 150 руб.",
            "grounds": "Ф. 1, Оп. 1, Д. 1, Л. 2"})
    c.post(reverse("readingroom:office_complete", args=[req.pk]))
    req.refresh_from_db()
    cert = req.certificate
    assert req.status == "ready" and cert.grounds[0]["sheets"] == "2"
    verify = web_client(None).get(reverse("readingroom:verify", args=[cert.verification_code.lower()]),
                                  HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert cert.number in verify and archive_a.name_en in verify
    assert "150 руб" not in verify and "Кэрол" not in verify  # never the content
    missing = web_client(None).get(reverse("readingroom:verify", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert missing.status_code == 404
    form = web_client(None).get(reverse("readingroom:verify_form") + f"?code={cert.verification_code}")
    assert form.status_code == 302


def test_api_create_list_detail_and_staff_transitions(api_client, tree, carol, rita, rob):
    body = {"kind": "copy", "copy_kind": "electronic", "units": [{"unit": tree.open.pk, "sheets": "1"}]}
    created = api_client(carol).post(reverse("request-list"), body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["items"][0]["reference_code"]
    bad = api_client(carol).post(reverse("request-list"), {"kind": "copy", "copy_kind": "electronic",
                                                           "units": [{"unit": tree.closed.pk}]}, format="json")
    assert bad.status_code == 400
    assert api_client(None).get(reverse("request-list")).status_code in (401, 403)
    assert api_client(carol).get(reverse("request-queue-list")).status_code == 403
    assert api_client(rob).get(reverse("request-queue-detail", args=[pk])).status_code == 404
    staff = api_client(rita)
    assert [r["id"] for r in staff.get(reverse("request-queue-list")).json()["results"]] == [pk]
    assert staff.post(reverse("request-queue-take", args=[pk])).json()["status"] == "in_progress"
    conflict = staff.post(reverse("request-queue-take", args=[pk]))
    assert conflict.status_code == 409 and "можно принять только" in conflict.json()["detail"]
    assert staff.post(reverse("request-queue-produce", args=[pk])).status_code == 200
    done = staff.post(reverse("request-queue-complete", args=[pk]), {"note": "ok"}, format="json").json()
    assert done["status"] == "ready" and done["deliveries"]
    detail = api_client(carol).get(reverse("request-detail", args=[pk])).json()
    assert detail["status"] == "ready" and detail["deliveries"][0]["url"].endswith("/")
    assert all("actor" not in h for h in detail["history"])


def test_request_pages_and_api_query_counts(web_client, api_client, tree, carol, rita, archive_a,
                                            django_assert_num_queries):
    for _ in range(3):
        _ready_copy(carol, rita, tree)
    req = Request.objects.filter(requester=carol).first()

    def fresh(user):  # as in a real request: nothing cached on the user object
        return type(user).objects.get(pk=user.pk)

    checks = [
        (web_client(carol), reverse("readingroom:my_requests"), 7),
        (web_client(carol), reverse("readingroom:my_request", args=[req.pk]), 12),
        (api_client(fresh(carol)), reverse("request-list"), 1),
        (api_client(fresh(carol)), reverse("request-detail", args=[req.pk]), 5),
        (web_client(rita), reverse("readingroom:queue") + "?status=all", 9),
        (api_client(fresh(rita)), reverse("request-queue-list") + "?status=all", 2),
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seen = []
    for client, url, expected in checks:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        seen.append((url, expected, len(ctx.captured_queries)))
    assert [s[1] for s in seen] == [s[2] for s in seen], seen


def test_files_reach_the_citizen_only_with_the_answer(web_client, api_client, tree, carol, rita):
    """Produced files stay with the staff until the request is ready (checked and paid for); a refused
    request gives nothing."""
    from decimal import Decimal

    from readingroom.choices import FeeService
    from readingroom.models import PriceListItem

    PriceListItem.objects.create(archive=tree.fonds.archive, service=FeeService.ELECTRONIC_COPY_PAGE,
                                 price=Decimal("150"))
    req = services.copy_request_create(actor=carol, items=[ItemData(tree.open, "1")], copy_kind="electronic")
    services.request_take(actor=rita, request=req)
    (delivery,) = services.copy_request_produce(actor=rita, request=req)
    url = reverse("readingroom:download", args=[req.pk, delivery.pk])
    c = web_client(carol)
    assert c.get(url).status_code == 404  # the fee is not paid, the answer not given
    assert 'data-testid="download"' not in c.get(reverse("readingroom:my_request", args=[req.pk])).content.decode()
    assert api_client(carol).get(reverse("request-detail", args=[req.pk])).json()["deliveries"] == []
    assert web_client(rita).get(url).status_code == 200  # staff check what they produced
    assert api_client(rita).get(reverse("request-queue-detail", args=[req.pk])).json()["deliveries"]
    services.request_record_payment(actor=rita, request=req, reference="R-7")
    services.request_complete(actor=rita, request=req)
    assert c.get(url).status_code == 200
    assert api_client(carol).get(reverse("request-detail", args=[req.pk])).json()["deliveries"][0]["id"] == delivery.pk
    # Refused after the files were made: they never reach the citizen.
    other = services.copy_request_create(actor=carol, items=[ItemData(tree.open, "2")], copy_kind="electronic")
    services.request_take(actor=rita, request=other)
    (made,) = services.copy_request_produce(actor=rita, request=other)
    services.request_refuse(actor=rita, request=other, reason="Не оплачено")
    assert c.get(reverse("readingroom:download", args=[other.pk, made.pk])).status_code == 404


def test_staff_renew_expired_links_on_the_page_and_in_the_api(web_client, api_client, tree, carol, rita):
    req, delivery = _ready_copy(carol, rita, tree)
    Delivery.objects.filter(pk=delivery.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    url = reverse("readingroom:download", args=[req.pk, delivery.pk])
    assert web_client(carol).get(url).status_code == 410
    staff = web_client(rita)
    page = staff.get(reverse("readingroom:office_request", args=[req.pk])).content.decode()
    assert 'data-testid="renew"' in page
    response = staff.post(reverse("readingroom:office_renew", args=[req.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="ru")
    assert "Ссылки для скачивания снова действуют" in response.content.decode()
    assert web_client(carol).get(url).status_code == 200
    history = web_client(carol).get(reverse("readingroom:my_request", args=[req.pk])).content.decode()
    assert "Ссылки для скачивания продлены: Файлы можно скачать до" in history
    Delivery.objects.filter(pk=delivery.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    done = api_client(rita).post(reverse("request-queue-renew", args=[req.pk]))
    assert done.status_code == 200 and not done.json()["deliveries"][0]["expires_at"] < timezone.now().isoformat()
    open_req = services.copy_request_create(actor=carol, items=[ItemData(tree.open, "2")], copy_kind="electronic")
    assert api_client(rita).post(reverse("request-queue-renew", args=[open_req.pk])).status_code == 409
    assert api_client(carol).post(reverse("request-queue-renew", args=[req.pk])).status_code == 403


def test_nonsense_in_urls_and_forms_is_not_a_server_error(web_client, carol, adam):
    assert web_client(carol).get("/requests/new/letter/").status_code == 404
    c = web_client(adam)
    response = c.post(reverse("readingroom:calendar"), {"action": "remove", "holiday": "x"})
    assert response.status_code == 404


def test_queue_shows_where_open_requests_wait(web_client, tree, carol, rita, archive_b):
    from holdings import access
    from holdings.choices import StaffRole
    from tests.factories import make_fonds, make_inventory, make_unit

    access.staff_grant(archive=archive_b, user=rita, role=StaffRole.READING_ROOM, actor=None)
    unit_b = make_unit(make_inventory(make_fonds(archive_b, number="7")), "1", "Дело Б", access_level="open")
    services.copy_request_create(actor=carol, items=[ItemData(unit_b)], copy_kind="electronic")
    html = web_client(rita).get(reverse("readingroom:queue") + f"?archive={tree.fonds.archive_id}",
                                HTTP_ACCEPT_LANGUAGE="en").content.decode()
    other = html.split('data-testid="elsewhere"')[1].split("</p>")[0]
    assert f'href="?archive={archive_b.pk}"' in other and "(1)" in other
    html = web_client(rita).get(reverse("readingroom:queue") + f"?archive={archive_b.pk}").content.decode()
    assert 'data-testid="elsewhere"' not in html


def test_request_forms_state_the_term_the_administrator_set_and_the_price(web_client, tree, carol, adam):
    from decimal import Decimal

    from readingroom import deadlines
    from readingroom.choices import DayCount, FeeService

    services.request_term_set(actor=adam, kind="copy", days=10, count=DayCount.WORKING)
    services.price_item_set(actor=adam, archive=tree.fonds.archive, service=FeeService.ELECTRONIC_COPY_PAGE,
                            price=Decimal("150"))
    c = web_client(carol)
    due = deadlines.due_date(timezone.localdate(), deadlines.Term(10, DayCount.WORKING))
    html = c.get(reverse("readingroom:request_form", args=["copy"]) + f"?unit={tree.open.pk}",
                 HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Архив отвечает в течение 10 рабочих дней" in html
    assert "15 календарных" not in html
    assert "Страница стоит 150,00 ₸" in html
    assert 'type="hidden" name="archive"' in html  # the unit names its archive: no choice to make
    from django.utils import translation

    from readingroom.formats import long_date

    with translation.override("ru"):
        assert f"рабочих дней: до {long_date(due)}, если отправить запрос сегодня" in html
    c.cookies["archive_language"] = "kk"
    kk = c.get(reverse("readingroom:request_form", args=["certificate"])).content.decode()
    cert_due = deadlines.due_date(timezone.localdate(), deadlines.term_for("certificate"))
    assert f"15 күнтізбелік күн ішінде жауап береді: бүгін жіберілген сұранысқа {cert_due:%d.%m.%Y} дейін" in kk


def test_kazakh_pages_write_dates_day_first_and_status_words_are_the_reading_rooms(web_client, tree, dave,
                                                                                   carol, archive_a):
    req = services.certificate_request_create(actor=carol, archive=archive_a, certificate_kind="awards",
                                              certificate_language="ru", person_name="К", year_from=1980,
                                              year_to=1984)
    c = web_client(carol)
    ru = c.get(reverse("readingroom:my_request", args=[req.pk]), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    # Other apps translate the same English words for their own objects ("Направлена" is a case).
    assert ">Отправлен<" in ru and "Направлена" not in ru and ">Годы<" in ru
    listing = c.get(reverse("readingroom:my_requests"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<th>Срок</th>" in listing and "Ожидается" not in listing
    kk_client = web_client(dave)
    kk_client.cookies["archive_language"] = "kk"
    own = services.certificate_request_create(actor=dave, archive=archive_a, certificate_kind="awards",
                                              certificate_language="kk", person_name="Д")
    kk = kk_client.get(reverse("readingroom:my_requests")).content.decode()
    assert own.due_date.strftime("%d.%m.%Y") in kk and own.due_date.strftime("%m/%d/%Y") not in kk
    unit = kk_client.get(reverse("readingroom:unit", args=[tree.personal.pk])).content.decode()
    assert "01.01.2061 бастап ашылады" in unit and "Қаң. 1, 2061" not in unit


def test_staff_and_form_pages_query_counts(web_client, tree, carol, rita, archive_a, django_assert_num_queries):
    """Pinned, and the same whatever the number of units a request names (no query per unit)."""
    from tests.factories import make_unit

    extra = [make_unit(tree.inventory, str(i), f"Приказ {i}", access_level="open") for i in range(20, 26)]
    small = services.copy_request_create(actor=carol, items=[ItemData(tree.open), ItemData(tree.personal)],
                                         copy_kind="electronic")
    big = services.copy_request_create(actor=carol, items=[ItemData(tree.open), ItemData(tree.personal)]
                                       + [ItemData(u) for u in extra], copy_kind="electronic")
    for req in (small, big):
        services.request_take(actor=rita, request=req)
        services.request_add_note(actor=rita, request=req, note="позвонить")
    cert = services.certificate_request_create(actor=carol, archive=archive_a, certificate_kind="salary",
                                               certificate_language="ru", person_name="К", organization="О")
    services.request_take(actor=rita, request=cert)
    issued = services.certificate_issue(actor=rita, request=cert, title="Справка", body="Текст",
                                        grounds=[ItemData(tree.open)], language="ru")

    def fresh(user):
        return type(user).objects.get(pk=user.pk)

    pages = [
        (rita, reverse("readingroom:office_request", args=[small.pk]), 16),
        (rita, reverse("readingroom:office_request", args=[big.pk]), 16),  # 8 units, as many queries as 2
        (rita, reverse("readingroom:office_request", args=[cert.pk]), 15),
        (rita, reverse("readingroom:redaction", args=[tree.personal.pk]), 11),
        (carol, reverse("readingroom:request_form", args=["copy"]) + f"?unit={tree.open.pk}", 13),
        (carol, reverse("readingroom:request_form", args=["certificate"]), 9),
        (carol, reverse("readingroom:request_new"), 6),
        (None, reverse("readingroom:verify", args=[issued.verification_code]), 1),
    ]
    for user, url, expected in pages:
        client = web_client(fresh(user) if user else None)
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200, url


def test_queue_api_rejects_an_archive_id_beyond_the_database(api_client, rita):
    for bad in ("abc", "0", "99999999999999999999999"):
        response = api_client(rita).get(reverse("request-queue-list") + f"?archive={bad}")
        assert response.status_code == 400 and "archive" in response.json()


def test_ids_beyond_the_database_answer_404(web_client, api_client, tree, carol, rita):
    huge = "99999999999999999999999"
    citizen, staff = web_client(carol), web_client(rita)
    for url in (f"/units/{huge}/", f"/units/{huge}/viewer/", f"/iiif/units/{huge}/manifest",
                f"/units/{huge}/pages/1/image", f"/archives/{huge}/", f"/fonds/{huge}/", f"/inventories/{huge}/",
                f"/requests/{huge}/", f"/requests/1/files/{huge}/", f"/requests/new/copy/?unit={huge}"):
        assert citizen.get(url).status_code == 404, url
    for url in (f"/office/readingroom/requests/{huge}/", f"/office/readingroom/units/{huge}/redaction/"):
        assert staff.get(url).status_code == 404, url
    assert api_client(carol).get(f"/api/v1/requests/{huge}/").status_code == 404


def test_certificate_ordered_from_an_archive_page_has_that_archive_chosen(web_client, archive_a, archive_b, carol):
    c = web_client(carol)
    page = c.get(reverse("readingroom:archive", args=[archive_b.pk])).content.decode()
    link = page.split('data-testid="order-certificate"')[0].rsplit('href="', 1)[1].split('"')[0]
    form = c.get(link.replace("&amp;", "&")).content.decode()
    assert f'<option value="{archive_b.pk}" selected>' in form
