"""Delivered copies: watermark, redaction burned in (checked in the pixels), the refusal to deliver
personal data unredacted to a third party, untouched originals, certificates and their check."""
import datetime as dt
import hashlib
import io

import pytest
from django.utils import formats, timezone, translation
from PIL import Image

from holdings import access
from readingroom import imaging, services
from readingroom.choices import DeliveryKind
from readingroom.models import Certificate, Delivery, RedactionRegion
from readingroom.pages import pages_of
from readingroom.services import ItemData, RequestError

pytestmark = pytest.mark.django_db


def _open(delivery: Delivery) -> Image.Image:
    with delivery.file.open("rb") as fh:
        img = Image.open(io.BytesIO(fh.read()))
        img.load()
    return img.convert("RGB")


def _copy_in_progress(user, staff, unit, sheets="", **extra):
    req = services.copy_request_create(actor=user, items=[ItemData(unit, sheets)], copy_kind="electronic", **extra)
    return services.request_take(actor=staff, request=req)


def _max_channel(img: Image.Image, box) -> int:
    return max(high for _low, high in img.crop(box).getextrema())


def _dark_pixels(img: Image.Image, below: int = 100) -> int:
    return sum(img.convert("L").histogram()[:below])


def test_open_copy_is_watermarked_with_requester_and_date(carol, rita, tree):
    req = _copy_in_progress(carol, rita, tree.open, "2-3")
    made = services.copy_request_produce(actor=rita, request=req)
    assert [d.page for d in made] == [2, 3]
    img = _open(made[0])
    assert img.width == 600 and img.height > 800  # the page itself, plus the band below it
    band = img.crop((0, 800 + 2, img.width, img.height))
    assert _dark_pixels(band) > 200, "the requester and date are written in the band"
    page = img.crop((0, 0, 600, 800))
    assert _dark_pixels(page, 250) > 200, "faint marks across the page"
    text = imaging.Image.open(made[0].file.open("rb")).info.get("comment", b"").decode()
    assert carol.display_name in text and timezone.localdate().strftime("%d.%m.%Y") in text
    assert not made[0].redacted


def test_redaction_regions_are_black_in_the_delivered_pixels(carol, rita, tree):
    page = pages_of([tree.personal.pk])[tree.personal.pk][0].source
    services.redaction_region_add(actor=rita, page=page, x=0.1, y=0.2, width=0.5, height=0.1, note="ФИО")
    req = _copy_in_progress(carol, rita, tree.personal, "1")
    original = page.file.open("rb").read()
    (delivery,) = services.copy_request_produce(actor=rita, request=req)
    assert delivery.redacted
    img = _open(delivery)
    left, top, right, bottom = imaging.to_pixels(imaging.Box(0.1, 0.2, 0.5, 0.1), 600, 800)
    assert (left, top, right, bottom) == (60, 160, 360, 240)
    # JPEG leaves a trace of ringing at the very edge; inside the region every pixel is black.
    assert _max_channel(img, (left + 2, top + 2, right - 2, bottom - 2)) <= 8
    assert _max_channel(img, (400, 400, 500, 500)) > 200, "the rest of the page is not blacked out"
    page.refresh_from_db()
    assert page.file.open("rb").read() == original and hashlib.sha256(original).hexdigest() == page.sha256


def test_personal_unit_is_not_delivered_unredacted_to_a_third_party(carol, rita, tree):
    req = _copy_in_progress(carol, rita, tree.personal)
    with pytest.raises(RequestError, match="mark the redaction regions"):
        services.copy_request_produce(actor=rita, request=req)
    assert not Delivery.objects.filter(request=req).exists()
    # A region on a page that is not delivered does not count.
    pages = pages_of([tree.personal.pk])[tree.personal.pk]
    services.redaction_region_add(actor=rita, page=pages[1].source, x=0, y=0, width=0.5, height=0.5)
    req2 = _copy_in_progress(carol, rita, tree.personal, "1")
    with pytest.raises(RequestError, match="mark the redaction regions"):
        services.copy_request_produce(actor=rita, request=req2)
    # A removed region does not count either.
    services.redaction_region_remove(actor=rita, region=RedactionRegion.objects.get())
    with pytest.raises(RequestError, match="mark the redaction regions"):
        services.copy_request_produce(actor=rita, request=req)
    assert RedactionRegion.objects.get().removed_by == rita


def test_a_claim_alone_is_not_enough_the_identity_must_be_verified(carol, rita, tree):
    req = _copy_in_progress(carol, rita, tree.personal, data_subject_claim=True)
    with pytest.raises(RequestError, match="mark the redaction regions"):
        services.copy_request_produce(actor=rita, request=req)
    services.request_verify_identity(actor=rita, request=req, document="ID 123456789")
    made = services.copy_request_produce(actor=rita, request=req)
    assert len(made) == 2 and not any(d.redacted for d in made)


