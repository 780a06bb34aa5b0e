"""The rules of appraisal: early units only with the central commission, nothing valuable destroyed,
a unit in one open case at a time (service and database), scope within one archive."""
import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from appraisal import services
from appraisal.choices import CaseStatus, Outcome, VoteDecision
from appraisal.models import CaseUnit
from holdings import services as holdings_services
from holdings.models import Unit
from tests.factories import make_fonds, make_inventory, make_tree, make_unit

from .conftest import submit_and_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def early_inventory(archive_a, alice, articles):
    """Units of 1938-1944 under art. 12 (5 years): their term ran out long ago."""
    fonds = make_fonds(archive_a, number="7", title="Райисполком", actor=alice)
    inventory = make_inventory(fonds, number="1", title="Переписка 1938-1944", actor=alice)
    units = [make_unit(inventory, number=str(i), title=f"Переписка {1937 + i}", actor=alice,
                       date_start=dt.date(1937 + i, 1, 1), date_end=dt.date(1937 + i, 12, 31)) for i in range(1, 8)]
    services.inventory_article_set(actor=alice, inventory=inventory, article=articles["12"])
    return inventory, units


def _rows(case):
    return {cu.unit.number: cu for cu in CaseUnit.objects.filter(case=case).select_related("unit")}


def test_early_units_are_not_prefilled_for_destruction_without_central(early_inventory, alice, archive_a,
                                                                        commission_a):
    inventory, units = early_inventory
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="Ранние",
                                          inventory=inventory)
    rows = _rows(case)
    # 1938-1945 are before 1946: prefilled as temporary, not destroy.
    assert {rows[n].outcome for n in rows} == {Outcome.TEMPORARY}
    with pytest.raises(services.AppraisalError,
                       match="before 1946 can be proposed for destruction only to the central commission"):
        services.appraisal_case_proposals_set(actor=alice, case=case, case_unit_ids=[rows["1"].pk],
                                              outcome=Outcome.DESTROY)
    assert CaseUnit.objects.get(pk=rows["1"].pk).outcome == Outcome.TEMPORARY  # nothing half-written


def test_central_commission_may_destroy_early_units(early_inventory, alice, archive_a, central):
    inventory, _units = early_inventory
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=central, title="Ранние",
                                          inventory=inventory)
    assert {cu.outcome for cu in CaseUnit.objects.filter(case=case)} == {Outcome.DESTROY}
    services.appraisal_case_submit(actor=alice, case=case)


def test_moving_an_early_destruction_case_away_from_central_is_refused(early_inventory, alice, archive_a, central,
                                                                       commission_a):
    inventory, _units = early_inventory
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=central, title="Ранние",
                                          inventory=inventory)
    with pytest.raises(services.AppraisalError, match="central commission"):
        services.appraisal_case_update(actor=alice, case=case, commission=commission_a)
    case.refresh_from_db()
    assert case.commission == central


@override_settings(APPRAISAL_CENTRAL_BEFORE_YEAR=1992)
def test_cut_off_year_is_a_setting(case_a, alice):
    rows = _rows(case_a)
    with pytest.raises(services.AppraisalError, match="before 1992"):
        services.appraisal_case_proposals_set(actor=alice, case=case_a, case_unit_ids=[rows["1"].pk],
                                              outcome=Outcome.DESTROY)


def test_unit_without_start_date_is_judged_by_its_end_date(archive_a, alice, commission_a, articles):
    _f, inventory, _u = make_tree(archive_a, units=0)
    unit = make_unit(inventory, "1", "Без начальной даты", date_end=dt.date(1945, 6, 1))
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="X",
                                          unit_ids=[unit.pk])
    row = CaseUnit.objects.get(case=case)
    with pytest.raises(services.AppraisalError, match="before 1946"):
        services.appraisal_case_proposals_set(actor=alice, case=case, case_unit_ids=[row.pk],
                                              outcome=Outcome.DESTROY, article=articles["12"])


