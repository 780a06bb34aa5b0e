"""Demo accessions: sources of a regional archive and of the archive for audiovisual deposit, the
agency system user `agency` (password demo12345) allowed to transfer into the regional archive, a
processed act of acceptance and a draft one, a state-funded film with its deposit obligation, a
deposited sound recording and a privately funded film offered voluntarily.

Idempotent: everything is looked up by BIN, title or description first. Uses the archives holdings'
demo made (ALM-REG for transfers); without them, DEMO-CITY-1 in region DEMO-R2 as the staff seed does."""
from __future__ import annotations

import datetime as dt
import io
import math
import struct
import wave

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from holdings.models import Archive, Region

from . import services
from .models import Accession, AgencyAccount, AudiovisualWork, DepositOffer, Source

DEMO_PASSWORD = "demo12345"
TRANSFER_ARCHIVE_CODES = ["ALM-REG", "DEMO-CITY-1"]
AGENCY_SOURCE = ("ГУ «Аппарат акима Алматинской области»", "020540001237")
SOURCES = [
    # name, BIN, kind, contact, e-mail, phone, language, interval, next year
    (AGENCY_SOURCE[0], AGENCY_SOURCE[1], "state_agency", "Айгерим Сапарова", "archive@zhetysu.gov.kz",
     "+7 7282 24-10-55", "kk", 5, 2026),
    ("АО «Жетісу Энерго»", "990840000151", "quasi_public", "Руслан Ким", "office@zhetysu-energo.kz",
     "+7 7282 40-22-10", "ru", 10, 2028),
    ("Ахметов Серік Қайратұлы", "", "private_person", "Ахметов Серік Қайратұлы", "", "+7 701 555 12 34", "kk",
     None, None),
]
PRODUCERS = [
    ("АО «Казахфильм» имени Шакена Айманова", "940140000385", "producer", "Нұрлан Әбенов",
     "deposit@kazakhfilm.kz", "+7 727 300 02 02", "kk", None, None),
    ("ТОО «Sun Production»", "150340019873", "producer", "Дина Оспанова", "office@sunproduction.kz",
     "+7 727 311 44 55", "ru", None, None),
]


def _archive(codes: list[str]) -> Archive:
    archive = Archive.objects.filter(code__in=codes).order_by("code").first()
    if archive is not None:
        return archive
    archive = Archive.objects.filter(kind__in=["regional", "city"]).order_by("code").first()
    if archive is not None:
        return archive
    region, _ = Region.objects.get_or_create(code="DEMO-R2", defaults={
        "name_ru": "Демонстрационная область 2", "name_kk": "Демонстрациялық облыс 2", "name_en": "Demo region 2"})
    archive, _ = Archive.objects.get_or_create(code="DEMO-CITY-1", defaults={
        "name_ru": "Городской архив (демо)", "name_kk": "Қалалық мұрағат (демо)", "name_en": "City archive (demo)",
        "kind": "city", "region": region, "is_rural": False})
    return archive


def _source(archive: Archive, row: tuple, actor) -> Source:
    name, bin_value, kind, person, email, phone, language, interval, next_year = row
    existing = Source.objects.filter(archive=archive, name=name).first()
    if existing is not None:
        return existing
    return services.source_create(actor=actor, archive=archive, name=name, bin=bin_value, kind=kind,
                                  contact_person=person, contact_email=email, contact_phone=phone, language=language,
                                  transfer_interval_years=interval, next_transfer_year=next_year)


