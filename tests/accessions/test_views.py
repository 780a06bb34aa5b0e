"""Back-office pages: who may see what (404 for another archive's objects), the forms that drive the
workflows, PDFs, and query counts that do not grow with the number of rows."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accessions import services
from accessions.models import Accession, AudiovisualWork, FixityAlert, Source, Transfer

from .factories import make_source, next_bin

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _act(source, user, n=1):
    act = services.accession_create(actor=user, archive=source.archive, source=source, kind="scheduled",
                                    date=dt.date(2025, 1, 1))
    services.accession_items_add(actor=user, accession=act, items=[{"number": str(i), "title": f"Дело {i}"}
                                                                   for i in range(1, n + 1)])
    return act


def _work(producer, user, title="Фильм"):
    return services.work_register(actor=user, producer=producer, title=title, kind="film", funding="state",
                                  release_date=dt.date(2025, 1, 1))


@pytest.fixture
def av(settings, archive_a):
    settings.AV_DEPOSIT_ARCHIVE_CODE = archive_a.code


def _transfer(source, agency, status="failed"):
    return Transfer.objects.create(source=source, archive=source.archive, account=agency, idempotency_key=f"k{status}",
                                   status=status, package_name="p.zip", package_sha256="0" * 64,
                                   error="Checksum mismatch in data/a.pdf" if status == "failed" else "")


def test_lists_do_not_grow_queries_with_rows(web_client, alice, source_a, producer_a, agency, av):
    client = web_client(alice)
    _act(source_a, alice)
    _work(producer_a, alice)
    _transfer(source_a, agency)
    pages = [reverse(n) for n in ("accessions:accession_list", "accessions:source_list", "accessions:work_list",
                                  "accessions:obligation_dashboard", "accessions:transfer_list",
                                  "accessions:fixity_alerts")]
    before = {url: queries(client, url) for url in pages}
    for n in range(4):
        _act(source_a, alice)
        _work(producer_a, alice, title=f"Фильм {n}")
        make_source(source_a.archive, name=f"Источник {n}")
        Transfer.objects.create(source=source_a, archive=source_a.archive, account=agency, idempotency_key=f"x{n}",
                                package_name="p.zip", package_sha256="0" * 64)
    after = {url: queries(client, url) for url in pages}
    assert after == before
    assert max(after.values()) <= 14


def test_details_have_fixed_query_counts(web_client, alice, source_a, producer_a, agency, av,
                                         django_assert_max_num_queries):
    client = web_client(alice)
    act = _act(source_a, alice, n=5)
    work = _work(producer_a, alice)
    transfer = _transfer(source_a, agency)
    for url, limit in ((reverse("accessions:accession_detail", args=[act.pk]), 20),
                       (reverse("accessions:source_detail", args=[source_a.pk]), 20),
                       (reverse("accessions:work_detail", args=[work.pk]), 20),
                       (reverse("accessions:transfer_detail", args=[transfer.pk]), 20)):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


def test_another_archive_gets_404_and_others_403(web_client, alice, bob, carol, adam, source_a, producer_a, agency,
                                                 av):
    act = _act(source_a, alice)
    work = _work(producer_a, alice)
    transfer = _transfer(source_a, agency)
    client = web_client(bob)
    for url in (reverse("accessions:accession_detail", args=[act.pk]),
                reverse("accessions:accession_act", args=[act.pk]),
                reverse("accessions:source_detail", args=[source_a.pk]),
                reverse("accessions:work_detail", args=[work.pk]),
                reverse("accessions:work_receipt", args=[work.pk]),
                reverse("accessions:transfer_detail", args=[transfer.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("accessions:accession_receive", args=[act.pk])).status_code == 404
    assert client.post(reverse("accessions:transfer_retry", args=[transfer.pk])).status_code == 404
    assert bob not in [a.created_by for a in Accession.objects.all()]
    assert Accession.objects.get(pk=act.pk).status == "draft"
    assert web_client(carol).get(reverse("accessions:accession_list")).status_code == 403
    assert web_client(None).get(reverse("accessions:accession_list")).status_code == 302
    # An administrator reads the national deposit dashboard, but handles no accessions.
    assert web_client(adam).get(reverse("accessions:obligation_dashboard")).status_code == 200
    assert web_client(adam).get(reverse("accessions:accession_list")).status_code == 403
    assert web_client(carol).get(reverse("accessions:obligation_dashboard")).status_code == 403


def test_source_and_act_forms_drive_the_workflow(web_client, alice, archive_a):
    client = web_client(alice)
    response = client.post(reverse("accessions:source_create"), {
        "name": "ГУ «Управление образования»", "kind": "state_agency", "bin": "123", "language": "ru"})
    assert response.status_code == 200 and not Source.objects.exists()  # the BIN is checked in the form
    response = client.post(reverse("accessions:source_create"), {
        "name": "ГУ «Управление образования»", "kind": "state_agency", "bin": next_bin(), "language": "kk",
        "transfer_interval_years": 5, "next_transfer_year": 2027, "active": "on"})
    source = Source.objects.get()
    assert response.status_code == 302 and source.archive == archive_a
    # "New act" on the source's page opens the form with the source chosen.
    page = client.get(reverse("accessions:source_detail", args=[source.pk])).content.decode()
    assert f'{reverse("accessions:accession_create")}?source={source.pk}"' in page
    form = client.get(reverse("accessions:accession_create") + f"?source={source.pk}").content.decode()
    assert f'<option value="{source.pk}" selected>' in form
    response = client.post(reverse("accessions:accession_create"), {
        "source": source.pk, "kind": "scheduled", "date": "2025-03-12", "description": "Дела 2015 года"})
    act = Accession.objects.get()
    assert response.status_code == 302
    client.post(reverse("accessions:accession_item_add", args=[act.pk]), {
        "item-number": "1", "item-title": "Приказы", "item-media": "paper", "item-access_level": "inherit"})
    csv_file = SimpleUploadedFile("inv.csv", "number,title\n2,Переписка\n3,Отчёты\n".encode())
    client.post(reverse("accessions:accession_items_import", args=[act.pk]), {"file": csv_file})
    assert act.items.count() == 3
    client.post(reverse("accessions:accession_receive", args=[act.pk]))
    response = client.post(reverse("accessions:accession_process", args=[act.pk]), {
        "fonds_number": "31", "fonds_title": "Управление образования", "inventory_number": "1",
        "inventory_title": "Опись 1"}, follow=True)
    act.refresh_from_db()
    assert act.status == "processed" and act.unit_count == 3
    assert "Ф. 31, Оп. 1, Д. 1" in response.content.decode()
    pdf = client.get(reverse("accessions:accession_act", args=[act.pk]) + "?lang=kk")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_register_film_and_record_deposit_through_pages(web_client, alice, producer_a, av, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    from accessions import media

    monkeypatch.setattr(media, "tool", lambda name: None)
    client = web_client(alice)
    response = client.post(reverse("accessions:work_create"), {
        "title": "Жаужүрек мың бала", "producer": producer_a.pk, "kind": "film", "funding": "state",
        "release_date": "2025-02-01", "running_time_minutes": 135})
    work = AudiovisualWork.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("accessions:work_detail", args=[work.pk])).content.decode()
    assert 'data-testid="obligation"' in page and "02.05.2025" in page
    upload = SimpleUploadedFile("film.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 100, content_type="video/mp4")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accessions:work_deposit", args=[work.pk]), {
            "files": [upload], "fonds_number": "500", "fonds_title": "Казахфильм", "inventory_number": "2025",
            "inventory_title": "Фильмы 2025 года"})
    assert response.status_code == 302
    page = client.get(reverse("accessions:work_detail", args=[work.pk])).content.decode()
    assert 'data-testid="work-units"' in page and "Ф. 500, Оп. 2025, Д. 1" in page
    assert 'data-testid="media-skipped"' in page
    receipt = client.get(reverse("accessions:work_receipt", args=[work.pk]))
    assert receipt.content.startswith(b"%PDF")


def test_staff_retry_and_resolve_pages(web_client, alice, source_a, agency, archive_a):
    client = web_client(alice)
    transfer = _transfer(source_a, agency)
    response = client.post(reverse("accessions:transfer_retry", args=[transfer.pk]), follow=True)
    assert response.status_code == 200
    transfer.refresh_from_db()
    assert transfer.status == "failed"  # the package is gone: the page says so, nothing changes
    alert = FixityAlert.objects.create(archive=archive_a, problem="missing", object_name="x", expected_sha256="0" * 64)
    client.post(reverse("accessions:fixity_alert_resolve", args=[alert.pk]), {"resolution": "Restored"})
    alert.refresh_from_db()
    assert alert.resolved_by == alice


def test_agency_accounts_are_made_on_the_source_page(web_client, alice, source_a):
    client = web_client(alice)
    response = client.post(reverse("accessions:agency_account_create", args=[source_a.pk]),
                           {"username": "edo-system", "email": "ops@gov.kz"}, follow=True)
    page = response.content.decode()
    account = source_a.accounts.get()
    assert account.user.auth_token.key in page  # shown once
    assert account.user.auth_token.key not in client.get(reverse("accessions:source_detail",
                                                                 args=[source_a.pk])).content.decode()
    client.post(reverse("accessions:agency_account_toggle", args=[source_a.pk, account.pk]))
    account.refresh_from_db()
    assert not account.active
    assert not Token.objects.filter(user=account.user).exists()
    # Enabled again, it gets a new token (it has no password to get one with), shown once.
    page = client.post(reverse("accessions:agency_account_toggle", args=[source_a.pk, account.pk]),
                       follow=True).content.decode()
    account.refresh_from_db()
    token = Token.objects.get(user=account.user).key
    assert account.active and token in page
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/transfers/").status_code == 200


def test_transfer_messages_are_shown_in_the_readers_language(web_client, alice, archive_a, tmp_path,
                                                              django_capture_on_commit_callbacks):
    """The sending system reads a transfer's error and events in its source's letter language (Kazakh
    here); the archivist reads the same transfer in the language of their page."""
    import hashlib

    from django.utils import translation
    from django.utils.translation import gettext

    from .factories import PDF, build_bag, make_agency

    source = make_source(archive_a, name="ГУ «Аппарат акима»", language="kk")
    _account, token = make_agency(source, username="edo-kk")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    def tamper(bag_dir):
        (bag_dir / "data" / "a.pdf").write_bytes(PDF.replace(b"Catalog", b"Katalog"))  # one byte

    package = build_bag(tmp_path, {"a.pdf": PDF}, tamper=tamper)
    with django_capture_on_commit_callbacks(execute=True), open(package, "rb") as fh:
        transfer_id = api.post("/api/v1/transfers/", {"package": fh}, format="multipart",
                               HTTP_IDEMPOTENCY_KEY="k-1", HTTP_ACCEPT_LANGUAGE="ru").json()["id"]
    params = {"path": "data/a.pdf", "algorithm": "sha256", "expected": hashlib.sha256(PDF).hexdigest(),
              "found": hashlib.sha256(PDF.replace(b"Catalog", b"Katalog")).hexdigest()}

    def text(language, message):
        with translation.override(language):
            return gettext(message)

    mismatch = "Checksum mismatch in %(path)s: the %(algorithm)s in the manifest is %(expected)s, the file gives " \
               "%(found)s."
    data = api.get(f"/api/v1/transfers/{transfer_id}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert data["status"] == "failed"
    assert data["error"] == text("kk", mismatch) % params  # the source's letter language, as documented
    assert text("kk", "Package unpacked safely.") in [e["detail"] for e in data["events"]]

    client = web_client(alice)
    for language in ("ru", "kk", "en"):
        client.cookies["archive_language"] = language
        page = client.get(reverse("accessions:transfer_detail", args=[transfer_id])).content.decode()
        assert text(language, mismatch) % params in page, language
        assert text(language, "Package unpacked safely.") in page
        listing = client.get(reverse("accessions:transfer_list")).content.decode()
        assert (text(language, mismatch) % params)[:60] in listing
    client.cookies["archive_language"] = "ru"
    page = client.get(reverse("accessions:transfer_detail", args=[transfer_id])).content.decode()
    assert "<strong>Загрузка</strong>" in page  # the step, not the button "Загрузить"
    assert text("kk", "Package unpacked safely.") not in page


def test_a_large_transfer_says_how_many_files_are_not_listed(web_client, alice, source_a, agency,
                                                            django_assert_max_num_queries):
    from accessions.models import TransferFile

    transfer = _transfer(source_a, agency, status="stored")
    TransferFile.objects.bulk_create([TransferFile(transfer=transfer, path=f"data/{n:05d}.pdf", unit_number=str(n),
                                                   position=n, size=10, sha256="0" * 64) for n in range(1, 1201)])
    Transfer.objects.filter(pk=transfer.pk).update(file_count=1200)
    client = web_client(alice)
    client.cookies["archive_language"] = "ru"
    with django_assert_max_num_queries(20):
        page = client.get(reverse("accessions:transfer_detail", args=[transfer.pk])).content.decode()
    assert page.count("<code>data/") == 1000
    assert "Здесь показаны первые 1000 из 1200." in page
