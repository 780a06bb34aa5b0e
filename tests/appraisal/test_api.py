"""The appraisal API: who sees which case (404 outside one's scope), each transition over HTTP with
its error, the act and its PDF, and pinned query counts on lists and details."""
import datetime as dt

import pytest
from django.urls import reverse

from appraisal import services
from appraisal.choices import CaseStatus
from appraisal.models import AppraisalCase, CaseUnit
from tests.factories import make_tree

from .factories import make_expert

pytestmark = pytest.mark.django_db
LIST = reverse("appraisal-case-list")


def _url(name: str, pk: int) -> str:
    return reverse(f"appraisal-case-{name}", args=[pk])


def fresh(user):
    """The user as a new request would load it (no per-object caches warmed by the set-up)."""
    from accounts.models import User

    return User.objects.get(pk=user.pk)


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# ---------------------------------------------------------------- visibility
def test_draft_is_seen_by_archivists_of_its_archive_only(api_client, case_a, alice, bob, erlan, carol):
    assert _ids(api_client(alice).get(LIST)) == [case_a.pk]
    for outsider in (bob, erlan, carol):  # erlan chairs the commission, but a draft is not before it yet
        assert _ids(api_client(outsider).get(LIST)) == []
        assert api_client(outsider).get(_url("detail", case_a.pk)).status_code == 404
    assert api_client(None).get(LIST).status_code in (401, 403)


def test_submitted_case_is_seen_by_its_commission_and_by_no_other(api_client, case_a, alice, erlan, marat, boris,
                                                                  commission_b, bob, rita):
    services.appraisal_case_submit(actor=alice, case=case_a)
    for member in (erlan, marat):
        assert _ids(api_client(member).get(LIST)) == [case_a.pk]
        assert api_client(member).get(_url("detail", case_a.pk)).status_code == 200
    # A member of another commission, an archivist of another archive, reading-room staff of the same archive.
    for outsider in (boris, bob, rita):
        client = api_client(outsider)
        assert _ids(client.get(LIST)) == []
        assert client.get(_url("detail", case_a.pk)).status_code == 404
        assert client.get(_url("units", case_a.pk)).status_code == 404
        assert client.post(_url("vote", case_a.pk), {"decision": "approve"}).status_code == 404
        assert client.post(_url("start-review", case_a.pk)).status_code == 404


def test_act_and_pdf_are_404_outside_the_case(api_client, case_under_review, erlan, dana, boris, commission_b):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision="approve")
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    act = AppraisalCase.objects.get(pk=case_under_review.pk).act
    for path in (reverse("appraisal-act-detail", args=[act.pk]), reverse("appraisal-act-pdf", args=[act.pk]),
                 reverse("appraisal-act-items", args=[act.pk])):
        assert api_client(boris).get(path).status_code == 404
        assert api_client(erlan).get(path).status_code == 200
    assert api_client(boris).post(reverse("appraisal-act-execute", args=[act.pk])).status_code == 404


