"""The case workflow: each transition allowed from its states and by its people, refused otherwise
with a clear error; votes, quorum and majority; the frozen case after approval."""
import pytest
from django.core import mail
from django.utils import translation

from appraisal import services
from appraisal.choices import CaseAction, CaseStatus, Outcome, VoteDecision
from appraisal.models import AppraisalCase, CaseEvent, CaseUnit, Vote
from holdings.choices import InventoryStatus, Retention
from holdings.models import Inventory, Unit

from .conftest import submit_and_review
from .factories import make_commission, make_expert

pytestmark = pytest.mark.django_db

APPROVE, RETURN = VoteDecision.APPROVE, VoteDecision.RETURN


def _status(case) -> str:
    return AppraisalCase.objects.get(pk=case.pk).status


def _actions(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("action", flat=True))


def test_case_over_inventory_is_prefilled_from_articles(case_a, articles):
    rows = {cu.unit.number: cu for cu in CaseUnit.objects.filter(case=case_a).select_related("unit")}
    assert case_a.status == CaseStatus.DRAFT and case_a.unit_count == 5
    # Art. 12 is 5 years: units of 1990-1992 are long past their term, so destruction is proposed.
    assert {n: rows[n].outcome for n in "123"} == {n: Outcome.DESTROY for n in "123"}
    assert all(rows[n].article == articles["12"] for n in "123")
    # No article: kept permanently unless someone decides otherwise.
    assert rows["4"].outcome == Outcome.PERMANENT and rows["4"].article is None
    assert case_a.destroy_count == 3
    assert _actions(case_a) == [CaseAction.CREATE]


def test_full_round_with_notifications(case_a, alice, erlan, dana, marat, django_capture_on_commit_callbacks):
    dana.preferred_language = "kk"
    dana.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_case_submit(actor=alice, case=case_a)
    assert _status(case_a) == CaseStatus.SUBMITTED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in (erlan, dana, marat))
    kk_mail = next(m for m in mail.outbox if m.to == [dana.email])
    assert kk_mail.subject == f"№ {case_a.number} құндылық сараптамасы комиссияның шешімін күтуде"
    assert "Сәлеметсіз бе" in kk_mail.body and f"/office/appraisal/cases/{case_a.pk}/" in kk_mail.body
    ru_mail = next(m for m in mail.outbox if m.to == [erlan.email])
    assert ru_mail.subject == f"Экспертиза ценности № {case_a.number} ждёт решения комиссии"
    assert "предложено к уничтожению: 3" in ru_mail.body
    mail.outbox.clear()

    services.appraisal_case_start_review(actor=dana, case=case_a)  # the secretary opens the vote
    services.appraisal_case_vote(actor=erlan, case=case_a, decision=APPROVE)
    services.appraisal_case_vote(actor=marat, case=case_a, decision=APPROVE, comment="Согласен")
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_case_approve(actor=erlan, case=case_a, comment="Утвердить")
    case = AppraisalCase.objects.get(pk=case_a.pk)
    assert case.status == CaseStatus.APPROVED and case.decided_by == erlan and case.frozen_at
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert mail.outbox[0].subject == f"Экспертиза ценности № {case.number} утверждена"
    # Kept units got their retention; the inventory is approved; units to destroy are on the act.
    assert Unit.objects.get(inventory=case.inventory, number="4").retention == Retention.PERMANENT
    assert Inventory.objects.get(pk=case.inventory_id).approval_status == InventoryStatus.APPROVED
    assert case.act.item_count == 3
    assert _actions(case) == [CaseAction.CREATE, CaseAction.SUBMIT, CaseAction.START_REVIEW, CaseAction.VOTE,
                              CaseAction.VOTE, CaseAction.APPROVE]
    events = CaseEvent.objects.filter(case=case, action=CaseAction.APPROVE).get()
    assert events.user == erlan and events.data["approvals"] == 2 and events.from_status == CaseStatus.UNDER_REVIEW


# ---------------------------------------------------------------- each transition, allowed and refused
def test_submit_refused_when_not_draft_or_returned(case_under_review, alice):
    with pytest.raises(services.AppraisalError, match="cannot be submitted"):
        services.appraisal_case_submit(actor=alice, case=case_under_review)