@pytest.mark.parametrize("category", ["especially_valuable", "unique"])
def test_valuable_units_cannot_be_proposed_for_destruction(case_a, alice, category):
    rows = _rows(case_a)
    holdings_services.unit_update(actor=alice, unit=rows["4"].unit, value_category=category)
    with pytest.raises(services.AppraisalError, match="Especially valuable and unique units cannot be proposed"):
        services.appraisal_case_proposals_set(actor=alice, case=case_a, case_unit_ids=[rows["4"].pk],
                                              outcome=Outcome.DESTROY)
    # Nor can the case itself call a unit valuable and destroy it.
    with pytest.raises(services.AppraisalError, match="F. 1, Inv. 1, U. 1"):
        services.appraisal_case_proposals_set(actor=alice, case=case_a, case_unit_ids=[rows["1"].pk],
                                              value_category=category)


def test_valuable_unit_is_not_prefilled_for_destruction(archive_a, alice, commission_a, articles):
    _f, inventory, _u = make_tree(archive_a, units=0)
    unit = make_unit(inventory, "1", "Ценное", value_category="unique", date_start=dt.date(1990, 1, 1),
                     date_end=dt.date(1990, 12, 31))
    services.unit_articles_set(actor=alice, unit_ids=[unit.pk], article=articles["12"])
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="X",
                                          inventory=inventory)
    assert CaseUnit.objects.get(case=case).outcome == Outcome.TEMPORARY


def test_value_category_assigned_by_the_case(case_under_review, alice, erlan, dana, archive_a):
    rows = _rows(case_under_review)
    case = case_under_review
    services.appraisal_case_return(actor=erlan, case=case, comment="Отметьте уникальные")
    services.appraisal_case_proposals_set(actor=alice, case=case, case_unit_ids=[rows["4"].pk],
                                          value_category="unique")
    services.appraisal_case_proposals_set(actor=alice, case=case, case_unit_ids=[rows["5"].pk],
                                          value_category="especially_valuable")
    case = submit_and_review(case, alice, erlan)
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case, decision=VoteDecision.APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case)
    assert dict(Unit.objects.filter(pk__in=[rows["4"].unit_id, rows["5"].unit_id]).values_list(
        "number", "value_category")) == {"4": "unique", "5": "especially_valuable"}


# ---------------------------------------------------------------- one open case per unit
def test_unit_in_two_open_cases_refused_by_the_service(case_a, alice, archive_a, commission_a):
    unit = CaseUnit.objects.filter(case=case_a).first().unit
    with pytest.raises(services.AppraisalError, match=r"already in another open case: F\. 1, Inv\. 1, U\. \d"):
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="Второе",
                                       unit_ids=[unit.pk])


def test_unit_in_two_open_cases_refused_by_the_database(case_a, alice, archive_a, commission_a):
    fonds, inventory, units = make_tree(archive_a, units=1)
    other = services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="Другое",
                                           unit_ids=[units[0].pk])
    busy = CaseUnit.objects.filter(case=case_a).first().unit
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseUnit.objects.create(case=other, unit=busy, outcome=Outcome.PERMANENT)


def test_units_are_free_again_once_the_case_is_decided(case_under_review, alice, erlan, dana, archive_a,
                                                       commission_a):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision=VoteDecision.APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    rows = _rows(case_under_review)
    # Kept units may be appraised again; units awaiting destruction stay locked to the act.
    services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="Повторно",
                                   unit_ids=[rows["4"].unit_id])
    with pytest.raises(services.AppraisalError, match="another open case"):
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="Повторно",
                                       unit_ids=[rows["1"].unit_id])


def test_scope_stays_in_one_archive(case_a, alice, archive_a, archive_b, bob, commission_a, commission_b):
    _f, inventory_b, units_b = make_tree(archive_b, units=1)
    with pytest.raises(services.AppraisalError, match="another archive"):
        services.appraisal_case_units_add(actor=alice, case=case_a, unit_ids=[units_b[0].pk])
    with pytest.raises(services.AppraisalError, match="another archive"):
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="X",
                                       inventory=inventory_b)
    with pytest.raises(services.AppraisalError, match="does not serve this archive"):
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_b, title="X",
                                       unit_ids=[units_b[0].pk])
    with pytest.raises(services.AppraisalPermissionError):
        services.appraisal_case_create(actor=bob, archive=archive_a, commission=commission_a, title="X",
                                       unit_ids=[units_b[0].pk])


def test_destroyed_units_cannot_be_appraised(archive_a, alice, commission_a):
    _f, _inv, units = make_tree(archive_a, units=2)
    holdings_services.units_mark_destroyed(actor=alice, unit_ids=[units[0].pk], act_reference="old act")
    with pytest.raises(services.AppraisalError, match="Only extant units"):
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="X",
                                       unit_ids=[units[0].pk])


