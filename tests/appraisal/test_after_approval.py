"""Nothing about an approved case changes without a record: the act keeps the archive, the commission,
its people and the vote as they were at approval; the decided tally stays; units that became valuable
or early after the approval are not destroyed; the admin changes nothing; the unit's history says
which act and which case in the reader's language."""
import datetime as dt
import subprocess

import pytest
from django.urls import reverse

from appraisal import selectors, services
from appraisal.choices import ActStatus, CaseStatus, VoteDecision
from appraisal.models import AppraisalCase, DestructionAct, ExpertCommission
from appraisal.pdf import act_pdf
from holdings import services as holdings_services
from holdings.choices import UnitStatus
from holdings.models import Archive, ChangeRecord, Unit
from tests.factories import UserFactory

from .factories import make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(case_under_review, adam, commission_a, erlan, dana):
    """Case over inventory 1 approved by erlan (chair) and dana (secretary) of a commission of three."""
    services.commission_update(actor=adam, commission=commission_a, name_kk="А мұрағатының СТК")
    for member in (erlan, dana):
        services.appraisal_case_vote(actor=member, case=case_under_review, decision=VoteDecision.APPROVE)
    services.appraisal_case_approve(actor=erlan, case=case_under_review)
    return AppraisalCase.objects.get(pk=case_under_review.pk)


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "act.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.mark.tools("pdftotext")
def test_act_keeps_the_commission_as_it_approved_it(approved, adam, commission_a, erlan, dana, marat, alice,
                                                   archive_a, web_client, api_client, tmp_path):
    act = approved.act
    assert act.snapshot == {
        "archive": {"ru": "Архив А", "kk": "А мұрағаты"},
        "commission": {"ru": "ЭПК архива", "kk": "А мұрағатының СТК", "kind": "archive"},
        "chair": erlan.display_name, "secretary": dana.display_name, "members": [marat.display_name],
        "vote": {"members": 3, "voted": 2, "approvals": 2, "returns": 0, "quorum_needed": 2},
    }
    # After the approval the commission gets a new chair and a new name, loses a member, gains one,
    # and the archive is renamed.
    newcomer = make_expert("newcomer")
    services.commission_update(actor=adam, commission=commission_a, chair=newcomer, name="Новая ЭПК",
                               name_kk="Жаңа СТК")
    services.commission_member_remove(actor=adam, commission=commission_a, user=marat)
    services.commission_member_add(actor=adam, commission=commission_a, user=make_expert("latecomer"))
    Archive.objects.filter(pk=archive_a.pk).update(name_ru="Архив А (переименован)")

    page = web_client(alice).get(reverse("appraisal:act_detail", args=[act.pk])).content.decode()
    page = page[page.index("<main"):]  # the act, not the navigation (which names the archive as it is now)
    assert "ЭПК архива" in page and erlan.display_name in page and marat.display_name in page
    assert "Новая ЭПК" not in page
    assert newcomer.display_name not in page
    assert "переименован" not in page
    assert "2 — за утверждение, 0 — за возврат, из 3 членов" in page
    body = api_client(alice).get(reverse("appraisal-act-detail", args=[act.pk])).json()
    assert body["approved_by"]["chair"] == erlan.display_name and body["approved_by"]["members"] == [
        marat.display_name]

    act = DestructionAct.objects.get(pk=act.pk)
    for language, words in (("ru", ["Архив А", "ЭПК архива", "Итого: 3 ед. хр. за 1990–1992 годы",
                                    "5 лет, ст. 12", "за утверждение — 2"]),
                            ("kk", ["А мұрағаты", "А мұрағатының СТК", "5 жыл, 12-бап"])):
        text = " ".join(_pdf_text(act_pdf(act, user=alice, language=language), tmp_path).split())
        for word in words:
            assert word in text, (language, word)
        for name in (erlan.display_name, dana.display_name, marat.display_name):
            assert name in text
        assert newcomer.display_name not in text and "Новая ЭПК" not in text and "Жаңа СТК" not in text