def _wav_seconds(seconds: int = 2) -> bytes:
    """A short tone, so the deposited recording is a real audio file."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / 16000)))
                                 for n in range(16000 * seconds)))
    return out.getvalue()


def _work(producer: Source, actor, title: str, **data) -> AudiovisualWork:
    existing = AudiovisualWork.objects.filter(producer=producer, title=title).first()
    if existing is not None:
        return existing
    return services.work_register(actor=actor, producer=producer, title=title, **data)


def seed(*, stdout) -> None:
    actor = User.objects.filter(username="archivist").first()
    archive = _archive(TRANSFER_ARCHIVE_CODES)
    sources = [_source(archive, row, actor) for row in SOURCES]
    agency_source = sources[0]

    user = User.objects.filter(username="agency").first()
    if user is None:
        services.agency_account_create(actor=actor, source=agency_source, username="agency",
                                       email="agency@demo.archive.kz", password=DEMO_PASSWORD)
    else:
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
        if not AgencyAccount.objects.filter(user=user).exists():
            AgencyAccount.objects.create(user=user, source=agency_source, archive=archive, created_by=actor)

    marker = "Документы постоянного хранения аппарата акима за 2015–2019 годы"
    if not Accession.objects.filter(archive=archive, description=marker).exists():
        act = services.accession_create(actor=actor, archive=archive, source=agency_source, kind="scheduled",
                                        date=dt.date(2025, 3, 12), description=marker, extent_units=3,
                                        extent_note="1 короб, 0,2 пог. м",
                                        condition_notes="Физическое состояние удовлетворительное")
        services.accession_items_add(actor=actor, accession=act, items=[
            {"number": "1", "title": "Распоряжения акима области по основной деятельности",
             "date_start": dt.date(2015, 1, 5), "date_end": dt.date(2015, 12, 28), "extent_sheets": 212},
            {"number": "2", "title": "Облыс әкімдігінің қаулылары", "date_start": dt.date(2016, 1, 4),
             "date_end": dt.date(2016, 12, 30), "extent_sheets": 187},
            {"number": "3", "title": "Протоколы совещаний у акима области", "date_start": dt.date(2017, 1, 10),
             "date_end": dt.date(2019, 12, 20), "extent_sheets": 143},
        ])
        services.accession_receive(actor=actor, accession=act)
        services.accession_process(actor=actor, accession=act, fonds_number="1101",
                                   fonds_title="Аппарат акима Алматинской области", inventory_number="1",
                                   inventory_title="Опись дел постоянного хранения за 2015–2019 годы")
    draft_marker = "Документы по личному составу ликвидированного филиала"
    if not Accession.objects.filter(archive=archive, description=draft_marker).exists():
        act = services.accession_create(actor=actor, archive=archive, source=sources[1], kind="scheduled",
                                        description=draft_marker, extent_units=40)
        services.accession_items_add(actor=actor, accession=act, items=[
            {"number": "1", "title": "Приказы по личному составу за 2001 год", "public_title": "Приказы по личному "
             "составу", "access_level": "personal", "date_start": dt.date(2001, 1, 1),
             "date_end": dt.date(2001, 12, 31), "extent_sheets": 96}])

    av_archive = services.deposit_archive(agency_source)
    producers = [_source(av_archive, row, actor) for row in PRODUCERS]
    today = timezone.localdate()
    _work(producers[0], actor, "Қазақ хандығы. Алмас қылыш", kind="film", funding="state",
          production_date=today - dt.timedelta(days=400), release_date=today - dt.timedelta(days=30),
          running_time_minutes=128, carriers="DCP на жёстком диске, 35-мм копия (6 частей)",
          formats="DCP, ProRes 422 HQ, WAV", description="Историческая драма. Государственный заказ.")
    anthem = _work(producers[0], actor, "Менің Қазақстаным: оркестрлік жазба", kind="sound", funding="mixed",
                   state_share=60, production_date=today - dt.timedelta(days=200),
                   release_date=today - dt.timedelta(days=120), running_time_minutes=4,
                   carriers="WAV-файл", formats="WAV 16 бит")
    obligation = getattr(anthem, "obligation", None)
    if obligation is not None and obligation.status != "deposited":
        services.deposit_receive(
            actor=actor, work=anthem, files=[SimpleUploadedFile("anthem.wav", _wav_seconds(), "audio/wav")],
            fonds_number="2001", fonds_title=producers[0].name, inventory_number=str(today.year),
            inventory_title=f"Звукозаписи {today.year} года")
    private = _work(producers[1], actor, "Алматы түнде", kind="film", funding="private",
                    production_date=today - dt.timedelta(days=300), release_date=today - dt.timedelta(days=60),
                    running_time_minutes=96, carriers="Файл ProRes", formats="ProRes 422")
    if not DepositOffer.objects.filter(work=private).exists():
        services.deposit_offer_create(actor=actor, work=private,
                                      note="Продюсер предлагает передать копию на хранение безвозмездно.")
    stdout.write(f"Accessions: agency system login 'agency' (password {DEMO_PASSWORD}) transfers into "
                 f"{archive.code} through POST /api/v1/transfers/ (token from /api/v1/auth/token/); "
                 f"audiovisual deposits go to {av_archive.code}.")
