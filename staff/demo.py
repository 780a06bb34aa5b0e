"""Demo data of the staff app: positions, the 25% rule, staff with salaries in rural and urban archives,
training records and a regional administrator. Idempotent: a second run adds nothing.

It uses the archives holdings' demo created; when there are none (yet), it makes two small ones
(DEMO-RURAL-1 in region DEMO-R1, DEMO-CITY-1 in region DEMO-R2) with get_or_create, so a later
holdings seed does not clash."""
import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group

from accounts.choices import Role
from accounts.models import User
from accounts.validators import control_digit
from holdings.models import Archive, Region

from . import services
from .choices import PositionCategory
from .models import AdministratorScope, AllowanceRule, Position, StaffMember, TrainingRecord

DEMO_PASSWORD = "demo12345"
RULE_FROM = dt.date(2024, 1, 1)

POSITIONS = [
    # (ru, kk, specialist, category)
    ("Директор архива", "Мұрағат директоры", True, PositionCategory.MANAGEMENT),
    ("Ведущий архивист", "Жетекші мұрағатшы", True, PositionCategory.CORE),
    ("Архивист", "Мұрағатшы", True, PositionCategory.CORE),
    ("Специалист по оцифровке", "Цифрландыру жөніндегі маман", True, PositionCategory.CORE),
    ("Реставратор", "Қалпына келтіруші", True, PositionCategory.CORE),
    ("Бухгалтер", "Бухгалтер", False, PositionCategory.ADMINISTRATIVE),
    ("Водитель", "Жүргізуші", False, PositionCategory.SUPPORT),
]

# (last name, first name, patronymic, position ru, rate, base salary, employed from)
RURAL_STAFF = [
    ("Асанова", "Айгерим", "Серікқызы", "Директор архива", "1", "310000", dt.date(2019, 3, 1)),
    ("Нұрланов", "Ерлан", "Бақытұлы", "Ведущий архивист", "1", "245000", dt.date(2021, 9, 1)),
    ("Жақсыбекова", "Гүлнар", "Маратқызы", "Архивист", "0.5", "198000", dt.date(2023, 2, 15)),
    ("Омаров", "Данияр", "Асқарұлы", "Водитель", "1", "160000", dt.date(2020, 6, 1)),
]
CITY_STAFF = [
    ("Ким", "Ольга", "Викторовна", "Ведущий архивист", "1", "265000", dt.date(2018, 4, 2)),
    ("Сейітова", "Әсел", "Нұрболқызы", "Специалист по оцифровке", "1", "230000", dt.date(2022, 1, 10)),
    ("Иванов", "Сергей", "Петрович", "Бухгалтер", "1", "240000", dt.date(2017, 8, 1)),
]
RAISE = ("Нұрланов", dt.date(2025, 1, 16), "275000", "Приказ № 12-к от 10.01.2025")
TRAININGS = [
    ("Асанова", "Электронный архив: приём документов от информационных систем", "Национальный архив",
     dt.date(2025, 2, 3), dt.date(2025, 2, 14), 72, "КП-2025-0117"),
    ("Нұрланов", "Экспертиза ценности документов", "Институт повышения квалификации",
     dt.date(2024, 10, 7), dt.date(2024, 10, 11), 36, "ЭЦ-2024-0931"),
    ("Ким", "Оцифровка и консервация фотодокументов", "Центральный государственный архив",
     dt.date(2025, 3, 10), dt.date(2025, 3, 21), 80, ""),
]


def demo_iin(archive_index: int, person_index: int) -> str:
    """A valid 12-digit IIN, stable for the same demo person."""
    serial = archive_index * 100 + person_index
    while True:
        first = f"8{archive_index % 10}0101{3 + person_index % 2}{serial:04d}"
        check = control_digit(first)
        if check is not None:
            return first + str(check)
        serial += 7


