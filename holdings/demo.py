"""Demo holdings: regions, four archives (the Presidential archive, the central state archive, a
regional and a rural district archive), fonds with inventories and units in Russian and Kazakh at
every access level, scanned pages drawn with Pillow, and the demo staff's rights.

Idempotent: everything is looked up by its code or number first, so a second run adds nothing.
Archives the staff app's seed may have made (DEMO-RURAL-1, DEMO-CITY-1) are left alone."""
from __future__ import annotations

import datetime as dt
import io
import random
import textwrap

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from . import access, services
from .choices import AccessLevel, ArchiveKind, FondsKind, InventoryStatus, Media, StaffRole, UnitAccessLevel
from .models import Archive, Fonds, Inventory, Region, StorageLocation, Unit

D = dt.date

REGIONS = [
    # code, ru, kk, en
    ("ALA", "г. Алматы", "Алматы қаласы", "Almaty city"),
    ("AST", "г. Астана", "Астана қаласы", "Astana city"),
    ("ALM", "Алматинская область", "Алматы облысы", "Almaty Region"),
]

ARCHIVES = [
    # code, region, kind, rural, ru, kk, en, address
    ("PRES", "ALA", ArchiveKind.PRESIDENTIAL, False, "Архив Президента Республики Казахстан",
     "Қазақстан Республикасы Президентінің Архиві", "Archive of the President of the Republic of Kazakhstan",
     "г. Алматы, ул. Желтоқсан, 120"),
    ("CSA", "ALA", ArchiveKind.CENTRAL, False, "Центральный государственный архив Республики Казахстан",
     "Қазақстан Республикасының Орталық мемлекеттік архиві", "Central State Archive of the Republic of Kazakhstan",
     "г. Алматы, ул. Тимирязева, 35"),
    ("ALM-REG", "ALM", ArchiveKind.REGIONAL, False, "Государственный архив Алматинской области",
     "Алматы облысының мемлекеттік архиві", "State Archive of Almaty Region", "г. Конаев, ул. Абая, 12"),
    ("ALM-RAIYMBEK", "ALM", ArchiveKind.DISTRICT, True, "Райымбекский районный государственный архив",
     "Райымбек аудандық мемлекеттік архиві", "Raiymbek District State Archive", "с. Нарынкол, ул. Райымбека, 8"),
]

