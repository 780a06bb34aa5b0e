"""Synthetic national-scale holdings for benchmarks and trials (`manage.py generate_holdings`).

Realistic Russian and Kazakh titles, Kazakh and Russian personal names, dates from the 1920s on, and
the shares of access levels of a real national archive: mostly open, about 10% personal files with
public titles, a few per cent restricted or closed. Deterministic for a seed (the same seed on an
empty database gives the same holdings). Units are written through the bulk path
(holdings/bulkload.py: COPY and one INSERT ... SELECT per batch on PostgreSQL); fonds and
inventories through the services' bulk functions."""
from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from . import services
from .bulkload import Target, UnitStaging
from .choices import AccessLevel, ArchiveKind, FondsKind, InventoryStatus, Media, UnitAccessLevel
from .models import Archive, Fonds, Region, number_sort_key

UNITS_PER_FONDS = 369  # 27.5M units / 74,500 fonds

REGIONS = [  # ISO 3166-2:KZ code, Russian, Kazakh, English; genitive for "archive of ..."
    ("KZ-10", "Абайская область", "Абай облысы", "Abai Region", "Абайской области"),
    ("KZ-11", "Акмолинская область", "Ақмола облысы", "Akmola Region", "Акмолинской области"),
    ("KZ-15", "Актюбинская область", "Ақтөбе облысы", "Aktobe Region", "Актюбинской области"),
    ("KZ-19", "Алматинская область", "Алматы облысы", "Almaty Region", "Алматинской области"),
    ("KZ-23", "Атырауская область", "Атырау облысы", "Atyrau Region", "Атырауской области"),
    ("KZ-27", "Западно-Казахстанская область", "Батыс Қазақстан облысы", "West Kazakhstan Region",
     "Западно-Казахстанской области"),
    ("KZ-31", "Жамбылская область", "Жамбыл облысы", "Jambyl Region", "Жамбылской области"),
    ("KZ-33", "Жетысуская область", "Жетісу облысы", "Jetisu Region", "Жетысуской области"),
    ("KZ-35", "Карагандинская область", "Қарағанды облысы", "Karaganda Region", "Карагандинской области"),
    ("KZ-39", "Костанайская область", "Қостанай облысы", "Kostanay Region", "Костанайской области"),
    ("KZ-43", "Кызылординская область", "Қызылорда облысы", "Kyzylorda Region", "Кызылординской области"),
    ("KZ-47", "Мангистауская область", "Маңғыстау облысы", "Mangystau Region", "Мангистауской области"),
    ("KZ-55", "Павлодарская область", "Павлодар облысы", "Pavlodar Region", "Павлодарской области"),
    ("KZ-59", "Северо-Казахстанская область", "Солтүстік Қазақстан облысы", "North Kazakhstan Region",
     "Северо-Казахстанской области"),
    ("KZ-61", "Туркестанская область", "Түркістан облысы", "Turkistan Region", "Туркестанской области"),
    ("KZ-62", "Улытауская область", "Ұлытау облысы", "Ulytau Region", "Улытауской области"),
    ("KZ-63", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы", "East Kazakhstan Region",
     "Восточно-Казахстанской области"),
    ("KZ-71", "город Астана", "Астана қаласы", "Astana", "города Астаны"),
    ("KZ-75", "город Алматы", "Алматы қаласы", "Almaty", "города Алматы"),
    ("KZ-79", "город Шымкент", "Шымкент қаласы", "Shymkent", "города Шымкента"),
]
DISTRICTS = ["Аксуский", "Бурабайский", "Енбекшиказахский", "Жамбылский", "Зерендинский", "Илийский", "Карасайский",
             "Каркаралинский", "Катон-Карагайский", "Коргалжынский", "Мартукский", "Сарыагашский", "Талгарский",
             "Уланский", "Шетский", "Шуский", "Жанакорганский", "Казалинский", "Махамбетский", "Тупкараганский"]

SURNAMES_KK = ["Абенов", "Ахметов", "Байжанов", "Бекмуханов", "Жумабаев", "Жаксылыков", "Исмаилов", "Кенжебаев",
               "Калиев", "Мусин", "Нурпеисов", "Оспанов", "Сапаров", "Сулейменов", "Тлеубаев", "Утебаев",
               "Шайкенов", "Есенов", "Касымов", "Омаров", "Рахимов", "Серикбаев", "Тулегенов", "Байтурсынов",
               "Дуйсенов", "Ермеков", "Жандосов", "Избасаров", "Куанышев", "Мамбетов"]