def test_submit_refused_to_archivist_of_another_archive(case_a, bob):
    with pytest.raises(services.AppraisalPermissionError, match="archivists of the case's archive"):
        services.appraisal_case_submit(actor=bob, case=case_a)


def test_submit_needs_article_as_ground(case_a, alice):
    four = CaseUnit.objects.get(case=case_a, unit__number="4")
    services.appraisal_case_proposals_set(actor=alice, case=case_a, case_unit_ids=[four.pk],
                                          outcome=Outcome.TEMPORARY, retention_years=3)
    with pytest.raises(services.AppraisalError, match="F. 1, Inv. 1, U. 4"):
        services.appraisal_case_submit(actor=alice, case=case_a)


def test_error_is_translated(case_under_review, alice):
    with translation.override("ru"), pytest.raises(services.AppraisalError) as ru:
        services.appraisal_case_submit(actor=alice, case=case_under_review)
    with translation.override("kk"), pytest.raises(services.AppraisalError) as kk:
        services.appraisal_case_submit(actor=alice, case=case_under_review)
    assert str(ru.value) == f"Экспертиза № {case_under_review.number} — «На рассмотрении»: сейчас её нельзя направить в комиссию."
    assert "«Қаралуда»" in str(kk.value)


def test_start_review_only_by_chair_or_secretary_of_submitted(case_a, alice, marat, erlan):
    with pytest.raises(services.AppraisalError, match="its review cannot be started now"):
        services.appraisal_case_start_review(actor=erlan, case=case_a)  # still a draft
    services.appraisal_case_submit(actor=alice, case=case_a)
    with pytest.raises(services.AppraisalPermissionError, match="chair or the secretary"):
        services.appraisal_case_start_review(actor=marat, case=case_a)
    with pytest.raises(services.AppraisalPermissionError):
        services.appraisal_case_start_review(actor=alice, case=case_a)
    services.appraisal_case_start_review(actor=erlan, case=case_a)
    assert _status(case_a) == CaseStatus.UNDER_REVIEW


def test_vote_only_by_members_while_under_review(case_a, alice, erlan, boris, commission_b):
    services.appraisal_case_submit(actor=alice, case=case_a)
    with pytest.raises(services.AppraisalError, match="cannot be voted on"):
        services.appraisal_case_vote(actor=erlan, case=case_a, decision=APPROVE)
    services.appraisal_case_start_review(actor=erlan, case=case_a)
    with pytest.raises(services.AppraisalPermissionError, match="members of the case's commission"):
        services.appraisal_case_vote(actor=boris, case=case_a, decision=APPROVE)
    with pytest.raises(services.AppraisalPermissionError):
        services.appraisal_case_vote(actor=alice, case=case_a, decision=APPROVE)
    with pytest.raises(services.AppraisalError, match="Say why"):
        services.appraisal_case_vote(actor=erlan, case=case_a, decision=RETURN)
    services.appraisal_case_vote(actor=erlan, case=case_a, decision=RETURN, comment="Проверить даты")
    services.appraisal_case_vote(actor=erlan, case=case_a, decision=APPROVE)  # a member may change their vote
    assert Vote.objects.get(case=case_a).decision == APPROVE


def test_objection_to_one_unit(case_under_review, marat, boris, commission_b):
    row = CaseUnit.objects.filter(case=case_under_review).first()
    with pytest.raises(services.AppraisalError, match="Say what is wrong"):
        services.appraisal_case_object(actor=marat, case=case_under_review, case_unit=row, comment=" ")
    with pytest.raises(services.AppraisalPermissionError):
        services.appraisal_case_object(actor=boris, case=case_under_review, case_unit=row, comment="x")
    services.appraisal_case_object(actor=marat, case=case_under_review, case_unit=row, comment="Это не переписка")
    event = CaseEvent.objects.get(case=case_under_review, action=CaseAction.OBJECT)
    assert event.user == marat and event.data["reference_code"] == "F. 1, Inv. 1, U. 1"


