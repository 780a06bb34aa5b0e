"""The viewer, page images (access copies only) and the IIIF Presentation 3 manifest; grants open
and close them, together with the downloads of delivered copies; the access log records who saw what."""
import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from holdings import access
from holdings.models import AccessLogEntry, DigitalObject
from readingroom import services
from readingroom.services import ItemData

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_viewer_shows_access_copies_only(web_client, tree):
    c = web_client(None)
    html = c.get(reverse("readingroom:viewer", args=[tree.open.pk])).content.decode()
    assert html.count("data-page=") == 3 and "js/viewer.js" in html and "<script>" not in html
    response = c.get(reverse("readingroom:page_image", args=[tree.open.pk, 2]))
    access_copy = DigitalObject.objects.get(unit=tree.open, role="access", page_order=2)
    master = DigitalObject.objects.get(unit=tree.open, role="scan_page", page_order=2)
    body = _body(response)
    assert response["Content-Type"] == "image/jpeg" and body == access_copy.file.open("rb").read()
    assert body != master.file.open("rb").read()
    assert response["Access-Control-Allow-Origin"] == "*" and "public" in response["Cache-Control"]
    etag = response["ETag"]
    assert c.get(reverse("readingroom:page_image", args=[tree.open.pk, 2]), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert c.get(reverse("readingroom:page_thumbnail", args=[tree.open.pk, 1])).status_code == 200
    assert c.get(reverse("readingroom:page_image", args=[tree.open.pk, 9])).status_code == 404


def test_iiif_manifest_is_presentation_3(web_client, tree):
    response = web_client(None).get(reverse("readingroom:iiif_manifest", args=[tree.open.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert data["type"] == "Manifest" and data["id"] == f"http://testserver/iiif/units/{tree.open.pk}/manifest"
    assert all(isinstance(v, list) for v in data["label"].values())
    assert {m["label"]["ru"][0] for m in data["metadata"]} >= {"Шифр", "Архив"}
    assert len(data["items"]) == 3
    for number, canvas in enumerate(data["items"], start=1):
        assert canvas["type"] == "Canvas" and canvas["id"].endswith(f"/canvas/{number}")
        assert isinstance(canvas["width"], int) and isinstance(canvas["height"], int)
        (annotation_page,) = canvas["items"]
        assert annotation_page["type"] == "AnnotationPage"
        (annotation,) = annotation_page["items"]
        assert annotation["type"] == "Annotation" and annotation["motivation"] == "painting"
        assert annotation["target"] == canvas["id"]
        body = annotation["body"]
        assert body["type"] == "Image" and body["format"] == "image/jpeg"
        assert body["id"] == f"http://testserver/units/{tree.open.pk}/pages/{number}/image"
        assert (body["width"], body["height"]) == (canvas["width"], canvas["height"]) == (600, 800)


@pytest.mark.parametrize("unit", ["personal", "restricted", "closed"])
def test_no_images_without_the_right(web_client, tree, carol, unit):
    target = getattr(tree, unit)
    for user in (None, carol):
        c = web_client(user)
        assert c.get(reverse("readingroom:viewer", args=[target.pk])).status_code == 404
        assert c.get(reverse("readingroom:iiif_manifest", args=[target.pk])).status_code == 404
        assert c.get(reverse("readingroom:page_image", args=[target.pk, 1])).status_code == 404
        assert c.get(reverse("readingroom:page_thumbnail", args=[target.pk, 1])).status_code == 404


def test_grant_opens_then_expiry_closes_viewer_manifest_images_and_downloads(web_client, tree, carol, rita):
    req = services.access_request_create(actor=carol, items=[ItemData(tree.restricted)], ground="research",
                                         purpose="История комбината")
    services.request_take(actor=rita, request=req)
    services.request_verify_identity(actor=rita, request=req, document="ID 012345678")
    services.access_request_grant(actor=rita, request=req, until=timezone.localdate() + dt.timedelta(days=10))
    urls = [reverse("readingroom:viewer", args=[tree.restricted.pk]),
            reverse("readingroom:iiif_manifest", args=[tree.restricted.pk]),
            reverse("readingroom:page_image", args=[tree.restricted.pk, 1])]
    c = web_client(carol)
    assert [c.get(u).status_code for u in urls] == [200, 200, 200]
    image = c.get(urls[2])
    assert "no-store" in image["Cache-Control"]
    carol = type(carol).objects.get(pk=carol.pk)  # a new request of hers: a fresh user
    copy = services.copy_request_create(actor=carol, items=[ItemData(tree.restricted)], copy_kind="electronic")
    services.request_take(actor=rita, request=copy)
    (delivery,) = services.copy_request_produce(actor=rita, request=copy)
    download = reverse("readingroom:download", args=[copy.pk, delivery.pk])
    assert c.get(download).status_code == 404  # not before the answer is ready
    services.request_complete(actor=rita, request=copy)
    assert c.get(download).status_code == 200
    # Who saw what: the grant, the viewer, the manifest, the page, the download.
    log = AccessLogEntry.objects.filter(unit=tree.restricted)
    assert log.filter(action="grant", subject_user=carol, user=rita).exists()
    assert set(log.filter(user=carol).values_list("action", "detail")) >= {
        ("view", "viewer"), ("view", "IIIF manifest"), ("view", "page 1"), ("download", f"request {copy.number}, page 1")}
    # The grant runs out: everything closes again, also the copy already delivered.
    from holdings.models import UnitUserObjectPermission

    UnitUserObjectPermission.objects.filter(user=carol).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    c = web_client(carol)
    assert [c.get(u).status_code for u in urls] == [404, 404, 404]
    assert c.get(download).status_code == 404
    # A researcher's revoked grant closes them as well.
    access.grant_access(user=carol, actor=rita, unit=tree.restricted, expires_at=None, ground="again")
    assert web_client(carol).get(urls[0]).status_code == 200
    access.revoke_access(user=carol, actor=rita, unit=tree.restricted, reason="done")
    assert web_client(carol).get(urls[1]).status_code == 404


def test_personal_copy_stays_downloadable_when_redacted(web_client, tree, carol, rita):
    from readingroom.pages import pages_of

    page = pages_of([tree.personal.pk])[tree.personal.pk][0].source
    services.redaction_region_add(actor=rita, page=page, x=0.1, y=0.1, width=0.3, height=0.1)
    req = services.copy_request_create(actor=carol, items=[ItemData(tree.personal, "1")], copy_kind="electronic")
    services.request_take(actor=rita, request=req)
    (delivery,) = services.copy_request_produce(actor=rita, request=req)
    services.request_complete(actor=rita, request=req)
    assert web_client(carol).get(reverse("readingroom:download", args=[req.pk, delivery.pk])).status_code == 200
    assert AccessLogEntry.objects.filter(unit=tree.personal, user=carol, action="download").exists()


def test_viewer_query_counts(web_client, tree, carol, django_assert_num_queries):
    for user, viewer_q, image_q, manifest_q in ((None, 2, 2, 2), (carol, 10, 7, 7)):
        c = web_client(user)
        with django_assert_num_queries(viewer_q):
            c.get(reverse("readingroom:viewer", args=[tree.open.pk]))
        with django_assert_num_queries(image_q):
            c.get(reverse("readingroom:page_image", args=[tree.open.pk, 1]))
        with django_assert_num_queries(manifest_q):
            c.get(reverse("readingroom:iiif_manifest", args=[tree.open.pk]))