def test_empty_inventory_refused_and_nothing_left_behind(archive_a, alice, commission_a):
    from appraisal.models import AppraisalCase

    _f, inventory, _u = make_tree(archive_a, units=0)
    with pytest.raises(services.AppraisalError, match="no extant units"):
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="X",
                                       inventory=inventory)
    assert not AppraisalCase.objects.exists()


def test_temporary_needs_years(case_a, alice, articles):
    row = CaseUnit.objects.filter(case=case_a, unit__number="4").get()
    with pytest.raises(services.AppraisalError, match="number of years"):
        services.appraisal_case_proposals_set(actor=alice, case=case_a, case_unit_ids=[row.pk],
                                              outcome=Outcome.TEMPORARY)
    services.appraisal_case_proposals_set(actor=alice, case=case_a, case_unit_ids=[row.pk],
                                          outcome=Outcome.TEMPORARY, article=articles["45"])
    row.refresh_from_db()
    assert (row.retention_years, row.article.number) == (10, "45")


# ---------------------------------------------------------------- commissions
def test_commission_members_must_be_experts(adam, archive_a, erlan, carol):
    with pytest.raises(services.AppraisalError, match="Only appraisal experts"):
        services.commission_create(actor=adam, name="X", kind="archive", archive=archive_a, chair=erlan,
                                   secretary=erlan, members=[carol])


def test_commission_set_up_by_archivist_of_its_archive_only(alice, bob, archive_a, erlan, dana):
    services.commission_create(actor=alice, name="ЭК", kind="archive", archive=archive_a, chair=erlan,
                               secretary=dana)
    with pytest.raises(services.AppraisalPermissionError):
        services.commission_create(actor=bob, name="ЭК", kind="archive", archive=archive_a, chair=erlan,
                                   secretary=dana)
    with pytest.raises(services.AppraisalPermissionError):
        services.commission_create(actor=alice, name="ЦЭПК", kind="central", archive=None, chair=erlan,
                                   secretary=dana)


def test_new_member_sees_submitted_cases_and_removed_member_loses_open_ones(case_a, alice, adam, commission_a,
                                                                            marat):
    from appraisal import selectors
    from tests.appraisal.factories import make_expert

    services.appraisal_case_submit(actor=alice, case=case_a)
    newcomer = make_expert("newcomer")
    services.commission_member_add(actor=adam, commission=commission_a, user=newcomer)
    assert selectors.cases_for(newcomer).filter(pk=case_a.pk).exists()
    services.commission_member_remove(actor=adam, commission=commission_a, user=marat)
    assert not selectors.cases_for(marat).filter(pk=case_a.pk).exists()
    with pytest.raises(services.AppraisalError, match="Appoint another chair"):
        services.commission_member_remove(actor=adam, commission=commission_a, user=commission_a.chair)


def test_status_is_draft_after_create(case_a):
    assert case_a.status == CaseStatus.DRAFT


def test_returned_case_moved_to_another_commission_leaves_the_old_one(case_a, alice, erlan, marat, central,
                                                                      web_client, api_client):
    """The old commission's members lose the case when it goes to another commission; the new one's
    members get it when it is submitted to them."""
    services.appraisal_case_submit(actor=alice, case=case_a)
    services.appraisal_case_return(actor=erlan, case=case_a, comment="Это для ЦЭПК")
    assert web_client(erlan).get(f"/office/appraisal/cases/{case_a.pk}/").status_code == 200
    services.appraisal_case_update(actor=alice, case=case_a, commission=central)
    for former in (erlan, marat):
        assert web_client(former).get(f"/office/appraisal/cases/{case_a.pk}/").status_code == 404
        assert api_client(former).get(f"/api/v1/appraisal/cases/{case_a.pk}/").status_code == 404
    assert web_client(central.chair).get(f"/office/appraisal/cases/{case_a.pk}/").status_code == 404
    services.appraisal_case_submit(actor=alice, case=case_a)
    assert web_client(central.chair).get(f"/office/appraisal/cases/{case_a.pk}/").status_code == 200
    assert web_client(erlan).get(f"/office/appraisal/cases/{case_a.pk}/").status_code == 404