def test_approve_only_by_chair_under_review(case_a, alice, erlan, dana, marat):
    services.appraisal_case_submit(actor=alice, case=case_a)
    with pytest.raises(services.AppraisalError, match="cannot be approved"):
        services.appraisal_case_approve(actor=erlan, case=case_a)
    services.appraisal_case_start_review(actor=erlan, case=case_a)
    for member in (erlan, dana, marat):
        services.appraisal_case_vote(actor=member, case=case_a, decision=APPROVE)
    for someone in (dana, marat, alice):
        with pytest.raises(services.AppraisalPermissionError):
            services.appraisal_case_approve(actor=someone, case=case_a)
    services.appraisal_case_approve(actor=erlan, case=case_a)
    with pytest.raises(services.AppraisalError, match="cannot be approved"):
        services.appraisal_case_approve(actor=erlan, case=case_a)


def test_return_with_comments_and_resubmit_starts_new_round(case_a, alice, erlan, dana, marat,
                                                            django_capture_on_commit_callbacks):
    with pytest.raises(services.AppraisalError, match="cannot be returned"):
        services.appraisal_case_return(actor=erlan, case=case_a, comment="x")
    case = submit_and_review(case_a, alice, erlan)
    services.appraisal_case_vote(actor=marat, case=case, decision=RETURN, comment="Неверные даты")
    with pytest.raises(services.AppraisalError, match="Say why"):
        services.appraisal_case_return(actor=erlan, case=case, comment="")
    with pytest.raises(services.AppraisalPermissionError, match="chair"):
        services.appraisal_case_return(actor=dana, case=case, comment="Нет")  # the secretary, under review
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_case_return(actor=erlan, case=case, comment="Исправьте даты дел 1-3")
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED and case.decision_comment == "Исправьте даты дел 1-3"
    assert mail.outbox[-1].to == [alice.email] and "Исправьте даты" in mail.outbox[-1].body
    # The author edits and submits again: round 2, votes of round 1 no longer count.
    services.appraisal_case_update(actor=alice, case=case, title="Экспертиза описи 1 (исправлено)")
    services.appraisal_case_submit(actor=alice, case=case)
    case.refresh_from_db()
    assert case.round == 2 and case.status == CaseStatus.SUBMITTED and case.decision_comment == ""
    from appraisal import selectors

    assert selectors.case_tally(case).voted == 0


def test_secretary_may_return_a_submitted_case(case_a, alice, dana):
    services.appraisal_case_submit(actor=alice, case=case_a)
    services.appraisal_case_return(actor=dana, case=case_a, comment="Не хватает описи")
    assert _status(case_a) == CaseStatus.RETURNED


def test_cancel_frees_the_units(case_a, alice, archive_a, commission_a, inventory_a):
    with pytest.raises(services.AppraisalError, match="another open case"):
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="Второе",
                                       inventory=inventory_a)
    services.appraisal_case_cancel(actor=alice, case=case_a, comment="Ошибочно")
    assert _status(case_a) == CaseStatus.CANCELLED
    with pytest.raises(services.AppraisalError, match="cannot be cancelled"):
        services.appraisal_case_cancel(actor=alice, case=case_a)
    second = services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a,
                                            title="Второе", inventory=inventory_a)
    assert second.unit_count == 5


def test_transition_table_is_the_one_place():
    from appraisal.services.common import check_allowed

    assert services.allowed_transitions(CaseStatus.DRAFT) == ["submit", "cancel"]
    assert services.allowed_transitions(CaseStatus.UNDER_REVIEW) == ["approve", "return"]
    assert services.allowed_transitions(CaseStatus.APPROVED) == ["execute"]
    assert services.allowed_transitions(CaseStatus.EXECUTED) == []
    case = AppraisalCase(year=2025, seq=7, status=CaseStatus.UNDER_REVIEW)
    with pytest.raises(services.AppraisalError, match="Case 2025-7 is «Under review»: its act cannot be executed now."):
        check_allowed(case, "execute")


# ---------------------------------------------------------------- quorum and majority
def test_no_quorum(case_under_review, erlan):
    # Three members, 50 % but at least two: one vote is not a quorum.
    services.appraisal_case_vote(actor=erlan, case=case_under_review, decision=APPROVE)
    with pytest.raises(services.AppraisalError, match="no quorum: 1 of 3 members voted, 2 needed"):
        services.appraisal_case_approve(actor=erlan, case=case_under_review)