def test_verified_data_subject_gets_the_page_without_black_boxes(carol, rita, tree):
    page = pages_of([tree.personal.pk])[tree.personal.pk][0].source
    services.redaction_region_add(actor=rita, page=page, x=0.1, y=0.2, width=0.5, height=0.1)
    req = _copy_in_progress(carol, rita, tree.personal, "1", data_subject_claim=True)
    services.request_verify_identity(actor=rita, request=req, document="ID 123456789")
    (delivery,) = services.copy_request_produce(actor=rita, request=req)
    assert _max_channel(_open(delivery), (70, 170, 350, 230)) > 200


def test_restricted_unit_needs_a_live_grant_at_delivery(carol, rita, alice, tree):
    access.grant_access(user=carol, actor=alice, unit=tree.restricted,
                        expires_at=timezone.now() + dt.timedelta(days=1), ground="research")
    req = _copy_in_progress(carol, rita, tree.restricted)
    access.revoke_access(user=carol, actor=alice, unit=tree.restricted, reason="ended")
    req.requester.__dict__.pop("_grants", None)
    with pytest.raises(RequestError, match="no access to restricted"):
        services.copy_request_produce(actor=rita, request=req)


def test_undigitized_sheets_are_named(carol, rita, tree):
    req = _copy_in_progress(carol, rita, tree.open, "3")
    from holdings.models import DigitalObject

    DigitalObject.objects.filter(unit=tree.open, page_order=3).delete()
    with pytest.raises(RequestError, match="no page images"):
        services.copy_request_produce(actor=rita, request=req)


def test_producing_again_replaces_the_files(carol, rita, tree, django_capture_on_commit_callbacks):
    req = _copy_in_progress(carol, rita, tree.open)
    first = services.copy_request_produce(actor=rita, request=req)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.copy_request_produce(actor=rita, request=req)
    assert Delivery.objects.filter(request=req).count() == 3
    assert not first[0].file.storage.exists(first[0].file.name)
    assert second[0].file.storage.exists(second[0].file.name)


def test_redaction_regions_are_kept_inside_the_page_and_only_staff_mark_them(carol, rita, bob, tree):
    page = pages_of([tree.personal.pk])[tree.personal.pk][0].source
    region = services.redaction_region_add(actor=rita, page=page, x=0.9, y=0.9, width=0.5, height=0.5)
    assert region.x + region.width == pytest.approx(1.0) and region.y + region.height == pytest.approx(1.0)
    with pytest.raises(RequestError, match="too small"):
        services.redaction_region_add(actor=rita, page=page, x=0.2, y=0.2, width=0.0001, height=0.1)
    for outsider in (carol, bob):
        with pytest.raises(RequestError):
            services.redaction_region_add(actor=outsider, page=page, x=0.1, y=0.1, width=0.2, height=0.2)


def test_certificate_pdf_number_code_and_grounds(carol, rita, archive_a, tree, monkeypatch):
    from fpdf import FPDF

    written = []
    real = FPDF.multi_cell

    def capture(self, w, h=None, text="", *args, **kwargs):
        written.append(text)
        return real(self, w, h, text, *args, **kwargs)

    monkeypatch.setattr(FPDF, "multi_cell", capture)
    archive_a.address = "Алматы, Жібек жолы 1"
    archive_a.save()
    req = services.certificate_request_create(
        actor=carol, archive=archive_a, certificate_kind="salary", certificate_language="kk",
        person_name="Кэрол Әлиева", organization="Комбинат")
    services.request_take(actor=rita, request=req)
    with pytest.raises(RequestError, match="reference codes"):
        services.certificate_issue(actor=rita, request=req, title="Анықтама", body="Мәтін", grounds=[], language="kk")
    cert = services.certificate_issue(
        actor=rita, request=req, title="Мұрағаттық анықтама", body="Әлиева Кэрол 1984 жылы жалақы алды: 180 теңге.",
        grounds=[ItemData(tree.open, "2-3")], language="kk")
    assert len(cert.verification_code) == 19 and cert.grounds[0]["sheets"] == "2-3"
    pdf = cert.delivery.file.open("rb").read()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == cert.sha256
    assert cert.delivery.kind == DeliveryKind.CERTIFICATE
    with pytest.raises(RequestError, match="already issued"):
        services.certificate_issue(actor=rita, request=req, title="x", body="y", grounds=[ItemData(tree.open)],
                                   language="kk")
    # What was written on the page: the archive's header, number, code, grounds, in Kazakh; and the
    # DejaVu font is embedded, so the Kazakh letters render.
    text = "\n".join(written)
    assert archive_a.name_kk in text and "Алматы, Жібек жолы 1" in text
    assert cert.number in text and cert.verification_code in text and "/verify/" in text
    assert "Әлиева" in text and "Қ. 1, Т. 1, І. 1, П. 2-3" in text
    assert b"DejaVu" in pdf


