"""Appraisal fixtures: three experts on archive A's commission (erlan chairs, dana is secretary),
a commission of archive B with its own expert, a retention schedule and an inventory to appraise."""
import datetime as dt

import pytest
from django.utils import translation

from appraisal import services
from appraisal.choices import CommissionKind
from appraisal.models import ScheduleArticle
from tests.factories import make_fonds, make_inventory, make_unit

from .factories import make_commission, make_expert, make_schedule


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service-level messages are checked in English; pages and the API answer in each user's
    language (the personas prefer Russian), and those tests check the Russian text."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def dana(db):
    return make_expert("dana")


@pytest.fixture
def marat(db):
    return make_expert("marat")


@pytest.fixture
def boris(db):
    """An expert who sits only on archive B's commission."""
    return make_expert("boris")


@pytest.fixture
def schedule(db):
    return make_schedule()


@pytest.fixture
def articles(schedule):
    return {a.number: a for a in ScheduleArticle.objects.filter(schedule=schedule)}


@pytest.fixture
def commission_a(adam, archive_a, erlan, dana, marat):
    return make_commission(actor=adam, archive=archive_a, chair=erlan, secretary=dana, members=[marat])


@pytest.fixture
def commission_b(adam, archive_b, boris):
    other = make_expert("bella")
    return make_commission(actor=adam, archive=archive_b, chair=boris, secretary=other, name="ЭПК архива Б")


@pytest.fixture
def central(adam):
    chair, secretary = make_expert("cc_chair"), make_expert("cc_secretary")
    return make_commission(actor=adam, archive=None, kind=CommissionKind.CENTRAL, chair=chair,
                           secretary=secretary, name="ЦЭПК")


@pytest.fixture
def inventory_a(archive_a, alice, articles):
    """Fonds 1, inventory 1 of archive A: five units, dated 1990-1992 (the first three under art. 12)."""
    fonds = make_fonds(archive_a, number="1", title="Акимат", actor=alice)
    inventory = make_inventory(fonds, number="1", title="Дела постоянного хранения", actor=alice)
    units = [make_unit(inventory, number=str(i), title=f"Переписка {i}", actor=alice, extent_sheets=10 + i,
                     date_start=dt.date(1990 + i % 3, 1, 1), date_end=dt.date(1990 + i % 3, 12, 31))
             for i in range(1, 6)]
    services.unit_articles_set(actor=alice, unit_ids=[u.pk for u in units[:3]], article=articles["12"])
    return inventory


@pytest.fixture
def case_a(alice, archive_a, commission_a, inventory_a):
    return services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a,
                                          title="Экспертиза описи 1", inventory=inventory_a)


def submit_and_review(case, alice, chair):
    services.appraisal_case_submit(actor=alice, case=case)
    services.appraisal_case_start_review(actor=chair, case=case)
    case.refresh_from_db()
    return case


@pytest.fixture
def case_under_review(case_a, alice, erlan):
    return submit_and_review(case_a, alice, erlan)