# ---------------------------------------------------------------- a round over HTTP
def test_round_over_the_api(api_client, alice, erlan, dana, marat, archive_a, commission_a, inventory_a,
                            django_capture_on_commit_callbacks):
    client = api_client(alice)
    response = client.post(LIST, {"archive": archive_a.pk, "commission": commission_a.pk,
                                  "title": "Экспертиза через API", "inventory": inventory_a.pk}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert body["status"] == "draft" and body["unit_count"] == 5 and body["allowed_transitions"] == ["submit",
                                                                                                      "cancel"]
    units = client.get(_url("units", pk)).json()["results"]
    four = next(u for u in units if u["unit"]["reference_code"] == "F. 1, Inv. 1, U. 4")
    response = client.post(_url("proposals", pk), {"case_unit_ids": [four["id"]], "outcome": "temporary",
                                                   "article": "45"}, format="json")
    assert response.status_code == 200, response.content
    assert CaseUnit.objects.get(pk=four["id"]).retention_years == 10

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url("submit", pk)).status_code == 200
    # Submitting twice: a clear error, not a server error.
    again = client.post(_url("submit", pk))
    assert again.status_code == 400 and "нельзя направить в комиссию" in again.json()["detail"]
    # Only the chair or the secretary opens the review; the archivist sees the case but may not.
    denied = client.post(_url("start-review", pk))
    assert denied.status_code == 403 and "председатель или секретарь" in denied.json()["detail"]
    assert api_client(erlan).post(_url("start-review", pk)).status_code == 200

    assert api_client(erlan).post(_url("vote", pk), {"decision": "approve"}).status_code == 200
    response = api_client(marat).post(_url("object", pk), {"case_unit": four["id"], "comment": "Это постоянное"})
    assert response.status_code == 200
    no_quorum = api_client(erlan).post(_url("approve", pk), {"comment": ""})
    assert no_quorum.status_code == 400 and "Нет кворума: проголосовали 1 из 3" in no_quorum.json()["detail"]
    assert api_client(dana).post(_url("vote", pk), {"decision": "approve", "comment": "За"}).status_code == 200
    not_chair = api_client(dana).post(_url("approve", pk))
    assert not_chair.status_code == 403
    approved = api_client(erlan).post(_url("approve", pk), {"comment": "Утверждено"})
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["status"] == "approved" and body["tally"]["approvals"] == 2 and body["act"]["item_count"] == 3

    act_id = body["act"]["id"]
    pdf = client.get(reverse("appraisal-act-pdf", args=[act_id]), {"lang": "kk"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("appraisal-act-pdf", args=[act_id]), {"lang": "de"}).status_code == 400
    items = client.get(reverse("appraisal-act-items", args=[act_id])).json()["results"]
    assert [i["position"] for i in items] == [1, 2, 3]
    amended = client.patch(reverse("appraisal-act-detail", args=[act_id]), {"legal_basis_ru": "Ст. 158."},
                           format="json")
    assert amended.status_code == 200 and amended.json()["legal_basis_ru"] == "Ст. 158."
    assert api_client(erlan).post(reverse("appraisal-act-execute", args=[act_id])).status_code == 403
    executed = client.post(reverse("appraisal-act-execute", args=[act_id]))
    assert executed.status_code == 200 and executed.json()["status"] == "executed"
    events = [e["action"] for e in client.get(_url("events", pk)).json()]
    assert events == ["create", "proposals", "submit", "start_review", "vote", "object", "vote", "approve",
                      "act_amend", "execute"]
    assert AppraisalCase.objects.get(pk=pk).status == CaseStatus.EXECUTED


def test_create_refuses_other_archive_and_bad_input(api_client, bob, archive_a, commission_a, inventory_a):
    response = api_client(bob).post(LIST, {"archive": archive_a.pk, "commission": commission_a.pk, "title": "X",
                                           "inventory": inventory_a.pk}, format="json")
    assert response.status_code == 403
    response = api_client(bob).post(LIST, {"archive": 999999, "commission": commission_a.pk, "title": "X"},
                                    format="json")
    assert response.status_code == 400
    assert api_client(bob).post(LIST, {"title": ""}, format="json").status_code == 400


def test_return_over_the_api_needs_a_comment(api_client, case_under_review, erlan):
    response = api_client(erlan).post(_url("return", case_under_review.pk), {"comment": ""})
    assert response.status_code == 400 and "почему экспертиза возвращается" in response.json()["detail"]
    response = api_client(erlan).post(_url("return", case_under_review.pk), {"comment": "Доработать"})
    assert response.status_code == 200 and response.json()["status"] == "returned"


def test_error_detail_in_the_clients_language(api_client, case_under_review, alice):
    response = api_client(alice).post(_url("submit", case_under_review.pk), HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 400
    assert response.json()["detail"] == f"№ {case_under_review.number} сараптама — «Қаралуда»: оны қазір комиссияға жіберуге болмайды."


# ---------------------------------------------------------------- query counts
def _cases(n, alice, archive_a, commission_a):
    for i in range(n):
        _f, inventory, _u = make_tree(archive_a, units=2)
        services.appraisal_case_create(actor=alice, archive=archive_a, commission=commission_a, title=f"Дело {i}",
                                       inventory=inventory)


def test_case_list_query_count_is_flat(api_client, alice, erlan, archive_a, commission_a,
                                       django_assert_num_queries):
    _cases(2, alice, archive_a, commission_a)
    client = api_client(fresh(alice))
    # user's staff archives, the page of cases with archive, commission, inventory, fonds and people joined
    with django_assert_num_queries(2):
        assert len(_ids(client.get(LIST))) == 2
    _cases(4, alice, archive_a, commission_a)
    client = api_client(fresh(alice))
    with django_assert_num_queries(2):
        assert len(_ids(client.get(LIST))) == 6


def test_member_list_query_count(api_client, alice, erlan, archive_a, commission_a, django_assert_num_queries):
    _cases(3, alice, archive_a, commission_a)
    for case in AppraisalCase.objects.all():
        services.appraisal_case_submit(actor=alice, case=case)
    client = api_client(fresh(erlan))
    # erlan is staff (expert) of archive A but not an archivist: staff rights + the page (grant checked in SQL)
    with django_assert_num_queries(2):
        assert len(_ids(client.get(LIST))) == 3


def test_case_units_query_count_is_flat(api_client, alice, case_a, archive_a, django_assert_num_queries):
    client = api_client(fresh(alice))
    url = _url("units", case_a.pk)
    # staff rights, the case, the page of units (+ unit, inventory, fonds, article, objection count)
    with django_assert_num_queries(3):
        assert len(client.get(url).json()["results"]) == 5
    _f, _inv, more = make_tree(archive_a, units=6)
    services.appraisal_case_units_add(actor=alice, case=case_a, unit_ids=[u.pk for u in more])
    client = api_client(fresh(alice))
    with django_assert_num_queries(3):
        assert len(client.get(url).json()["results"]) == 11


def test_case_detail_query_count(api_client, case_under_review, erlan, marat, django_assert_num_queries):
    services.appraisal_case_vote(actor=marat, case=case_under_review, decision="approve")
    client = api_client(fresh(erlan))
    # staff rights, the case with its people, membership, the members, the votes counted
    with django_assert_num_queries(5):
        response = client.get(_url("detail", case_under_review.pk))
    assert response.json()["tally"]["voted"] == 1 and response.json()["rights"]["chair"] is True


def test_act_items_query_count(api_client, case_under_review, erlan, dana, alice, django_assert_num_queries):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision="approve")
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    act = AppraisalCase.objects.get(pk=case_under_review.pk).act
    client = api_client(fresh(alice))
    # staff rights, the act with its case, the page of items with their units
    with django_assert_num_queries(3):
        assert len(client.get(reverse("appraisal-act-items", args=[act.pk])).json()["results"]) == 3


def test_schedules_and_commissions(api_client, schedule, commission_a, commission_b, erlan, adam,
                                   django_assert_num_queries):
    client = api_client(fresh(erlan))
    schedules = client.get(reverse("appraisal-schedule-list")).json()["results"]
    assert [s["order_number"] for s in schedules] == ["263"]
    with django_assert_num_queries(2):
        articles = client.get(reverse("appraisal-schedule-articles", args=[schedule.pk])).json()["results"]
    assert [a["number"] for a in articles] == ["1", "12", "45"]
    assert articles[2]["retention_kind"] == "years_epk" and articles[2]["retention_years"] == 10
    assert [c["id"] for c in client.get(reverse("appraisal-commission-list")).json()["results"]] == [commission_a.pk]
    stranger = make_expert("stranger")
    assert api_client(stranger).get(reverse("appraisal-commission-list")).json()["results"] == []
    assert api_client(stranger).get(reverse("appraisal-commission-detail", args=[commission_a.pk])).status_code == 404


# ---------------------------------------------------------------- acts, filters, languages
def _approve(case, erlan, dana):
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case, decision="approve")
    services.appraisal_case_approve(actor=erlan, case=case)
    return AppraisalCase.objects.get(pk=case.pk)