def test_quorum_without_majority(case_under_review, erlan, marat, dana):
    services.appraisal_case_vote(actor=erlan, case=case_under_review, decision=APPROVE)
    services.appraisal_case_vote(actor=marat, case=case_under_review, decision=RETURN, comment="Против")
    with pytest.raises(services.AppraisalError, match="no majority: 1 of 3 members voted to approve, 2 needed"):
        services.appraisal_case_approve(actor=erlan, case=case_under_review)
    services.appraisal_case_vote(actor=dana, case=case_under_review, decision=APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case_under_review)


def test_majority_is_of_all_members_not_of_voters(adam, archive_a, alice, inventory_a, erlan):
    """Five members, quorum 2: two approvals out of two votes is not a majority of the commission."""
    others = [make_expert(f"m{i}") for i in range(4)]
    commission = make_commission(actor=adam, archive=archive_a, chair=erlan, secretary=others[0],
                                 members=others[1:], name="Большая ЭПК", quorum_percent=20, quorum_min=2)
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission, title="К",
                                          inventory=inventory_a)
    case = submit_and_review(case, alice, erlan)
    services.appraisal_case_vote(actor=erlan, case=case, decision=APPROVE)
    services.appraisal_case_vote(actor=others[1], case=case, decision=APPROVE)
    with pytest.raises(services.AppraisalError, match="2 of 5 members voted to approve, 3 needed"):
        services.appraisal_case_approve(actor=erlan, case=case)
    services.appraisal_case_vote(actor=others[2], case=case, decision=APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case)


def test_votes_of_removed_members_do_not_count(case_under_review, adam, commission_a, erlan, marat):
    services.appraisal_case_vote(actor=erlan, case=case_under_review, decision=APPROVE)
    services.appraisal_case_vote(actor=marat, case=case_under_review, decision=APPROVE)
    services.commission_member_remove(actor=adam, commission=commission_a, user=marat)
    with pytest.raises(services.AppraisalError, match="no quorum: 1 of 2"):
        services.appraisal_case_approve(actor=erlan, case=case_under_review)


# ---------------------------------------------------------------- frozen after approval
def test_nothing_changes_after_approval_without_a_record(case_under_review, alice, erlan, dana):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision=APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    row = CaseUnit.objects.filter(case=case_under_review).first()
    for attempt in (
        lambda: services.appraisal_case_proposals_set(actor=alice, case=case_under_review, case_unit_ids=[row.pk],
                                                      outcome=Outcome.PERMANENT),
        lambda: services.appraisal_case_units_remove(actor=alice, case=case_under_review, case_unit_ids=[row.pk]),
        lambda: services.appraisal_case_update(actor=alice, case=case_under_review, title="Другое"),
        lambda: services.appraisal_case_cancel(actor=alice, case=case_under_review),
        lambda: services.appraisal_case_vote(actor=erlan, case=case_under_review, decision=RETURN, comment="x"),
    ):
        with pytest.raises(services.AppraisalError):
            attempt()
    # The one way to change anything: a recorded amendment of the act.
    act = AppraisalCase.objects.get(pk=case_under_review.pk).act
    old = act.legal_basis_ru
    services.destruction_act_amend(actor=alice, act=act, legal_basis_ru="Перечень 2017 г., ст. 12.")
    event = CaseEvent.objects.get(case=case_under_review, action=CaseAction.ACT_AMEND)
    assert event.user == alice and event.data["legal_basis_ru"] == [old, "Перечень 2017 г., ст. 12."]


def test_act_amend_refused_to_others_and_after_execution(case_under_review, alice, erlan, dana, marat, bob):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision=APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    act = AppraisalCase.objects.get(pk=case_under_review.pk).act
    with pytest.raises(services.AppraisalPermissionError):
        services.destruction_act_amend(actor=marat, act=act, legal_basis_ru="x")
    services.destruction_act_execute(actor=alice, act=act)
    with pytest.raises(services.AppraisalError, match="its act cannot be amended"):
        services.destruction_act_amend(actor=alice, act=act, legal_basis_ru="x")
    with pytest.raises(services.AppraisalError, match="its act cannot be executed"):
        services.destruction_act_execute(actor=alice, act=act)