SURNAMES_RU = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Васильев", "Новиков", "Фёдоров",
               "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов",
               "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
               "Яковлев", "Григорьев", "Романов"]
NAMES_M = ["Серик", "Нурлан", "Ерлан", "Бауыржан", "Асхат", "Кайрат", "Ержан", "Мурат", "Темирлан", "Аскар",
           "Иван", "Пётр", "Николай", "Алексей", "Сергей", "Владимир", "Виктор", "Михаил"]
NAMES_F = ["Айгерим", "Гульнара", "Салтанат", "Динара", "Жанар", "Асель", "Камила", "Мадина", "Аружан",
           "Мария", "Анна", "Елена", "Ольга", "Татьяна", "Наталья", "Галина"]
FATHERS = ["Ахмет", "Серик", "Нурлан", "Болат", "Ерлан", "Кайрат", "Мурат", "Асан", "Иван", "Пётр", "Сергей"]

ORGS_RU = ["областного исполнительного комитета", "управления сельского хозяйства", "отдела народного образования",
           "районного комитета", "треста «Казмедьстрой»", "совхоза «Жана жол»", "колхоза имени Абая",
           "управления здравоохранения", "горного комбината", "опытной сельскохозяйственной станции",
           "управления статистики", "педагогического института", "горисполкома", "управления культуры",
           "дорожно-строительного управления", "мелькомбината", "хлопкоочистительного завода"]
ORGS_KK = ["Облыстық атқару комитеті", "Аудандық әкімдік", "Ауыл шаруашылығы басқармасы", "Білім бөлімі",
           "Мәдениет басқармасы", "Денсаулық сақтау басқармасы", "Қалалық мәслихат", "Статистика басқармасы",
           "Жер қатынастары бөлімі", "Абай атындағы ұжымшар"]
TOPICS_RU = ["посевной кампании", "строительства жилья", "заготовки зерна", "развития животноводства",
             "борьбы с саранчой", "ликвидации неграмотности", "эвакуации населения", "освоения целинных земель",
             "электрификации сёл", "водоснабжения", "охраны памятников истории", "работы с кадрами",
             "переселения", "организации школ"]
TOPICS_KK = ["тың игеру", "егіс науқаны", "мал шаруашылығы", "мектеп құрылысы", "тұрғын үй құрылысы",
             "жер қатынастары", "кадр мәселелері", "мәдени мұра"]
EVENTS_RU = ["открытия Капчагайской ГЭС", "митинга на площади", "слёта целинников", "праздника Наурыз",
             "приезда делегации", "юбилея Абая", "открытия школы", "сдачи элеватора", "спортивных соревнований"]
EVENTS_KK = ["Наурыз мерекесі", "Абайдың мерейтойы", "мектептің ашылуы", "ақындар айтысы", "тың игерушілер слеті"]
# Words that occur only in closed records (never lapsing): the benchmark's "private word".
CLOSED_RU = ["Шифротелеграммы особого сектора", "Спецсообщения мобилизационного отдела",
             "Документы режимно-секретного отделения"]

LAST_DAY = dt.date(2024, 12, 31)


def _ordinal(year: int) -> int:
    return dt.date(year, 1, 1).toordinal()


MEDIA_SHARES = [(Media.PAPER, 0.86), (Media.PHOTO, 0.06), (Media.AUDIOVISUAL, 0.03), (Media.SOUND, 0.02),
                (Media.ELECTRONIC, 0.02), (Media.MICROFILM, 0.01)]


@dataclass
class Plan:
    """One inventory to generate: where it goes and how many units it holds."""

    archive: Archive
    fonds_number: str
    fonds_title: str
    fonds_level: str
    fonds_kind: str
    inventory_number: str
    inventory_title: str
    units: int
    years: tuple[int, int]


