"""Back-office pages: who sees which case (404 outside), the forms that drive a round, the act and
its PDF, the schedule import with row errors, commissions, insurance copies; pinned query counts."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from appraisal import services
from appraisal.choices import CaseStatus, Outcome
from appraisal.models import (
    AppraisalCase,
    CaseUnit,
    ExpertCommission,
    InventoryArticle,
    RetentionSchedule,
    UnitArticle,
)
from holdings.models import Unit
from tests.factories import make_tree, make_unit

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)


def _case_url(case, name="case_detail"):
    return reverse(f"appraisal:{name}", args=[case.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# ---------------------------------------------------------------- who sees what
def test_case_page_for_its_people_and_404_for_others(web_client, case_a, alice, erlan, boris, commission_b, bob,
                                                     carol, rita):
    assert web_client(alice).get(_case_url(case_a)).status_code == 200
    for outsider in (erlan, boris, bob, carol, rita):  # a draft is not before the commission yet
        assert web_client(outsider).get(_case_url(case_a)).status_code == 404
    services.appraisal_case_submit(actor=alice, case=case_a)
    assert web_client(erlan).get(_case_url(case_a)).status_code == 200
    for outsider in (boris, bob, carol, rita):
        client = web_client(outsider)
        assert client.get(_case_url(case_a)).status_code == 404
        assert client.post(_case_url(case_a, "case_vote"), {"decision": "approve"}).status_code == 404
        assert client.post(_case_url(case_a, "case_start_review")).status_code == 404
    assert web_client(None).get(_case_url(case_a)).status_code == 302  # to the login page


def test_section_is_closed_to_citizens(web_client, carol):
    assert web_client(carol).get(reverse("appraisal:case_list")).status_code == 403


def test_case_list_shows_visible_cases_with_filters(web_client, case_a, alice, erlan, boris, commission_b):
    page = web_client(alice).get(reverse("appraisal:case_list"))
    assert page.status_code == 200 and case_a.title in page.content.decode()
    assert case_a.title not in web_client(boris).get(reverse("appraisal:case_list")).content.decode()
    services.appraisal_case_submit(actor=alice, case=case_a)
    services.appraisal_case_start_review(actor=erlan, case=case_a)
    awaiting = web_client(erlan).get(reverse("appraisal:case_list"), {"awaiting": "on"})
    assert case_a.title in awaiting.content.decode()
    services.appraisal_case_vote(actor=erlan, case=case_a, decision="approve")
    awaiting = web_client(erlan).get(reverse("appraisal:case_list"), {"awaiting": "on"})
    assert case_a.title not in awaiting.content.decode()
    drafts = web_client(alice).get(reverse("appraisal:case_list"), {"status": "draft"})
    assert case_a.title not in drafts.content.decode()


# ---------------------------------------------------------------- a round through the pages
def test_round_through_the_pages(web_client, alice, erlan, dana, archive_a, commission_a, inventory_a,
                                 django_capture_on_commit_callbacks):
    client = web_client(alice)
    response = client.post(reverse("appraisal:case_create"), {
        "archive": archive_a.pk, "commission": commission_a.pk, "title": "Экспертиза описи 1", "scope": "inventory",
        "fonds_number": "1", "inventory_number": "1"})
    assert response.status_code == 302
    case = AppraisalCase.objects.get()
    page = client.get(response.url)
    text = page.content.decode()
    assert "Экспертиза описи 1" in text and "Ф. 1, Оп. 1, Д. 5" in text and "Направить в комиссию" in text

    four = CaseUnit.objects.get(case=case, unit__number="4")
    response = client.post(_case_url(case, "case_proposals"), {"units": [four.pk], "outcome": "temporary",
                                                               "article": "45", "value_category": "keep",
                                                               "action": "apply"}, follow=True)
    assert "Изменено предложений: 1." in _messages(response)
    four.refresh_from_db()
    assert (four.outcome, four.retention_years, four.article.number) == (Outcome.TEMPORARY, 10, "45")
    bad = client.post(_case_url(case, "case_proposals"), {"units": [four.pk], "article": "999",
                                                          "value_category": "keep"}, follow=True)
    assert "В действующем перечне нет статьи 999." in _messages(bad)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_case_url(case, "case_submit"), follow=True)
    assert "Экспертиза направлена в комиссию; её члены уведомлены." in _messages(response)
    again = client.post(_case_url(case, "case_submit"), follow=True)
    assert any("сейчас её нельзя направить в комиссию" in m for m in _messages(again))

    chair = web_client(erlan)
    assert "Начать рассмотрение" in chair.get(_case_url(case)).content.decode()
    chair.post(_case_url(case, "case_start_review"))
    chair.post(_case_url(case, "case_vote"), {"decision": "approve", "comment": "За"})
    response = chair.post(_case_url(case, "case_approve"), {"comment": ""}, follow=True)
    assert any("Нет кворума" in m for m in _messages(response))
    web_client(dana).post(_case_url(case, "case_vote"), {"decision": "approve"})
    objection = web_client(dana).get(reverse("appraisal:case_object", args=[case.pk, four.pk]))
    assert objection.status_code == 200
    web_client(dana).post(reverse("appraisal:case_object", args=[case.pk, four.pk]), {"comment": "Сомневаюсь"})
    response = chair.post(_case_url(case, "case_approve"), {"comment": "Утверждено"}, follow=True)
    assert "Экспертиза утверждена." in _messages(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED

    act = case.act
    act_page = client.get(reverse("appraisal:act_detail", args=[act.pk]))
    assert act_page.status_code == 200 and "Исполнить акт" in act_page.content.decode()
    pdf = client.get(reverse("appraisal:act_pdf", args=[act.pk]), {"lang": "kk"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert f"destruction-act-{act.number}-kk.pdf" in pdf["Content-Disposition"]
    amend = client.post(reverse("appraisal:act_amend", args=[act.pk]), {
        "date": act.date.isoformat(), "legal_basis_ru": "Ст. 158 перечня.", "legal_basis_kk": act.legal_basis_kk})
    assert amend.status_code == 302
    # The chair sees the act but only an archivist executes it.
    assert "Исполнить акт" not in chair.get(reverse("appraisal:act_detail", args=[act.pk])).content.decode()
    chair.post(reverse("appraisal:act_execute", args=[act.pk]))
    act.refresh_from_db()
    assert act.status == "approved"
    response = client.post(reverse("appraisal:act_execute", args=[act.pk]), follow=True)
    act.refresh_from_db()
    assert act.status == "executed" and any("Акт исполнен" in m for m in _messages(response))
    history = client.get(_case_url(case)).content.decode()
    for words in ("Направлена", "Начато рассмотрение", "Возражение по единице хранения", "Изменён акт",
                  "Акт исполнен"):
        assert words in history


def test_create_form_errors(web_client, alice, archive_a, commission_a, inventory_a):
    client = web_client(alice)
    response = client.post(reverse("appraisal:case_create"), {
        "archive": archive_a.pk, "commission": commission_a.pk, "title": "X", "scope": "units",
        "fonds_number": "1", "inventory_number": "1", "unit_numbers": "1, 9-10"})
    assert response.status_code == 400
    assert "В этой описи нет единиц хранения: 9, 10" in response.content.decode()
    response = client.post(reverse("appraisal:case_create"), {
        "archive": archive_a.pk, "commission": commission_a.pk, "title": "X", "scope": "inventory",
        "fonds_number": "1", "inventory_number": "7"})
    assert response.status_code == 400 and "нет описи 7" in response.content.decode()
    response = client.post(reverse("appraisal:case_create"), {
        "archive": archive_a.pk, "commission": commission_a.pk, "title": "Выборочно", "scope": "units",
        "fonds_number": "1", "inventory_number": "1", "unit_numbers": "2-3"})
    assert response.status_code == 302
    assert AppraisalCase.objects.get().unit_count == 2


def test_units_add_and_remove_on_the_page(web_client, alice, archive_a, commission_a, inventory_a):
    client = web_client(alice)
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title="X",
                                          unit_ids=[Unit.objects.get(inventory=inventory_a, number="1").pk])
    response = client.post(_case_url(case, "case_units_add"), {"fonds_number": "1", "inventory_number": "1",
                                                                "unit_numbers": "2-4"}, follow=True)
    assert "Добавлено единиц хранения: 3." in _messages(response)
    row = CaseUnit.objects.filter(case=case).order_by("id").last()
    response = client.post(_case_url(case, "case_proposals"), {"units": [row.pk], "value_category": "keep",
                                                                "action": "remove"}, follow=True)
    assert "Исключено из экспертизы единиц хранения: 1." in _messages(response)
    assert CaseUnit.objects.filter(case=case).count() == 3


# ---------------------------------------------------------------- schedule, articles, commissions, insurance
def test_schedule_import_dry_run_then_load(web_client, adam, alice):
    client = web_client(adam)
    form = {"title_ru": "Перечень", "title_kk": "Тізбе", "order_number": "100", "order_date": "2020-01-15",
            "issued_by": "Министерство", "make_current": "on"}
    bad = "article,document_type_ru,document_type_kk,retention,notes\n1,Приказы,Бұйрықтар,постоянно,\n" \
          "2,,,5,\n3,Переписка,Хат алмасу,вечно,\n1,Дубль,Дубль,5,\n"
    response = client.post(reverse("appraisal:schedule_import"), {
        **form, "file": SimpleUploadedFile("s.csv", bad.encode()), "dry_run": "on"})
    text = response.content.decode()
    assert response.status_code == 400
    for row, words in ((3, "Не указан вид документа."), (4, "Срок хранения «вечно» не распознан"),
                       (5, "Статья 1 уже есть в строке 2.")):
        assert f'<td class="num">{row}</td><td>{words}' in text
    good = "article;document_type_ru;document_type_kk;retention;notes\n1;Приказы;Бұйрықтар;постоянно;\n" \
           "2;Переписка;Хат алмасу;5 ЭПК;\n"
    response = client.post(reverse("appraisal:schedule_import"), {
        **form, "file": SimpleUploadedFile("s.csv", good.encode("utf-8-sig")), "dry_run": "on"})
    assert response.status_code == 200 and "будут загружены 2 статьи" in response.content.decode()
    assert not RetentionSchedule.objects.exists()
    response = client.post(reverse("appraisal:schedule_import"), {
        **form, "file": SimpleUploadedFile("s.csv", good.encode("utf-8-sig"))})
    schedule = RetentionSchedule.objects.get()
    assert response.status_code == 302 and schedule.is_current and schedule.article_count == 2
    page = client.get(reverse("appraisal:schedule_detail", args=[schedule.pk]))
    assert "5 лет ЭПК" in page.content.decode()
    assert web_client(alice).get(reverse("appraisal:schedule_import")).status_code == 403


def test_article_assignment_page(web_client, alice, bob, archive_a, articles, inventory_a):
    client = web_client(alice)
    response = client.post(reverse("appraisal:article_assign"), {
        "archive": archive_a.pk, "fonds_number": "1", "inventory_number": "1", "unit_numbers": "4-5",
        "article": "45"})
    assert response.status_code == 302
    assert set(UnitArticle.objects.filter(unit__inventory=inventory_a, article__number="45")
               .values_list("unit__number", flat=True)) == {"4", "5"}
    client.post(reverse("appraisal:article_assign"), {"archive": archive_a.pk, "fonds_number": "1",
                                                      "inventory_number": "1", "article": "1"})
    assert InventoryArticle.objects.get(inventory=inventory_a).article.number == "1"
    # Another archive's archivist cannot pick archive A at all.
    response = web_client(bob).post(reverse("appraisal:article_assign"), {
        "archive": archive_a.pk, "fonds_number": "1", "inventory_number": "1", "article": "1"})
    assert response.status_code == 400


def test_commission_pages(web_client, adam, alice, bob, archive_a, erlan, dana, marat, commission_a):
    client = web_client(alice)
    response = client.post(reverse("appraisal:commission_create"), {
        "name": "ЭК акимата", "kind": "organization", "archive": archive_a.pk, "chair": erlan.pk,
        "secretary": dana.pk, "members": [marat.pk], "quorum_percent": 60, "quorum_min": 2})
    commission = ExpertCommission.objects.get(name="ЭК акимата")
    assert response.status_code == 302 and commission.member_count == 3 and commission.quorum_needed() == 2
    page = web_client(alice).get(reverse("appraisal:commission_detail", args=[commission.pk]))
    assert page.status_code == 200 and "Добавить члена" in page.content.decode()
    assert web_client(bob).get(reverse("appraisal:commission_detail", args=[commission.pk])).status_code == 404
    client.post(reverse("appraisal:commission_member_remove", args=[commission.pk, marat.pk]))
    commission.refresh_from_db()
    assert commission.member_count == 2
    central = client.post(reverse("appraisal:commission_create"), {
        "name": "ЦЭПК", "kind": "central", "chair": erlan.pk, "secretary": dana.pk, "quorum_percent": 50,
        "quorum_min": 2})
    assert central.status_code == 400 and not ExpertCommission.objects.filter(name="ЦЭПК").exists()


def test_insurance_copy_list(web_client, alice, bob, archive_a, django_assert_num_queries):
    _f, inventory, _units = make_tree(archive_a, units=2)
    make_unit(inventory, "10", "Уникальная рукопись", value_category="unique")
    make_unit(inventory, "11", "Особо ценный фотоальбом", value_category="especially_valuable")
    client = web_client(alice)
    # session, user, staff rights, archive choices, grants (fonds, unit), the page of units, the heading's
    # archive, and the navigation of the other apps (staff rights per role, roles, the archive switcher)
    with django_assert_num_queries(12):
        response = client.get(reverse("appraisal:insurance"), {"archive": archive_a.pk})
    text = response.content.decode()
    assert "Уникальная рукопись" in text and "Особо ценный фотоальбом" in text and "Unit 1<" not in text
    assert "нет копии" in text
    other = web_client(bob).get(reverse("appraisal:insurance"), {"archive": archive_a.pk})
    assert "Уникальная рукопись" not in other.content.decode()


# ---------------------------------------------------------------- query counts on pages
def _more_cases(n, alice, archive_a, commission_a):
    for i in range(n):
        _f, inventory, _u = make_tree(archive_a, units=2)
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title=f"Дело {i}",
                                       inventory=inventory)


def test_case_list_page_query_count(web_client, alice, archive_a, commission_a, django_assert_num_queries):
    _more_cases(2, alice, archive_a, commission_a)
    client = web_client(alice)
    # session, user, staff rights, the commissions of the filter, the page of cases with everything it shows
    # joined, and the navigation
    with django_assert_num_queries(9):
        assert client.get(reverse("appraisal:case_list")).status_code == 200
    _more_cases(3, alice, archive_a, commission_a)
    with django_assert_num_queries(9):
        assert client.get(reverse("appraisal:case_list")).status_code == 200


def test_case_page_query_count(web_client, case_under_review, alice, archive_a, erlan, marat,
                               django_assert_num_queries):
    services.appraisal_case_vote(actor=marat, case=case_under_review, decision="approve")
    url = _case_url(case_under_review)
    client = web_client(erlan)
    # session, user, staff rights, case, membership, the page of proposals with units and articles, votes,
    # current schedule, outcome counts, members, tally, objections, history, and the navigation (4)
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200
    services.appraisal_case_return(actor=erlan, case=case_under_review, comment="Добавить дела")
    _f, _inv, more = make_tree(archive_a, units=8)
    services.appraisal_case_units_add(actor=alice, case=case_under_review, unit_ids=[u.pk for u in more])
    services.appraisal_case_submit(actor=alice, case=case_under_review)
    services.appraisal_case_start_review(actor=erlan, case=case_under_review)
    services.appraisal_case_vote(actor=marat, case=case_under_review, decision="approve")
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200


def test_act_page_query_count(web_client, case_under_review, alice, erlan, dana, archive_a,
                              django_assert_num_queries):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision="approve")
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    act = AppraisalCase.objects.get(pk=case_under_review.pk).act
    client = web_client(alice)
    # session, user, staff rights, the act with its case, the page of items with their units, membership,
    # and the navigation (4); the commission and its people come from the act's snapshot
    with django_assert_num_queries(10):
        assert client.get(reverse("appraisal:act_detail", args=[act.pk])).status_code == 200


def test_frozen_case_shows_no_edit_forms(web_client, case_under_review, alice, erlan, dana):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision="approve")
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    text = web_client(alice).get(_case_url(case_under_review)).content.decode()
    assert "предложения закреплены" in text and 'name="units"' not in text
    response = web_client(alice).post(_case_url(case_under_review, "case_proposals"), {
        "units": [CaseUnit.objects.filter(case=case_under_review).first().pk], "outcome": "permanent",
        "value_category": "keep", "action": "apply"}, follow=True)
    assert any("сейчас её нельзя изменять" in m for m in _messages(response))


def test_unit_title_redacted_for_member_without_full_access(web_client, adam, alice, archive_a, central):
    """A central commission member who is not staff of the archive sees a personal unit's public title."""
    _f, inventory, _u = make_tree(archive_a, units=0)
    unit = make_unit(inventory, "1", "Личное дело Секретова", access_level="personal", public_title="Личное дело",
                     date_start=dt.date(1990, 1, 1), date_end=dt.date(1995, 1, 1))
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=central, title="X",
                                          unit_ids=[unit.pk])
    services.appraisal_case_submit(actor=alice, case=case)
    text = web_client(central.chair).get(_case_url(case)).content.decode()
    assert "Личное дело" in text and "Секретов" not in text
    assert "Секретов" in web_client(alice).get(_case_url(case)).content.decode()