def test_acts_list_for_the_cases_people_only(api_client, case_under_review, alice, erlan, dana, bob, boris,
                                             commission_b, django_assert_num_queries):
    act = _approve(case_under_review, erlan, dana).act
    acts = reverse("appraisal-act-list")
    for person in (alice, erlan):
        body = api_client(fresh(person)).get(acts).json()
        assert [a["id"] for a in body["results"]] == [act.pk]
    assert body["results"][0]["approved_by"]["chair"] == erlan.display_name
    for outsider in (bob, boris):
        assert api_client(outsider).get(acts).json()["results"] == []
    client = api_client(fresh(alice))
    assert [a["id"] for a in client.get(acts, {"status": "approved"}).json()["results"]] == [act.pk]
    assert client.get(acts, {"status": "executed"}).json()["results"] == []
    client = api_client(fresh(alice))
    # staff rights, the page of acts (with case, archive and executor joined)
    with django_assert_num_queries(2):
        assert len(client.get(acts).json()["results"]) == 1
    # A second act (a case over another inventory, its units past their term under art. 12): still two.
    _f, inventory, units = make_tree(case_under_review.archive, units=2, date_start=dt.date(1990, 1, 1),
                                     date_end=dt.date(1990, 12, 31))
    services.unit_articles_set(actor=alice, unit_ids=[u.pk for u in units], article=services.article_by_number("12"))
    second = services.appraisal_case_create(actor=alice, archive=case_under_review.archive,
                                            commission=case_under_review.commission, title="Вторая",
                                            inventory=inventory)
    services.appraisal_case_submit(actor=alice, case=second)
    services.appraisal_case_start_review(actor=erlan, case=second)
    _approve(second, erlan, dana)
    client = api_client(fresh(alice))
    with django_assert_num_queries(2):
        assert len(client.get(acts).json()["results"]) == 2


