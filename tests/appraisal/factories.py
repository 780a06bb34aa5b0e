"""Appraisal test data, made through the services as in production."""
import datetime as dt

from accounts.choices import Role
from appraisal import services
from appraisal.choices import CommissionKind
from appraisal.models import ExpertCommission, RetentionSchedule
from tests.factories import UserFactory

SAMPLE_CSV = """article;document_type_ru;document_type_kk;retention;notes
1;Приказы по основной деятельности;Негізгі қызмет бойынша бұйрықтар;permanent;
12;Переписка по хозяйственным вопросам;Шаруашылық мәселелері бойынша хат алмасу;5;
45;Годовые планы работы;Жылдық жұмыс жоспарлары;10 ЭПК;Подлинники в архиве
"""


def make_expert(username: str) -> object:
    return UserFactory(username=username, roles=[Role.EXPERT])


def make_schedule(*, actor=None, csv: str = SAMPLE_CSV, order_number: str = "263",
                  order_date: dt.date = dt.date(2017, 9, 29), current: bool = True) -> RetentionSchedule:
    report = services.retention_schedule_import(
        actor=actor, data=csv, title_ru="Типовой перечень документов", title_kk="Құжаттардың үлгілік тізбесі",
        order_number=order_number, order_date=order_date, make_current=current)
    assert report.ok, report.errors
    return report.schedule


def make_commission(*, actor, archive, chair, secretary, members=(), kind: str = CommissionKind.ARCHIVE,
                    name: str = "ЭПК архива", quorum_percent: int = 50, quorum_min: int = 2) -> ExpertCommission:
    return services.commission_create(actor=actor, name=name, kind=kind, archive=archive, chair=chair,
                                      secretary=secretary, members=members, quorum_percent=quorum_percent,
                                      quorum_min=quorum_min)