# archive code -> list of fonds: (number, title, kind, dates, access, creator, inventories)
# inventory: (number, title, access, units); unit: (number, title, public title, access, start, end, sheets, pages)
FONDS = {
    "PRES": [
        ("7", "Аппарат Президента Республики Казахстан", FondsKind.INSTITUTION, (D(1991, 12, 16), D(2000, 12, 31)),
         AccessLevel.OPEN, "Аппарат Президента Республики Казахстан", [
             ("1", "Документы постоянного хранения за 1991–1995 годы", UnitAccessLevel.INHERIT, [
                 ("1", "Указы Президента Республики Казахстан за январь–март 1992 года", "", "inherit",
                  D(1992, 1, 2), D(1992, 3, 31), 245, 3),
                 ("2", "Стенограмма заседания Высшего консультативно-совещательного совета при Президенте", "",
                  "inherit", D(1993, 4, 14), D(1993, 4, 14), 87, 0),
                 ("3", "Переписка с министерствами по вопросам государственной символики", "", "inherit",
                  D(1992, 2, 1), D(1992, 6, 4), 112, 2),
                 ("4", "Мемлекеттік рәміздер туралы заңның жобасын талқылау материалдары", "", "inherit",
                  D(1992, 3, 10), D(1992, 6, 4), 64, 0),
             ]),
             ("2", "Документы по личному составу", UnitAccessLevel.PERSONAL, [
                 ("1", "Личное дело Ахметова Серика Болатовича, референта отдела внутренней политики",
                  "Личное дело референта отдела внутренней политики", "inherit", D(1992, 1, 6), D(1998, 9, 30), 58, 2),
                 ("2", "Личное дело Жумабаевой Гульнары Каримовны, консультанта",
                  "Личное дело консультанта", "inherit", D(1993, 3, 1), D(1999, 12, 31), 41, 0),
             ]),
         ]),
        ("12", "Совет Безопасности Республики Казахстан", FondsKind.INSTITUTION, (D(1993, 1, 1), D(2000, 12, 31)),
         AccessLevel.RESTRICTED, "Совет Безопасности Республики Казахстан", [
             ("1", "Протоколы и решения", UnitAccessLevel.INHERIT, [
                 ("1", "Протоколы заседаний Совета Безопасности за 1994 год", "", "inherit",
                  D(1994, 1, 1), D(1994, 12, 31), 190, 0),
                 ("2", "Материалы о состоянии обороноспособности, 1995 год", "", "closed",
                  D(1995, 1, 1), D(1995, 12, 31), 77, 0),
             ]),
         ]),
    ],
    "CSA": [
        ("81", "Народный комиссариат просвещения Казахской АССР", FondsKind.INSTITUTION,
         (D(1920, 10, 4), D(1936, 12, 5)), AccessLevel.OPEN, "Народный комиссариат просвещения КАССР", [
             ("1", "Документы постоянного хранения за 1920–1936 годы", UnitAccessLevel.INHERIT, [
                 ("1", "Приказы по Наркомпросу за 1928 год", "", "inherit", D(1928, 1, 3), D(1928, 12, 29), 156, 3),
                 ("2", "Қазақ мектептеріне арналған оқулықтарды басып шығару туралы хат-хабарлар", "", "inherit",
                  D(1926, 5, 12), D(1927, 11, 30), 93, 2),
                 ("3", "Отчёт о ликвидации неграмотности в аулах Семипалатинской губернии за 1930 год", "",
                  "inherit", D(1930, 1, 15), D(1931, 2, 1), 204, 0),
                 ("4", "Личное дело учителя Касымова Жакана", "Личное дело учителя", "personal",
                  D(1935, 9, 1), D(1940, 6, 30), 23, 0),
             ]),
         ]),
        ("1692", "Байтұрсынұлы Ахмет (1872–1937), ақын, ғалым, қоғам қайраткері", FondsKind.PERSONAL,
         (D(1895, 1, 1), D(1937, 12, 8)), AccessLevel.OPEN, "Байтұрсынұлы Ахмет", [
             ("1", "Қолжазбалар мен хаттар", UnitAccessLevel.INHERIT, [
                 ("1", "«Тіл-құрал» оқулығының қолжазба нұсқасы", "", "inherit", D(1914, 1, 1), D(1915, 12, 31),
                  88, 3),
                 ("2", "Әріптестеріне жазған хаттары", "", "inherit", D(1913, 2, 1), D(1925, 10, 20), 47, 0),
             ]),
         ]),
    ],
    "ALM-REG": [
        ("45", "Исполнительный комитет Алма-Атинского областного Совета народных депутатов",
         FondsKind.INSTITUTION, (D(1932, 3, 10), D(1991, 12, 31)), AccessLevel.OPEN,
         "Алма-Атинский облисполком", [
             ("1", "Решения и протоколы заседаний", UnitAccessLevel.INHERIT, [
                 ("1", "Решения облисполкома за 1965 год", "", "inherit", D(1965, 1, 5), D(1965, 12, 28), 312, 0),
                 ("2", "Облыстық атқару комитетінің шешімдері, 1985 жыл", "", "inherit", D(1985, 1, 9),
                  D(1985, 12, 27), 276, 0),
                 ("3", "Документы о реабилитации Сейтказиева Нурлана Абеновича",
                  "Документы о реабилитации гражданина", "personal", D(1989, 2, 1), D(1990, 11, 15), 35, 0),
                 ("4", "Переписка по мобилизационной подготовке, 1987 год", "", "restricted", D(1987, 1, 1),
                  D(1987, 12, 31), 61, 0),
             ]),
         ]),
    ],
    "ALM-RAIYMBEK": [
        ("3", "Райымбекский районный отдел образования", FondsKind.INSTITUTION, (D(1972, 1, 1), D(2010, 12, 31)),
         AccessLevel.OPEN, "Райымбекский районный отдел образования", [
             ("1", "Приказы и личные дела", UnitAccessLevel.INHERIT, [
                 ("1", "Приказы по отделу образования за 1998 год", "", "inherit", D(1998, 1, 5), D(1998, 12, 30),
                  140, 2),
                 ("2", "Жеке іс: Омарова Әйгерім Сәкенқызы, бастауыш сынып мұғалімі", "Мұғалімнің жеке ісі",
                  "personal", D(1995, 8, 25), D(2005, 6, 30), 31, 0),
                 ("3", "Мектеп бітірушілердің тізімдері, 2001 жыл", "", "inherit", D(2001, 6, 1), D(2001, 6, 30),
                  18, 0),
                 ("4", "Материалы служебного расследования, 2003 год", "", "closed", D(2003, 2, 1),
                  D(2003, 5, 20), 27, 0),
             ]),
         ]),
    ],
}

