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
        (api_client(fresh(carol)), reverse("request-detail", args=[req.pk]), 6),
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