def test_decided_tally_stays_when_members_change(approved, adam, commission_a, erlan, dana, api_client):
    before = selectors.case_tally(approved)
    assert (before.members, before.voted, before.approvals) == (3, 2, 2) and before.has_majority
    # The secretary leaves (a new one is appointed) and two experts join after the decision.
    services.commission_update(actor=adam, commission=commission_a, secretary=make_expert("newsec"))
    services.commission_member_remove(actor=adam, commission=commission_a, user=dana)
    for name in ("n1", "n2"):
        services.commission_member_add(actor=adam, commission=commission_a, user=make_expert(name))
    case = AppraisalCase.objects.select_related("commission").get(pk=approved.pk)
    after = selectors.case_tally(case)
    assert after == before
    tally = api_client(erlan).get(reverse("appraisal-case-detail", args=[case.pk])).json()["tally"]
    assert tally["members"] == 3 and tally["approvals"] == 2 and tally["has_majority"] is True


def test_unit_marked_unique_after_approval_is_not_destroyed(approved, alice):
    act = approved.act
    unit = Unit.objects.get(pk=act.items.get(position=2).unit_id)
    holdings_services.unit_update(actor=alice, unit=unit, value_category="unique")
    with pytest.raises(services.AppraisalError,
                       match=r"now marked especially valuable or unique and cannot be destroyed: F\. 1, Inv\. 1, U\. 2"):
        services.destruction_act_execute(actor=alice, act=act)
    act.refresh_from_db()
    assert act.status == ActStatus.APPROVED
    assert not Unit.objects.filter(inventory=approved.inventory, status=UnitStatus.DESTROYED).exists()


def test_unit_redated_before_the_cut_off_after_approval_is_not_destroyed(approved, alice, web_client):
    act = approved.act
    unit = Unit.objects.get(pk=act.items.get(position=1).unit_id)
    holdings_services.unit_update(actor=alice, unit=unit, date_start=dt.date(1944, 1, 1))
    response = web_client(alice).post(reverse("appraisal:act_execute", args=[act.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("датированы ранее 1946 года" in m and "Ф. 1, Оп. 1, Д. 1" in m for m in messages), messages
    assert DestructionAct.objects.get(pk=act.pk).status == ActStatus.APPROVED


def test_unit_history_names_the_act_and_case_without_english_words(approved, alice, web_client,
                                                                   django_capture_on_commit_callbacks):
    act = approved.act
    with django_capture_on_commit_callbacks(execute=True):
        services.destruction_act_execute(actor=alice, act=act)
    destroyed = ChangeRecord.objects.filter(action="destroy").first()
    assert destroyed.changes["act"] == f"№ {act.number}"
    kept = ChangeRecord.objects.filter(action="set_retention").first()
    assert kept.changes["ground"] == f"№ {approved.number}"  # unit 4 has no article
    unit = Unit.objects.get(pk=destroyed.unit_id)
    page = web_client(alice).get(reverse("holdings:unit_detail", args=[unit.pk])).content.decode()
    assert f"№ {act.number}" in page and "appraisal act" not in page


def test_admin_changes_nothing(approved, commission_a, client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    for model in ("appraisalcase", "destructionact", "expertcommission", "retentionschedule", "schedulearticle"):
        assert client.get(reverse(f"admin:appraisal_{model}_add")).status_code == 403
    url = reverse("admin:appraisal_expertcommission_change", args=[commission_a.pk])
    assert client.get(url).status_code == 200  # shown read-only
    assert client.post(url, {"name": "Другая", "kind": "archive"}).status_code == 403
    assert ExpertCommission.objects.get(pk=commission_a.pk).name == "ЭПК архива"
    act_url = reverse("admin:appraisal_destructionact_delete", args=[approved.act.pk])
    assert client.post(act_url, {"post": "yes"}).status_code == 403
    assert AppraisalCase.objects.get(pk=approved.pk).status == CaseStatus.APPROVED