LOCATIONS = [("Корпус 1", "Хранилище 3", "Стеллаж 12", "Полка 4"), ("Корпус 1", "Хранилище 3", "Стеллаж 12", "Полка 5")]

PAGE_TEXT_RU = [
    "Рассмотрев представленные материалы, коллегия постановляет принять их к сведению и руководству.",
    "Поручить отделу подготовить сводные сведения и представить их к первому числу следующего месяца.",
    "Контроль за исполнением настоящего документа возложить на заведующего общим отделом.",
    "Копии документа направить в подведомственные учреждения для ознакомления и исполнения.",
    "Отметить удовлетворительную работу по подготовке учебных программ и учебников.",
]
PAGE_TEXT_KK = [
    "Ұсынылған материалдарды қарай келе, алқа оларды назарға алып, басшылыққа алуға шешім қабылдады.",
    "Бөлімге жиынтық мәліметтерді дайындап, келесі айдың бірінші күніне дейін ұсыну тапсырылсын.",
    "Осы құжаттың орындалуын бақылау жалпы бөлімнің меңгерушісіне жүктелсін.",
    "Құжаттың көшірмелері ведомстволық мекемелерге танысу және орындау үшін жіберілсін.",
    "Оқу бағдарламалары мен оқулықтарды дайындау жұмысы қанағаттанарлық деп танылсын.",
]


def _font(size: int) -> ImageFont.ImageFont:
    import matplotlib

    return ImageFont.truetype(matplotlib.get_data_path() + "/fonts/ttf/DejaVuSans.ttf", size)


def page_image(*, heading: str, reference: str, page: int, kazakh: bool, seed: int) -> bytes:
    """A 1200x1700 JPEG that looks like a typed archival page: a heading, the reference code, a
    sheet number and paragraphs of text on slightly yellowed paper."""
    rng = random.Random(seed)
    img = Image.new("RGB", (1200, 1700), (244, 238, 222))
    draw = ImageDraw.Draw(img)
    for _ in range(1500):  # paper grain
        x, y = rng.randrange(1200), rng.randrange(1700)
        shade = rng.randrange(215, 238)
        draw.point((x, y), fill=(shade, shade - 6, shade - 22))
    draw.rectangle((60, 60, 1140, 1640), outline=(190, 180, 160), width=2)
    ink = (40, 36, 32)
    draw.text((1060, 90), str(page), font=_font(30), fill=ink, anchor="ra")
    draw.text((600, 170), reference, font=_font(26), fill=(90, 84, 76), anchor="ma")
    y = 240
    for line in textwrap.wrap(heading.upper(), 42):
        draw.text((600, y), line, font=_font(38), fill=ink, anchor="ma")
        y += 54
    y += 50
    sentences = PAGE_TEXT_KK if kazakh else PAGE_TEXT_RU
    body = _font(28)
    for _ in range(6):
        paragraph = " ".join(rng.sample(sentences, 3))
        for i, line in enumerate(textwrap.wrap(paragraph, 58)):
            draw.text((150 if i == 0 else 110, y), line, font=body, fill=ink)
            y += 40
        y += 26
        if y > 1450:
            break
    draw.line((700, 1540, 1000, 1540), fill=ink, width=2)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=82)
    return out.getvalue()