def test_case_list_finds_by_number_and_filters_by_commission(web_client, case_a, alice, archive_a, central):
    _f, inventory, _u = make_tree(archive_a, units=1)
    other = services.appraisal_case_create(actor=alice, archive=archive_a, commission=central, title="Для ЦЭПК",
                                           inventory=inventory)
    client = web_client(alice)
    url = reverse("appraisal:case_list")
    page = client.get(url).content.decode()
    assert 'name="q"' in page and "Все комиссии" in page  # alice's archive commission and the central one
    found = client.get(url, {"q": case_a.number}).content.decode()
    assert case_a.title in found and other.title not in found
    found = client.get(url, {"commission": central.pk}).content.decode()
    assert other.title in found and case_a.title not in found


def test_commission_with_a_kazakh_name(web_client, adam, alice, archive_a, erlan, dana, inventory_a):
    client = web_client(alice)
    client.post(reverse("appraisal:commission_create"), {
        "name": "ЭПК архива А", "name_kk": "А мұрағатының сараптау-тексеру комиссиясы", "kind": "archive",
        "archive": archive_a.pk, "chair": erlan.pk, "secretary": dana.pk, "quorum_percent": 50, "quorum_min": 2})
    commission = ExpertCommission.objects.get(name="ЭПК архива А")
    assert commission.name_kk == "А мұрағатының сараптау-тексеру комиссиясы"
    case = services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission, title="X",
                                          inventory=inventory_a)
    alice.preferred_language = "kk"
    alice.save()
    page = web_client(fresh(alice)).get(_case_url(case), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "А мұрағатының сараптау-тексеру комиссиясы" in page
    page = web_client(dana).get(reverse("appraisal:commission_detail", args=[commission.pk])).content.decode()
    assert "ЭПК архива А" in page
    client.post(reverse("appraisal:commission_detail", args=[commission.pk]), {
        "name": "ЭПК архива А", "name_kk": "Жаңа атауы", "chair": erlan.pk, "secretary": dana.pk,
        "quorum_percent": 50, "quorum_min": 2, "is_active": "on"})
    commission.refresh_from_db()
    assert commission.name_kk == "Жаңа атауы"


def test_commission_and_schedule_pages_query_counts(web_client, adam, alice, archive_a, erlan, dana, marat, schedule,
                                                    django_assert_num_queries):
    from .factories import make_commission

    for i in range(2):
        make_commission(actor=adam, archive=archive_a, chair=erlan, secretary=dana, name=f"ЭК {i}")
    client = web_client(alice)
    # session, user, roles, staff rights, the commissions with archive, chair and secretary, and the
    # navigation (3)
    with django_assert_num_queries(8):
        assert client.get(reverse("appraisal:commission_list")).status_code == 200
    make_commission(actor=adam, archive=archive_a, chair=marat, secretary=dana, members=[erlan], name="ЭК 3")
    with django_assert_num_queries(8):
        assert client.get(reverse("appraisal:commission_list")).status_code == 200
    # session, user, roles, staff rights, the schedules, and the navigation (3)
    with django_assert_num_queries(8):
        assert client.get(reverse("appraisal:schedule_list")).status_code == 200
    # session, user, roles, staff rights, the schedule, the page of articles, and the navigation (3)
    with django_assert_num_queries(9):
        page = client.get(reverse("appraisal:schedule_detail", args=[schedule.pk]))
    assert "5 лет ЭПК" not in page.content.decode() and "10 лет ЭПК" in page.content.decode()


def test_act_pages_are_404_to_another_commission(web_client, case_under_review, erlan, dana, boris, bob,
                                                 commission_b):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision="approve")
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    act = AppraisalCase.objects.get(pk=case_under_review.pk).act
    for outsider in (boris, bob):
        client = web_client(outsider)
        for name in ("act_detail", "act_pdf", "act_amend"):
            assert client.get(reverse(f"appraisal:{name}", args=[act.pk])).status_code == 404
        assert client.post(reverse("appraisal:act_execute", args=[act.pk])).status_code == 404
    assert web_client(dana).get(reverse("appraisal:act_detail", args=[act.pk])).status_code == 200
