"""Demo data of the reading room (idempotent): digitized open units with several pages (holdings'
demo units when there are some, else a small fonds made here through holdings services), a personal
unit with redaction regions marked, the holiday calendar of Kazakhstan for this year and the next,
a price list, reading-room rights for `reading`, and requests by `citizen` in different states."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from accounts.models import User
from holdings import access
from holdings import services as holdings_services
from holdings.choices import AccessLevel, DigitalObjectRole, Media, StaffRole
from holdings.derivatives import make_derivatives
from holdings.models import Archive, DigitalObject, Fonds, Inventory, Region, Unit

from . import services
from .choices import CertificateKind, CopyKind, DeliveryMethod, FeeService
from .imaging import font_path
from .models import RedactionRegion, Request
from .pages import pages_of

FONDS_NUMBER = "900"
PAGE_SIZE = (1240, 1754)  # an A4 sheet at 150 dpi
PRICES = {FeeService.ELECTRONIC_COPY_PAGE: Decimal("150"), FeeService.PAPER_COPY_PAGE: Decimal("100"),
          FeeService.ARCHIVAL_COPY: Decimal("2000"), FeeService.ARCHIVAL_EXTRACT: Decimal("1500")}

OPEN_UNIT = ("1", "Приказы директора Алматинского хлопчатобумажного комбината по основной деятельности",
             dt.date(1975, 1, 3), dt.date(1975, 12, 29))
ELECTRONIC_UNIT = ("3", "Приказ о переименовании цехов (электронный документ)", dt.date(2009, 4, 1),
                   dt.date(2009, 4, 1))
PERSONAL_UNIT = ("2", "Личное дело Ахметова Болата Сериковича, табельщика прядильного цеха",
                 "Личное дело работника прядильного цеха", dt.date(1950, 2, 1), dt.date(1985, 12, 31))
PERSON = "Ахметов Болат Серикович"
# Where the page generator writes the name and the IIN on the personal file, as fractions of the page.
NAME_BOX = (0.12, 0.255, 0.62, 0.035)
IIN_BOX = (0.12, 0.305, 0.45, 0.035)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), size)


def _page(lines: list[str], *, number: int, header: str, name: str | None = None) -> bytes:
    """A typed sheet: a header, numbered lines of text, a sheet number; the name and IIN boxes filled
    on a personal file."""
    width, height = PAGE_SIZE
    img = Image.new("RGB", PAGE_SIZE, (250, 247, 238))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 40, width - 40, height - 40), outline=(190, 180, 160), width=3)
    draw.text((width - 180, 70), f"л. {number}", fill=(60, 60, 60), font=_font(34))
    draw.text((150, 150), header, fill=(20, 20, 20), font=_font(40))
    draw.line((150, 215, width - 150, 215), fill=(80, 80, 80), width=2)
    if name:
        draw.text((int(NAME_BOX[0] * width) + 6, int(NAME_BOX[1] * height)), f"Ф.И.О.: {name}",
                  fill=(10, 10, 10), font=_font(38))
        draw.text((int(IIN_BOX[0] * width) + 6, int(IIN_BOX[1] * height)), "ИИН: 500201300123",
                  fill=(10, 10, 10), font=_font(38))
    y = int(0.38 * height) if name else 280
    for line in lines:
        draw.text((150, y), line, fill=(35, 35, 35), font=_font(30))
        y += 56
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _archive() -> Archive:
    """An archive holding digitized open units, else the first archive, else one made here."""
    digitized = (Unit.objects.filter(digital_count__gte=3, effective_access=AccessLevel.OPEN)
                 .values_list("archive_id", flat=True).first())
    if digitized:
        return Archive.objects.get(pk=digitized)
    archive = Archive.objects.filter(is_rural=False).order_by("code").first() or Archive.objects.order_by("code").first()
    if archive is None:
        region, _created = Region.objects.get_or_create(code="DEMO-R2", defaults={
            "name_kk": "Алматы қаласы", "name_ru": "Город Алматы", "name_en": "Almaty city"})
        archive, _created = Archive.objects.get_or_create(code="DEMO-CITY-1", defaults={
            "name_kk": "Алматы қалалық мұрағаты", "name_ru": "Городской архив Алматы", "name_en": "Almaty City Archive",
            "kind": "city", "region": region, "address": "Алматы, ул. Жибек Жолы, 1", "phone": "+7 727 000 00 00"})
    return archive


def _add_pages(unit: Unit, pages: list[bytes], actor) -> None:
    for number, data in enumerate(pages, start=1):
        obj = holdings_services.digital_object_add(
            actor=actor, unit=unit, file=ContentFile(data, name=f"unit-{unit.pk}-{number:03d}.png"),
            role=DigitalObjectRole.SCAN_PAGE, page_order=number, original_name=f"sheet-{number:03d}.png",
            make_derivatives=False)
        make_derivatives(obj)


def _demo_fonds(archive: Archive, actor) -> tuple[Unit, Unit, Unit]:
    fonds = Fonds.objects.filter(archive=archive, number=FONDS_NUMBER).first() or holdings_services.fonds_create(
        actor=actor, archive=archive, number=FONDS_NUMBER,
        title="Алматинский хлопчатобумажный комбинат Министерства лёгкой промышленности Казахской ССР",
        date_start=dt.date(1934, 1, 1), date_end=dt.date(2009, 12, 31))
    inventory = Inventory.objects.filter(fonds=fonds, number="1").first() or holdings_services.inventory_create(
        actor=actor, fonds=fonds, number="1", title="Документы по основной деятельности и личному составу",
        date_start=dt.date(1950, 1, 1), date_end=dt.date(2009, 12, 31))
    units = {u.number: u for u in Unit.objects.filter(inventory=inventory)}
    number, title, start, end = OPEN_UNIT
    if number not in units:
        units[number] = holdings_services.unit_create(actor=actor, inventory=inventory, data=holdings_services.UnitData(
            number=number, title=title, date_start=start, date_end=end, extent_sheets=4, access_level="open"))
    number, title, public, start, end = PERSONAL_UNIT
    if number not in units:
        units[number] = holdings_services.unit_create(actor=actor, inventory=inventory, data=holdings_services.UnitData(
            number=number, title=title, public_title=public, date_start=start, date_end=end, extent_sheets=3,
            access_level=AccessLevel.PERSONAL, contains_personal_data=True))
    number, title, start, end = ELECTRONIC_UNIT
    if number not in units:
        units[number] = holdings_services.unit_create(actor=actor, inventory=inventory, data=holdings_services.UnitData(
            number=number, title=title, date_start=start, date_end=end, media=Media.ELECTRONIC, access_level="open"))
    open_unit, personal, electronic = units["1"], units["2"], units["3"]
    if not DigitalObject.objects.filter(unit=open_unit).exists():
        orders = ["Приказ № 1 от 3 января 1975 г. О режиме работы комбината",
                  "Приказ № 48 от 14 марта 1975 г. О пуске прядильного цеха № 2",
                  "Приказ № 112 от 2 июля 1975 г. О подготовке к отопительному сезону",
                  "Приказ № 201 от 29 декабря 1975 г. Об итогах года"]
        _add_pages(open_unit, [_page([text, "", "1. Назначить ответственных лиц.", "2. Контроль оставляю за собой.",
                                      "", "Директор комбината"], number=i + 1, header="ПРИКАЗ")
                               for i, text in enumerate(orders)], actor)
    if not DigitalObject.objects.filter(unit=personal).exists():
        sheets = [["Принят на должность табельщика прядильного цеха", "Приказ № 27-к от 1 февраля 1950 г."],
                  ["Переведён мастером смены", "Приказ № 140-к от 12 мая 1962 г."],
                  ["Уволен в связи с выходом на пенсию", "Приказ № 301-к от 31 декабря 1985 г."]]
        _add_pages(personal, [_page(lines, number=i + 1, header="ЛИЧНАЯ КАРТОЧКА", name=PERSON)
                              for i, lines in enumerate(sheets)], actor)
    return open_unit, personal, electronic


def _mark_regions(personal: Unit, actor) -> None:
    if RedactionRegion.objects.filter(unit=personal, removed_at__isnull=True).exists():
        return
    for page in pages_of([personal.pk])[personal.pk]:
        for box, note in ((NAME_BOX, "Ф.И.О."), (IIN_BOX, "ИИН")):
            services.redaction_region_add(actor=actor, page=page.source, x=box[0], y=box[1], width=box[2],
                                          height=box[3], note=note)


def _requests(archive: Archive, citizen: User, reading: User, open_unit: Unit, personal: Unit) -> list[str]:
    if Request.objects.filter(requester=citizen, archive=archive).exists():
        return []
    made = []
    cert = services.certificate_request_create(
        actor=citizen, archive=archive, certificate_kind=CertificateKind.SALARY, certificate_language="ru",
        person_name="Гражданова Сауле Маратовна", organization="Алматинский хлопчатобумажный комбинат",
        year_from=1984, year_to=1989, position="ткачиха", message="Для назначения пенсии.")
    made.append(f"certificate {cert.number} (submitted)")
    units = Unit.objects.filter(pk__in=[open_unit.pk]).with_codes()
    copy = services.copy_request_create(actor=citizen, items=[services.ItemData(units[0], "1-2")],
                                        copy_kind=CopyKind.ELECTRONIC, delivery=DeliveryMethod.DOWNLOAD)
    services.request_take(actor=reading, request=copy)
    if copy.fee:
        services.request_record_payment(actor=reading, request=copy, reference="Квитанция № 000123")
    services.copy_request_produce(actor=reading, request=copy)
    services.request_complete(actor=reading, request=copy, note="Копии готовы к скачиванию.")
    made.append(f"copy {copy.number} (ready)")
    personal_units = Unit.objects.filter(pk=personal.pk).with_codes().visible_to(citizen)
    acc = services.access_request_create(actor=citizen, items=[services.ItemData(personal_units[0])],
                                         ground="research", purpose="История текстильной промышленности Алматы")
    services.request_take(actor=reading, request=acc)
    made.append(f"access {acc.number} (in progress)")
    return made


def seed(*, stdout) -> None:
    admin = User.objects.filter(Q(is_superuser=True) | Q(username="admin")).order_by("-is_superuser", "id").first()
    reading = User.objects.filter(username="reading").first()
    citizen = User.objects.filter(username="citizen").first()
    archive = _archive()
    if reading is not None and not access.is_archive_staff(reading, archive.pk, StaffRole.READING_ROOM):
        access.staff_grant(archive=archive, user=reading, role=StaffRole.READING_ROOM, actor=admin)
        reading = User.objects.get(pk=reading.pk)
    open_unit, personal, _electronic = _demo_fonds(archive, admin)
    if reading is not None:
        _mark_regions(personal, reading)
    if admin is not None:
        year = timezone.localdate().year
        added = sum(services.holidays_load_year(actor=admin, year=y) for y in (year, year + 1))
        for service, price in PRICES.items():
            services.price_item_set(actor=admin, archive=archive, service=service, price=price)
    else:
        added = 0
    made = _requests(archive, citizen, reading, open_unit, personal) if citizen and reading else []
    stdout.write(f"Reading room: archive {archive.code}; digitized units {open_unit.pk} (open), {personal.pk} "
                 f"(personal, regions marked); {added} calendar days added; requests: {', '.join(made) or 'kept'}.")