class Generator:
    def __init__(self, *, seed: int, archives: int, stdout=None):
        self.rng = random.Random(seed)
        self.archive_count = archives
        self.out = stdout

    # -------------------------------------------------------- reference data
    def regions(self) -> list[Region]:
        out = []
        for code, ru, kk, en, _gen in REGIONS:
            region, _created = Region.objects.get_or_create(code=code, defaults={"name_ru": ru, "name_kk": kk,
                                                                                 "name_en": en})
            out.append(region)
        return out

    def archives(self) -> list[Archive]:
        regions = self.regions()
        specs = [("PRES", ArchiveKind.PRESIDENTIAL, 18, "Архив Президента Республики Казахстан",
                  "Қазақстан Республикасы Президентінің Архиві", "Archive of the President", False),
                 ("CSA", ArchiveKind.CENTRAL, 17, "Центральный государственный архив Республики Казахстан",
                  "Қазақстан Республикасының Орталық мемлекеттік архиві", "Central State Archive", False),
                 ("CSAFD", ArchiveKind.SPECIALIZED, 18, "Центральный государственный архив кинофотодокументов и "
                  "звукозаписей", "Кинофотоқұжаттар мен дыбыс жазбаларының орталық мемлекеттік архиві",
                  "Central State Archive of Film, Photo and Sound Documents", False),
                 ("CSANTD", ArchiveKind.SPECIALIZED, 18, "Центральный государственный архив научно-технической "
                  "документации", "Ғылыми-техникалық құжаттаманың орталық мемлекеттік архиві",
                  "Central State Archive of Scientific and Technical Documentation", False)]
        for i, (code, _ru, kk, en, gen) in enumerate(REGIONS):
            kind = ArchiveKind.CITY if code in ("KZ-71", "KZ-75", "KZ-79") else ArchiveKind.REGIONAL
            specs.append((f"R{code[3:]}", kind, i, f"Государственный архив {gen}", f"{kk} мемлекеттік архиві",
                          f"State Archive of {en}", False))
        n = 0
        while len(specs) < self.archive_count:
            region_i = n % len(REGIONS)
            district = DISTRICTS[(n // len(REGIONS)) % len(DISTRICTS)]
            specs.append((f"D{n + 1:03d}", ArchiveKind.DISTRICT, region_i,
                          f"Архив {district} района ({REGIONS[region_i][1]}), {n + 1}",
                          f"{district} ауданының мұрағаты ({REGIONS[region_i][2]}), {n + 1}",
                          f"District archive {n + 1}, {REGIONS[region_i][3]}", True))
            n += 1
        out = []
        for code, kind, region_i, ru, kk, en, rural in specs[:self.archive_count]:
            archive, _created = Archive.objects.get_or_create(code=f"G-{code}", defaults={
                "kind": kind, "region": regions[region_i], "name_ru": ru[:300], "name_kk": kk[:300],
                "name_en": en[:300], "is_rural": rural})
            out.append(archive)
        return out

    # -------------------------------------------------------- the plan
    def plan(self, units: int, big_inventory: int = 0) -> list[Plan]:
        rng = self.rng
        archives = self.archives()
        weights = [40 if a.kind in (ArchiveKind.PRESIDENTIAL, ArchiveKind.CENTRAL) else
                   15 if a.kind in (ArchiveKind.SPECIALIZED, ArchiveKind.REGIONAL, ArchiveKind.CITY) else 1
                   for a in archives]
        next_number = {a.pk: self._next_fonds_number(a) for a in archives}
        plans: list[Plan] = []
        remaining = units
        if big_inventory:
            big = min(big_inventory, units)
            plans.extend(self._fonds_plans(archives[0], next_number, [big], big=True))
            remaining -= big
        fonds_count = max(1, round(remaining / UNITS_PER_FONDS)) if remaining else 0
        # Fonds sizes vary a lot (lognormal), scaled to the requested total.
        sizes = [rng.lognormvariate(0, 1.0) for _ in range(fonds_count)]
        scale = remaining / sum(sizes) if sizes else 0
        counts = [max(1, int(s * scale)) for s in sizes]
        drift = remaining - sum(counts)
        i = 0
        while drift != 0 and counts:
            step = 1 if drift > 0 else -1
            if counts[i % len(counts)] + step >= 1:
                counts[i % len(counts)] += step
                drift -= step
            i += 1
        for count in counts:
            archive = rng.choices(archives, weights)[0]
            inventories = 1 if count < 200 else rng.randint(1, 4)
            parts = [count // inventories] * inventories
            parts[0] += count - sum(parts)
            plans.extend(self._fonds_plans(archive, next_number, parts))
        return plans

    def _next_fonds_number(self, archive: Archive) -> int:
        top = Fonds.objects.filter(archive=archive).aggregate(m=Max("sort_key"))["m"] or 0
        return top // 1000 + 1

    def _fonds_plans(self, archive: Archive, next_number: dict, parts: list[int], big: bool = False) -> list[Plan]:
        rng = self.rng
        number = str(next_number[archive.pk])
        next_number[archive.pk] += 1
        start = rng.randint(1920, 2010)
        years = (start, min(2023, start + rng.randint(3, 40)))
        kazakh = rng.random() < 0.35
        kind = FondsKind.PERSONAL if rng.random() < 0.05 else FondsKind.INSTITUTION
        if kind == FondsKind.PERSONAL:
            title = f"Личный фонд {self._person(rng.random() < 0.5)[0]}"
        elif kazakh:
            title = f"{rng.choice(ORGS_KK)} ({REGIONS[rng.randrange(len(REGIONS))][2]})"
        else:
            title = f"Фонд {rng.choice(ORGS_RU)} ({REGIONS[rng.randrange(len(REGIONS))][1]})".capitalize()
        if big:
            title = "Управление статистики: первичные документы переписи населения"
        level = AccessLevel.CLOSED if (not big and rng.random() < 0.01) else AccessLevel.OPEN
        out = []
        for j, count in enumerate(parts, start=1):
            inv_title = (f"Опись дел постоянного хранения за {years[0]}-{years[1]} годы" if not kazakh else
                         f"{years[0]}-{years[1]} жылдардағы тұрақты сақталатын істер тізімдемесі")
            if j > 1:
                inv_title = f"{inv_title} ({j})"
            out.append(Plan(archive, number, title, level, kind, str(j), inv_title, count, years))
        return out

    # -------------------------------------------------------- titles
    def _person(self, kazakh: bool) -> tuple[str, str]:
        """A person's full name, in a Russian and in a Kazakh form."""
        rnd = self.rng.random
        female = rnd() < 0.4
        surnames = SURNAMES_KK if kazakh else SURNAMES_RU
        names = NAMES_F if female else NAMES_M
        surname = surnames[int(rnd() * len(surnames))]
        name = names[int(rnd() * len(names))]
        father = FATHERS[int(rnd() * len(FATHERS))]
        if female:
            return f"{surname}а {name} {father}овна", f"{surname}а {name} {father}қызы"
        return f"{surname} {name} {father}ович", f"{surname} {name} {father}ұлы"

    def unit(self, plan: Plan, n: int) -> tuple:
        """(title, public title, own level, restricted_until, personal, media, start, end, sheets, duration)."""
        # random() and index arithmetic rather than choice()/randint(): this runs once per unit.
        rnd = self.rng.random

        def pick(seq):
            return seq[int(rnd() * len(seq))]

        r = rnd()
        y0, y1 = plan.years
        start = dt.date.fromordinal(_ordinal(y0) + int(rnd() * (_ordinal(y1 + 1) - _ordinal(y0))))
        end = min(start + dt.timedelta(days=1 + int(rnd() * 3 * 365)), LAST_DAY)
        media = Media.PAPER
        m = rnd()
        for value, share in MEDIA_SHARES:
            if m < share:
                media = value
                break
            m -= share
        kazakh = rnd() < 0.35
        level, restricted_until, personal, public = UnitAccessLevel.INHERIT, None, False, ""
        if r < 0.10:
            ru, kk = self._person(kazakh)
            title = f"Жеке іс: {kk}" if kazakh else f"Личное дело: {ru}"
            public = (f"{pick(ORGS_KK)} қызметкерінің жеке ісі" if kazakh
                      else f"Личное дело работника {pick(ORGS_RU)}")
            level, personal, media = UnitAccessLevel.PERSONAL, True, Media.PAPER
        elif r < 0.13:
            title = f"Переписка по вопросам {pick(TOPICS_RU)} (для служебного пользования), {start.year}"
            level = UnitAccessLevel.RESTRICTED
            restricted_until = end.replace(year=min(end.year + 50, 2200), day=min(end.day, 28))
        elif r < 0.15:
            title = f"{pick(CLOSED_RU)} {pick(ORGS_RU)}, {start.year}"
            level, media = UnitAccessLevel.CLOSED, Media.PAPER
        elif media == Media.PHOTO:
            title = f"{pick(EVENTS_KK)} фотосуреттері" if kazakh else f"Фотографии {pick(EVENTS_RU)}"
        elif media in (Media.AUDIOVISUAL, Media.SOUND):
            title = (f"{pick(EVENTS_KK)}: бейнежазба" if kazakh else
                     f"{'Кинохроника' if media == Media.AUDIOVISUAL else 'Звукозапись'} {pick(EVENTS_RU)}")
        elif kazakh:
            k = int(rnd() * 4)
            if k == 0:
                title = f"{pick(ORGS_KK)} {start.year} жылғы бұйрықтары"
            elif k == 1:
                title = f"{pick(ORGS_KK)} отырыстарының хаттамалары, {start.year}"
            elif k == 2:
                title = f"{pick(TOPICS_KK)} мәселелері бойынша хат-хабар"
            else:
                title = f"{start.year} жылғы жылдық есеп: {pick(TOPICS_KK)}"
        else:
            k = int(rnd() * 5)
            if k == 0:
                title = f"Приказы {pick(ORGS_RU)} по основной деятельности за {start.year} год"
            elif k == 1:
                title = f"Протоколы заседаний {pick(ORGS_RU)} № {n}-{n + 1 + int(rnd() * 30)}"
            elif k == 2:
                title = f"Переписка с министерством по вопросам {pick(TOPICS_RU)}"
            elif k == 3:
                title = f"Годовой отчёт {pick(ORGS_RU)} о ходе {pick(TOPICS_RU)} за {start.year} год"
            else:
                title = f"Штатное расписание {pick(ORGS_RU)} на {start.year} год"
        sheets = 3 + int(rnd() * 398) if media in (Media.PAPER, Media.MICROFILM, Media.PHOTO) else None
        duration = 60 + int(rnd() * 7141) if media in (Media.AUDIOVISUAL, Media.SOUND) else None
        return title, public, level, restricted_until, personal, media, start, end, sheets, duration

    # -------------------------------------------------------- writing
    def run(self, *, units: int, batch: int = 100_000, big_inventory: int = 0,
            log: Callable[[str], None] | None = None) -> dict:
        log = log or (lambda s: None)
        started = time.perf_counter()
        plans = self.plan(units, big_inventory)
        log(f"plan: {len(plans)} inventories in {len({(p.archive.pk, p.fonds_number) for p in plans})} fonds, "
            f"{len({p.archive.pk for p in plans})} archives")
        written, row_no, i = 0, 0, 0
        carry: tuple[int, int] | None = None  # (plan index, units of it already written)
        fonds_by_key: dict[tuple[int, str], Fonds] = {}
        targets: dict[tuple[str, str], Target] = {}
        while i < len(plans):
            with transaction.atomic():
                # The inventories (and fonds) this batch touches, created in bulk first.
                room, j, done_in_first = batch, i, carry[1] if carry else 0
                needed = []
                while j < len(plans) and room > 0:
                    needed.append(j)
                    room -= plans[j].units - (done_in_first if j == i else 0)
                    j += 1
                self._create_structure([plans[k] for k in needed], fonds_by_key, targets)
                with UnitStaging() as staging:
                    count = 0
                    while i < len(plans) and count < batch:
                        plan = plans[i]
                        key = self._key(plan, fonds_by_key)
                        first = carry[1] if carry and carry[0] == i else 0
                        take = min(plan.units - first, batch - count)
                        for n in range(first + 1, first + take + 1):
                            title, public, level, until, personal, media, start, end, sheets, duration = \
                                self.unit(plan, n)
                            row_no += 1
                            staging.write((row_no, key[0], key[1], str(n), number_sort_key(str(n)), title, public,
                                           start, end, sheets, duration, media, level, until, personal, "", ""))
                        count += take
                        if first + take < plan.units:
                            carry = (i, first + take)
                        else:
                            carry = None
                            i += 1
                    written += staging.insert(actor=None, targets=targets, locations={}, source="generate_holdings")
            elapsed = time.perf_counter() - started
            log(f"{written:,} units written, {written / elapsed:,.0f} units/s")
        elapsed = time.perf_counter() - started
        return {"units": written, "seconds": elapsed, "rate": written / elapsed if elapsed else 0,
                "inventories": len(plans)}

    def _key(self, plan: Plan, fonds_by_key: dict) -> tuple[str, str]:
        fonds = fonds_by_key[(plan.archive.pk, plan.fonds_number)]
        return (str(fonds.pk), plan.inventory_number)

    def _create_structure(self, plans: list[Plan], fonds_by_key: dict, targets: dict) -> None:
        new_fonds: dict[int, list[dict]] = {}
        planned: set[tuple[int, str]] = set()
        for p in plans:
            if (p.archive.pk, p.fonds_number) not in fonds_by_key and (p.archive.pk, p.fonds_number) not in planned:
                planned.add((p.archive.pk, p.fonds_number))
                new_fonds.setdefault(p.archive.pk, []).append({
                    "number": p.fonds_number, "title": p.fonds_title, "access_level": p.fonds_level,
                    "kind": p.fonds_kind, "date_start": dt.date(p.years[0], 1, 1),
                    "date_end": dt.date(p.years[1], 12, 31)})
        archives = {p.archive.pk: p.archive for p in plans}
        for archive_id, items in new_fonds.items():
            for fonds in services.fonds_create_many(actor=None, archive=archives[archive_id], items=items):
                fonds_by_key[(archive_id, fonds.number)] = fonds
        new_inventories: list[dict] = []
        keys: set[tuple[str, str]] = set()
        for p in plans:
            fonds = fonds_by_key[(p.archive.pk, p.fonds_number)]
            key = (str(fonds.pk), p.inventory_number)
            if key not in targets and key not in keys:
                keys.add(key)
                new_inventories.append({"key": key, "fonds": fonds, "number": p.inventory_number,
                                        "title": p.inventory_title, "approval_status": InventoryStatus.APPROVED,
                                        "date_start": dt.date(p.years[0], 1, 1),
                                        "date_end": dt.date(p.years[1], 12, 31)})
        created = services.inventories_create_many(actor=None, items=[
            {k: v for k, v in item.items() if k != "key"} for item in new_inventories])
        for item, inv in zip(new_inventories, created, strict=True):
            fonds = item["fonds"]
            targets[item["key"]] = Target(inventory_id=inv.pk, fonds_id=fonds.pk, archive_id=fonds.archive_id,
                                          inventory_level=inv.access_level, fonds_level=fonds.access_level)


def estimate_fonds(units: int) -> int:
    return max(1, math.ceil(units / UNITS_PER_FONDS))


def write_import_csv(path, *, units: int, seed: int = 1, fonds: int = 10, inventories_per_fonds: int = 2,
                     first_fonds_number: int = 90001) -> int:
    """A CSV file in the importer's columns with `units` synthetic units spread over new fonds and
    inventories (for benchmarks and trials of the import). Returns the number of rows written."""
    import csv

    generator = Generator(seed=seed, archives=1)
    rng = generator.rng
    inventories = fonds * inventories_per_fonds
    per_inventory = [units // inventories] * inventories
    per_inventory[0] += units - sum(per_inventory)
    header = ["fonds_number", "fonds_title", "inventory_number", "inventory_title", "unit_number", "title",
              "public_title", "date_start", "date_end", "sheets", "duration", "media", "access_level",
              "restricted_until", "personal_data", "location", "annotation"]
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        k = 0
        for f in range(fonds):
            start = rng.randint(1920, 2000)
            fonds_title = f"Фонд {rng.choice(ORGS_RU)} ({REGIONS[rng.randrange(len(REGIONS))][1]})".capitalize()
            for i in range(inventories_per_fonds):
                plan = Plan(None, str(first_fonds_number + f), fonds_title, AccessLevel.OPEN, FondsKind.INSTITUTION,
                            str(i + 1), f"Опись дел постоянного хранения, часть {i + 1}", per_inventory[k],
                            (start, start + 20))
                for n in range(1, plan.units + 1):
                    title, public, level, until, personal, media, d0, d1, sheets, duration = generator.unit(plan, n)
                    first = n == 1
                    writer.writerow([plan.fonds_number, fonds_title if first and i == 0 else "",
                                     plan.inventory_number, plan.inventory_title if first else "", n, title, public,
                                     d0.isoformat(), d1.isoformat(), sheets or "", duration or "", media,
                                     "" if level == UnitAccessLevel.INHERIT else level,
                                     until.isoformat() if until else "", "yes" if personal else "no",
                                     "", ""])
                    written += 1
                k += 1
    return written
