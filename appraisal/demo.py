"""Demo appraisal: the retention schedule from docs/samples, an expert-verification commission of the
regional archive chaired by the demo `expert` (with `expert2` as secretary), an inventory of
temporary records, and one case over it submitted to the commission and awaiting its vote.

Idempotent: everything is looked up first (schedule by its order, commission and case by name,
fonds and inventory by number), so a second run adds nothing."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group

from accounts.choices import Role
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from holdings import access
from holdings import services as holdings_services
from holdings.choices import ArchiveKind, StaffRole
from holdings.models import Archive, Fonds, Inventory, Region, Unit

from . import services
from .choices import CaseStatus, CommissionKind
from .models import AppraisalCase, ExpertCommission, RetentionSchedule, ScheduleArticle

D = dt.date
ARCHIVE_CODE = "ALM-REG"  # made by holdings/demo.py; a small archive of our own stands in when it is absent
ORDER_NUMBER, ORDER_DATE = "263", D(2017, 9, 29)
COMMISSION_NAME = "Экспертно-проверочная комиссия Государственного архива Алматинской области"
COMMISSION_NAME_KK = "Алматы облысы мемлекеттік архивінің сараптау-тексеру комиссиясы"
CASE_TITLE = "Экспертиза ценности документов временного хранения облисполкома за 1986–1992 годы"
# number, title, start, end, sheets, article
UNITS = [
    ("1", "Переписка по административно-хозяйственным вопросам за 1986 год", D(1986, 1, 6), D(1986, 12, 29), 94, "158"),
    ("2", "Переписка по административно-хозяйственным вопросам за 1987 год", D(1987, 1, 5), D(1987, 12, 30), 118, "158"),
    ("3", "Әкімшілік-шаруашылық мәселелер бойынша бұйрықтар, 1988 жыл", D(1988, 1, 4), D(1988, 12, 28), 56, "19"),
    ("4", "Журнал регистрации входящих документов за 1989 год", D(1989, 1, 3), D(1989, 12, 29), 150, "230"),
    ("5", "Путевые листы автобазы облисполкома за 1990 год", D(1990, 1, 2), D(1990, 12, 31), 212, "540"),
    ("6", "Квартальные отчёты отделов облисполкома за 1991 год", D(1991, 3, 31), D(1991, 12, 31), 77, "89"),
    ("7", "Переписка по основной деятельности за 1991 год", D(1991, 1, 8), D(1991, 12, 27), 131, "157"),
    ("8", "Годовой отчёт о работе облисполкома за 1992 год", D(1992, 1, 15), D(1992, 12, 30), 48, "87"),
]


def _user(username: str, first: str, last: str) -> User:
    user, _created = User.objects.get_or_create(username=username, defaults={
        "email": f"{username}@demo.archive.kz", "first_name": first, "last_name": last, "email_confirmed": True,
        "is_active": True, "preferred_language": "ru"})
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(*Group.objects.filter(name=Role.EXPERT))
    return user


def _schedule(actor) -> RetentionSchedule:
    schedule = RetentionSchedule.objects.filter(order_number=ORDER_NUMBER, order_date=ORDER_DATE).first()
    if schedule is None:
        data = (settings.BASE_DIR / "docs" / "samples" / "retention_schedule.csv").read_bytes()
        report = services.retention_schedule_import(
            actor=actor, data=data, order_number=ORDER_NUMBER, order_date=ORDER_DATE,
            title_ru="Типовой перечень документов, образующихся в деятельности государственных и негосударственных "
                     "организаций, с указанием срока хранения",
            title_kk="Мемлекеттік және мемлекеттік емес ұйымдардың қызметінде түзілетін үлгілік құжаттардың "
                     "сақтау мерзімдері көрсетілген тізбесі",
            issued_by="Министр культуры и спорта Республики Казахстан")
        schedule = report.schedule
    return schedule


def _archive() -> Archive:
    archive = Archive.objects.filter(code=ARCHIVE_CODE).first()
    if archive is None:
        region, _created = Region.objects.get_or_create(code="ALM", defaults={
            "name_ru": "Алматинская область", "name_kk": "Алматы облысы", "name_en": "Almaty Region"})
        archive, _created = Archive.objects.get_or_create(code=ARCHIVE_CODE, defaults={
            "name_ru": "Государственный архив Алматинской области", "name_kk": "Алматы облысының мемлекеттік архиві",
            "name_en": "State Archive of Almaty Region", "kind": ArchiveKind.REGIONAL, "region": region})
    return archive


def _inventory(actor, archive: Archive, schedule: RetentionSchedule) -> Inventory:
    fonds = Fonds.objects.filter(archive=archive, number="45").first()
    if fonds is None:
        fonds = holdings_services.fonds_create(
            actor=actor, archive=archive, number="45", title="Исполнительный комитет Алма-Атинского областного "
            "Совета народных депутатов", date_start=D(1932, 3, 10), date_end=D(1991, 12, 31))
    inventory = Inventory.objects.filter(fonds=fonds, number="3").first()
    if inventory is None:
        inventory = holdings_services.inventory_create(
            actor=actor, fonds=fonds, number="3", title="Документы временного хранения за 1986–1992 годы",
            date_start=D(1986, 1, 1), date_end=D(1992, 12, 31))
    taken = set(Unit.objects.filter(inventory=inventory).values_list("number", flat=True))
    rows = [holdings_services.UnitData(number=n, title=t, date_start=s, date_end=e, extent_sheets=sheets)
            for n, t, s, e, sheets, _a in UNITS if n not in taken]
    if rows:
        holdings_services.units_create(actor=actor, inventory=inventory, rows=rows)
    articles = {a.number: a for a in ScheduleArticle.objects.filter(schedule=schedule)}
    by_number = dict(Unit.objects.filter(inventory=inventory).values_list("number", "id"))
    for n, _t, _s, _e, _sheets, article in UNITS:
        services.unit_articles_set(actor=actor, unit_ids=[by_number[n]], article=articles[article])
    return inventory


def seed(*, stdout) -> None:
    admin = User.objects.filter(username="admin").first()
    archivist = User.objects.filter(username="archivist").first()
    expert = User.objects.filter(username="expert").first()
    if archivist is None or expert is None:
        stdout.write("Appraisal: the demo users are missing; run the accounts seed first.")
        return
    expert2 = _user("expert2", "Дина", "Сарапшиева")
    schedule = _schedule(admin)
    archive = _archive()
    for user, role in ((archivist, StaffRole.ARCHIVIST), (expert, StaffRole.EXPERT), (expert2, StaffRole.EXPERT)):
        if str(role) not in access.staff_roles(user).get(archive.pk, set()):
            access.staff_grant(archive=archive, user=user, role=role, actor=admin)
    commission = ExpertCommission.objects.filter(name=COMMISSION_NAME).first()
    if commission is None:
        commission = services.commission_create(
            actor=admin or archivist, name=COMMISSION_NAME, name_kk=COMMISSION_NAME_KK, kind=CommissionKind.ARCHIVE,
            archive=archive,
            chair=expert, secretary=expert2, quorum_percent=50, quorum_min=2)
    inventory = _inventory(archivist, archive, schedule)
    case = AppraisalCase.objects.filter(archive=archive, title=CASE_TITLE).first()
    if case is None:
        case = services.appraisal_case_create(actor=archivist, archive=archive, commission=commission,
                                              title=CASE_TITLE, inventory=inventory)
    if case.status in (CaseStatus.DRAFT, CaseStatus.RETURNED):
        case = services.appraisal_case_submit(actor=archivist, case=case)
    stdout.write(f"Appraisal: schedule № {schedule.order_number} ({schedule.article_count} articles), commission "
                 f"«{commission.name}» (chair: expert, secretary: expert2), case {case.number} "
                 f"({case.unit_count} units) is {case.get_status_display()}; login expert2 / {DEMO_PASSWORD}.")