def _is_kazakh(text: str) -> bool:
    return any(ch in text for ch in "әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def _grant(users: dict, archives: list[Archive]) -> int:
    made = 0
    for username, role in (("archivist", StaffRole.ARCHIVIST), ("reading", StaffRole.READING_ROOM),
                           ("expert", StaffRole.EXPERT)):
        user = users.get(username)
        if user is None:
            continue
        held = access.staff_roles(user)
        for archive in archives:
            if str(role) not in held.get(archive.pk, set()):
                access.staff_grant(archive=archive, user=user, role=role, actor=None)
                made += 1
    return made


def seed(*, stdout) -> None:
    from accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=["archivist", "reading", "expert"])}
    actor = users.get("archivist")
    regions = {}
    for code, ru, kk, en in REGIONS:
        regions[code], _created = Region.objects.get_or_create(code=code, defaults={
            "name_ru": ru, "name_kk": kk, "name_en": en})
    archives, counts = [], {"fonds": 0, "inventories": 0, "units": 0, "pages": 0}
    for code, region, kind, rural, ru, kk, en, address in ARCHIVES:
        archive, _created = Archive.objects.get_or_create(code=code, defaults={
            "name_ru": ru, "name_kk": kk, "name_en": en, "kind": kind, "region": regions[region],
            "is_rural": rural, "address": address})
        archives.append(archive)
        for building, room, rack, shelf in LOCATIONS:
            StorageLocation.objects.get_or_create(archive=archive, building=building, room=room, rack=rack,
                                                  shelf=shelf)
        shelf = StorageLocation.objects.filter(archive=archive).order_by("id").first()
        for f_number, f_title, f_kind, (start, end), level, creator_name, inventories in FONDS[code]:
            fonds = Fonds.objects.filter(archive=archive, number=f_number).first()
            if fonds is None:
                creator = services.creator_get_or_create(actor=actor, name=creator_name)
                fonds = services.fonds_create(actor=actor, archive=archive, number=f_number, title=f_title,
                                              kind=f_kind, date_start=start, date_end=end, access_level=level,
                                              creator=creator)
                counts["fonds"] += 1
            for i_number, i_title, i_level, units in inventories:
                inventory = Inventory.objects.filter(fonds=fonds, number=i_number).first()
                if inventory is None:
                    inventory = services.inventory_create(
                        actor=actor, fonds=fonds, number=i_number, title=i_title, access_level=i_level,
                        approval_status=InventoryStatus.APPROVED, date_start=start, date_end=end)
                    counts["inventories"] += 1
                taken = set(Unit.objects.filter(inventory=inventory).values_list("number", flat=True))
                rows = [services.UnitData(
                    number=u_number, title=u_title, public_title=public, access_level=u_level,
                    date_start=u_start, date_end=u_end, extent_sheets=sheets, media=Media.PAPER,
                    contains_personal_data=bool(public), storage_location=shelf)
                    for u_number, u_title, public, u_level, u_start, u_end, sheets, _pages in units
                    if u_number not in taken]
                if rows:
                    services.units_create(actor=actor, inventory=inventory, rows=rows)
                    counts["units"] += len(rows)
                counts["pages"] += _scan(actor, inventory, units)
    grants = _grant(users, archives)
    stdout.write(f"Holdings: {len(archives)} archives ({', '.join(a.code for a in archives)}); added "
                 f"{counts['fonds']} fonds, {counts['inventories']} inventories, {counts['units']} units, "
                 f"{counts['pages']} scanned pages, {grants} staff rights.")


def _scan(actor, inventory: Inventory, units: list) -> int:
    """Scanned pages for the units that have them, once (a unit with files is left as it is)."""
    made = 0
    wanted = {u[0]: u[7] for u in units if u[7]}
    if not wanted:
        return 0
    for unit in Unit.objects.with_codes().filter(inventory=inventory, number__in=list(wanted), digital_count=0):
        for page in range(1, wanted[unit.number] + 1):
            data = page_image(heading=unit.title, reference=unit.reference_code, page=page,
                              kazakh=_is_kazakh(unit.title), seed=unit.pk * 100 + page)
            services.digital_object_add(actor=actor, unit=unit, file=ContentFile(data, name=f"page-{page:03d}.jpg"),
                                        original_name=f"{unit.archive_id}-{unit.pk}-page-{page:03d}.jpg",
                                        page_order=page)
            made += 1
    return made