def _demo_archives() -> tuple[list[Archive], list[Archive], list[str]]:
    created = []
    rural = list(Archive.objects.filter(is_rural=True).select_related("region").order_by("code")[:3])
    urban = list(Archive.objects.filter(is_rural=False).select_related("region").order_by("code")[:2])
    if not rural:
        region, _ = Region.objects.get_or_create(code="DEMO-R1", defaults={
            "name_ru": "Демонстрационная область 1", "name_kk": "Демонстрациялық облыс 1", "name_en": "Demo region 1"})
        archive, _ = Archive.objects.get_or_create(code="DEMO-RURAL-1", defaults={
            "name_ru": "Сельский районный архив (демо)", "name_kk": "Аудандық ауылдық мұрағат (демо)",
            "name_en": "Rural district archive (demo)", "kind": "district", "region": region, "is_rural": True})
        rural, created = [archive], [*created, archive.code]
    if not urban:
        region, _ = Region.objects.get_or_create(code="DEMO-R2", defaults={
            "name_ru": "Демонстрационная область 2", "name_kk": "Демонстрациялық облыс 2", "name_en": "Demo region 2"})
        archive, _ = Archive.objects.get_or_create(code="DEMO-CITY-1", defaults={
            "name_ru": "Городской архив (демо)", "name_kk": "Қалалық мұрағат (демо)", "name_en": "City archive (demo)",
            "kind": "city", "region": region, "is_rural": False})
        urban, created = [archive], [*created, archive.code]
    return rural, urban, created


def seed(*, stdout) -> None:
    positions = {}
    for ru, kk, specialist, category in POSITIONS:
        positions[ru], _ = Position.objects.get_or_create(
            title_ru=ru, defaults={"title_kk": kk, "is_specialist": specialist, "category": category})
    if not AllowanceRule.objects.filter(valid_from=RULE_FROM).exists():
        services.allowance_rule_set(
            actor=None, valid_from=RULE_FROM, percent=Decimal("25"), specialists_only=True, rural_only=True,
            name_ru="Надбавка специалистам сельских архивов", name_kk="Ауылдық мұрағаттар мамандарына үстемеақы",
            basis="Закон об архивах: 25% к базовому окладу специалистам сельских архивов")

    rural, urban, created = _demo_archives()
    members: dict[str, StaffMember] = {}
    added = 0
    for a_index, (archive, people) in enumerate([(a, RURAL_STAFF) for a in rural] + [(a, CITY_STAFF) for a in urban]):
        for p_index, (last, first, middle, position, rate, salary, start) in enumerate(people):
            member = StaffMember.objects.filter(archive=archive, last_name=last, first_name=first,
                                                employment_start=start).first()
            if member is None:
                iin = demo_iin(a_index, p_index)
                member = services.staff_member_create(
                    actor=None, last_name=last, first_name=first, middle_name=middle, iin=iin, archive=archive,
                    position=positions[position], rate=Decimal(rate), employment_start=start,
                    base_salary=Decimal(salary), basis="Приказ о приёме")
                added += 1
            members.setdefault(last, member)

    last, valid_from, salary, basis = RAISE
    if last in members and not members[last].salaries.filter(valid_from=valid_from).exists():
        services.salary_set(actor=None, member=members[last], valid_from=valid_from, base_salary=Decimal(salary),
                            basis=basis)
    for last, program, provider, start, end, hours, number in TRAININGS:
        if last in members and not TrainingRecord.objects.filter(staff_member=members[last], program=program).exists():
            services.training_record_create(actor=None, member=members[last], program=program, provider=provider,
                                            start_date=start, end_date=end, hours=hours, certificate_number=number)

    # A regional administrator for the first rural archive's region.
    regional, _ = User.objects.get_or_create(username="admin_region", defaults={
        "email": "admin_region@demo.archive.kz", "first_name": "Бауыржан", "last_name": "Облысов",
        "email_confirmed": True, "is_active": True})
    regional.set_password(DEMO_PASSWORD)
    regional.save()
    regional.groups.add(*Group.objects.filter(name=Role.ADMINISTRATOR))
    AdministratorScope.objects.update_or_create(user=regional, defaults={"region": rural[0].region})

    note = f" (created archives: {', '.join(created)})" if created else ""
    stdout.write(f"Staff: {added} staff members added in {len(rural)} rural and {len(urban)} urban archives{note}; "
                 f"regional administrator admin_region (password {DEMO_PASSWORD}) for region {rural[0].region.code}.")
