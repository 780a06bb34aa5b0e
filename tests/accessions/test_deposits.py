"""The register of audiovisual works: the automatic obligation, its life cycle with dates moved by the
test, reminders (idempotent, in each recipient's language), offers, and receiving a deposit."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accessions import services
from accessions.models import AccessionUnit, DepositReminder, MediaFile
from accessions.notifications import send_deposit_receipt
from holdings.models import DigitalObject, PreservationEvent, Unit
from tests.factories import ArchiveFactory, UserFactory

from .pdftext import extract_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture
def av_archive(settings, archive_a):
    settings.AV_DEPOSIT_ARCHIVE_CODE = archive_a.code
    archive_a.email = "av@archive.kz"
    archive_a.save()
    return archive_a


def film(producer, alice, release=TODAY - 10 * DAY, funding="state", **data):
    data.setdefault("running_time_minutes", 155)
    return services.work_register(actor=alice, producer=producer, title="Томирис", kind="film", funding=funding,
                                  release_date=release, production_date=dt.date(2015, 5, 1),
                                  carriers="DCP на жёстком диске", formats="DCP, ProRes", **data)


def test_state_funded_work_gets_an_obligation_due_90_days_after_release(producer_a, alice, av_archive):
    work = film(producer_a, alice)
    obligation = work.obligation
    assert obligation.status == "due"
    assert obligation.due_date == TODAY - 10 * DAY + dt.timedelta(days=90)
    assert obligation.archive == av_archive
    assert work.state_share == Decimal(100)
    # Registered after its due date: overdue at once.
    late = film(producer_a, alice, release=TODAY - 91 * DAY)
    assert (late.obligation.status, late.obligation.overdue_since) == ("overdue", TODAY)


def test_mixed_needs_a_share_and_owes_a_deposit_private_does_not(producer_a, alice, av_archive):
    with pytest.raises(services.AccessionError, match="state share"):
        film(producer_a, alice, funding="mixed")
    mixed = film(producer_a, alice, funding="mixed", state_share=Decimal("40"))
    assert mixed.obligation.status == "due"
    private = film(producer_a, alice, funding="private")
    assert not hasattr(private, "obligation") or private.obligation is None
    assert not services.deposit_obligation_ensure(actor=alice, work=private)


def test_no_release_date_no_obligation_until_it_is_known(producer_a, alice, av_archive):
    work = film(producer_a, alice, release=None)
    assert services.deposit_obligation_ensure(actor=alice, work=work) is None
    services.work_update(actor=alice, work=work, release_date=TODAY)
    work.refresh_from_db()
    assert work.obligation.due_date == TODAY + 90 * DAY
    # Moving the release date while due moves the due date.
    services.work_update(actor=alice, work=work, release_date=TODAY + 31 * DAY)
    work.obligation.refresh_from_db()
    assert work.obligation.due_date == TODAY + 121 * DAY
    with pytest.raises(services.AccessionError, match="private"):
        services.work_update(actor=alice, work=work, funding="private")


def test_default_deposit_archive_is_the_first_specialized_or_central(settings, producer_a, alice, archive_a):
    settings.AV_DEPOSIT_ARCHIVE_CODE = ""
    assert services.deposit_archive(producer_a) == archive_a  # none exists: the producer's archive
    central = ArchiveFactory(code="CGA", kind="central")
    assert services.deposit_archive(producer_a) == central
    special = ArchiveFactory(code="ZKFD", kind="specialized")
    assert services.deposit_archive(producer_a) == special
    settings.AV_DEPOSIT_ARCHIVE_CODE = "NOPE"
    with pytest.raises(services.AccessionError, match="NOPE"):
        services.deposit_archive(producer_a)


def test_obligation_life_cycle_with_reminders(producer_a, alice, av_archive, django_capture_on_commit_callbacks):
    bob_kk = UserFactory(username="aigul", email="aigul@archive.kz", preferred_language="kk")
    release = TODAY - 60 * DAY
    work = film(producer_a, alice, release=release)
    obligation = work.obligation
    due = obligation.due_date
    assert due == release + 90 * DAY

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return services.obligations_mark_overdue(today=day)

    # The test moves "today" forward through the obligation's life.
    assert run(due - 20 * DAY) == {"overdue": 0, "reminders": 0}  # more than 14 days ahead
    assert run(due - 10 * DAY) == {"overdue": 0, "reminders": 1}  # due soon
    assert [m.to for m in mail.outbox] == [["studio@kazakhfilm.kz"], ["av@archive.kz"]]
    assert "Томирис" in mail.outbox[0].subject
    mail.outbox.clear()
    assert run(due - 9 * DAY) == {"overdue": 0, "reminders": 0}  # one "due soon" only
    assert run(due) == {"overdue": 0, "reminders": 0}  # due today is not late
    assert run(due + DAY) == {"overdue": 1, "reminders": 1}
    obligation.refresh_from_db()
    assert obligation.status == "overdue" and obligation.overdue_since == due + DAY
    assert len(mail.outbox) == 2 and "просроч" in mail.outbox[0].subject.lower()  # the producer writes Russian
    mail.outbox.clear()
    # The job runs twice the same day (a retry, a second beat): no second reminder.
    assert run(due + DAY) == {"overdue": 0, "reminders": 0}
    assert not mail.outbox
    assert run(due + 7 * DAY) == {"overdue": 0, "reminders": 0}  # weekly, not daily
    assert run(due + 8 * DAY) == {"overdue": 0, "reminders": 1}
    assert DepositReminder.objects.filter(obligation=obligation).count() == 3
    # The archive without an e-mail address: its archivists, each in their own language.
    av_archive.email = ""
    av_archive.save()
    from holdings import access

    access.staff_grant(archive=av_archive, user=bob_kk, role="manage_holdings", actor=None)
    mail.outbox.clear()
    run(due + 15 * DAY)
    recipients = {m.to[0]: m for m in mail.outbox}
    assert set(recipients) == {"studio@kazakhfilm.kz", "alice@example.kz", "aigul@archive.kz"}
    assert "мерзімі" in recipients["aigul@archive.kz"].subject.lower()  # Kazakh for the Kazakh reader


def _upload(name="tomiris.mp4", content=b"\x00\x00\x00\x18ftypmp42" + b"\0" * 200):
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def _no_tools(monkeypatch):
    from accessions import media

    monkeypatch.setattr(media, "tool", lambda name: None)


def test_receiving_a_deposit_creates_the_act_units_and_files(producer_a, alice, av_archive, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    _no_tools(monkeypatch)  # the "skipped" path: no ffprobe, MediaInfo or ffmpeg on this machine
    work = film(producer_a, alice)
    with django_capture_on_commit_callbacks(execute=True):
        accession = services.deposit_receive(actor=alice, work=work, files=[_upload()], fonds_number="900",
                                             inventory_number="2025", inventory_title="Фильмы 2025 года")
    assert accession.status == "processed" and accession.kind == "compulsory_deposit"
    work.obligation.refresh_from_db()
    assert work.obligation.status == "deposited" and work.obligation.accession == accession
    unit = Unit.objects.get(pk=AccessionUnit.objects.get(accession=accession).unit_id)
    assert (unit.title, unit.media, unit.duration_seconds) == ("Томирис", "audiovisual", 155 * 60)
    assert unit.inventory.fonds.title == producer_a.name  # a new fonds named after the producer
    master = DigitalObject.objects.get(unit=unit)
    assert master.role == "master"
    media_file = MediaFile.objects.get(digital_object=master)
    assert media_file.status == "skipped"
    assert "ffprobe" in media_file.skipped and "ffmpeg" in media_file.skipped
    assert PreservationEvent.objects.filter(digital_object=master, outcome="warning").count() == 2
    # The receipt went to the producer, in Russian, with the PDF.
    receipt = next(m for m in mail.outbox if m.to == ["studio@kazakhfilm.kz"])
    name, content, mime = receipt.attachments[0]
    assert mime == "application/pdf" and "Томирис" in extract_text(content)
    with pytest.raises(services.AccessionError, match="Not allowed"):
        services.deposit_receive(actor=alice, work=work, files=[_upload()], fonds_number="900",
                                 inventory_number="2025")


def test_late_deposit_is_still_accepted_and_a_failed_one_leaves_no_file(producer_a, alice, av_archive, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    _no_tools(monkeypatch)
    work = film(producer_a, alice, release=TODAY - 100 * DAY)
    services.obligations_mark_overdue(today=TODAY + DAY)
    work.obligation.refresh_from_db()
    assert work.obligation.status == "overdue"
    with pytest.raises(services.AccessionError, match="give a title"):
        services.deposit_receive(actor=alice, work=work, files=[_upload()], fonds_number="900",
                                 inventory_number="9")
    assert not DigitalObject.objects.exists() and not Unit.objects.exists()
    from django.conf import settings

    stored = list((__import__("pathlib").Path(settings.MEDIA_ROOT)).rglob("*.mp4"))
    assert stored == []
    with django_capture_on_commit_callbacks(execute=True):
        services.deposit_receive(actor=alice, work=work, files=[_upload("part1.mp4"), _upload("part2.mp4")],
                                 fonds_number="900", fonds_title="Казахфильм", inventory_number="9",
                                 inventory_title="Опись 9", unit_per_file=True)
    work.obligation.refresh_from_db()
    assert work.obligation.status == "deposited"
    assert list(Unit.objects.order_by("number").values_list("title", flat=True)) == [
        "Томирис. Part 1", "Томирис. Part 2"]


def test_private_work_offer_accept_or_decline(producer_a, alice, av_archive, monkeypatch,
                                              django_capture_on_commit_callbacks):
    _no_tools(monkeypatch)
    work = film(producer_a, alice, funding="private")
    offer = services.deposit_offer_create(actor=alice, work=work, note="Продюсер предлагает копию")
    with pytest.raises(services.AccessionError, match="no accepted offer"):
        services.deposit_receive(actor=alice, work=work, files=[_upload()], fonds_number="1", fonds_title="F",
                                 inventory_number="1", inventory_title="I")
    services.deposit_offer_accept(actor=alice, offer=offer)
    with django_capture_on_commit_callbacks(execute=True):
        accession = services.deposit_receive(actor=alice, work=work, files=[_upload()], fonds_number="1",
                                             fonds_title="F", inventory_number="1", inventory_title="I")
    assert accession.kind == "voluntary_deposit"
    other = film(producer_a, alice, funding="private")
    offer = services.deposit_offer_create(actor=alice, work=other)
    with pytest.raises(services.AccessionError, match="reason"):
        services.deposit_offer_decline(actor=alice, offer=offer, reason="")
    services.deposit_offer_decline(actor=alice, offer=offer, reason="Не соответствует профилю архива")
    with pytest.raises(services.AccessionError, match="Not allowed"):
        services.deposit_offer_accept(actor=alice, offer=offer)
    with pytest.raises(services.AccessionError):
        services.deposit_offer_create(actor=alice, work=film(producer_a, alice))  # state-funded: owes a deposit


@pytest.mark.tools("ffmpeg", "ffprobe")
def test_with_ffmpeg_metadata_access_copy_and_poster(producer_a, alice, av_archive, tmp_path,
                                                     django_capture_on_commit_callbacks):
    import subprocess

    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=25",
                    "-f", "lavfi", "-i", "sine=duration=3", "-shortest", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", str(clip)], check=True)
    work = film(producer_a, alice, running_time_minutes=None)
    with django_capture_on_commit_callbacks(execute=True):
        accession = services.deposit_receive(actor=alice, work=work, files=[_upload("clip.mp4", clip.read_bytes())],
                                             fonds_number="900", fonds_title="Казахфильм", inventory_number="1",
                                             inventory_title="Опись 1")
    media_file = MediaFile.objects.get(accession=accession)
    assert media_file.status == "done", media_file.skipped
    assert media_file.video_codec == "h264" and media_file.audio_codec == "aac"
    assert (media_file.width, media_file.height) == (320, 240)
    assert 2.5 < media_file.duration_seconds < 3.5
    assert media_file.access_copy.role == "access" and media_file.access_copy.derived_from_id == media_file.digital_object_id
    assert media_file.poster.role == "thumbnail" and media_file.poster.format == "image/jpeg"
    unit = media_file.digital_object.unit
    unit.refresh_from_db()
    assert unit.duration_seconds == 3
    # Running the task again changes nothing.
    services.deposit_media_process(accession_id=accession.pk)
    assert DigitalObject.objects.filter(unit=unit).count() == 3


def test_receipt_without_producer_email_is_not_sent(producer_a, alice, av_archive, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    _no_tools(monkeypatch)
    producer_a.contact_email = ""
    producer_a.save()
    work = film(producer_a, alice)
    accession = services.deposit_receive(actor=alice, work=work, files=[_upload()], fonds_number="1",
                                         fonds_title="F", inventory_number="1", inventory_title="I")
    assert send_deposit_receipt(accession.pk) is False
    assert timezone.now()


@pytest.mark.tools("pdftotext")
def test_receipt_names_each_file_with_its_size_and_checksum(producer_a, alice, av_archive, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    """What the producer keeps as proof: the carriers and formats, each file with its size in the
    reader's units and its sha256, the state share written as a person would (not "60.00")."""
    from accessions.pdf import deposit_receipt_pdf

    from .pdftext import pdftotext_layout

    _no_tools(monkeypatch)
    work = film(producer_a, alice, funding="mixed", state_share=Decimal("60.00"))
    with django_capture_on_commit_callbacks(execute=True):
        accession = services.deposit_receive(actor=alice, work=work, files=[_upload()], fonds_number="900",
                                             fonds_title="Казахфильм", inventory_number="2025",
                                             inventory_title="Фильмы 2025 года")
    master = DigitalObject.objects.get()
    accession.refresh_from_db()
    texts = {lang: pdftotext_layout(deposit_receipt_pdf(work, accession, language=lang)) for lang in ("ru", "kk")}
    assert "Смешанное (доля государства 60 %)" in texts["ru"]
    assert "DCP на жёстком диске" in texts["ru"] and "DCP, ProRes" in texts["ru"]
    assert "tomiris.mp4 (212 байт)" in texts["ru"] and "tomiris.mp4 (212 байт)" in texts["kk"]
    assert all(master.sha256 in text for text in texts.values())
    assert "М. П." in texts["ru"] and "Ф. 900, Оп. 2025, Д. 1" in texts["ru"]
    assert "Қ. 900, Т. 2025, І. 1" in texts["kk"]