def test_execute_is_offered_only_with_an_act_to_execute(api_client, case_a, alice, erlan, dana):
    services.appraisal_case_proposals_set(actor=alice, case=case_a, outcome="permanent", case_unit_ids=list(
        CaseUnit.objects.filter(case=case_a).values_list("pk", flat=True)))
    services.appraisal_case_submit(actor=alice, case=case_a)
    services.appraisal_case_start_review(actor=erlan, case=case_a)
    case = _approve(case_a, erlan, dana)
    body = api_client(alice).get(_url("detail", case.pk)).json()
    assert body["status"] == "approved" and body["act"] is None and body["allowed_transitions"] == []


def test_act_pdf_follows_the_clients_language(api_client, case_under_review, alice, erlan, dana):
    act = _approve(case_under_review, erlan, dana).act
    url = reverse("appraisal-act-pdf", args=[act.pk])
    assert f"-{act.number}-kk.pdf" in api_client(alice).get(url, HTTP_ACCEPT_LANGUAGE="kk")["Content-Disposition"]
    assert f"-{act.number}-ru.pdf" in api_client(alice).get(url, HTTP_ACCEPT_LANGUAGE="ru")["Content-Disposition"]


def test_cases_found_by_number_title_and_commission(api_client, case_a, alice, adam, archive_a, erlan, dana,
                                                    central):
    from tests.factories import make_tree

    _f, inventory, _u = make_tree(archive_a, units=1)
    other = services.appraisal_case_create(actor=alice, archive=archive_a, commission=central,
                                           title="Личные дела", inventory=inventory)
    client = api_client(alice)
    assert _ids(client.get(LIST, {"q": case_a.number})) == [case_a.pk]
    assert _ids(client.get(LIST, {"q": f"№ {other.number}"})) == [other.pk]
    assert _ids(client.get(LIST, {"q": "Личные"})) == [other.pk]
    assert _ids(client.get(LIST, {"commission": central.pk})) == [other.pk]
    assert _ids(client.get(LIST, {"commission": case_a.commission_id})) == [case_a.pk]
    assert _ids(client.get(LIST, {"commission": 10 ** 20, "q": "2026-" + "9" * 30})) == []  # no database error


def test_votes_events_and_commissions_query_counts(api_client, case_under_review, erlan, dana, marat, adam,
                                                   archive_a, django_assert_num_queries):
    from .factories import make_commission

    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision="approve")
    client = api_client(fresh(marat))
    pk = case_under_review.pk
    # staff rights, the case, the votes with their voters
    with django_assert_num_queries(3):
        assert len(client.get(_url("votes", pk)).json()) == 2
    services.appraisal_case_vote(actor=marat, case=case_under_review, decision="return", comment="Нет")
    client = api_client(fresh(marat))
    with django_assert_num_queries(3):
        assert len(client.get(_url("votes", pk)).json()) == 3
    # staff rights, the case, the events with their people
    client = api_client(fresh(marat))
    with django_assert_num_queries(3):
        assert [e["action"] for e in client.get(_url("events", pk)).json()][-3:] == ["vote", "vote", "vote"]
    # roles, the commissions with archive, chair and secretary (however many)
    client = api_client(fresh(adam))
    with django_assert_num_queries(2):
        assert len(client.get(reverse("appraisal-commission-list")).json()["results"]) == 1
    make_commission(actor=adam, archive=archive_a, chair=marat, secretary=dana, name="Вторая ЭПК")
    client = api_client(fresh(adam))
    with django_assert_num_queries(2):
        assert len(client.get(reverse("appraisal-commission-list")).json()["results"]) == 2