def test_certificate_numbers_run_per_archive_and_year(carol, rita, archive_a, tree):
    numbers = []
    for _ in range(2):
        req = services.certificate_request_create(actor=carol, archive=archive_a, certificate_kind="awards",
                                                  certificate_language="ru", person_name="К. С.")
        services.request_take(actor=rita, request=req)
        numbers.append(services.certificate_issue(actor=rita, request=req, title="Справка", body="Текст",
                                                  grounds=[ItemData(tree.open)], language="ru").number)
    year = timezone.localdate().year
    assert numbers == [f"A-{year}-00001", f"A-{year}-00002"]
    assert Certificate.objects.count() == 2


def test_a_copy_to_pick_up_is_held_back_like_a_download_until_redacted(carol, rita, tree):
    # A paper copy is printed from the produced files: without redacted files there is nothing to print.
    req = services.copy_request_create(actor=carol, items=[ItemData(tree.personal, "1")], copy_kind="electronic",
                                       delivery="pickup")
    services.request_take(actor=rita, request=req)
    with pytest.raises(RequestError, match="redacted only"):
        services.request_complete(actor=rita, request=req)
    page = pages_of([tree.personal.pk])[tree.personal.pk][0].source
    services.redaction_region_add(actor=rita, page=page, x=0.1, y=0.1, width=0.3, height=0.1)
    (delivery,) = services.copy_request_produce(actor=rita, request=req)
    assert delivery.redacted
    assert services.request_complete(actor=rita, request=req).status == "ready"
    # Open units and a verified data subject need no redacted file for pick-up.
    for unit, extra in ((tree.open, {}), (tree.personal, {"data_subject_claim": True})):
        other = services.copy_request_create(actor=carol, items=[ItemData(unit, "1")], copy_kind="electronic",
                                             delivery="pickup", **extra)
        services.request_take(actor=rita, request=other)
        if extra:
            services.request_verify_identity(actor=rita, request=other, document="ID 1")
        assert services.request_complete(actor=rita, request=other).status == "ready"


def test_renewing_the_links_of_a_ready_request(carol, rita, rob, tree, django_capture_on_commit_callbacks):
    from django.core import mail

    req = _copy_in_progress(carol, rita, tree.open, "1")
    (delivery,) = services.copy_request_produce(actor=rita, request=req)
    with pytest.raises(RequestError, match="ready request"):
        services.request_renew_links(actor=rita, request=req)
    services.request_complete(actor=rita, request=req)
    Delivery.objects.filter(pk=delivery.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(RequestError, match="do not answer"):
        services.request_renew_links(actor=rob, request=req)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_renew_links(actor=rita, request=req) == 1
    delivery.refresh_from_db()
    assert not delivery.expired and delivery.expires_at > timezone.now() + dt.timedelta(days=13)
    event = req.events.order_by("-id").first()
    assert event.action == "renewed" and event.public
    until = timezone.localdate(delivery.expires_at)
    assert mail.outbox[-1].to == [carol.email]
    with translation.override("ru"):  # carol reads Russian, whoever renewed the links
        assert f"Файлы можно скачать до {formats.date_format(until, 'DATE_FORMAT')}" in mail.outbox[-1].body
    empty = services.certificate_request_create(actor=carol, archive=tree.fonds.archive, certificate_kind="other",
                                                certificate_language="ru", person_name="К")
    services.request_take(actor=rita, request=empty)
    services.request_refuse(actor=rita, request=empty, reason="нет документов")
    with pytest.raises(RequestError, match="ready request"):
        services.request_renew_links(actor=rita, request=empty)


def test_certificate_in_kazakh_dates_day_first(carol, rita, archive_a, tree, monkeypatch):
    from fpdf import FPDF

    written = []
    real = FPDF.multi_cell

    def capture(self, w, h=None, text="", *args, **kwargs):
        written.append((text, kwargs.get("align")))
        return real(self, w, h, text, *args, **kwargs)

    monkeypatch.setattr(FPDF, "multi_cell", capture)
    req = services.certificate_request_create(actor=carol, archive=archive_a, certificate_kind="salary",
                                              certificate_language="kk", person_name="К", organization="Комбинат")
    services.request_take(actor=rita, request=req)
    cert = services.certificate_issue(actor=rita, request=req, title="Анықтама", body="Мәтін",
                                      grounds=[ItemData(tree.open, "1")], language="kk")
    today = timezone.localdate().strftime("%d.%m.%Y")
    (number_line,) = [t for t, _align in written if cert.number in t and "№" in t]
    assert number_line.startswith(today), number_line  # not "Жел. 6, 2026": Django has no Kazakh formats
    # The code and the address are set left-aligned, not stretched across the line.
    (box_align,) = [align for t, align in written if cert.verification_code in t and "/verify/" in t]
    assert box_align == "L"
